import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeCode } from '#tests/support/fixtures'
import { standInElasticsearch as sharedStandIn } from '#tests/support/elasticsearch'
import { PrefixTable } from '#app/flows/enrichment'
import type { FlowRecord } from '#collectors/flow/flow_record'
import type { FlowFilter, StoredFlow, Totals } from '#app/flows/flow_store'

/** Two agencies with prefixes, a device that exports flows and a link on its port 3. */
export async function flowSetting() {
  const { ministry, child, other } = await makeAgencyTree()
  // Octets no other file of the run uses: prefixes are unique across the table.
  const octet = 20 + Math.floor(Math.random() * 200)
  const prefixes = {
    a: `10.${octet}.0.0/16`,
    aChild: `10.${octet}.128.0/17`,
    b: `172.${16 + (octet % 16)}.${octet}.0/24`,
    a6: `2001:db8:${octet.toString(16)}::/48`,
  }
  await db.table('agency_prefixes').multiInsert([
    { agency_id: ministry.id, prefix: prefixes.a, description: 'A' },
    { agency_id: child.id, prefix: prefixes.aChild, description: 'A child' },
    { agency_id: other.id, prefix: prefixes.b, description: 'B' },
    { agency_id: ministry.id, prefix: prefixes.a6, description: 'A v6' },
  ])
  const exporter = `100.64.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`
  const [device] = await db
    .table('devices')
    .insert({ hostname: makeCode('rtr').toLowerCase(), kind: 'router', management_address: exporter, region: 'north', agency_id: ministry.id })
    .returning('*')
  const [link] = await db
    .table('links')
    .insert({
      circuit_id: makeCode('CKT'), name: makeCode('線路'), kind: 'uplink', agency_id: ministry.id, a_end: 'A', z_end: 'GSN',
      bandwidth_kbps: 1_000_000, status: 'active', device_id: device.id, if_index: 3,
    })
    .returning('*')
  const hosts = {
    a: (i: number) => `10.${octet}.${i % 100}.${1 + (i % 200)}`,
    aChild: (i: number) => `10.${octet}.${128 + (i % 100)}.${1 + (i % 250)}`,
    b: (i: number) => `172.${16 + (octet % 16)}.${octet}.${1 + (i % 250)}`,
    outside: (i: number) => `203.0.113.${1 + (i % 250)}`,
    a6: (i: number) => `2001:db8:${octet.toString(16)}::${(i % 4000).toString(16)}`,
  }
  return { ministry, child, other, prefixes, exporter, device, link, hosts }
}

export type Setting = Awaited<ReturnType<typeof flowSetting>>

/** Deterministic flows over `minutes` minutes from `start`: A↔B, A↔outside, B↔outside, IPv6 within A, on the link's ports or not. */
export function makeFlows(s: Setting, start: Date, count: number, minutes = 90, seed = 7): FlowRecord[] {
  let state = seed
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const flows: FlowRecord[] = []
  for (let i = 0; i < count; i++) {
    const kind = i % 5
    const [src, dst] =
      kind === 0 ? [s.hosts.a(i), s.hosts.b(i * 7)]
      : kind === 1 ? [s.hosts.b(i), s.hosts.outside(i * 3)]
      : kind === 2 ? [s.hosts.aChild(i), s.hosts.outside(i)]
      : kind === 3 ? [s.hosts.outside(i * 11), s.hosts.a(i * 5)]
      : [s.hosts.a6(i), s.hosts.a6(i * 13 + 1)]
    const protocol = kind === 4 ? 58 : i % 3 === 0 ? 17 : 6
    const first = new Date(start.getTime() + Math.floor(random() * minutes * 60_000))
    const packets = 1 + Math.floor(random() * 50)
    flows.push({
      exporter: i % 7 === 6 ? '198.18.0.1' : s.exporter,
      version: 9,
      observationDomain: 0,
      srcAddr: src,
      dstAddr: dst,
      srcPort: 1024 + Math.floor(random() * 60000),
      dstPort: [53, 80, 443, 22, 8080][Math.floor(random() * 5)],
      protocol,
      packets,
      bytes: packets * (40 + Math.floor(random() * 1400)),
      first,
      last: new Date(first.getTime() + Math.floor(random() * 30_000)),
      tcpFlags: protocol === 6 ? 0x1b : 0,
      inputIf: i % 4 === 0 ? 3 : 9,
      outputIf: i % 4 === 1 ? 3 : 10,
      samplingRate: 1,
    })
  }
  return flows
}

