import {
  ArrayInput,
  FormDataConsumer,
  NumberInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
  required,
  useRecordContext,
} from 'react-admin'
import { choices, incidentStatusChoices, ITEM_RESOURCES } from '../common/enums'
import { useCan } from '../common/permissions'
import { AgencyInput, ReferenceAutocomplete } from '../common/references'

/** Assignees are users, which only roles that may read users can pick by name. */
function AssigneeInput() {
  const canReadUsers = useCan('users', 'read')
  return canReadUsers ? (
    <ReferenceAutocomplete source="assignee_id" reference="users" />
  ) : (
    <NumberInput source="assignee_id" step={1} />
  )
}

function StatusInput() {
  const record = useRecordContext()
  return <SelectInput source="status" choices={incidentStatusChoices(record?.status)} validate={required()} />
}

export function IncidentForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput source="description" multiline minRows={3} fullWidth />
      <SelectInput source="type" choices={choices('incident_type')} validate={required()} />
      <SelectInput source="priority" choices={choices('incident_priority')} validate={required()} />
      <StatusInput />
      <AgencyInput validate={required()} />
      <AssigneeInput />
      <TextInput source="resolution" multiline minRows={2} fullWidth />
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
