import { test } from '@japa/runner'
import { nearestRankPercentile, nearestRankRank, p95OfFiveMinuteSamples, peakOf } from '#app/samples/percentile'


test.group('95th percentile (nearest rank, as 95/5 billing uses it)', () => {
  test('drops the top 5 % of the samples, rounded down, and reports the highest left', ({ assert }) => {
    // A day of 5-minute samples: 288, of which the 14 highest are dropped.
    assert.equal(nearestRankRank(288), 274)
    // A 30-day month: 8,640 samples, 432 dropped.
    assert.equal(nearestRankRank(8640), 8208)
    // An hour: 12 samples; 5 % of 12 is 0.6, rounded down to nothing dropped.
    assert.equal(nearestRankRank(12), 12)
    assert.equal(nearestRankRank(1), 1)
    for (let n = 1; n <= 20_000; n++) assert.equal(nearestRankRank(n), n - Math.floor((n * 5) / 100), `n=${n}`)
  })

  test('twenty samples: the highest is dropped, the 19th reported', ({ assert }) => {
    assert.equal(nearestRankRank(20), 19)
    const values = Array.from({ length: 20 }, (_, i) => i + 1)
    assert.equal(nearestRankPercentile(values), 19)
    assert.equal(nearestRankPercentile(values, 50), 10)
  })

  test('1..100 gives 95, in whatever order the samples come', ({ assert }) => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i)
    assert.equal(nearestRankPercentile(values), 95)
    assert.equal(nearestRankPercentile(values.reverse()), 95)
  })

  test('always answers a measured sample, never an interpolation', ({ assert }) => {
    const values = [10, 1000, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200]
    // 21 samples: floor(1.05) = 1 dropped (the 1000 burst), the 20th remains.
    assert.equal(nearestRankPercentile(values), 200)
    assert.include(values, nearestRankPercentile(values)!)
  })

  test('missed polls (null, NaN) are not samples; no samples gives no percentile', ({ assert }) => {
    assert.equal(nearestRankPercentile([null, 5, undefined, Number.NaN, 7]), 7)
    assert.isNull(nearestRankPercentile([]))
    assert.isNull(nearestRankPercentile([null, null]))
  })

  test('refuses nonsense', ({ assert }) => {
    assert.throws(() => nearestRankRank(-1))
    assert.throws(() => nearestRankRank(1.5))
    assert.throws(() => nearestRankRank(10, 0))
    assert.throws(() => nearestRankRank(10, 101))
  })

  test('the max(in, out) percentile is per sample, not the larger of the two percentiles', ({ assert }) => {
    // In bursts early, out bursts late: each direction's p95 stays low, their per-sample
    // maximum does not.
    const samples = Array.from({ length: 40 }, (_, i) => ({
      in_bps: i < 20 ? 100 : 10,
      out_bps: i < 20 ? 10 : 100,
    }))
    const p = p95OfFiveMinuteSamples(samples)
    assert.equal(p.p95_in, 100)
    assert.equal(p.p95_out, 100)
    assert.equal(p.p95_max, 100)
    const skewed = Array.from({ length: 40 }, (_, i) => ({ in_bps: i < 3 ? 100 : 10, out_bps: i >= 37 ? 100 : 10 }))
    const q = p95OfFiveMinuteSamples(skewed)
    // 40 samples: 2 dropped. In has 3 bursts (one survives), out 3 likewise; max has 6 bursts.
    assert.equal(q.p95_in, 100)
    assert.equal(q.p95_out, 100)
    assert.equal(q.p95_max, 100)
    const sparse = Array.from({ length: 40 }, (_, i) => ({ in_bps: i < 2 ? 100 : 10, out_bps: i >= 38 ? 100 : 10 }))
    const r = p95OfFiveMinuteSamples(sparse)
    assert.equal(r.p95_in, 10, 'two bursts in 40 samples are the 5 % that billing forgives')
    assert.equal(r.p95_out, 10)
    assert.equal(r.p95_max, 100, 'but the larger direction bursts four times')
    assert.equal(r.samples, 40)
  })

  test('a percentile of hourly averages is not the 95th percentile (LibreNMS #8890, #15239)', ({ assert }) => {
    // A day of 288 five-minute samples: quiet at 10 Mbit/s, with a 20-minute burst to
    // 900 Mbit/s every hour (4 of each 12 samples: a third of the time).
    const fiveMinute: number[] = Array.from({ length: 288 }, (_, i) => (i % 12 < 4 ? 900e6 : 10e6))
    const hourly = Array.from({ length: 24 }, (_, h) => fiveMinute.slice(h * 12, h * 12 + 12).reduce((a, b) => a + b) / 12)
    assert.equal(nearestRankPercentile(fiveMinute), 900e6)
    assert.isBelow(nearestRankPercentile(hourly)!, 400e6, 'averaging first hides the bursts the link is billed for')
  })

  test('peak of one sample ignores a missing direction', ({ assert }) => {
    assert.equal(peakOf(5, 7), 7)
    assert.equal(peakOf(null, 7), 7)
    assert.equal(peakOf(5, null), 5)
    assert.isNull(peakOf(null, null))
  })
})
