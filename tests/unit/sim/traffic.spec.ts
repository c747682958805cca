import { test } from '@japa/runner'
import { createRandom } from '#app/demo/prng'
import { counterDelta } from '#collectors/snmp/rates'
import { counter64ToBigInt } from '#collectors/snmp/values'
import {
  FULL_SCALE,
  Flow,
  MINUTES_PER_WEEK,
  WEEK_SECONDS,
  baseLevel,
  buildTemplate,
  buildTemplates,
  counter32,
  counter64,
  counter64Bytes,
  templateFromShape,
  unitsAt,
  weekPosition,
  weekStart,
  type FlowWindow,
} from '#app/demo/sim/traffic'

const TWO_64 = 1n << 64n
/** Monday 30 November 2026, 00:00 in Taipei. */
const MONDAY = Date.UTC(2026, 10, 29, 16, 0, 0) / 1000
const minuteOf = (day: number, hour: number, minute = 0) => day * 1440 + hour * 60 + minute

test.group('Simulated traffic: the Taipei week', () => {
  test('weeks start on Monday 00:00 in Taipei, whatever UTC says', ({ assert }) => {
    assert.deepEqual(weekPosition(MONDAY), { week: weekPosition(MONDAY).week, second: 0 })
    assert.equal(weekPosition(MONDAY - 1).second, WEEK_SECONDS - 1)
    assert.equal(weekPosition(MONDAY - 1).week, weekPosition(MONDAY).week - 1)
    // Wednesday 10:30 Taipei is 02:30 UTC.
    assert.equal(weekPosition(Date.UTC(2026, 11, 2, 2, 30) / 1000).second, (2 * 24 + 10.5) * 3600)
    assert.equal(weekStart(weekPosition(MONDAY).week), MONDAY)
  })

  test('the office day: quiet night, morning peak, lunch dip, afternoon peak, quiet weekend', ({ assert }) => {
    const wed = (h: number, m = 0) => baseLevel('office', minuteOf(2, h, m))
    assert.isBelow(wed(3), 0.1)
    assert.isAbove(wed(10, 30), 0.95)
    assert.isBelow(wed(12, 45), 0.6)
    assert.isAbove(wed(14, 30), 0.9)
    assert.isBelow(wed(21), 0.2)
    assert.isBelow(baseLevel('office', minuteOf(5, 10, 30)), 0.2)
    assert.isBelow(baseLevel('office', minuteOf(6, 14, 30)), 0.2)
    // An uplink never goes as quiet as one office; the replication uplink fills up at night.
    assert.isAbove(baseLevel('aggregate', minuteOf(2, 3)), 0.15)
    assert.isAbove(baseLevel('replication', minuteOf(2, 3)), 0.95)
    assert.isBelow(baseLevel('replication', minuteOf(2, 6)), 0.3)
  })

  test('templates stay within full scale, differ from each other and are the same for the same seed', ({ assert }) => {
    const a = buildTemplates('seed-a')
    const again = buildTemplates('seed-a')
    for (const kind of ['office', 'aggregate', 'replication'] as const) {
      for (const t of a[kind]) {
        assert.equal(t.shape.length, MINUTES_PER_WEEK)
        assert.isAtMost(Math.max(...t.shape), FULL_SCALE)
      }
    }
    assert.deepEqual([...a.office[0].shape], [...again.office[0].shape])
    assert.notDeepEqual([...a.office[0].shape], [...a.office[1].shape])
    // Noise, but the curve is still the curve: the mid-morning hour of a weekday is several times
    // the 03:00 hour in every office template.
    for (const t of a.office) {
      const mean = (from: number, to: number) => t.shape.slice(from, to).reduce((s, x) => s + x, 0) / (to - from)
      assert.isAbove(mean(minuteOf(1, 10), minuteOf(1, 11)), 5 * mean(minuteOf(1, 3), minuteOf(1, 4)))
    }
  })

  test('units are exact sums of the template, continuous across minutes and weeks', ({ assert }) => {
    const t = buildTemplate('office', createRandom('units'))
    const m = minuteOf(2, 10, 17)
    const start = MONDAY + m * 60
    assert.equal(unitsAt(t, start + 60) - unitsAt(t, start), 60 * t.shape[m])
    assert.equal(unitsAt(t, start + 7) - unitsAt(t, start), 7 * t.shape[m])
    assert.equal(unitsAt(t, MONDAY + WEEK_SECONDS) - unitsAt(t, MONDAY), t.weekUnits)
    assert.equal(unitsAt(t, MONDAY) - unitsAt(t, MONDAY - 1), t.shape[MINUTES_PER_WEEK - 1])
    assert.isTrue(Number.isSafeInteger(unitsAt(t, MONDAY + 50 * WEEK_SECONDS)))
  })
})

