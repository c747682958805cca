import { Box, Link, Typography } from '@mui/material'
import { Link as RouterLink } from 'react-router'
import {
  ChipField, EditButton, ReferenceArrayField, Show, SimpleShowLayout, SingleFieldList, TextField, TopToolbar, useRecordContext, useTranslate,
} from 'react-admin'
import { useCan } from '../common/permissions'

function Actions() {
  const mayEdit = useCan('sharing_groups', 'update')
  return <TopToolbar>{mayEdit && <EditButton />}</TopToolbar>
}

/** The indicators list, filtered to this group. */
function IndicatorsLink() {
  const record = useRecordContext()
  const translate = useTranslate()
  if (!record) return null
  const filter = JSON.stringify({ sharing_group_id: record.id })
  return (
    <Link component={RouterLink} to={`/indicators?${new URLSearchParams({ filter })}`}>
      {translate('gsn.sharing_groups.indicators')}
    </Link>
  )
}

export default function SharingGroupShow() {
  const translate = useTranslate()
  return (
    <Show actions={<Actions />}>
      <SimpleShowLayout>
        <TextField source="name" />
        <TextField source="description" emptyText="—" sx={{ whiteSpace: 'pre-wrap' }} />
        <ReferenceArrayField source="member_ids" reference="agencies" perPage={500}
          empty={<Typography variant="body2">{translate('gsn.sharing_groups.no_members')}</Typography>}>
          <SingleFieldList linkType="show">
            <ChipField source="name" />
          </SingleFieldList>
        </ReferenceArrayField>
      </SimpleShowLayout>
      <Box sx={{ px: 2, pb: 2 }}>
        <IndicatorsLink />
      </Box>
    </Show>
  )
}
