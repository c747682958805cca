import { DataTable, List, SearchInput, SelectInput, SelectField, TextInput } from 'react-admin'
import { DateInput } from '../common/date_inputs'
import { EnumCol, TimeCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { choices, entityChoices } from '../common/enums'
import { EntityName } from './EntityName'


const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="entity" source="entity" choices={entityChoices} optionText={<EntityName />} alwaysOn />,
  <SelectInput key="action" source="action" choices={choices('audit_action')} alwaysOn />,
  <TextInput key="actor_email" source="actor_email" alwaysOn />,
  <DateInput key="at_gte" source="at_gte" />,
  <DateInput key="at_lte" source="at_lte" />,
  <TextInput key="entity_id" source="entity_id" />,
]

export default function AuditList() {
  return (
    <List filters={filters} perPage={25} actions={<ListActions create={false} />} sort={{ field: 'id', order: 'DESC' }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <TimeCol source="at" />
        <DataTable.Col source="actor_email" />
        <EnumCol source="action" name="audit_action" />
        <DataTable.Col source="entity">
          <SelectField source="entity" choices={entityChoices} optionText={<EntityName />} />
        </DataTable.Col>
        <DataTable.Col source="entity_id" disableSort />
      </DataTable>
    </List>
  )
}
