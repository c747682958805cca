import { Client, type ClientOptions } from '@elastic/elasticsearch'
import flowsConfig from '#config/flows'
import type { FlowFilter, FlowRow, FlowStore, MatrixRow, PortRow, ProtocolRow, SeriesRow, StoredFlow, Talker, Totals } from '#app/flows/flow_store'

/**
 * Flows in Elasticsearch, the scale-out store: one document per flow in daily indices
 * (gsn-flows-2026.12.06) under one index template, written with the client's bulk helper.
 * There are no minute-aggregate indices: every question is an aggregation over the flows, which
 * is what the cluster is for. Retention deletes whole daily indices. A batch written again
 * (a job redelivered) gives each flow the same _id, so it is a conflict, not a second copy.
 *
 * Only a stand-in server could test it here (tests/functional/flows/flow_store_suite.ts runs the
 * same questions against both stores): the requests and the reading of answers are checked,
 * not a real cluster's behaviour.
 */
const SUM = { packets: { sum: { field: 'packets' } }, bytes: { sum: { field: 'bytes' } } }
const BY_BYTES = { bytes: 'desc' as const }

export function indexName(prefix: string, at: number) {
  const d = new Date(at).toISOString()
  return `${prefix}-${d.slice(0, 4)}.${d.slice(5, 7)}.${d.slice(8, 10)}`
}

/** The filter as a bool query: the same narrowing as the PostgreSQL store's WHERE (flow_sql.ts). */
export function filterQuery(filter: FlowFilter) {
  const must: object[] = [{ range: { first: { gte: filter.from.toISOString(), lt: filter.to.toISOString() } } }]
  const either = (field: string, value: unknown, kind: 'term' | 'terms' = 'term') => ({
    bool: { should: [{ [kind]: { [`src_${field}`]: value } }, { [kind]: { [`dst_${field}`]: value } }], minimum_should_match: 1 },
  })
  if (filter.scope !== null) must.push(either('agency_id', filter.scope, 'terms'))
  if (filter.agencyId !== undefined) must.push(either('agency_id', filter.agencyId))
  if (filter.linkId !== undefined) must.push({ term: { link_id: filter.linkId } })
  if (filter.protocol !== undefined) must.push({ term: { protocol: filter.protocol } })
  if (filter.port !== undefined) must.push(either('port', filter.port))
  // An ip field's term query takes a CIDR prefix as well as an address.
  if (filter.address !== undefined) must.push(either('addr', filter.address))
  return { bool: { filter: must } }
}

const totalsOf = (b: any): Totals => ({ flows: Number(b.doc_count), packets: Number(b.packets?.value ?? 0), bytes: Number(b.bytes?.value ?? 0) })
const keyOrNull = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v))

export class ElasticsearchFlowStore implements FlowStore {
  readonly kind = 'elasticsearch' as const
  readonly client: Client
  readonly #prefix: string
  #templateReady = false

  constructor(options: ClientOptions & { indexPrefix?: string }) {
    const { indexPrefix, ...client } = options
    this.client = new Client(client)
    this.#prefix = indexPrefix ?? flowsConfig.indexPrefix
  }

  async #ensureTemplate() {
    if (this.#templateReady) return
    const integer = { type: 'integer' as const }
    const long = { type: 'long' as const }
    await this.client.indices.putIndexTemplate({
      name: this.#prefix,
      index_patterns: [`${this.#prefix}-*`],
      template: {
        settings: { 'index.refresh_interval': '5s' },
        mappings: {
          dynamic: 'strict',
          properties: {
            first: { type: 'date' as const }, last: { type: 'date' as const }, exporter: { type: 'keyword' as const }, version: { type: 'byte' as const },
            observation_domain: long, src_addr: { type: 'ip' as const }, dst_addr: { type: 'ip' as const }, src_port: integer, dst_port: integer,
            protocol: { type: 'short' as const }, packets: long, bytes: long, tcp_flags: { type: 'short' as const }, input_if: long, output_if: long,
            sampling_rate: integer, device_id: integer, link_id: integer, src_agency_id: integer, dst_agency_id: integer,
          },
        },
      },
    })
    this.#templateReady = true
  }

  async write(batchId: string, flows: StoredFlow[]) {
    if (flows.length === 0) return 0
    await this.#ensureTemplate()
    let created = 0
    let refused: unknown = null
    // The helper sends each datasource item as the document; its index and id travel beside it.
    const placed = new WeakMap<object, { index: string; id: string }>()
    const documents = flows.map((f, i) => {
      const doc = flowDocument(f)
      placed.set(doc, { index: indexName(this.#prefix, f.first.getTime()), id: `${batchId}-${i}` })
      return doc
    })
    await this.client.helpers.bulk({
      datasource: documents,
      onDocument: (doc) => ({ create: { _index: placed.get(doc)!.index, _id: placed.get(doc)!.id } }),
      onDrop: (dropped) => {
        // 409: this flow was stored by an earlier delivery of the batch.
        if (dropped.status !== 409) refused ??= dropped.error
      },
      onSuccess: () => {
        created++
      },
      retries: 3,
      flushBytes: 5_000_000,
    })
    if (refused) throw new Error(`Elasticsearch refused flows: ${JSON.stringify(refused)}`)
    return created
  }

  async #aggregate(filter: FlowFilter, aggs: object) {
    const result: any = await this.client.search({
      index: `${this.#prefix}-*`,
      size: 0,
      query: filterQuery(filter) as any,
      aggs: aggs as any,
      ignore_unavailable: true,
      allow_no_indices: true,
    })
    return result.aggregations ?? {}
  }

  async topTalkers(filter: FlowFilter, direction: 'src' | 'dst', limit: number): Promise<Talker[]> {
    const a = await this.#aggregate(filter, { top: { terms: { field: `${direction}_addr`, size: limit, order: [BY_BYTES, { _key: 'asc' }] }, aggs: SUM } })
    return (a.top?.buckets ?? []).map((b: any) => ({ address: String(b.key), ...totalsOf(b) }))
  }

  async topPorts(filter: FlowFilter, limit: number): Promise<PortRow[]> {
    const a = await this.#aggregate(filter, {
      top: { multi_terms: { terms: [{ field: 'protocol' }, { field: 'dst_port' }], size: limit, order: [BY_BYTES, { _key: 'asc' }] }, aggs: SUM },
    })
    return (a.top?.buckets ?? []).map((b: any) => ({ protocol: Number(b.key[0]), port: Number(b.key[1]), ...totalsOf(b) }))
  }

