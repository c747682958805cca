import { AutocompleteArrayInput, DataTable, FunctionField, List, NumberInput, ReferenceArrayInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin'
import GroupsIcon from '@mui/icons-material/Groups'
import { formPages } from '../common/pages'
import { EnumCol, ReferenceCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { AgencyInput } from '../common/references'
import { choices } from '../common/enums'

const boardTypes = choices('change_type').filter((c) => c.id !== 'standard')

/** A board per change type, for an agency or (without one) national; members vote, the quorum decides. */
function BoardForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="change_type" choices={boardTypes} validate={required()} />
      <AgencyInput />
      <NumberInput source="quorum" min={1} validate={required()} />
      <ReferenceArrayInput source="members" reference="users">
        <AutocompleteArrayInput optionText="email" label="resources.change_boards.fields.members" />
      </ReferenceArrayInput>
    </SimpleForm>
  )
}

function BoardList() {
  return (
    <List perPage={25} actions={<ListActions filters={false} />}>
      <DataTable rowClick="edit">
        <DataTable.Col source="name" />
        <EnumCol source="change_type" name="change_type" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.Col source="quorum" />
        <DataTable.Col source="members" disableSort>
          <FunctionField render={(r: any) => (r.members ?? []).map((m: { name: string }) => m.name).join(', ')} />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}

/** The API answers members as {id, name}; the form sends their ids. */
const transform = (data: Record<string, any>) => ({
  ...data,
  members: (data.members ?? []).map((m: number | { id: number }) => (typeof m === 'number' ? m : m.id)),
})

export default { list: BoardList, ...formPages(BoardForm, { transform, afterCreate: 'edit' }), icon: GroupsIcon, recordRepresentation: 'name' }