function flatTemplate(level: number) {
  return templateFromShape('office', new Uint16Array(MINUTES_PER_WEEK).fill(Math.round(level * FULL_SCALE)))
}

test.group('Simulated traffic: counters', () => {
  test('bytes follow line speed × load × level, and a minute of them gives the utilisation back', ({ assert }) => {
    // A 10 Mbit/s line at half load on a flat 80% day: 4 Mbit/s, 500,000 bytes a second.
    const flow = new Flow({ template: flatTemplate(0.8), phaseSeconds: 0, lineBitsPerSecond: 10e6, load: 0.5 })
    const boot = MONDAY - 86_400
    const t = MONDAY + 3600
    const a = flow.since(boot, t).bytes
    const b = flow.since(boot, t + 60).bytes
    assert.equal(b - a, 60n * 500_000n)
    assert.closeTo(flow.utilisationAt(t), 0.4, 1e-9)
    // The same through the collector's own arithmetic.
    assert.equal(counterDelta(a, b, 64).delta, 30_000_000n)
  })

  test('a real template: each minute carries what its level says', ({ assert }) => {
    const template = buildTemplate('office', createRandom('minutes'))
    const flow = new Flow({ template, phaseSeconds: 0, lineBitsPerSecond: 100e6, load: 0.7 })
    const bytesPerSecondAtFull = (100e6 / 8) * 0.7
    for (const m of [minuteOf(0, 3), minuteOf(2, 10, 30), minuteOf(4, 15), minuteOf(6, 12)]) {
      const at = MONDAY + m * 60
      const delta = Number(flow.since(MONDAY - 7 * 86_400, at + 60).bytes - flow.since(MONDAY - 7 * 86_400, at).bytes)
      const expected = (template.shape[m] / FULL_SCALE) * bytesPerSecondAtFull * 60
      assert.closeTo(delta, expected, 2)
    }
  })

  test('Counter64 never goes backwards: random instants, outages, congestion, week ends', ({ assert }) => {
    const random = createRandom('monotonic')
    const template = buildTemplate('aggregate', random.fork('t'))
    const windows: FlowWindow[] = [
      { start: 3600, end: 3800, level: null },
      { start: 40_000, end: 40_600, level: 0.95, discards: 5000 },
      { start: 90_000, end: 90_300, errors: 12_345 },
      // Runs past Sunday midnight into Monday.
      { start: WEEK_SECONDS - 120, end: WEEK_SECONDS + 180, level: null },
    ]
    const flow = new Flow({ template, phaseSeconds: -1800, lineBitsPerSecond: 10e9, load: 0.9, errorsPerByte: 1e-9, windows })
    const boot = MONDAY - 30 * 86_400
    const instants = new Set<number>()
    for (let i = 0; i < 3000; i++) instants.add(MONDAY - 2 * WEEK_SECONDS + Math.floor(random.next() * 4 * WEEK_SECONDS))
    // Every second around each window edge and the week's end, where rounding would show.
    for (const w of windows) for (const edge of [w.start, w.end]) for (let d = -3; d <= 3; d++) instants.add(MONDAY + edge + d)
    for (let d = -200; d <= 200; d++) instants.add(MONDAY + WEEK_SECONDS + d)
    const sorted = [...instants].sort((a, b) => a - b)
    let previous = flow.since(boot, sorted[0])
    for (const t of sorted.slice(1)) {
      const now = flow.since(boot, t)
      assert.isTrue(now.bytes >= previous.bytes, `bytes went back at ${t}`)
      assert.isAtLeast(now.errors, previous.errors)
      assert.isAtLeast(now.discards, previous.discards)
      previous = now
    }
  })

  test('a link that is down counts nothing; a congested one runs at its level; windows repeat weekly', ({ assert }) => {
    const windows: FlowWindow[] = [
      { start: 7200, end: 7500, level: null },
      { start: 10_000, end: 10_600, level: 0.96 },
    ]
    const template = buildTemplate('office', createRandom('windows'))
    const flow = new Flow({ template, phaseSeconds: 600, lineBitsPerSecond: 1e9, load: 0.5, windows })
    const boot = MONDAY - 3 * WEEK_SECONDS
    for (const week of [0, 1, 5]) {
      const base = MONDAY + week * WEEK_SECONDS
      assert.equal(flow.since(boot, base + 7490).bytes, flow.since(boot, base + 7200).bytes)
      assert.isAbove(Number(flow.since(boot, base + 7560).bytes - flow.since(boot, base + 7500).bytes), 0)
      const congested = Number(flow.since(boot, base + 10_400).bytes - flow.since(boot, base + 10_100).bytes)
      assert.closeTo((congested * 8) / 300 / 1e9, 0.96, 0.001)
      assert.equal(flow.utilisationAt(base + 7300), 0)
      assert.closeTo(flow.utilisationAt(base + 10_300), 0.96, 1e-9)
    }
  })

  test('error bursts add their count over the window, evenly, once per week', ({ assert }) => {
    const flow = new Flow({
      template: flatTemplate(0.5),
      phaseSeconds: 0,
      lineBitsPerSecond: 1e6,
      load: 1,
      windows: [{ start: 1000, end: 1100, errors: 500 }],
    })
    const boot = MONDAY - 10
    const e = (s: number) => flow.since(boot, MONDAY + s).errors
    assert.equal(e(999), 0)
    assert.equal(e(1050), 250)
    assert.equal(e(1100), 500)
    assert.equal(e(5000), 500)
    assert.equal(flow.since(boot, MONDAY + WEEK_SECONDS + 1100).errors, 1000)
  })

  test('overlapping windows are refused', ({ assert }) => {
    assert.throws(
      () =>
        new Flow({
          template: flatTemplate(0.5),
          phaseSeconds: 0,
          lineBitsPerSecond: 1e6,
          load: 0.5,
          windows: [
            { start: 100, end: 200, level: null },
            { start: 150, end: 300, level: 0.9 },
          ],
        }),
      /overlap/
    )
  })
})

