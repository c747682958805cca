import { NumberField, ReferenceField, Show, SimpleShowLayout, TextField } from 'react-admin'
import { DayField, TimeField } from '../common/dates'
import { EnumField } from '../common/EnumField'
import { Slipped } from './Slipped'

/** A project as everyone in its scope reads it (CIOs open it from the programme review); its liaison edits it from here. */
export default function ProjectShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="code" />
        <TextField source="name" />
        <EnumField source="kind" name="project_kind" />
        <ReferenceField source="agency_id" reference="agencies" link="show" />
        <ReferenceField source="source_data_centre_id" reference="data_centres" link="show" emptyText="—" />
        <ReferenceField source="receiving_data_centre_id" reference="data_centres" link="show" emptyText="—" />
        <ReferenceField source="uplink_id" reference="links" link="show" emptyText="—" />
        <NumberField source="lines_to_cut" emptyText="—" />
        <TextField source="systems" emptyText="—" />
        <NumberField source="wave" />
        <EnumField source="status" name="project_status" />
        <Slipped source="slipped" />
        <TextField source="owner" emptyText="—" />
        <DayField source="planned_date" />
        <DayField source="actual_date" emptyText="—" />
        <TextField source="blockers" emptyText="—" />
        <NumberField source="change_id" emptyText="—" />
        <TimeField source="created_at" />
        <TimeField source="updated_at" />
      </SimpleShowLayout>
    </Show>
  )
}
