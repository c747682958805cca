import { test } from '@japa/runner'
import type { InterfaceSample, InterfaceSnapshot } from '#collectors/snmp/interfaces'
import { computeRates, counterDelta, interfaceSpeed, restartedBetween } from '#collectors/snmp/rates'
import { interfaceSample } from '#tests/support/interface_sample'

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0)
const TWO_64 = 1n << 64n

const sample = (overrides: Partial<InterfaceSample> = {}) => interfaceSample(overrides)

/** A poll at T0 + seconds, with sysUpTime in seconds, holding the given interfaces. */
function snap(seconds: number, uptimeSeconds: number | null, interfaces: InterfaceSample[]): InterfaceSnapshot {
  return {
    device: 'r1',
    polledAt: new Date(T0 + seconds * 1000),
    sysUpTime: uptimeSeconds === null ? null : Math.round(uptimeSeconds * 100),
    interfaces: new Map(interfaces.map((i) => [i.ifIndex, i])),
    anomalies: [],
  }
}

test.group('SNMP rates: counter deltas', () => {
  test('a counter that moved forward gives its difference', ({ assert }) => {
    assert.deepEqual(counterDelta(1000n, 6000n, 64), { delta: 5000n, wrapped: false })
    assert.deepEqual(counterDelta(7n, 7n, 32), { delta: 0n, wrapped: false })
  })

  test('a 64-bit counter near 2^64 that comes back small wrapped', ({ assert }) => {
    assert.deepEqual(counterDelta(TWO_64 - 100n, 400n, 64), { delta: 500n, wrapped: true })
    assert.deepEqual(counterDelta(TWO_64 - 1n, 0n, 64), { delta: 1n, wrapped: true })
  })

  test('a 32-bit counter wraps at 2^32', ({ assert }) => {
    assert.deepEqual(counterDelta(4_294_967_000n, 704n, 32), { delta: 1000n, wrapped: true })
  })

  test('a counter that fell from a small value was reset, not wrapped', ({ assert }) => {
    assert.deepEqual(counterDelta(5_000_000n, 1000n, 64), { delta: null, wrapped: false })
    assert.deepEqual(counterDelta(1_000_000n, 10n, 32), { delta: null, wrapped: false })
  })

  test('readings outside the counter range are refused', ({ assert }) => {
    assert.isNull(counterDelta(0n, TWO_64, 64).delta)
    assert.isNull(counterDelta(0n, 1n << 32n, 32).delta)
    assert.isNull(counterDelta(-1n, 5n, 64).delta)
  })
})

test.group('SNMP rates: interface speed', () => {
  test('ifHighSpeed for fast interfaces, where ifSpeed saturates', ({ assert }) => {
    assert.equal(interfaceSpeed({ speed: 4_294_967_295, highSpeed: 10_000 }), 10e9)
    assert.equal(interfaceSpeed({ speed: 4_294_967_295, highSpeed: 100_000 }), 100e9)
  })

  test('ifSpeed for slow lines that ifHighSpeed rounds away', ({ assert }) => {
    assert.equal(interfaceSpeed({ speed: 512_000, highSpeed: 0 }), 512_000)
    assert.equal(interfaceSpeed({ speed: 2_048_000, highSpeed: 2 }), 2_048_000)
    assert.equal(interfaceSpeed({ speed: 1e9, highSpeed: 1000 }), 1e9)
  })

  test('no speed when both are zero or absent', ({ assert }) => {
    assert.isNull(interfaceSpeed({ speed: 0, highSpeed: 0 }))
    assert.isNull(interfaceSpeed({ speed: null, highSpeed: null }))
    assert.isNull(interfaceSpeed({ speed: 4_294_967_295, highSpeed: 0 }))
  })
})

