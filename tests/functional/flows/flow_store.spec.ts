import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import { Queue } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import { defaultSite } from '#app/platform/queues'
import { BatchSender } from '#collectors/flow/batch_sender'
import { encodeBatch, FLOW_BATCH_JOB, FLOW_QUEUE } from '#collectors/flow/flow_batch'
import { batchJobOptions } from '#app/flows/flow_jobs'
import { startFlowWorker } from '#app/flows/flow_worker'
import { useFlowStore, type FlowFilter, type FlowStore, type StoredFlow } from '#app/flows/flow_store'
import { PostgresFlowStore } from '#app/flows/postgres_store'
import { ElasticsearchFlowStore } from '#app/flows/elasticsearch_store'
import { until } from '#tests/support/wait'
import { expectedPlacement, flowSetting, groupTotals, makeFlows, matches, standInElasticsearch, type Setting } from '#tests/functional/flows/support'

const sum = (flows: StoredFlow[]) => ({
  flows: flows.length,
  packets: flows.reduce((n, f) => n + f.packets, 0),
  bytes: flows.reduce((n, f) => n + f.bytes, 0),
})
const byKey = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((x, y) => key(x).localeCompare(key(y)))

/** Sends flows through the collector's path (batches on the queue) and waits until the worker stored them all. */
async function storeThroughQueue(flows: StoredFlow[] | ReturnType<typeof makeFlows>, countStored: () => Promise<number>, before: number) {
  const sender = new BatchSender(defaultSite(), { source: 'udp', jobOptions: batchJobOptions })
  for (let i = 0; i < flows.length; i += 500) sender.send(flows.slice(i, i + 500))
  await sender.close()
  await until('every flow stored', async () => (await countStored()) === before + flows.length, { timeoutMs: 120_000, everyMs: 200 })
}

/**
 * The questions both stores must answer alike, each checked against the answer worked out here
 * from the flows themselves. Run once against PostgreSQL (for real) and once against the
 * Elasticsearch store talking to a stand-in server.
 */
