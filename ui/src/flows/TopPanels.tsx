import { useLocaleState, useTranslate } from 'react-admin'
import { useFlows, type PortRow, type ProtocolRow, type Talker, type Totals } from './api'
import { formatBytes, formatCount, portLabel, protocolName } from './format'
import { Ranked, type RankedColumn } from './parts'

const TOP = 10

function useTotalsColumns<R extends Totals>(): RankedColumn<R>[] {
  const translate = useTranslate()
  const [locale] = useLocaleState()
  return [
    { label: translate('gsn.flows.bytes'), render: (r) => formatBytes(r.bytes), numeric: true },
    { label: translate('gsn.flows.packets'), render: (r) => formatCount(r.packets, locale), numeric: true },
    { label: translate('gsn.flows.flows'), render: (r) => formatCount(r.flows, locale), numeric: true },
  ]
}

/** Addresses by bytes sent (`src`) or received (`dst`); always read from the raw flows. */
export function TopTalkers({ query, direction, linkScoped = false }: { query: string; direction: 'src' | 'dst'; linkScoped?: boolean }) {
  const translate = useTranslate()
  const totals = useTotalsColumns<Talker>()
  const answer = useFlows<Talker[]>('top-talkers', `${query}&direction=${direction}&limit=${TOP}`)
  const title = translate(direction === 'src' ? 'gsn.flows.top_sources' : 'gsn.flows.top_destinations')
  return (
    <Ranked
      title={title}
      testId={`${linkScoped ? 'link-' : ''}top-${direction === 'src' ? 'sources' : 'destinations'}`}
      rows={answer.data?.rows}
      error={answer.error}
      label={(r) => r.address}
      colour={direction === 'src' ? '#1565c0' : '#2e7d32'}
      columns={[{ label: translate('gsn.flows.address_col'), render: (r) => r.address }, ...totals]}
    />
  )
}

export function TopPorts({ query }: { query: string }) {
  const translate = useTranslate()
  const totals = useTotalsColumns<PortRow>()
  const answer = useFlows<PortRow[]>('top-ports', `${query}&limit=${TOP}`)
  return (
    <Ranked
      title={translate('gsn.flows.top_ports')}
      testId="top-ports"
      rows={answer.data?.rows}
      error={answer.error}
      label={(r) => `${protocolName(r.protocol)} ${portLabel(r.protocol, r.port)}`}
      colour="#6a1b9a"
      columns={[
        { label: translate('gsn.flows.protocol_col'), render: (r) => protocolName(r.protocol) },
        { label: translate('gsn.flows.port_col'), render: (r) => portLabel(r.protocol, r.port) },
        ...totals,
      ]}
    />
  )
}

export function TopProtocols({ query }: { query: string }) {
  const translate = useTranslate()
  const totals = useTotalsColumns<ProtocolRow>()
  const answer = useFlows<ProtocolRow[]>('top-protocols', `${query}&limit=${TOP}`)
  return (
    <Ranked
      title={translate('gsn.flows.top_protocols')}
      testId="top-protocols"
      rows={answer.data?.rows}
      error={answer.error}
      label={(r) => protocolName(r.protocol)}
      colour="#ad1457"
      columns={[{ label: translate('gsn.flows.protocol_col'), render: (r) => `${protocolName(r.protocol)} (${r.protocol})` }, ...totals]}
    />
  )
}
