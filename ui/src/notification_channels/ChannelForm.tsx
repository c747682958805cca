import {
  BooleanInput,
  CheckboxGroupInput,
  FormDataConsumer,
  PasswordInput,
  SelectInput,
  SimpleForm,
  TextInput,
  minLength,
  required,
  useRecordContext,
} from 'react-admin'
import { choices } from '../common/enums'
import { AgencyInput } from '../common/references'

/**
 * A webhook's signing key is written, never read: the API answers only whether one is set
 * (secret_set), so the field starts empty and, left empty, keeps the key there is.
 */
function SigningKeyInput() {
  const isSet = Boolean(useRecordContext()?.secret_set)
  return (
    <PasswordInput
      source="secret"
      autoComplete="new-password"
      helperText={isSet ? 'gsn.channels.secret_kept' : 'gsn.channels.secret_new'}
      validate={isSet ? minLength(16) : [required(), minLength(16)]}
    />
  )
}

/**
 * The key is sent only when one was typed, and only for a webhook: an empty field keeps the key
 * there is, and one typed before the kind was switched to e-mail is not sent along.
 */
export function sendSecret({ secret, ...data }: Record<string, any>) {
  return data.kind === 'webhook' && secret ? { ...data, secret } : data
}

export function ChannelForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="name" validate={required()} />
      <SelectInput source="kind" choices={choices('channel_kind')} validate={required()} />
      <FormDataConsumer>
        {({ formData }) => (
          <>
            <TextInput
              source="target"
              validate={required()}
              helperText={formData.kind === 'webhook' ? 'gsn.channels.target_webhook' : 'gsn.channels.target_email'}
              fullWidth
            />
            {formData.kind === 'webhook' && <SigningKeyInput />}
          </>
        )}
      </FormDataConsumer>
      <CheckboxGroupInput source="event_types" choices={choices('event_type')} helperText="gsn.channels.event_types_all" />
      <SelectInput source="min_priority" choices={choices('incident_priority')} validate={required()} />
      <AgencyInput helperText="gsn.channels.agency_all" />
      <BooleanInput source="enabled" />
    </SimpleForm>
  )
}
