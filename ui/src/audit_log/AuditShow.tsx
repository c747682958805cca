import { Labeled, SelectField, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate } from 'react-admin'
import { TimeField } from '../common/dates'
import { Box, Stack } from '@mui/material'
import { EnumField } from '../common/EnumField'
import { entityChoices } from '../common/enums'
import { EntityName } from './EntityName'

function Json({ source }: { source: 'before' | 'after' }) {
  const record = useRecordContext()
  const translate = useTranslate()
  const value = record?.[source]
  return (
    <Labeled label={`resources.audit_log.fields.${source}`} sx={{ flex: 1, minWidth: 0 }}>
      {/* A long value scrolls sideways: focusable, so a keyboard can scroll it too (WCAG 2.1.1). */}
      <Box
        component="pre"
        tabIndex={0}
        sx={{ m: 0, p: 1, bgcolor: 'action.hover', borderRadius: 1, overflowX: 'auto', fontSize: 13 }}
      >
        {value == null ? translate('gsn.audit.no_change') : JSON.stringify(value, null, 2)}
      </Box>
    </Labeled>
  )
}

export default function AuditShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TimeField source="at" seconds />
        <TextField source="actor_email" emptyText="—" />
        <EnumField source="action" name="audit_action" />
        <SelectField source="entity" choices={entityChoices} optionText={<EntityName />} />
        <TextField source="entity_id" />
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ width: '100%' }}>
          <Json source="before" />
          <Json source="after" />
        </Stack>
        <TextField source="prev_hash" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} />
        <TextField source="hash" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} />
      </SimpleShowLayout>
    </Show>
  )
}
