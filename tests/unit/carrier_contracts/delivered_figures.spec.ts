import { test } from '@japa/runner'
import { availabilityOf, judge, mergeWindows, qualityOf, type ProbeBucket, type StateBucket } from '#app/carrier_contracts/delivered_figures'
import { monthBounds } from '#app/reports/monthly_figures'

const at = (iso: string) => new Date(iso)
const FIVE = 5 * 60_000
/** Every 5-minute bucket of [from, to), each with `samples` polls and the down ones `down` says. */
function states(from: Date, to: Date, down: (bucket: Date) => number = () => 0, samples = 5): StateBucket[] {
  const out: StateBucket[] = []
  for (let t = from.getTime(); t < to.getTime(); t += FIVE) out.push({ bucket: new Date(t), samples, downSamples: down(new Date(t)) })
  return out
}
const day = { from: at('2026-10-31T16:00:00Z'), to: at('2026-11-01T16:00:00Z') } // 1 November in Taipei

test.group('carrier figures: availability', () => {
  test('a day wholly up is 100%; half an hour down of 1,440 minutes is 97.917%', ({ assert }) => {
    const up = availabilityOf(day, states(day.from, day.to), [])
    assert.deepEqual(up, { scheduledMinutes: 1440, measuredMinutes: 1440, downMinutes: 0, availabilityPct: 100, coveragePct: 100 })
    const outage = { from: at('2026-11-01T02:00:00Z'), to: at('2026-11-01T02:30:00Z') }
    const down = availabilityOf(day, states(day.from, day.to, (b) => (b >= outage.from && b < outage.to ? 5 : 0)), [])
    assert.equal(down.downMinutes, 30)
    assert.equal(down.availabilityPct, 97.917)
  })

  test('a bucket with 2 of 5 polls down counts 2 minutes down', ({ assert }) => {
    const one = availabilityOf(day, states(day.from, day.to, (b) => (b.getTime() === day.from.getTime() ? 2 : 0)), [])
    assert.equal(one.downMinutes, 2)
    // Fewer polls in a bucket (a silent device): the share is of the polls there were.
    const sparse = availabilityOf(day, [{ bucket: day.from, samples: 2, downSamples: 1 }], [])
    assert.equal(sparse.downMinutes, 2.5)
    assert.equal(sparse.measuredMinutes, 5)
  })

  test('an outage inside a maintenance window is not held against the carrier, nor are the window\'s minutes', ({ assert }) => {
    const window = { from: at('2026-11-01T01:00:00Z'), to: at('2026-11-01T03:00:00Z') }
    const outage = { from: at('2026-11-01T02:00:00Z'), to: at('2026-11-01T02:30:00Z') }
    const figures = availabilityOf(day, states(day.from, day.to, (b) => (b >= outage.from && b < outage.to ? 5 : 0)), [window])
    assert.equal(figures.scheduledMinutes, 1440 - 120)
    assert.equal(figures.measuredMinutes, 1440 - 120)
    assert.equal(figures.downMinutes, 0)
    assert.equal(figures.availabilityPct, 100)
  })

  test('a window that cuts a bucket takes out only its own minutes; overlapping windows count once', ({ assert }) => {
    // The bucket 02:00–02:05 is down; a window from 02:03 leaves 3 of its minutes, all down.
    const bucket = at('2026-11-01T02:00:00Z')
    const windows = [
      { from: at('2026-11-01T02:03:00Z'), to: at('2026-11-01T03:00:00Z') },
      { from: at('2026-11-01T02:30:00Z'), to: at('2026-11-01T03:30:00Z') },
    ]
    assert.deepEqual(mergeWindows(windows, day), [{ from: windows[0].from, to: windows[1].to }])
    const figures = availabilityOf(day, states(day.from, day.to, (b) => (b.getTime() === bucket.getTime() ? 5 : 0)), windows)
    assert.equal(figures.scheduledMinutes, 1440 - 87)
    assert.equal(figures.downMinutes, 3)
  })

  test('unmeasured minutes are neither up nor down: coverage says how much was seen; nothing seen is no figure', ({ assert }) => {
    const half = availabilityOf(day, states(day.from, at('2026-11-01T04:00:00Z'), (b) => (b.getTime() === day.from.getTime() ? 5 : 0)), [])
    assert.equal(half.measuredMinutes, 720)
    assert.equal(half.coveragePct, 50)
    assert.equal(half.availabilityPct, 99.306)
    const none = availabilityOf(day, [], [])
    assert.isNull(none.availabilityPct)
    assert.equal(none.coveragePct, 0)
  })

  test('buckets outside the month are not counted', ({ assert }) => {
    const month = monthBounds('2026-11')
    const figures = availabilityOf(month, [{ bucket: new Date(month.from.getTime() - FIVE), samples: 5, downSamples: 5 }, { bucket: month.to, samples: 5, downSamples: 5 }], [])
    assert.equal(figures.measuredMinutes, 0)
    assert.equal(figures.scheduledMinutes, 30 * 1440)
  })
})