test.group('SNMP rates: restarts from sysUpTime', () => {
  test('uptime advancing with real time is no restart', ({ assert }) => {
    assert.isFalse(restartedBetween({ sysUpTime: 100_000 }, { sysUpTime: 106_000 }, 60))
    // a second of poll jitter either way
    assert.isFalse(restartedBetween({ sysUpTime: 100_000 }, { sysUpTime: 105_900 }, 60))
  })

  test('uptime going backwards is a restart', ({ assert }) => {
    assert.isTrue(restartedBetween({ sysUpTime: 100_000 }, { sysUpTime: 2_000 }, 60))
  })

  test('uptime advancing much less than real time is a restart hidden by a long gap', ({ assert }) => {
    // 10 s of uptime before; an hour later the device has been up only 40 minutes.
    assert.isTrue(restartedBetween({ sysUpTime: 1_000 }, { sysUpTime: 240_000 }, 3600))
  })

  test('TimeTicks wrapping at 2^32 after 497 days on time is no restart', ({ assert }) => {
    const before = 2 ** 32 - 3000 // 30 s before the wrap
    assert.isFalse(restartedBetween({ sysUpTime: before }, { sysUpTime: 3000 }, 60))
  })

  test('unknown uptime cannot show a restart', ({ assert }) => {
    assert.isFalse(restartedBetween({ sysUpTime: null }, { sysUpTime: 10 }, 60))
  })
})

