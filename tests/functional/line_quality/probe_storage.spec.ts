import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { recordProbes } from '#app/line_quality/record_probes'
import { rollUp } from '#app/samples/rollups'
import { forgetPartitions } from '#app/samples/partitions'
import { summariseBurst } from '#collectors/probe/burst'
import type { ProbeReport } from '#collectors/probe/probe_schedule'
import { makeAgencyTree } from '#tests/support/fixtures'
import { makeLink } from '#tests/functional/samples/links'

const MINUTE = 60_000

/** A minute's burst of 20 probes: `lost` of them lost, the rest at base + 0..(answered-1) ms. */
function burst(linkId: number, at: number, base: number, lost: number): ProbeReport {
  const rtts = Array.from({ length: 20 }, (_, i) => (i < lost ? null : base + i))
  const s = summariseBurst(rtts)
  return {
    linkId, address: '198.18.0.2', collector: 'test', scheduledAt: at, startedAt: at,
    sent: s.sent, received: s.received, loss: s.loss, rttMedianMs: s.rttMedianMs, rttMinMs: s.rttMinMs,
    rttMaxMs: s.rttMaxMs, rttP10Ms: s.rttP10Ms, rttP90Ms: s.rttP90Ms, jitterMs: s.jitterMs,
  }
}

test.group('line quality: probe bursts stored and rolled up with the link samples', (group) => {
  group.each.setup(() => forgetPartitions())

  test('bursts are stored once; bad ones are reported by index and the good ones kept', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const now = new Date()
    const reports = Array.from({ length: 5 }, (_, i) => burst(link.id, now.getTime() - (10 - i) * MINUTE, 30, i))
    assert.deepEqual(await recordProbes(reports, now), { written: 5, duplicates: 0, rejected: [] })
    assert.deepEqual(await recordProbes(reports, now), { written: 0, duplicates: 5, rejected: [] })
    const bad = [
      { ...reports[0], startedAt: now.getTime() - 30 * MINUTE },
      { ...reports[0], linkId: 2_000_000_000 },
      { ...reports[0], received: 21 },
      { ...reports[0], rttMedianMs: Number.NaN },
      { ...reports[0], startedAt: now.getTime() + 3_600_000 },
    ]
    const result = await recordProbes(bad, now)
    assert.equal(result.written, 1)
    assert.deepEqual(
      result.rejected.map((r) => [r.index, r.reason]).sort(),
      [[1, 'unknown link'], [2, 'received is not between 0 and sent'], [3, 'rttMedianMs is not a time'], [4, 'stamped in the future']]
    )
    const row = await db.from('link_probes').where({ link_id: link.id, at: new Date(reports[3].startedAt) }).first()
    assert.deepInclude(row, { sent: 20, received: 17 })
    // 17 answered, 33..49 ms: the middle one.
    assert.equal(row.rtt_median, 41)
  })

  test('5-minute rows from bursts, hours from 5-minute rows, on the samples job and marks', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id, 'uplink')
    const start = new Date('2026-03-10T02:00:00Z').getTime()
    const now = new Date('2026-03-10T05:30:00Z')
    // Two hours of a burst a minute; the second hour loses 1 probe in 20 and is 10 ms slower.
    const reports = Array.from({ length: 120 }, (_, i) => burst(link.id, start + i * MINUTE, i < 60 ? 20 : 30, i < 60 ? 0 : 1))
    await recordProbes(reports, now)
    await rollUp(now)

    const five = await db.from('link_probes_5m').where('link_id', link.id).orderBy('bucket')
    assert.lengthOf(five, 24)
    assert.deepInclude(five[0], { bursts: 5, sent: 100, received: 100, loss: 0, loss_max: 0 })
    // Burst of 20 at base 20: answered 20..39, median 29.5, p10 21, p90 37, min 20, max 39.
    assert.deepInclude(five[0], { rtt_median: 29.5, rtt_min: 20, rtt_max: 39, rtt_p10: 21, rtt_p90: 37, jitter: 1 })
    assert.deepInclude(five[12], { bursts: 5, sent: 100, received: 95 })
    assert.closeTo(five[12].loss, 0.05, 1e-6)
    assert.closeTo(five[12].loss_max, 0.05, 1e-6)
    // 19 answered at base 30: 31..49, median 40.
    assert.equal(five[12].rtt_median, 40)

    const hours = await db.from('link_probes_1h').where('link_id', link.id).orderBy('bucket')
    assert.lengthOf(hours, 2)
    assert.deepInclude(hours[0], { bursts: 60, sent: 1200, received: 1200, loss: 0, rtt_median: 29.5 })
    assert.deepInclude(hours[1], { bursts: 60, sent: 1200, received: 1140, rtt_median: 40, rtt_min: 31, rtt_max: 49 })
    assert.closeTo(hours[1].loss, 0.05, 1e-6)
    // The Taipei day (from 16:00 UTC) is still open at 05:30 UTC: no day row yet, as for samples.
    assert.lengthOf(await db.from('link_probes_1d').where('link_id', link.id), 0)

    // A late burst pulls the mark back and is rolled up again, not lost.
    const late = burst(link.id, start + 2 * MINUTE + 30_000, 100, 10)
    await recordProbes([late], now)
    await rollUp(now)
    const again = await db.from('link_probes_5m').where({ link_id: link.id, bucket: new Date(start) }).first()
    assert.deepInclude(again, { bursts: 6, sent: 120, received: 110 })
  })
})