/** What the stores must place each flow as, worked out here from the setting, not by the enricher. */
export function expectedPlacement(s: Setting, flows: FlowRecord[]): StoredFlow[] {
  const agencies = new PrefixTable([
    { prefix: s.prefixes.a, value: s.ministry.id },
    { prefix: s.prefixes.aChild, value: s.child.id },
    { prefix: s.prefixes.b, value: s.other.id },
    { prefix: s.prefixes.a6, value: s.ministry.id },
  ])
  return flows.map((f) => {
    const deviceId = f.exporter === s.exporter ? s.device.id : null
    const linkId = deviceId !== null && (f.inputIf === 3 || f.outputIf === 3) ? s.link.id : null
    return { ...f, deviceId, linkId, srcAgencyId: agencies.lookup(f.srcAddr), dstAgencyId: agencies.lookup(f.dstAddr) }
  })
}

/** The filter's meaning, in plain code, for the expected answers. */
export function matches(f: StoredFlow, filter: FlowFilter) {
  const t = f.first.getTime()
  if (t < filter.from.getTime() || t >= filter.to.getTime()) return false
  if (filter.scope !== null && !filter.scope.includes(f.srcAgencyId ?? -1) && !filter.scope.includes(f.dstAgencyId ?? -1)) return false
  if (filter.agencyId !== undefined && f.srcAgencyId !== filter.agencyId && f.dstAgencyId !== filter.agencyId) return false
  if (filter.linkId !== undefined && f.linkId !== filter.linkId) return false
  if (filter.protocol !== undefined && f.protocol !== filter.protocol) return false
  if (filter.port !== undefined && f.srcPort !== filter.port && f.dstPort !== filter.port) return false
  if (filter.address !== undefined) {
    const table = new PrefixTable([{ prefix: filter.address, value: true }])
    if (!table.lookup(f.srcAddr) && !table.lookup(f.dstAddr)) return false
  }
  return true
}

export function groupTotals<K>(flows: StoredFlow[], key: (f: StoredFlow) => K) {
  const out = new Map<K, Totals>()
  for (const f of flows) {
    const k = key(f)
    const t = out.get(k) ?? { flows: 0, packets: 0, bytes: 0 }
    t.flows++
    t.packets += f.packets
    t.bytes += f.bytes
    out.set(k, t)
  }
  return out
}

/**
 * The shared Elasticsearch stand-in (tests/support/elasticsearch.ts), taught the rest of what the
 * flow store sends: _search with the bool filters and the terms / multi_terms / date_histogram /
 * filter aggregations, _cat/indices and index deletion, answered over what it was sent. It checks
 * what the store asks and how it reads answers, not how a real cluster behaves.
 */
