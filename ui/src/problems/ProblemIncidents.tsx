import {
  Button,
  DataTable,
  Form,
  ReferenceManyField,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
} from 'react-admin'
import { Box, Typography } from '@mui/material'
import { groupsIncidents, type ProblemStatus } from '../../../shared/problem_lifecycle'
import { EnumCol, ReferenceCol, TimeCol } from '../common/columns'
import { API, httpClient } from '../common/http'
import { useCan } from '../common/permissions'
import { ReferenceAutocomplete } from '../common/references'

function useProblemCall() {
  const notify = useNotify()
  const refresh = useRefresh()
  return async (path: string, options: { method: string; body?: string }) => {
    try {
      await httpClient(`${API}/problems/${path}`, options)
      notify('gsn.problems.done', { type: 'info' })
      refresh()
    } catch (error) {
      notify((error as Error).message, { type: 'error' })
    }
  }
}

function UnlinkButton({ problemId }: { problemId: number }) {
  const incident = useRecordContext()
  const call = useProblemCall()
  if (!incident) return null
  return <Button label="gsn.problems.unlink" onClick={() => call(`${problemId}/incidents/${incident.id}`, { method: 'DELETE' })} />
}

/** The incidents filed under the problem, and for those who work problems, a way to file one more or take one out. */
export function ProblemIncidents() {
  const problem = useRecordContext()
  const translate = useTranslate()
  const call = useProblemCall()
  const canWork = useCan('problems', 'update')
  if (!problem) return null
  const grouping = canWork && groupsIncidents(problem.status as ProblemStatus)
  return (
    <Box sx={{ mt: 2 }}>
      <Typography component="h2" variant="h6">{translate('gsn.problems.incidents')}</Typography>
      <ReferenceManyField reference="incidents" target="problem_id" perPage={50} sort={{ field: 'opened_at', order: 'DESC' }}>
        <DataTable rowClick="show" bulkActionButtons={false} empty={<Typography>{translate('gsn.problems.no_incidents')}</Typography>}>
          <DataTable.Col source="number" label="resources.incidents.fields.number" />
          <DataTable.Col source="title" label="resources.incidents.fields.title" />
          <EnumCol source="status" name="incident_status" label="resources.incidents.fields.status" />
          <ReferenceCol source="agency_id" reference="agencies" label="resources.incidents.fields.agency_id" />
          <TimeCol source="opened_at" label="resources.incidents.fields.opened_at" />
          {grouping && (
            <DataTable.Col label="gsn.problems.unlink">
              <UnlinkButton problemId={Number(problem.id)} />
            </DataTable.Col>
          )}
        </DataTable>
      </ReferenceManyField>
      {grouping && (
        <Form
          record={{}}
          onSubmit={(values: Record<string, unknown>) => call(`${problem.id}/incidents`, { method: 'POST', body: JSON.stringify({ incident_id: values.incident_id }) })}
        >
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
            <ReferenceAutocomplete source="incident_id" reference="incidents" label="gsn.problems.incident" />
            <Button type="submit" variant="contained" label="gsn.problems.link" />
          </Box>
        </Form>
      )}
    </Box>
  )
}
