import {
  BooleanInput,
  PasswordInput,
  SelectInput,
  SimpleForm,
  TextInput,
  email,
  minLength,
  required,
  useRecordContext,
} from 'react-admin'
import { choices } from '../common/enums'
import { AgencyInput } from '../common/references'

/** An empty password field on edit means "keep the current password". */
export function dropEmptyPassword(data: Record<string, any>) {
  const { password, ...rest } = data
  return password ? { ...rest, password } : rest
}

export function UserForm() {
  const creating = !useRecordContext()?.id
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="email" validate={[required(), email()]} type="email" />
      <TextInput source="full_name" />
      <SelectInput source="role" choices={choices('role')} validate={required()} />
      <AgencyInput />
      <SelectInput source="locale" choices={choices('locale')} />
      <BooleanInput source="active" />
      <PasswordInput
        source="password"
        autoComplete="new-password"
        validate={creating ? [required(), minLength(12)] : minLength(12)}
      />
    </SimpleForm>
  )
}