export async function standInElasticsearch() {
  const inPrefix = (address: string, prefix: string) => Boolean(new PrefixTable([{ prefix, value: true }]).lookup(address))
  const test = (q: any, d: Record<string, any>): boolean => {
    if (q.bool) {
      const must = (q.bool.filter ?? []).every((c: any) => test(c, d))
      const should = q.bool.should ? q.bool.should.some((c: any) => test(c, d)) : true
      return must && should
    }
    if (q.match_all) return true
    if (q.range) {
      const [field, r] = Object.entries(q.range)[0] as [string, any]
      const v = Date.parse(d[field])
      return v >= Date.parse(r.gte) && v < Date.parse(r.lt)
    }
    if (q.term) {
      const [field, value] = Object.entries(q.term)[0] as [string, any]
      if (field.endsWith('_addr')) return inPrefix(d[field], String(value))
      return d[field] === value
    }
    if (q.terms) {
      const [field, values] = Object.entries(q.terms)[0] as [string, any[]]
      return values.includes(d[field])
    }
    throw new Error(`stand-in cannot read query ${JSON.stringify(q)}`)
  }
  const sums = (group: Record<string, any>[]) => ({
    doc_count: group.length,
    packets: { value: group.reduce((n, d) => n + d.packets, 0) },
    bytes: { value: group.reduce((n, d) => n + d.bytes, 0) },
  })
  const bucketsBy = (hits: Record<string, any>[], key: (d: Record<string, any>) => unknown, size: number) => {
    const groups = new Map<string, { key: unknown; docs: Record<string, any>[] }>()
    for (const d of hits) {
      const k = key(d)
      const id = JSON.stringify(k)
      if (!groups.has(id)) groups.set(id, { key: k, docs: [] })
      groups.get(id)!.docs.push(d)
    }
    return [...groups.values()]
      .map((g) => ({ key: g.key, ...sums(g.docs) }))
      .sort((x, y) => y.bytes.value - x.bytes.value || String(x.key).localeCompare(String(y.key)))
      .slice(0, size)
  }
  const aggregate = (aggs: Record<string, any>, hits: Record<string, any>[]) => {
    const out: Record<string, any> = {}
    for (const [name, a] of Object.entries(aggs)) {
      if (a.terms) out[name] = { buckets: bucketsBy(hits, (d) => d[a.terms.field], a.terms.size) }
      else if (a.multi_terms) {
        const fields = a.multi_terms.terms as Array<{ field: string; missing?: unknown }>
        out[name] = { buckets: bucketsBy(hits, (d) => fields.map((f) => d[f.field] ?? f.missing), a.multi_terms.size) }
      } else if (a.date_histogram) {
        const step = Number(String(a.date_histogram.fixed_interval).replace(/s$/, '')) * 1000
        out[name] = {
          buckets: [...bucketsBy(hits, (d) => Math.floor(Date.parse(d.first) / step) * step, 1e9)].sort((x, y) => Number(x.key) - Number(y.key)),
        }
      } else if (a.filter) out[name] = sums(hits.filter((d) => test(a.filter, d)))
      else throw new Error(`stand-in cannot aggregate ${JSON.stringify(a)}`)
    }
    return out
  }
  return sharedStandIn(({ method, path, body }, docs) => {
    if (path.endsWith('/_search')) {
      const search = JSON.parse(body)
      const hits = [...docs.values()].map((d) => d.source).filter((d) => test(search.query, d))
      if (search.aggs) return [200, { hits: { total: { value: hits.length }, hits: [] }, aggregations: aggregate(search.aggs, hits) }]
      const keys = search.sort.map((s: Record<string, string>) => Object.entries(s)[0])
      hits.sort((x, y) => {
        for (const [field, order] of keys) {
          const a = field === 'first' ? Date.parse(x[field]) : x[field]
          const b = field === 'first' ? Date.parse(y[field]) : y[field]
          if (a !== b) return (a < b ? -1 : 1) * (order === 'desc' ? -1 : 1)
        }
        return 0
      })
      const page = hits.slice(search.from ?? 0, (search.from ?? 0) + (search.size ?? 10))
      return [200, { hits: { total: { value: hits.length }, hits: page.map((d) => ({ _source: d })) } }]
    }
    if (path.startsWith('/_cat/indices')) return [200, [...new Set([...docs.values()].map((d) => d.index))].map((index) => ({ index }))]
    if (method === 'DELETE') {
      const names = new Set(decodeURIComponent(path.slice(1)).split(','))
      for (const [id, d] of docs) if (names.has(d.index)) docs.delete(id)
      return [200, { acknowledged: true }]
    }
  })
}