async function querySuite(assert: Assert, store: FlowStore, s: Setting, placed: StoredFlow[], start: Date) {
  const window = { from: start, to: new Date(start.getTime() + 90 * 60_000) }
  const filters: Array<[string, FlowFilter]> = [
    ['national, whole window', { ...window, scope: null }],
    ['A liaison', { ...window, scope: [s.ministry.id, s.child.id] }],
    ['B liaison', { ...window, scope: [s.other.id] }],
    ['child only', { ...window, scope: [s.child.id] }],
    ['a prefix', { ...window, scope: null, address: s.prefixes.aChild }],
    ['one address', { ...window, scope: null, address: s.hosts.b(1) }],
    ['IPv6 prefix', { ...window, scope: null, address: s.prefixes.a6 }],
    ['port 443 either end', { ...window, scope: null, port: 443 }],
    ['UDP on the link', { ...window, scope: null, protocol: 17, linkId: s.link.id }],
    ['agency B, odd window', { from: new Date(start.getTime() + 600_123), to: new Date(start.getTime() + 3_000_456), scope: null, agencyId: s.other.id }],
    ['link, 20 minutes', { from: new Date(start.getTime() + 20 * 60_000), to: new Date(start.getTime() + 40 * 60_000), scope: null, linkId: s.link.id }],
  ]
  for (const [name, filter] of filters) {
    const mine = placed.filter((f) => matches(f, filter))
    assert.isAbove(mine.length, 0, `${name}: the fixture must give this filter flows, or the test proves nothing`)
    assert.deepEqual(await store.totals(filter), sum(mine), `${name}: totals`)

    for (const direction of ['src', 'dst'] as const) {
      const expected = groupTotals(mine, (f) => (direction === 'src' ? f.srcAddr : f.dstAddr))
      const all = await store.topTalkers(filter, direction, 1000)
      assert.deepEqual(
        byKey(all, (r) => r.address),
        byKey([...expected].map(([address, t]) => ({ address, ...t })), (r) => r.address),
        `${name}: talkers ${direction}`
      )
      const top = await store.topTalkers(filter, direction, 5)
      const topBytes = [...expected.values()].map((t) => t.bytes).sort((a, b) => b - a).slice(0, 5)
      assert.deepEqual(top.map((r) => r.bytes), topBytes, `${name}: top 5 ${direction} by bytes`)
    }

    const ports = groupTotals(mine, (f) => `${f.protocol}/${f.dstPort}`)
    assert.deepEqual(
      byKey(await store.topPorts(filter, 1000), (r) => `${r.protocol}/${r.port}`),
      byKey([...ports].map(([k, t]) => ({ protocol: Number(k.split('/')[0]), port: Number(k.split('/')[1]), ...t })), (r) => `${r.protocol}/${r.port}`),
      `${name}: ports`
    )
    const protocols = groupTotals(mine, (f) => f.protocol)
    assert.deepEqual(
      byKey(await store.topProtocols(filter, 1000), (r) => String(r.protocol)),
      byKey([...protocols].map(([protocol, t]) => ({ protocol, ...t })), (r) => String(r.protocol)),
      `${name}: protocols`
    )
    const cells = groupTotals(mine, (f) => `${f.srcAgencyId}|${f.dstAgencyId}`)
    const asId = (v: string) => (v === 'null' ? null : Number(v))
    assert.deepEqual(
      byKey(await store.matrix(filter, false), (r) => `${r.src_agency_id}|${r.dst_agency_id}`),
      byKey([...cells].map(([k, t]) => ({ src_agency_id: asId(k.split('|')[0]), dst_agency_id: asId(k.split('|')[1]), ...t })), (r) => `${r.src_agency_id}|${r.dst_agency_id}`),
      `${name}: agency matrix`
    )
    const linkCells = groupTotals(mine, (f) => `${f.linkId}|${f.srcAgencyId}|${f.dstAgencyId}`)
    assert.deepEqual(
      byKey(await store.matrix(filter, true), (r) => `${r.link_id}|${r.src_agency_id}|${r.dst_agency_id}`),
      byKey(
        [...linkCells].map(([k, t]) => {
          const [l, a, b] = k.split('|').map(asId)
          return { link_id: l, src_agency_id: a, dst_agency_id: b, ...t }
        }),
        (r) => `${r.link_id}|${r.src_agency_id}|${r.dst_agency_id}`
      ),
      `${name}: matrix per link`
    )
    const step = 300
    const steps = groupTotals(mine, (f) => Math.floor(f.first.getTime() / (step * 1000)) * step * 1000)
    assert.deepEqual(
      await store.series(filter, step),
      [...steps].sort((a, b) => a[0] - b[0]).map(([t, totals]) => ({ time: new Date(t).toISOString(), ...totals })),
      `${name}: series`
    )
    const found = await store.search(filter, 1000, 0)
    assert.equal(found.length, Math.min(1000, mine.length), `${name}: search size`)
    for (let i = 1; i < found.length; i++) assert.isAtLeast(Date.parse(found[i - 1].first), Date.parse(found[i].first), 'newest first')
    if (mine.length <= 1000) {
      const key = (r: { first: string; src_addr: string; dst_addr: string; src_port: number }) => `${r.first}|${r.src_addr}|${r.dst_addr}|${r.src_port}`
      assert.deepEqual(
        byKey(found, key).map((r) => ({ ...r, exporter: r.exporter })),
        byKey(
          mine.map((f) => ({
            first: f.first.toISOString(), last: f.last.toISOString(), exporter: f.exporter, version: f.version, src_addr: f.srcAddr,
            dst_addr: f.dstAddr, src_port: f.srcPort, dst_port: f.dstPort, protocol: f.protocol, packets: f.packets, bytes: f.bytes,
            tcp_flags: f.tcpFlags, input_if: f.inputIf, output_if: f.outputIf, sampling_rate: f.samplingRate, device_id: f.deviceId,
            link_id: f.linkId, src_agency_id: f.srcAgencyId, dst_agency_id: f.dstAgencyId,
          })),
          key
        ),
        `${name}: search rows`
      )
    }
    const page2 = await store.search(filter, 10, 10)
    assert.deepEqual(page2.map((r) => r.first), found.slice(10, 20).map((r) => r.first), `${name}: second page`)
  }
}

