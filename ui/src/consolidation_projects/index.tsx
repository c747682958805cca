import { DataTable, DateInput, List, NumberInput, SearchInput, SelectInput, SimpleForm, TextInput, required } from 'react-admin'
import EngineeringIcon from '@mui/icons-material/Engineering'
import { formPages } from '../common/pages'
import { DayCol, EnumCol, ReferenceCol } from '../common/columns'
import { ListActions } from '../common/ListActions'
import { AgencyInput, ReferenceAutocomplete } from '../common/references'
import { choices } from '../common/enums'
import ProjectShow from './ProjectShow'
import { Slipped } from './Slipped'

/** A closure or cut-over as its agency's liaison plans it; late is the API's `slipped`. */
function ProjectForm() {
  return (
    <SimpleForm sx={{ maxWidth: 800 }}>
      <TextInput source="code" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <SelectInput source="kind" choices={choices('project_kind')} validate={required()} />
      <AgencyInput validate={required()} fullWidth />
      <ReferenceAutocomplete source="source_data_centre_id" reference="data_centres" fullWidth />
      <ReferenceAutocomplete source="receiving_data_centre_id" reference="data_centres" fullWidth />
      <ReferenceAutocomplete source="uplink_id" reference="links" fullWidth />
      <NumberInput source="lines_to_cut" min={1} />
      <TextInput source="systems" multiline fullWidth />
      <NumberInput source="wave" min={1} max={99} defaultValue={1} validate={required()} />
      <SelectInput source="status" choices={choices('project_status')} defaultValue="planned" validate={required()} />
      <TextInput source="owner" fullWidth />
      <DateInput source="planned_date" validate={required()} />
      <DateInput source="actual_date" />
      <TextInput source="blockers" multiline fullWidth />
      <NumberInput source="change_id" min={1} />
    </SimpleForm>
  )
}

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={choices('project_kind')} />,
  <SelectInput key="status" source="status" choices={choices('project_status')} />,
  <DateInput key="planned_date_lte" source="planned_date_lte" />,
]

function ProjectList() {
  return (
    <List perPage={25} filters={filters} actions={<ListActions />} sort={{ field: 'planned_date', order: 'ASC' }}>
      <DataTable rowClick="show">
        <DataTable.Col source="code" />
        <DataTable.Col source="name" />
        <EnumCol source="kind" name="project_kind" />
        <ReferenceCol source="agency_id" reference="agencies" />
        <DataTable.Col source="wave" />
        <EnumCol source="status" name="project_status" />
        <DayCol source="planned_date" />
        <DayCol source="actual_date" />
        <DataTable.Col source="slipped" disableSort>
          <Slipped />
        </DataTable.Col>
      </DataTable>
    </List>
  )
}

export default { list: ProjectList, show: ProjectShow, ...formPages(ProjectForm, { afterCreate: 'edit' }), icon: EngineeringIcon, recordRepresentation: 'name' }