test.group('Simulated traffic: counter encodings and wrap', () => {
  test('Counter64 wraps at 2^64 from an offset, and the collector measures across the wrap', ({ assert }) => {
    const offset = TWO_64 - 1_000_000n
    const before = counter64(900_000n, offset)
    const after = counter64(1_500_000n, offset)
    assert.equal(before, TWO_64 - 100_000n)
    assert.equal(after, 500_000n)
    assert.deepEqual(counterDelta(before, after, 64), { delta: 600_000n, wrapped: true })
  })

  test('32-bit counters wrap at 2^32', ({ assert }) => {
    assert.equal(counter32(2 ** 32 + 5), 5)
    assert.equal(counter32((1n << 32n) * 3n + 7n), 7)
  })

  test('Counter64 bytes are minimal BER and decode back to the same value', ({ assert }) => {
    for (const value of [0n, 1n, 127n, 128n, 255n, 256n, 1n << 63n, TWO_64 - 1n, 123_456_789_012_345n]) {
      const bytes = counter64Bytes(value)
      assert.equal(counter64ToBigInt(bytes), value)
      assert.isBelow(bytes[0], 0x80, 'a leading byte with the top bit set would read as negative')
      if (bytes.length > 1) assert.isFalse(bytes[0] === 0 && bytes[1] < 0x80, `${value} has a needless leading zero`)
    }
    assert.equal(counter64Bytes(TWO_64 - 1n).length, 9)
    assert.throws(() => counter64Bytes(TWO_64))
  })
})
