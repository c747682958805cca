import {
  Labeled,
  RecordContextProvider,
  ReferenceField,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin'
import { TimeField } from '../common/dates'
import { Chip, Stack, Typography } from '@mui/material'
import { EnumField } from '../common/EnumField'
import { ITEM_RESOURCES } from '../common/enums'
import { useCan } from '../common/permissions'

function Items() {
  const record = useRecordContext()
  const translate = useTranslate()
  const items: Array<{ item_type: string; item_id: number }> = record?.items ?? []
  return (
    <Labeled label="resources.incidents.fields.items">
      {items.length ? (
        <Stack spacing={0.5}>
          {items.map((item) => (
            <Stack key={`${item.item_type}-${item.item_id}`} direction="row" spacing={1} alignItems="center">
              <Chip size="small" label={translate(`enums.item_type.${item.item_type}`)} />
              <RecordContextProvider value={item}>
                <ReferenceField source="item_id" reference={ITEM_RESOURCES[item.item_type]} link="show" />
              </RecordContextProvider>
            </Stack>
          ))}
        </Stack>
      ) : (
        <Typography variant="body2">{translate('gsn.incidents.no_items')}</Typography>
      )}
    </Labeled>
  )
}

function Person({ source }: { source: string; label?: string }) {
  const canReadUsers = useCan('users', 'read')
  return canReadUsers ? (
    <ReferenceField source={source} reference="users" link="show" emptyText="—" />
  ) : (
    <TextField source={source} emptyText="—" />
  )
}

export default function IncidentShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="number" />
        <TextField source="title" />
        <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <EnumField source="type" name="incident_type" />
        <EnumField source="priority" name="incident_priority" />
        <EnumField source="status" name="incident_status" />
        <ReferenceField source="agency_id" reference="agencies" link="show" />
        <Person source="assignee_id" label="resources.incidents.fields.assignee_id" />
        <Person source="reported_by_id" label="resources.incidents.fields.reported_by_id" />
        <TextField source="resolution" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <TimeField source="opened_at" />
        <TimeField source="acknowledged_at" emptyText="—" />
        <TimeField source="resolved_at" emptyText="—" />
        <TimeField source="closed_at" emptyText="—" />
        <Items />
      </SimpleShowLayout>
    </Show>
  )
}
