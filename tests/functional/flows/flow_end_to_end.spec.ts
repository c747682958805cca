import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import db from '@adonisjs/lucid/services/db'
import { makeUser } from '#tests/support/fixtures'
import { defaultSite } from '#app/platform/queues'
import { startFlowWorker } from '#app/flows/flow_worker'
import { until } from '#tests/support/wait'
import { Nfcapd, flowKey, softflowdExport } from '#tests/support/flow_peers'

const CAPTURES = ['/usr/share/doc/python3-dpkt/examples/data/http.pcap', '/usr/share/doc/python3-dpkt/examples/data/dns_icmp.pcap']

test.group('flows end to end', () => {
  test('softflowd exports real captures over UDP to flows:collect and to nfcapd: the stored flows the API answers equal what nfdump reads', async ({ client, assert }) => {
    // The per-protocol totals are asked for whole days of the captures' own dates, and the minute
    // aggregates answer them: flows of the same captures that other tests stored (flows:import) or
    // an earlier run left, raw or aggregated, would be counted too.
    await db.from('flows').delete()
    await db.from('flow_minutes').delete()
    const collector = spawn('node', ['ace', 'flows:collect', '--port', '3431', '--host', '127.0.0.1', '--batch-ms', '100'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let said = ''
    collector.stderr.on('data', (c) => (said += c))
    const { worker } = startFlowWorker(defaultSite())
    const nfcapd = new Nfcapd(3432)
    try {
      await until('the collector listening', () => said.includes('listening on'), { timeoutMs: 60_000 })
      await nfcapd.start()
      for (const capture of CAPTURES) await softflowdExport(capture, [3431, 3432], 9)
      const theirs = await nfcapd.stopAndRead()
      assert.isAbove(theirs.length, 5)
      await until('every exported flow stored', async () => Number((await db.from('flows').where('exporter', '127.0.0.1').count('* as n'))[0].n) === theirs.length, {
        timeoutMs: 60_000,
        everyMs: 200,
      })
      const span = await db.from('flows').where('exporter', '127.0.0.1').min('first_at as from').max('first_at as to').first()
      const noc = await makeUser('noc')
      // The captures are years apart: one window each, as an analyst would ask.
      const windows = await db.from('flows').where('exporter', '127.0.0.1').select(db.raw("date_trunc('day', first_at) AS day")).groupBy('day')
      assert.isAbove(windows.length, 0)
      assert.isOk(span)
      const ours: string[] = []
      const byProtocol = new Map<number, { packets: number; bytes: number; flows: number }>()
      for (const { day } of windows) {
        const from = new Date(day).toISOString()
        const to = new Date(new Date(day).getTime() + 86_400_000).toISOString()
        const found = await client.get('/api/flows/search').qs({ from, to, limit: 1000 }).loginAs(noc)
        assert.equal(found.status(), 200, found.text())
        for (const r of found.body().rows.filter((x: any) => x.exporter === '127.0.0.1')) {
          ours.push(flowKey({ src: r.src_addr, dst: r.dst_addr, srcPort: r.src_port, dstPort: r.dst_port, protocol: r.protocol, packets: r.packets, bytes: r.bytes }))
        }
        const protocols = await client.get('/api/flows/top-protocols').qs({ from, to, limit: 1000 }).loginAs(noc)
        for (const r of protocols.body().rows) {
          const t = byProtocol.get(r.protocol) ?? { packets: 0, bytes: 0, flows: 0 }
          byProtocol.set(r.protocol, { packets: t.packets + r.packets, bytes: t.bytes + r.bytes, flows: t.flows + r.flows })
        }
      }
      assert.deepEqual(ours.sort(), theirs.map(flowKey).sort(), 'flow for flow')
      const expected = new Map<number, { packets: number; bytes: number; flows: number }>()
      for (const f of theirs) {
        const t = expected.get(f.protocol) ?? { packets: 0, bytes: 0, flows: 0 }
        expected.set(f.protocol, { packets: t.packets + f.packets, bytes: t.bytes + f.bytes, flows: t.flows + 1 })
      }
      assert.deepEqual(Object.fromEntries(byProtocol), Object.fromEntries(expected), 'per protocol')
    } finally {
      collector.kill('SIGINT')
      await new Promise((r) => (collector.exitCode !== null ? r(null) : collector.once('exit', r)))
      await worker.close()
    }
  }).timeout(240_000)
})
