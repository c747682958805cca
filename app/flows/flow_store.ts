import type { FlowRecord } from '#collectors/flow/flow_record'
import type { FlowPlace } from '#app/flows/enrichment'
import type { FlowRow, PortRow, ProtocolRow, Talker, Totals } from '#shared/flows'
import flowsConfig from '#config/flows'
import { flowStoreKind } from '#app/flows/flow_store_setting'

export type { FlowRow, PortRow, ProtocolRow, Talker, Totals }

/** A flow as stored: what the exporter said and where the inventory places it. */
export type StoredFlow = FlowRecord & FlowPlace

/**
 * What every flow query is narrowed by. `scope` is the reader's agency ids (null: national, no
 * narrowing): a flow is theirs when its source or destination address is in one of them.
 */
export interface FlowFilter {
  from: Date
  to: Date
  scope: number[] | null
  /** An address or CIDR prefix, matched against either end. */
  address?: string
  /** Matched against either end's port. */
  port?: number
  protocol?: number
  /** Matched against either end's agency. */
  agencyId?: number
  linkId?: number
}

export type MatrixRow = Totals & { src_agency_id: number | null; dst_agency_id: number | null; link_id?: number | null }
export type SeriesRow = Totals & { time: string }

/**
 * Where flows live: PostgreSQL by default, an Elasticsearch cluster when config/flows.ts says
 * so. Both answer the same questions and are tested by one suite (tests/functional/flows).
 */
export interface FlowStore {
  readonly kind: 'postgresql' | 'elasticsearch'
  /**
   * Stores one batch of flows with its minute aggregates, all or nothing. A batch id already
   * stored is skipped (a job delivered again after its commit): returns how many flows were new.
   */
  write(batchId: string, flows: StoredFlow[]): Promise<number>
  /** Addresses by bytes sent ('src') or received ('dst'). */
  topTalkers(filter: FlowFilter, direction: 'src' | 'dst', limit: number): Promise<Talker[]>
  /** Destination ports (with their protocol) by bytes. */
  topPorts(filter: FlowFilter, limit: number): Promise<PortRow[]>
  topProtocols(filter: FlowFilter, limit: number): Promise<ProtocolRow[]>
  /** Bytes between agencies (null: an address no agency's prefix holds), per link when asked. */
  matrix(filter: FlowFilter, perLink: boolean): Promise<MatrixRow[]>
  /** Totals per step, oldest first; steps without flows are left out. */
  series(filter: FlowFilter, stepSeconds: number): Promise<SeriesRow[]>
  /** Flows newest first. */
  search(filter: FlowFilter, limit: number, offset: number): Promise<FlowRow[]>
  totals(filter: FlowFilter): Promise<Totals>
  /** Drops what is past retention; returns the names of what was dropped. */
  expire(now: Date): Promise<string[]>
}

let override: FlowStore | null = null
let cached: { key: string; store: FlowStore } | null = null

export async function flowStore(): Promise<FlowStore> {
  if (override) return override
  const key = `${flowsConfig.store}|${flowsConfig.elasticsearchUrl ?? ''}`
  if (cached && cached.key === key) return cached.store
  let store: FlowStore
  if (flowStoreKind(flowsConfig.store, flowsConfig.elasticsearchUrl) === 'elasticsearch') {
    const { ElasticsearchFlowStore } = await import('#app/flows/elasticsearch_store')
    store = new ElasticsearchFlowStore({ node: flowsConfig.elasticsearchUrl!, indexPrefix: flowsConfig.indexPrefix })
  } else {
    const { PostgresFlowStore } = await import('#app/flows/postgres_store')
    store = new PostgresFlowStore()
  }
  cached = { key, store }
  return store
}

/** Tests swap the store in and out with this. */
export function useFlowStore(store: FlowStore | null) {
  override = store
}

/** Minute aggregates answer a question when it needs no address or source port and the range is whole minutes. */
export function minutesAnswer(filter: FlowFilter) {
  return (
    filter.address === undefined &&
    filter.port === undefined &&
    filter.from.getTime() % 60_000 === 0 &&
    filter.to.getTime() % 60_000 === 0
  )
}

export interface MinuteAggregate extends Totals {
  minute: number
  linkId: number
  srcAgencyId: number
  dstAgencyId: number
  protocol: number
  dstPort: number
}

/** The minute aggregates of a batch, by the minute of each flow's first packet; 0 stands for "not known". */
export function minuteAggregates(flows: StoredFlow[]): MinuteAggregate[] {
  const out = new Map<string, MinuteAggregate>()
  for (const f of flows) {
    const minute = Math.floor(f.first.getTime() / 60_000) * 60_000
    const key = `${minute}|${f.linkId ?? 0}|${f.srcAgencyId ?? 0}|${f.dstAgencyId ?? 0}|${f.protocol}|${f.dstPort}`
    const row = out.get(key)
    if (row) {
      row.flows++
      row.packets += f.packets
      row.bytes += f.bytes
    } else {
      out.set(key, {
        minute, linkId: f.linkId ?? 0, srcAgencyId: f.srcAgencyId ?? 0, dstAgencyId: f.dstAgencyId ?? 0,
        protocol: f.protocol, dstPort: f.dstPort, flows: 1, packets: f.packets, bytes: f.bytes,
      })
    }
  }
  return [...out.values()]
}
