import { lazy, Suspense, useState } from 'react'
import { Box, Tab, Tabs } from '@mui/material'
import { Loading, useTranslate } from 'react-admin'
import { useCan } from '../common/permissions'

// The charts library is large and only the link page and the overview use it: loaded when shown.
const LinkTraffic = lazy(() => import('./LinkTraffic'))
const LinkFlows = lazy(() => import('../flows/LinkFlows'))

type View = 'snmp' | 'flows'

/**
 * The link's SNMP traffic charts and, in a tab beside them, its flows: what the interface
 * counted and who it was. A role that may not read flows sees the SNMP charts alone.
 */
export function TrafficViews({ linkId }: { linkId: number }) {
  const translate = useTranslate()
  const canReadFlows = useCan('flows', 'read')
  const [view, setView] = useState<View>('snmp')
  const shown = canReadFlows ? view : 'snmp'
  const chart = (
    <Suspense fallback={<Loading />}>{shown === 'snmp' ? <LinkTraffic linkId={linkId} /> : <LinkFlows linkId={linkId} />}</Suspense>
  )
  if (!canReadFlows) return chart
  return (
    <Box>
      <Tabs value={view} onChange={(_, v: View) => setView(v)} aria-label={translate('gsn.flows.link_tab.tabs')} sx={{ mb: 1 }}>
        {(['snmp', 'flows'] as const).map((v) => (
          <Tab
            key={v}
            value={v}
            label={translate(`gsn.flows.link_tab.${v}`)}
            id={`traffic-tab-${v}`}
            aria-controls="traffic-view"
            data-testid={`traffic-tab-${v}`}
            sx={{ textTransform: 'none' }}
          />
        ))}
      </Tabs>
      <Box role="tabpanel" id="traffic-view" aria-labelledby={`traffic-tab-${view}`}>
        {chart}
      </Box>
    </Box>
  )
}
