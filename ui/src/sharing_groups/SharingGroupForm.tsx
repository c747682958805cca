import { AutocompleteArrayInput, ReferenceArrayInput, SimpleForm, TextInput, required } from 'react-admin'

/** A group's name and its member agencies, picked by typing (the whole membership is sent). */
export function SharingGroupForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="name" validate={required()} fullWidth />
      <TextInput source="description" multiline minRows={2} fullWidth />
      <ReferenceArrayInput source="member_ids" reference="agencies" perPage={50}>
        <AutocompleteArrayInput
          label="resources.sharing_groups.fields.member_ids"
          helperText="gsn.sharing_groups.members_help"
          filterToQuery={(q: string) => (q ? { q } : {})}
          fullWidth
        />
      </ReferenceArrayInput>
    </SimpleForm>
  )
}