test.group('SNMP rates: computeRates', () => {
  test('bits per second and utilisation from two polls a minute apart', ({ assert }) => {
    const before = snap(0, 1000, [sample({ inOctets: 1_000_000n, outOctets: 5_000_000n, inErrors: 10, outDiscards: 4 })])
    // 750 MB in = 100 Mbit/s over 60 s; 3.75 GB out = 500 Mbit/s.
    const after = snap(60, 1060, [
      sample({ inOctets: 1_000_000n + 750_000_000n, outOctets: 5_000_000n + 3_750_000_000n, inErrors: 70, outDiscards: 4 }),
    ])
    const rates = computeRates(before, after)
    const r = rates.interfaces.get(1)!
    assert.equal(rates.elapsedSeconds, 60)
    assert.isFalse(rates.restarted)
    assert.equal(rates.missedPolls, 0)
    assert.equal(r.inBitsPerSecond, 100e6)
    assert.equal(r.outBitsPerSecond, 500e6)
    assert.equal(r.speedBitsPerSecond, 1e9)
    assert.closeTo(r.inUtilisation!, 0.1, 1e-12)
    assert.closeTo(r.outUtilisation!, 0.5, 1e-12)
    assert.equal(r.inErrorsPerSecond, 1)
    assert.equal(r.outDiscardsPerSecond, 0)
    assert.deepEqual(r.flags, [])
  })

  test('a 64-bit counter wrap gives the true rate, flagged as a wrap', ({ assert }) => {
    const before = snap(0, 1000, [sample({ inOctets: TWO_64 - 250_000_000n, outOctets: 0n })])
    const after = snap(60, 1060, [sample({ inOctets: 500_000_000n, outOctets: 0n })])
    const r = computeRates(before, after).interfaces.get(1)!
    assert.equal(r.inBitsPerSecond, (750_000_000 * 8) / 60)
    assert.include(r.flags, 'in_wrapped')
  })

  test('a device reboot (sysUpTime backwards) gives no rate, not a spike', ({ assert }) => {
    const before = snap(0, 86_400, [sample({ inOctets: 9_000_000_000n, outOctets: 9_000_000_000n })])
    const after = snap(60, 45, [sample({ inOctets: 12_345n, outOctets: 999n })])
    const rates = computeRates(before, after)
    const r = rates.interfaces.get(1)!
    assert.isTrue(rates.restarted)
    assert.isNull(r.inBitsPerSecond)
    assert.isNull(r.outBitsPerSecond)
    assert.isNull(r.inUtilisation)
    assert.isNull(r.inErrorsPerSecond)
    assert.deepEqual(r.flags, ['device_restarted'])
  })

  test('counters reset without the agent restarting are dropped and flagged', ({ assert }) => {
    // "clear counters" on the router: uptime runs on, octets fall back near zero.
    const before = snap(0, 1000, [sample({ inOctets: 8_000_000_000n, outOctets: 100n, inErrors: 500 })])
    const after = snap(60, 1060, [sample({ inOctets: 1_000n, outOctets: 7_500_100n, inErrors: 0 })])
    const r = computeRates(before, after).interfaces.get(1)!
    assert.isNull(r.inBitsPerSecond)
    assert.include(r.flags, 'in_backwards')
    assert.equal(r.outBitsPerSecond, 1e6)
    assert.isNull(r.inErrorsPerSecond)
    assert.include(r.flags, 'errors_dropped')
  })

  test('missed polls: the rate is over the real elapsed time, and the gap is counted', ({ assert }) => {
    const before = snap(0, 1000, [sample({ inOctets: 0n })])
    // Three polls missed: 240 s later, 240 MB arrived = 8 Mbit/s on average.
    const after = snap(240, 1240, [sample({ inOctets: 240_000_000n })])
    const rates = computeRates(before, after, { intervalMs: 60_000 })
    const r = rates.interfaces.get(1)!
    assert.equal(rates.missedPolls, 3)
    assert.equal(r.inBitsPerSecond, 8e6)
    assert.include(r.flags, 'gap')
  })

  test('a poll a few seconds late is not a gap', ({ assert }) => {
    const rates = computeRates(snap(0, 1000, [sample()]), snap(63, 1063, [sample()]), { intervalMs: 60_000 })
    assert.equal(rates.missedPolls, 0)
    assert.notInclude(rates.interfaces.get(1)!.flags, 'gap')
  })

  test('ifHighSpeed 0 and ifSpeed 0: rates but no utilisation', ({ assert }) => {
    const before = snap(0, 1000, [sample({ highSpeed: 0, speed: 0, inOctets: 0n })])
    const after = snap(60, 1060, [sample({ highSpeed: 0, speed: 0, inOctets: 75_000n })])
    const r = computeRates(before, after).interfaces.get(1)!
    assert.equal(r.inBitsPerSecond, 10_000)
    assert.isNull(r.inUtilisation)
    assert.isNull(r.speedBitsPerSecond)
    assert.include(r.flags, 'no_speed')
  })

  test('a 512 kbit/s legacy line gets its utilisation from ifSpeed', ({ assert }) => {
    const line = { highSpeed: 0, speed: 512_000 }
    const before = snap(0, 1000, [sample({ ...line, inOctets: 0n })])
    const after = snap(60, 1060, [sample({ ...line, inOctets: 1_920_000n })]) // 256 kbit/s
    const r = computeRates(before, after).interfaces.get(1)!
    assert.equal(r.inUtilisation, 0.5)
  })

  test('a contracted speed override is what utilisation is measured against', ({ assert }) => {
    const before = snap(0, 1000, [sample({ inOctets: 0n })])
    const after = snap(60, 1060, [sample({ inOctets: 75_000_000n })]) // 10 Mbit/s on a 1G port
    const r = computeRates(before, after, { speedOverrides: new Map([[1, 20e6]]) }).interfaces.get(1)!
    assert.equal(r.speedBitsPerSecond, 20e6)
    assert.equal(r.inUtilisation, 0.5)
  })

  test('a delta faster than the line is dropped and flagged, the other direction kept', ({ assert }) => {
    const before = snap(0, 1000, [sample({ inOctets: 0n, outOctets: 0n })])
    // 1.5 Gbit/s on a 1 Gbit/s port: impossible.
    const after = snap(60, 1060, [sample({ inOctets: 11_250_000_000n, outOctets: 75_000_000n })])
    const r = computeRates(before, after).interfaces.get(1)!
    assert.isNull(r.inBitsPerSecond)
    assert.isNull(r.inUtilisation)
    assert.include(r.flags, 'in_above_line_rate')
    assert.equal(r.outBitsPerSecond, 10e6)
  })

  test('a little over line rate (timing jitter) is kept with utilisation capped at 1', ({ assert }) => {
    const before = snap(0, 1000, [sample({ inOctets: 0n })])
    const after = snap(60, 1060, [sample({ inOctets: 7_800_000_000n })]) // 1.04 Gbit/s
    const r = computeRates(before, after).interfaces.get(1)!
    assert.equal(r.inBitsPerSecond, 1.04e9)
    assert.equal(r.inUtilisation, 1)
    assert.include(r.flags, 'in_clamped')
  })

  test('with no speed known, only the absolute ceiling rejects a delta', ({ assert }) => {
    const noSpeed = { highSpeed: 0, speed: 0 }
    const before = snap(0, 1000, [sample({ ...noSpeed, inOctets: 0n, outOctets: 0n })])
    const after = snap(60, 1060, [sample({ ...noSpeed, inOctets: 75_000_000_000n, outOctets: 60_000_000_000_000n })])
    const r = computeRates(before, after).interfaces.get(1)!
    assert.equal(r.inBitsPerSecond, 10e9)
    assert.isNull(r.outBitsPerSecond) // 8 Tbit/s
    assert.include(r.flags, 'out_above_line_rate')
  })

  test('32-bit error counters wrap', ({ assert }) => {
    const before = snap(0, 1000, [sample({ inErrors: 4_294_967_290, outErrors: 4_294_967_000 })])
    const after = snap(60, 1060, [sample({ inErrors: 54, outErrors: 304 })])
    const r = computeRates(before, after).interfaces.get(1)!
    assert.equal(r.inErrorsPerSecond, 1)
    assert.equal(r.outErrorsPerSecond, 10)
    assert.include(r.flags, 'errors_wrapped')
  })

  test('more errors than frames the line can carry are dropped', ({ assert }) => {
    // A 2 Mbit/s line carries at most ~3,000 minimum-size frames/s.
    const slow = { highSpeed: 2, speed: 2_000_000 }
    const before = snap(0, 1000, [sample({ ...slow, inErrors: 0 })])
    const after = snap(60, 1060, [sample({ ...slow, inErrors: 60_000_000 })])
    const r = computeRates(before, after).interfaces.get(1)!
    assert.isNull(r.inErrorsPerSecond)
    assert.include(r.flags, 'errors_dropped')
  })

  test('32-bit octet counters (no ifXTable) wrap at 2^32', ({ assert }) => {
    const slow = { highSpeed: 10, speed: 10_000_000, octetBits: 32 as const }
    const before = snap(0, 1000, [sample({ ...slow, inOctets: 4_294_000_000n })])
    const after = snap(60, 1060, [sample({ ...slow, inOctets: 7_533_000n })]) // 8.5 MB across the wrap
    const r = computeRates(before, after).interfaces.get(1)!
    assert.equal(r.inBitsPerSecond, ((4_294_967_296 - 4_294_000_000 + 7_533_000) * 8) / 60)
    assert.include(r.flags, 'in_wrapped')
  })

  test('a 32-bit octet counter on a line that could wrap it twice gives no rate', ({ assert }) => {
    const fast = { highSpeed: 1000, speed: 1e9, octetBits: 32 as const }
    const before = snap(0, 1000, [sample({ ...fast, inOctets: 100n })])
    const after = snap(60, 1060, [sample({ ...fast, inOctets: 200n })])
    const r = computeRates(before, after).interfaces.get(1)!
    assert.isNull(r.inBitsPerSecond)
    assert.include(r.flags, 'in_ambiguous_wrap')
  })

  test('an interface new in this poll has no rate yet', ({ assert }) => {
    const before = snap(0, 1000, [sample()])
    const after = snap(60, 1060, [sample(), sample({ ifIndex: 7, name: 'ge-0/0/7' })])
    const r = computeRates(before, after).interfaces.get(7)!
    assert.deepEqual(r.flags, ['first_sample'])
    assert.isNull(r.inBitsPerSecond)
  })

  test('an ifIndex that now names another interface has no rate', ({ assert }) => {
    const before = snap(0, 1000, [sample({ name: 'ge-0/0/1', inOctets: 5_000_000n })])
    const after = snap(60, 1060, [sample({ name: 'ae0.100', descr: 'ae0.100', inOctets: 100n })])
    assert.deepEqual(computeRates(before, after).interfaces.get(1)!.flags, ['interface_replaced'])
  })

  test('a changed ifCounterDiscontinuityTime voids the interval', ({ assert }) => {
    const before = snap(0, 1000, [sample({ counterDiscontinuityTime: 0, inOctets: 5_000_000n })])
    const after = snap(60, 1060, [sample({ counterDiscontinuityTime: 104_000, inOctets: 6_000_000n })])
    assert.deepEqual(computeRates(before, after).interfaces.get(1)!.flags, ['counter_discontinuity'])
  })

  test('missing counters give null rates, not zero', ({ assert }) => {
    const before = snap(0, 1000, [sample({ inOctets: null, outOctets: 0n })])
    const after = snap(60, 1060, [sample({ inOctets: 100n, outOctets: 750n })])
    const r = computeRates(before, after).interfaces.get(1)!
    assert.isNull(r.inBitsPerSecond)
    assert.equal(r.outBitsPerSecond, 100)
    assert.include(r.flags, 'no_counters')
  })

  test('the same poll twice (no time elapsed) gives no rate', ({ assert }) => {
    const s = snap(0, 1000, [sample()])
    assert.deepEqual(computeRates(s, s).interfaces.get(1)!.flags, ['no_elapsed_time'])
  })
})