  async topProtocols(filter: FlowFilter, limit: number): Promise<ProtocolRow[]> {
    const a = await this.#aggregate(filter, { top: { terms: { field: 'protocol', size: limit, order: [BY_BYTES, { _key: 'asc' }] }, aggs: SUM } })
    return (a.top?.buckets ?? []).map((b: any) => ({ protocol: Number(b.key), ...totalsOf(b) }))
  }

  async matrix(filter: FlowFilter, perLink: boolean): Promise<MatrixRow[]> {
    // A missing agency (no prefix holds the address) is its own bucket, read back as null.
    const fields = perLink ? ['link_id', 'src_agency_id', 'dst_agency_id'] : ['src_agency_id', 'dst_agency_id']
    const a = await this.#aggregate(filter, {
      cells: { multi_terms: { terms: fields.map((field) => ({ field, missing: 0 })), size: 10_000, order: [BY_BYTES, { _key: 'asc' }] }, aggs: SUM },
    })
    return (a.cells?.buckets ?? []).map((b: any) => {
      const keys = (b.key as unknown[]).map((k) => (Number(k) === 0 ? null : keyOrNull(k)))
      const row: MatrixRow = perLink
        ? { link_id: keys[0], src_agency_id: keys[1], dst_agency_id: keys[2], ...totalsOf(b) }
        : { src_agency_id: keys[0], dst_agency_id: keys[1], ...totalsOf(b) }
      return row
    })
  }

  async series(filter: FlowFilter, stepSeconds: number): Promise<SeriesRow[]> {
    const a = await this.#aggregate(filter, { steps: { date_histogram: { field: 'first', fixed_interval: `${stepSeconds}s`, min_doc_count: 1 }, aggs: SUM } })
    return (a.steps?.buckets ?? []).map((b: any) => ({ time: new Date(Number(b.key)).toISOString(), ...totalsOf(b) }))
  }

  async search(filter: FlowFilter, limit: number, offset: number): Promise<FlowRow[]> {
    const result: any = await this.client.search({
      index: `${this.#prefix}-*`,
      query: filterQuery(filter) as any,
      from: offset,
      size: limit,
      sort: [{ first: 'desc' }, { src_addr: 'asc' }, { dst_addr: 'asc' }, { src_port: 'asc' }, { dst_port: 'asc' }, { protocol: 'asc' }] as any,
      ignore_unavailable: true,
      allow_no_indices: true,
    })
    return (result.hits?.hits ?? []).map((h: any) => {
      const s = h._source
      return {
        first: new Date(s.first).toISOString(), last: new Date(s.last).toISOString(), exporter: s.exporter, version: s.version,
        src_addr: s.src_addr, dst_addr: s.dst_addr, src_port: s.src_port, dst_port: s.dst_port, protocol: s.protocol,
        packets: s.packets, bytes: s.bytes, tcp_flags: s.tcp_flags, input_if: s.input_if, output_if: s.output_if,
        sampling_rate: s.sampling_rate, device_id: s.device_id ?? null, link_id: s.link_id ?? null,
        src_agency_id: s.src_agency_id ?? null, dst_agency_id: s.dst_agency_id ?? null,
      }
    })
  }

  async totals(filter: FlowFilter): Promise<Totals> {
    const a = await this.#aggregate(filter, { all: { filter: { match_all: {} }, aggs: SUM } })
    return totalsOf(a.all ?? { doc_count: 0 })
  }

  async expire(now: Date) {
    const cutoff = indexName(this.#prefix, now.getTime() - flowsConfig.rawDays * 86_400_000)
    const indices: any = await this.client.cat.indices({ index: `${this.#prefix}-*`, format: 'json', h: 'index' } as any)
    const old = (indices as Array<{ index: string }>).map((i) => i.index).filter((name) => name < cutoff).sort()
    if (old.length) await this.client.indices.delete({ index: old.join(',') })
    return old
  }
}

/** A stored flow as its Elasticsearch document. */
export function flowDocument(f: StoredFlow) {
  return {
    first: f.first.toISOString(), last: f.last.toISOString(), exporter: f.exporter, version: f.version, observation_domain: f.observationDomain,
    src_addr: f.srcAddr, dst_addr: f.dstAddr, src_port: f.srcPort, dst_port: f.dstPort, protocol: f.protocol, packets: f.packets,
    bytes: f.bytes, tcp_flags: f.tcpFlags, input_if: f.inputIf, output_if: f.outputIf, sampling_rate: f.samplingRate,
    device_id: f.deviceId, link_id: f.linkId, src_agency_id: f.srcAgencyId, dst_agency_id: f.dstAgencyId,
  }
}
