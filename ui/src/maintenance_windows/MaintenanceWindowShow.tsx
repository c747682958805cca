import {
  FunctionField,
  Labeled,
  RecordContextProvider,
  ReferenceField,
  Show,
  SimpleShowLayout,
  TextField,
  useRecordContext,
  useTranslate,
} from 'react-admin'
import { Chip, Stack, Typography } from '@mui/material'
import { TimeField } from '../common/dates'
import { ActiveChip } from './MaintenanceWindowList'
import { WINDOW_ITEM_RESOURCES } from './MaintenanceWindowForm'

function Items() {
  const record = useRecordContext()
  const translate = useTranslate()
  const items: Array<{ item_type: string; item_id: number }> = record?.items ?? []
  return (
    <Labeled label="resources.maintenance_windows.fields.items">
      {items.length ? (
        <Stack spacing={0.5} data-testid="window-items">
          {items.map((item) => (
            <Stack key={`${item.item_type}-${item.item_id}`} direction="row" spacing={1} alignItems="center">
              <Chip size="small" label={translate(`enums.item_type.${item.item_type}`)} />
              <RecordContextProvider value={item}>
                <ReferenceField source="item_id" reference={WINDOW_ITEM_RESOURCES[item.item_type]} link="show" />
              </RecordContextProvider>
            </Stack>
          ))}
        </Stack>
      ) : (
        <Typography variant="body2">{translate('gsn.maintenance.no_items')}</Typography>
      )}
    </Labeled>
  )
}

export default function MaintenanceWindowShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TextField source="title" />
        <FunctionField source="active" render={(r: any) => <ActiveChip record={r} />} />
        <TimeField source="starts_at" />
        <TimeField source="ends_at" />
        <TextField source="reason" sx={{ whiteSpace: 'pre-wrap' }} />
        <TextField source="change_ref" emptyText="—" />
        <ReferenceField source="agency_id" reference="agencies" link="show" />
        <Items />
        <TimeField source="created_at" />
        <TimeField source="updated_at" />
      </SimpleShowLayout>
    </Show>
  )
}
