import {
  ArrayInput,
  FormDataConsumer,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  required,
  useRecordContext,
} from 'react-admin'
import { choices, ITEM_RESOURCES } from '../common/enums'
import { AgencyInput, ReferenceAutocomplete } from '../common/references'
import { AssigneeInput } from './AssigneeInput'
import { TriageInputs } from './Triage'

/** An incident is handed over by its assign command; only a new one may name its assignee. */
function NewAssigneeInput() {
  const record = useRecordContext()
  return record?.id === undefined ? <AssigneeInput /> : null
}

/**
 * The incident's descriptive fields. Its status, assignee and resolution change only through the
 * workflow's commands (the buttons on its page): the API refuses a status or assignee changed here.
 */
export function IncidentForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="description" multiline minRows={3} fullWidth />
      <SelectInput source="type" choices={choices('incident_type')} validate={required()} />
      <TriageInputs />
      <AgencyInput validate={required()} />
      <NewAssigneeInput />
      <ArrayInput source="items">
        <SimpleFormIterator inline disableReordering>
          <SelectInput
            source="item_type"
            label="resources.incidents.fields.item_type"
            choices={choices('item_type')}
            validate={required()}
          />
          <FormDataConsumer>
            {({ scopedFormData }) =>
              scopedFormData?.item_type ? (
                <ReferenceAutocomplete
                  key={scopedFormData.item_type}
                  source="item_id"
                  label="resources.incidents.fields.item_id"
                  reference={ITEM_RESOURCES[scopedFormData.item_type]}
                  validate={required()}
                />
              ) : null
            }
          </FormDataConsumer>
        </SimpleFormIterator>
      </ArrayInput>
    </SimpleForm>
  )
}
