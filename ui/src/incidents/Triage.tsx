import { Stack, Typography } from '@mui/material'
import { useWatch } from 'react-hook-form'
import { Labeled, SelectField, SelectInput, TextField, required, useTranslate } from 'react-admin'
import { choices } from '../common/enums'

/**
 * Impact and urgency, which the priority matrix an admin keeps turns into the priority (the API
 * decides, app/incidents/incident_triage.ts). Given both, the priority is not typed: the form says
 * so instead of offering it; given neither, the priority is chosen by hand.
 */
export function TriageInputs() {
  const translate = useTranslate()
  const impact = useWatch({ name: 'impact' })
  const urgency = useWatch({ name: 'urgency' })
  const ranked = Boolean(impact && urgency)
  return (
    <>
      <SelectInput source="impact" choices={choices('impact')} emptyText="gsn.incidents.triage.not_given" />
      <SelectInput source="urgency" choices={choices('urgency')} emptyText="gsn.incidents.triage.not_given" />
      {ranked ? (
        <Typography variant="body2" sx={{ mb: 2 }} data-testid="priority-from-matrix">
          {translate('gsn.incidents.triage.from_matrix')}
        </Typography>
      ) : (
        <SelectInput
          source="priority"
          choices={choices('incident_priority')}
          validate={required()}
          helperText="gsn.incidents.triage.or_priority"
        />
      )}
    </>
  )
}

/** The incident page's triage: the group working it, and the impact and urgency it was ranked by. */
export function TriageFields() {
  return (
    <Stack direction="row" spacing={4} flexWrap="wrap" useFlexGap>
      <Labeled label="resources.incidents.fields.group_name">
        <TextField source="group_name" emptyText="—" />
      </Labeled>
      <Labeled label="resources.incidents.fields.impact">
        <SelectField source="impact" choices={choices('impact')} emptyText="—" />
      </Labeled>
      <Labeled label="resources.incidents.fields.urgency">
        <SelectField source="urgency" choices={choices('urgency')} emptyText="—" />
      </Labeled>
    </Stack>
  )
}