test.group('flow stores: one query suite, PostgreSQL for real and Elasticsearch against a stand-in', (group) => {
  group.each.teardown(() => useFlowStore(null))

  test('PostgreSQL: flows through the queue and the worker are placed, stored once, and every question answered', async ({ assert }) => {
    const s = await flowSetting()
    const start = new Date(Math.floor((Date.now() - 3 * 3600_000) / 60_000) * 60_000)
    const flows = makeFlows(s, start, 3000)
    const placed = expectedPlacement(s, flows)
    const count = async () => Number((await db.from('flows').count('* as n'))[0].n)
    const before = await count()
    const { worker } = startFlowWorker(defaultSite())
    try {
      await storeThroughQueue(flows, count, before)
      // The same batch delivered again (a worker that died after its commit) stores nothing.
      const again = new Queue(FLOW_QUEUE, defaultSite())
      const repeat = encodeBatch('repeat-test-1', 'udp', flows.slice(0, 10))
      await again.add(FLOW_BATCH_JOB, repeat, { ...batchJobOptions(repeat), jobId: 'repeat-a' })
      await again.add(FLOW_BATCH_JOB, repeat, { ...batchJobOptions(repeat), jobId: 'repeat-b' })
      // These two jobs, not the queue's counts: a job a killed worker left active (flow_outage)
      // waits for the stalled check, 30 s, and is none of this test's business.
      const done = async (id: string) => (await (await again.getJob(id))?.isCompleted()) ?? false
      await until('both deliveries done', async () => (await done('repeat-a')) && (await done('repeat-b')))
      await again.close()
      assert.equal(await count(), before + flows.length + 10, 'a batch id is stored once')
    } finally {
      await worker.close()
    }
    // Minute aggregates add up to the raw flows they were made from.
    const raw = await db.from('flows').where('first_at', '>=', start).where('first_at', '<', new Date(start.getTime() + 90 * 60_000)).sum('bytes as b').first()
    const minutes = await db.from('flow_minutes').where('minute', '>=', start).where('minute', '<', new Date(start.getTime() + 90 * 60_000)).sum('bytes as b').first()
    assert.equal(Number(minutes.b), Number(raw.b))
    // The 10 repeated flows are in the window too: the suite is told of them.
    const repeated = expectedPlacement(s, flows.slice(0, 10))
    await querySuite(assert, new PostgresFlowStore(), s, [...placed, ...repeated], start)
  }).timeout(300_000)

  test('PostgreSQL: what binary COPY stores reads back as it was sent (times to the millisecond, both families, counters past 2^32, NULLs)', async ({ assert }) => {
    const at = (ms: number) => new Date(ms)
    const base = Math.floor((Date.now() - 3600_000) / 1000) * 1000
    const sent: StoredFlow[] = [
      ['10.9.0.1', '2001:db8:9::1', 7, 2 ** 40 + 3, 2 ** 53 - 1, null],
      ['::ffff:10.9.0.2', '255.255.255.255', 999, 1, 4294967296, 5],
      ['fe80::a:b:c:d', '0.0.0.0', 0, 4294967295, 40, null],
    ].map(([src, dst, ms, packets, bytes, place], i) => ({
      exporter: i === 2 ? 'exporter\twith tab' : '192.0.2.77', version: 10, observationDomain: 2 ** 32 + i, srcAddr: src as string, dstAddr: dst as string,
      srcPort: 65535, dstPort: i, protocol: 17, packets: packets as number, bytes: bytes as number, first: at(base + (ms as number)), last: at(base + 60_001 + i),
      tcpFlags: 255, inputIf: 4294967295, outputIf: 0, samplingRate: 1000, deviceId: place as number | null, linkId: place as number | null,
      srcAgencyId: null, dstAgencyId: place as number | null,
    }))
    const batch = `binary-roundtrip-${Date.now()}`
    assert.equal(await new PostgresFlowStore().write(batch, sent), 3)
    const rows = await db.rawQuery(
      `SELECT first_at, last_at, exporter, version, observation_domain::text AS domain, host(src_addr) AS src, host(dst_addr) AS dst, src_port,
              dst_port, protocol, packets::text AS packets, bytes::text AS bytes, tcp_flags, input_if::text AS input_if, output_if, sampling_rate,
              device_id, link_id, src_agency_id, dst_agency_id
         FROM flows WHERE exporter IN ('192.0.2.77', 'exporter\twith tab') AND first_at >= ? ORDER BY dst_port`,
      [at(base).toISOString()]
    )
    assert.deepEqual(
      rows.rows.map((r: Record<string, any>) => ({ ...r, first_at: new Date(r.first_at).toISOString(), last_at: new Date(r.last_at).toISOString() })),
      sent.map((f) => ({
        first_at: f.first.toISOString(), last_at: f.last.toISOString(), exporter: f.exporter, version: 10, domain: String(f.observationDomain),
        src: f.srcAddr, dst: f.dstAddr, src_port: 65535, dst_port: f.dstPort, protocol: 17, packets: String(f.packets), bytes: String(f.bytes),
        tcp_flags: 255, input_if: '4294967295', output_if: '0', sampling_rate: 1000, device_id: f.deviceId, link_id: f.linkId,
        src_agency_id: null, dst_agency_id: f.dstAgencyId,
      }))
    )
  })

  test('Elasticsearch (stand-in server): the same flows through the same worker, the same answers', async ({ assert }) => {
    const es = await standInElasticsearch()
    const store = new ElasticsearchFlowStore({ node: es.url, indexPrefix: 'test-flows' })
    useFlowStore(store)
    const s = await flowSetting()
    const start = new Date(Math.floor((Date.now() - 3 * 3600_000) / 60_000) * 60_000)
    const flows = makeFlows(s, start, 1500, 90, 99)
    const { worker } = startFlowWorker(defaultSite())
    try {
      await storeThroughQueue(flows, async () => es.docs.size, es.docs.size)
      // A redelivered batch: every flow is a conflict, none a second copy.
      assert.equal(await store.write('es-repeat', expectedPlacement(s, flows.slice(0, 5))), 5)
      assert.equal(await store.write('es-repeat', expectedPlacement(s, flows.slice(0, 5))), 0)
      await querySuite(assert, store, s, [...expectedPlacement(s, flows), ...expectedPlacement(s, flows.slice(0, 5))], start)
      // Daily indices past retention are deleted whole.
      const dropped = await store.expire(new Date(start.getTime() + 400 * 86_400_000))
      assert.isAbove(dropped.length, 0)
      assert.equal(es.docs.size, 0)
    } finally {
      await worker.close()
      await es.close()
    }
  }).timeout(300_000)
})
