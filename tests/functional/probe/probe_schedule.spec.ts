import { test } from '@japa/runner'
import {
  ProbeCollector,
  ProbeSchedule,
  probeJob,
  probeSchedulerId,
  type ProbeReport,
} from '#collectors/probe/probe_schedule'
import { dropSite, testSite } from '#tests/functional/pipeline/support'
import { ImpairedPath } from '#tests/support/impaired_path'
import { until } from '#tests/support/wait'

test.group('probe schedule and collector', () => {
  test('one scheduler per link, spread, changed only when the target changes', async ({ assert, cleanup }) => {
    const site = testSite()
    const schedule = new ProbeSchedule(site)
    cleanup(async () => {
      await schedule.close()
      await dropSite(site)
    })
    const first = await schedule.sync([
      { linkId: 1, address: '198.18.0.2', intervalS: 60 },
      { linkId: 2, address: 'fd00::2', intervalS: 30, count: 10 },
      { linkId: 3, address: 'not-an-address' },
    ])
    assert.deepEqual(first.added.sort(), [1, 2])
    assert.deepEqual(first.invalid, [3])
    const again = await schedule.sync([
      { linkId: 1, address: '198.18.0.3', intervalS: 60 },
      { linkId: 2, address: 'fd00::2', intervalS: 30, count: 10 },
    ])
    assert.deepEqual(again, { added: [], changed: [1], removed: [], unchanged: 1, invalid: [] })
    const now = await schedule.current()
    assert.equal(now.get(1)!.data!.address, '198.18.0.3')
    assert.equal(now.get(2)!.every, 30_000)
    // A burst fits in half its interval: 10 probes in 30 s go 1 s apart, 20 in 10 s 250 ms apart.
    assert.equal(now.get(2)!.data!.spacingMs, 1000)
    assert.equal(probeJob({ linkId: 9, address: '::1', intervalS: 10, count: 20 }).spacingMs, 250)
    const gone = await schedule.sync([{ linkId: 2, address: 'fd00::2', intervalS: 30, count: 10 }])
    assert.deepEqual(gone.removed, [1])
    assert.notExists((await schedule.current()).get(1))
    assert.equal(probeSchedulerId(2), 'probe-link-2')
  })

  test('a scheduled burst over a lossy path becomes one report on the line-quality queue', async ({ assert, cleanup }) => {
    const site = testSite()
    const path = await ImpairedPath.create()
    await path.setLoss(100)
    const schedule = new ProbeSchedule(site)
    const collector = new ProbeCollector(site)
    const reports: ProbeReport[] = []
    collector.on('report', (r: ProbeReport) => reports.push(r))
    cleanup(async () => {
      await collector.close()
      await schedule.close()
      await path.close()
      await dropSite(site)
    })
    // Every 2 s, 4 probes, to both addresses of a path that drops every echo request.
    await schedule.sync([
      { linkId: 11, address: path.lossy.v4, intervalS: 2, count: 4 },
      { linkId: 12, address: path.lossy.v6, intervalS: 2, count: 4 },
    ])
    await until('a burst to each link', () => reports.some((r) => r.linkId === 11) && reports.some((r) => r.linkId === 12))
    for (const report of reports.filter((r) => r.linkId === 11 || r.linkId === 12)) {
      assert.deepInclude(report, { sent: 4, received: 0, loss: 1, rttMedianMs: null })
    }
    await path.setLoss(0)
    const before = reports.length
    await until('a clean burst once the path heals', () => reports.slice(before).some((r) => r.linkId === 12 && r.loss === 0))
    const clean = reports.slice(before).find((r) => r.linkId === 12 && r.loss === 0)!
    assert.equal(clean.received, 4)
    assert.isAbove(clean.rttMedianMs!, 0)
    assert.isAtMost(clean.rttMinMs!, clean.rttMedianMs!)
    // What the collector emitted is what the monitoring side will read from the queue.
    const queued = await collector.reports.getJob(`probe-12-${clean.startedAt}`)
    assert.deepEqual(queued?.data, clean)
  }).timeout(60_000)
})