test.group('carrier figures: round trip and loss', () => {
  const probes = (medians: Array<number | null>, lost: (i: number) => number = () => 0): ProbeBucket[] =>
    medians.map((m, i) => ({ bucket: new Date(day.from.getTime() + i * FIVE), sent: 100, received: 100 - lost(i), rttMedian: m }))

  test('percentiles are nearest rank over the 5-minute medians: always a measured value', ({ assert }) => {
    const medians = Array.from({ length: 20 }, (_, i) => i + 1) // 1 … 20 ms
    const q = qualityOf(day, probes(medians), [])
    assert.equal(q.buckets, 20)
    assert.equal(q.rttP50, 10)
    assert.equal(q.rttP95, 19)
    assert.equal(q.rttP99, 20)
    assert.equal(q.lossPct, 0)
  })

  test('loss is of every probe sent, leaving out buckets in which nothing answered (the line was down)', ({ assert }) => {
    const medians = [5, 5, 5, null, 5]
    const q = qualityOf(day, probes(medians, (i) => [1, 0, 3, 100, 0][i]), [])
    assert.equal(q.buckets, 4)
    assert.equal(q.lossPct, 1) // 4 of 400
    assert.equal(q.lossP95Pct, 3)
  })

  test('buckets touching a maintenance window are left out', ({ assert }) => {
    const window = { from: new Date(day.from.getTime() + 2 * FIVE + 60_000), to: new Date(day.from.getTime() + 3 * FIVE) }
    const q = qualityOf(day, probes([1, 2, 300, 4], (i) => (i === 2 ? 50 : 0)), [window])
    assert.equal(q.buckets, 3)
    assert.equal(q.rttP99, 4)
    assert.equal(q.lossPct, 0)
  })

  test('no probes: no figures', ({ assert }) => {
    assert.deepEqual(qualityOf(day, [], []), { buckets: 0, rttP50: null, rttP95: null, rttP99: null, lossPct: null, lossP95Pct: null })
  })
})

test.group('carrier figures: met or missed', () => {
  const promised = { availabilityPct: 99.9, latencyMs: 20, latencyPercentile: 95 as const, lossPct: 0.5 }
  const availability = (pct: number | null) => ({ scheduledMinutes: 1440, measuredMinutes: 1440, downMinutes: 0, availabilityPct: pct, coveragePct: 100 })
  const quality = (p95: number | null, loss: number | null) => ({ buckets: 1, rttP50: 1, rttP95: p95, rttP99: 99, lossPct: loss, lossP95Pct: loss })

  test('each figure against its promise, at the promised percentile; the bounds themselves are met', ({ assert }) => {
    assert.deepInclude(judge(promised, availability(99.9), quality(20, 0.5)), { availability: 'met', latency: 'met', loss: 'met', overall: 'met', latencyDeliveredMs: 20 })
    const missed = judge(promised, availability(99.899), quality(20.01, 0.6))
    assert.deepInclude(missed, { availability: 'missed', latency: 'missed', loss: 'missed', overall: 'missed' })
    assert.equal(judge({ ...promised, latencyPercentile: 99 }, availability(100), quality(1, 0)).latencyDeliveredMs, 99)
    assert.equal(judge({ ...promised, latencyPercentile: 99 }, availability(100), quality(1, 0)).latency, 'missed')
  })

  test('a figure without data is neither met nor missed; one miss is a miss overall', ({ assert }) => {
    assert.deepInclude(judge(promised, availability(100), quality(null, null)), { latency: 'no_data', loss: 'no_data', overall: 'no_data' })
    assert.equal(judge(promised, availability(90), quality(null, null)).overall, 'missed')
  })
})
