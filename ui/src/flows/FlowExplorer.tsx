import { useCallback, useMemo } from 'react'
import { Alert, Box, Card, CardContent, Stack, Typography } from '@mui/material'
import { useSearchParams } from 'react-router'
import { Title, useLocaleState, useTranslate, type HttpError } from 'react-admin'
import { useNow } from '../noc/format'
import { taipeiTime } from '../incidents/format'
import { useFlows, type Totals } from './api'
import { criteriaFromParams, criteriaToParams, flowQuery, windowOf, type FlowWindow } from './criteria'
import { formatBytes, formatCount } from './format'
import { FlowFilters, type CriteriaChange } from './FlowFilters'
import { TopPorts, TopProtocols, TopTalkers } from './TopPanels'
import { AgencyMatrix } from './AgencyMatrix'
import { FlowSeries } from './FlowSeries'
import { FlowResults } from './FlowResults'
import { QueryError } from './parts'

/** The search field each of the API's 422 field names is typed into. */
const FIELD_LABELS: Record<string, string> = {
  address: 'gsn.flows.address',
  port: 'gsn.flows.port',
  protocol: 'gsn.flows.protocol',
  agency_id: 'gsn.flows.agency',
  link_id: 'gsn.flows.link',
  from: 'gsn.flows.from',
  to: 'gsn.flows.to',
}

/** What the API refused in the criteria, said once for the page rather than in every panel. */
function Refusal({ error }: { error: HttpError }) {
  const translate = useTranslate()
  const fields = Object.entries((error.body?.errors ?? {}) as Record<string, unknown>).filter(([field]) => field !== 'root')
  return (
    <Alert severity="error" data-testid="flow-refused">
      {fields.length === 0
        ? error.message
        : fields.map(([field, message]) => (
            <div key={field}>
              {translate(FIELD_LABELS[field] ?? field)}: {String(message)}
            </div>
          ))}
    </Alert>
  )
}

/**
 * The query of the page's address now. The console runs on a hash router, whose address changes
 * as soon as a change is asked for, while the render that follows may still be on its way.
 */
function currentSearch() {
  const hash = globalThis.location.hash
  const query = hash.indexOf('?')
  return new URLSearchParams(query < 0 ? '' : hash.slice(query + 1))
}

/**
 * The traffic explorer: who used the network over a time range, within the reader's agencies
 * (the API narrows every answer). One set of criteria, kept in the address, drives every panel.
 */
export default function FlowExplorer() {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  const [search, setSearch] = useSearchParams()
  const criteria = useMemo(() => criteriaFromParams(search), [search])
  // Worked out from the address as it is when applied (see CriteriaChange), not as last drawn.
  const changeCriteria = useCallback(
    (change: CriteriaChange) => setSearch(criteriaToParams(change(criteriaFromParams(currentSearch())))),
    [setSearch]
  )
  // A preset range slides with the clock; windowOf keeps its ends on whole minutes.
  const now = useNow(60_000)
  const window = useMemo(() => windowOf(criteria, now), [criteria, now])
  const query = flowQuery(criteria, window)
  const totals = useFlows<Totals>('totals', query)
  const refused = (totals.error as HttpError | null)?.status === 422 ? (totals.error as HttpError) : null

  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 2 }}>
      <Title title="gsn.flows.title" />
      <Card variant="outlined">
        <CardContent>
          <Typography component="h1" variant="h5">
            {translate('gsn.flows.title')}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {translate('gsn.flows.intro')}
          </Typography>
          <FlowFilters criteria={criteria} window={window} onChange={changeCriteria} />
          <Box sx={{ mt: 1 }} data-testid="flow-window">
            <Typography variant="body2">
              {translate('gsn.flows.window', { from: taipeiTime(window.from, locale), to: taipeiTime(window.to, locale) })}
              {totals.data && (
                <>
                  {' · '}
                  <span data-testid="flow-totals" data-flows={totals.data.rows.flows} data-bytes={totals.data.rows.bytes}>
                    {translate('gsn.flows.totals', {
                      flows: formatCount(totals.data.rows.flows, locale),
                      packets: formatCount(totals.data.rows.packets, locale),
                      bytes: formatBytes(totals.data.rows.bytes),
                    })}
                  </span>
                </>
              )}
            </Typography>
            {totals.data?.source === 'minutes' && (
              <Typography variant="caption" color="text.secondary">
                {translate('gsn.flows.from_minutes')}
              </Typography>
            )}
            {refused ? <Refusal error={refused} /> : <QueryError error={totals.error} />}
          </Box>
        </CardContent>
      </Card>
      {!refused && <Panels query={query} window={window} />}
    </Stack>
  )
}

function Panels({ query, window }: { query: string; window: FlowWindow }) {
  return (
    <>
      <FlowSeries query={query} window={window} />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 1fr) minmax(0, 1fr)' } }}>
        <TopTalkers query={query} direction="src" />
        <TopTalkers query={query} direction="dst" />
        <TopPorts query={query} />
        <TopProtocols query={query} />
      </Box>
      <AgencyMatrix query={query} />
      <FlowResults query={query} />
    </>
  )
}
