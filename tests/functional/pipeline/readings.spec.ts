import { test } from '@japa/runner'
import { computeRates } from '#collectors/snmp/rates'
import type { InterfaceSample, InterfaceSnapshot } from '#collectors/snmp/interfaces'
import { decodeSnapshot, encodeSnapshot } from '#collectors/polling/wire'
import { phaseOf } from '#collectors/polling/schedule'
import { slotOf } from '#collectors/polling/collector'
import { linkReadings, utilisation } from '#app/monitoring/ingest/link_readings'
import { interfaceSample } from '#tests/support/interface_sample'

const sample = (ifIndex: number, attrs: Partial<InterfaceSample> = {}) => interfaceSample({ ...attrs, ifIndex })

function snapshot(at: number, interfaces: InterfaceSample[], sysUpTime = at / 10): InterfaceSnapshot {
  return { device: '7', polledAt: new Date(at), sysUpTime, interfaces: new Map(interfaces.map((i) => [i.ifIndex, i])), anomalies: [] }
}

test.group('pipeline readings: from snapshots to samples and observations', () => {
  test('a snapshot crosses the queue and back unchanged, 64-bit counters included', ({ assert }) => {
    const max = (1n << 64n) - 1n
    const original = snapshot(1_800_000_000_000, [sample(3, { inOctets: max, outOctets: 12345678901234567890n }), sample(9, { inOctets: null })])
    const wire = JSON.parse(JSON.stringify(encodeSnapshot(original)))
    assert.equal(wire.interfaces[0].inOctets, '18446744073709551615')
    assert.deepEqual(decodeSnapshot('7', wire), original)
    assert.throws(() => decodeSnapshot('7', { ...wire, interfaces: [{ ...wire.interfaces[0], inOctets: '-1' }] }), /not a decimal counter/)
    assert.throws(() => decodeSnapshot('7', { ...wire, polledAt: 'yesterday' }), /polledAt/)
  })

  test('utilisation is measured against the smaller of port speed and contracted bandwidth, capped at 1', ({ assert }) => {
    const rate = { speedBitsPerSecond: 1e9 } as any
    assert.closeTo(utilisation(5e6, rate, 10_240)!, 5e6 / 10_240_000, 1e-12)
    assert.closeTo(utilisation(5e8, rate, 10_000_000)!, 0.5, 1e-12, 'a 10 Gbit/s contract on a 1 Gbit/s port fills at 1 Gbit/s')
    assert.equal(utilisation(2e7, rate, 10_240), 1, 'a burst above the contract reads as full, not as 195%')
    assert.isNull(utilisation(null, rate, 10_240))
    assert.closeTo(utilisation(1e6, undefined, 2048)!, 1e6 / 2_048_000, 1e-12)
    assert.isNull(utilisation(1e6, { speedBitsPerSecond: null } as any, null))
  })

  test('links get rates from consecutive snapshots; a missing interface reads notPresent; no rates on the first poll', ({ assert }) => {
    const t0 = 1_800_000_000_000
    const before = snapshot(t0, [sample(1), sample(2, { operStatus: 7, adminStatus: 1 })])
    const after = snapshot(t0 + 60_000, [
      sample(1, { inOctets: 75_000_000n, outOctets: 7_500_000n, inErrors: 30, outErrors: 30 }),
      sample(2, { operStatus: 7, adminStatus: 1 }),
    ])
    const links = [
      { id: 11, deviceId: 7, ifIndex: 1, bandwidthKbps: 100_000 },
      { id: 12, deviceId: 7, ifIndex: 2, bandwidthKbps: 100_000 },
      { id: 13, deviceId: 7, ifIndex: 42, bandwidthKbps: 100_000 },
    ]
    const { samples, observations } = linkReadings(after, computeRates(before, after), links)
    assert.deepInclude(samples[0], { link_id: 11, in_bps: 10_000_000, out_bps: 1_000_000, oper_status: 1 })
    assert.closeTo(samples[0].in_util!, 0.1, 1e-12)
    assert.deepInclude(observations[0], { linkId: 11, reachable: true, operStatus: 'up', adminStatus: 'up', errorRate: 1 })
    assert.deepInclude(observations[1], { linkId: 12, operStatus: 'lowerLayerDown', adminStatus: 'up' })
    assert.deepInclude(samples[2], { link_id: 13, oper_status: 6, in_bps: null })
    assert.deepInclude(observations[2], { linkId: 13, operStatus: 'notPresent' })
    assert.equal(samples[0].at, after.polledAt)

    const first = linkReadings(after, null, links)
    assert.isNull(first.samples[0].in_bps)
    assert.isNull(first.observations[0].inUtil)
    assert.equal(first.observations[0].operStatus, 'up')
  })

  test('spread phases cover the interval evenly; a scheduler job is due at the slot in its id', ({ assert }) => {
    const every = 60_000
    const buckets = new Array(6).fill(0)
    for (let id = 1; id <= 600; id++) {
      const phase = phaseOf(id, every)
      assert.isTrue(phase >= 1 && phase < every)
      buckets[Math.floor(phase / 10_000)]++
    }
    for (const n of buckets) assert.isTrue(n > 60 && n < 140, `ten-second buckets hold ${buckets.join(', ')}`)
    assert.equal(phaseOf(17, every), phaseOf(17, every))
    assert.equal(slotOf({ id: 'repeat:device-4:1800000060000', timestamp: 1_800_000_000_100, delay: 0, repeatJobKey: 'device-4' }), 1_800_000_060_000)
    assert.equal(slotOf({ id: '981', timestamp: 1_800_000_000_100, delay: 0, repeatJobKey: undefined }), 1_800_000_000_100)
  })
})
