import { BooleanField, ReferenceField, Show, SimpleShowLayout, TextField } from 'react-admin'
import { TimeField } from '../common/dates'
import { EnumField } from '../common/EnumField'

export default function UserShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="email" />
        <TextField source="full_name" emptyText="—" />
        <EnumField source="role" name="role" />
        <ReferenceField source="agency_id" reference="agencies" link="show" emptyText="—" />
        <EnumField source="locale" name="locale" />
        <BooleanField source="active" />
        <TimeField source="last_login_at" emptyText="—" />
        <TimeField source="created_at" />
      </SimpleShowLayout>
    </Show>
  )
}
