import { AutocompleteArrayInput, FormDataConsumer, ReferenceArrayInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin'
import { choices } from '../common/enums'
import { AgencyInput } from '../common/references'

/** A group's region or agency is asked for only where its kind has one. */
export function GroupForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="code" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="name_en" fullWidth />
      <SelectInput source="kind" choices={choices('group_kind')} validate={required()} />
      <FormDataConsumer>
        {({ formData }) => (
          <>
            {formData.kind === 'regional' && (
              <SelectInput source="region" choices={choices('region')} validate={required()} helperText="resources.assignment_groups.helper.region" />
            )}
            {formData.kind === 'agency_it' && <AgencyInput validate={required()} helperText="resources.assignment_groups.helper.agency_id" />}
          </>
        )}
      </FormDataConsumer>
      <ReferenceArrayInput source="member_ids" reference="users">
        <AutocompleteArrayInput optionText="email" filterToQuery={(q: string) => (q ? { q } : {})} fullWidth />
      </ReferenceArrayInput>
    </SimpleForm>
  )
}

/** Fields of another kind are not sent: a group that stopped being regional has no region. */
export function keepKindFields(data: Record<string, any>) {
  return { ...data, region: data.kind === 'regional' ? data.region : null, agency_id: data.kind === 'agency_it' ? data.agency_id : null }
}
