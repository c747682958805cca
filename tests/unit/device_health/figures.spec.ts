import { test } from '@japa/runner'
import snmp, { type Varbind } from 'net-snmp'
import {
  counterDelta,
  cpuFromProcessorLoads,
  cpuFromTicks,
  fullestStorage,
  healthFigures,
  hottest,
  memoryPercent,
  storagePercent,
} from '#app/device_health/figures'
import { anyKnown, crossedThresholds, stepHealth, DEFAULT_HEALTH_POLICIES } from '#app/device_health/health_rules'
import { HEALTH_COLUMNS, HEALTH_SCALARS, healthFrom, sensorValue, type HealthReading, type StorageReading } from '#collectors/snmp/device_health'
import { message } from '#app/core/messages'
import { SimHealth } from '#app/demo/sim/health'

const T = snmp.ObjectType
const ticks = (user: number, system: number, idle: number, extra: Partial<Record<'nice' | 'wait' | 'steal', number>> = {}) => ({
  user,
  nice: extra.nice ?? 0,
  system,
  idle,
  wait: extra.wait ?? 0,
  steal: extra.steal ?? null,
})
const storage = (kind: StorageReading['kind'], size: number, used: number, unitBytes = 4096, index = 1): StorageReading => ({
  index,
  kind,
  descr: kind,
  unitBytes,
  size,
  used,
})
const reading = (over: Partial<HealthReading> = {}): HealthReading => ({
  uptimeCs: 100_000,
  processorLoads: [],
  cpuTicks: null,
  load1: null,
  memory: null,
  storages: [],
  temperatures: [],
  absent: [],
  anomalies: [],
  ...over,
})

test.group('device health figures', () => {
  test('CPU from ssCpuRaw deltas: busy (user + nice + system + steal) over busy + idle + wait', ({ assert }) => {
    // 4 cores over 60 s = 24,000 ticks: 6,000 busy (4,200 user, 1,800 system), 18,000 idle.
    assert.equal(cpuFromTicks(ticks(1000, 500, 10_000), ticks(5200, 2300, 28_000)), 25)
    // I/O wait is idle time, steal is busy time (the hypervisor ran someone else).
    assert.equal(cpuFromTicks(ticks(10, 0, 10, { wait: 0, steal: 0 }), ticks(110, 0, 210, { wait: 100, steal: 100 })), 40)
    // Nothing moved, a counter missing, or a reboot in between: no figure, never 0%.
    assert.isNull(cpuFromTicks(ticks(1, 1, 1), ticks(1, 1, 1)))
    assert.isNull(cpuFromTicks({ ...ticks(1, 1, 1), idle: null }, ticks(2, 2, 2)))
    assert.isNull(cpuFromTicks(ticks(1, 1, 1), ticks(50, 50, 50), true))
    // snmpd answers zeros until its CPU cache first loads: the next reading is not an interval's.
    assert.isNull(cpuFromTicks(ticks(0, 0, 0), ticks(235_620, 85_650, 193_782)))
  })

  test('Counter32 wraps once between polls and the delta stays right', ({ assert }) => {
    assert.equal(counterDelta(4_294_967_000, 704), 1000)
    assert.equal(counterDelta(10, 25), 15)
    // user wrapped: 296 + 704 = 1000 busy of 4000 ticks.
    assert.equal(cpuFromTicks(ticks(4_294_967_000, 0, 5000), ticks(704, 0, 8000)), 25)
    // Every counter "wrapping" at once is a restart of the counters, not four wraps.
    assert.isNull(cpuFromTicks(ticks(3_000_000_000, 3_000_000_000, 3_000_000_000), ticks(5, 5, 5)))
  })

  test('hrProcessorLoad is averaged over the processors; nonsense values are left out', ({ assert }) => {
    assert.equal(cpuFromProcessorLoads([10, 20, 30, 40]), 25)
    assert.equal(cpuFromProcessorLoads([50, 101, -1]), 50)
    assert.isNull(cpuFromProcessorLoads([]))
  })

  test('storage percent is used/size of one row; the fullest fixed disk or flash counts, never RAM or removable media', ({ assert }) => {
    assert.equal(storagePercent({ size: 1000, used: 250 }), 25)
    assert.equal(storagePercent({ size: 3, used: 1 }), 33.33)
    assert.isNull(storagePercent({ size: 0, used: 0 }))
    const fullest = fullestStorage([
      storage('ram', 1000, 990, 1024, 1),
      storage('fixed', 1000, 400, 4096, 31),
      storage('flash', 2000, 1800, 4096, 32),
      storage('removable', 10, 10, 4096, 40),
    ])
    assert.deepEqual(fullest, { pct: 90, usedBytes: 1800 * 4096, sizeBytes: 2000 * 4096, descr: 'flash' })
    assert.isNull(fullestStorage([storage('ram', 10, 9)]))
  })

  test('memory: 1 - memAvailReal / memTotalReal with UCD-SNMP-MIB, the hrStorage RAM row without it', ({ assert }) => {
    assert.deepEqual(memoryPercent({ memory: { totalKb: 8_000_000, availKb: 2_000_000, bufferKb: null, cachedKb: null }, storages: [] }), {
      pct: 75,
      totalBytes: 8_000_000 * 1024,
    })
    assert.deepEqual(memoryPercent({ memory: null, storages: [storage('ram', 4000, 1000, 1024)] }), { pct: 25, totalBytes: 4000 * 1024 })
    assert.isNull(memoryPercent({ memory: null, storages: [] }))
  })

  test('the hottest working sensor; a failed sensor is not believed', ({ assert }) => {
    assert.equal(hottest({ temperatures: [{ index: 1, celsius: 41.26, ok: true }, { index: 2, celsius: 99, ok: false }] }), 41.3)
    assert.isNull(hottest({ temperatures: [] }))
    // ENTITY-SENSOR-MIB: value 412, scale units (9), precision 1 → 41.2; scale milli (8), precision 0 → 0.412.
    assert.closeTo(sensorValue(412, 9, 1), 41.2, 1e-9)
    assert.closeTo(sensorValue(412, 8, 0), 0.412, 1e-9)
  })

  test('a poll prefers CPU from the counters since the previous poll; the first poll, or after a reboot, hrProcessorLoad', ({ assert }) => {
    const before = reading({ uptimeCs: 100_000, cpuTicks: ticks(1000, 500, 10_000), processorLoads: [80, 80] })
    const after = reading({ uptimeCs: 106_000, cpuTicks: ticks(5200, 2300, 28_000), processorLoads: [80, 80] })
    assert.include(healthFigures(after, before), { cpuPct: 25, cpuSource: 'ticks', uptimeS: 1060 })
    assert.include(healthFigures(after, null), { cpuPct: 80, cpuSource: 'processor_load' })
    const rebooted = reading({ uptimeCs: 500, cpuTicks: ticks(10, 10, 100), processorLoads: [5] })
    assert.include(healthFigures(rebooted, after), { cpuPct: 5, cpuSource: 'processor_load' })
    assert.include(healthFigures(reading({ uptimeCs: null }), null), { cpuPct: null, cpuSource: null, uptimeS: null })
  })

  test('varbinds of one walk become a reading; an absent MIB is named, not an error', ({ assert }) => {
    const vb = (oid: string, type: number, value: unknown) => ({ oid, type, value }) as Varbind
    const scalarNames = Object.keys(HEALTH_SCALARS) as Array<keyof typeof HEALTH_SCALARS>
    // The agent has HOST-RESOURCES-MIB only: each UCD scalar's GETNEXT lands on some later object.
    const scalars = scalarNames.map((name) =>
      name === 'hrSystemUptime' ? vb(`${HEALTH_SCALARS.hrSystemUptime}.0`, T.TimeTicks, 123_456) : vb('1.3.6.1.6.3.1.1.4.1.0', T.Integer, 7)
    )
    const column = (name: keyof typeof HEALTH_COLUMNS, rows: Array<[number, number, unknown]>) =>
      [HEALTH_COLUMNS[name], new Map(rows.map(([index, type, value]) => [String(index), vb(`${HEALTH_COLUMNS[name]}.${index}`, type, value)]))] as const
    const columns = new Map([
      column('hrProcessorLoad', [[196608, T.Integer, 12], [196609, T.Integer, 18]]),
      column('hrStorageType', [[1, T.OID, '1.3.6.1.2.1.25.2.1.2'], [31, T.OID, '1.3.6.1.2.1.25.2.1.4']]),
      column('hrStorageDescr', [[1, T.OctetString, Buffer.from('Physical memory')], [31, T.OctetString, Buffer.from('/')]]),
      column('hrStorageAllocationUnits', [[1, T.Integer, 1024], [31, T.Integer, 4096]]),
      column('hrStorageSize', [[1, T.Integer, 16_000_000], [31, T.Integer, 1_000_000]]),
      column('hrStorageUsed', [[1, T.Integer, 4_000_000], [31, T.Integer, 620_000]]),
    ])
    const health = healthFrom(scalars, columns)
    assert.deepEqual(health.absent, ['ucd', 'entity_sensor'])
    assert.equal(health.uptimeCs, 123_456)
    assert.deepEqual(health.processorLoads, [12, 18])
    assert.isNull(health.memory)
    assert.isNull(health.cpuTicks)
    const figures = healthFigures(health, null)
    assert.include(figures, { cpuPct: 15, memoryPct: 25, storagePct: 62, temperatureC: null })
  })
})

test.group('device health thresholds', () => {
  const router = DEFAULT_HEALTH_POLICIES.router
  const figures = (cpuPct: number | null, memoryPct: number | null = 50, storagePct: number | null = 50, temperatureC: number | null = 40) => ({
    cpuPct,
    cpuSource: null,
    load1: null,
    memoryPct,
    memoryTotalBytes: null,
    storagePct,
    storageUsedBytes: null,
    storageSizeBytes: null,
    temperatureC,
    uptimeS: null,
  })

  test('a figure at or above its threshold is crossed, worded in both languages', ({ assert }) => {
    assert.deepEqual(crossedThresholds(figures(90), router), [{ key: 'device_health.cpu', params: { value: 90, threshold: 90 } }])
    assert.deepEqual(crossedThresholds(figures(89.99), router), [])
    const all = crossedThresholds(figures(97.26, 95, 91, 75), router)
    assert.deepEqual(all.map((r) => r.key), ['device_health.cpu', 'device_health.memory', 'device_health.storage', 'device_health.temperature'])
    assert.equal(message('device_health.cpu', all[0].params).in('en'), 'CPU 97.3% at or above 90%')
    assert.equal(message('device_health.cpu', all[0].params).in('zh-TW'), 'CPU 使用率 97.3%，達 90% 門檻')
    assert.equal(message('device_health.temperature', all[3].params).in('zh-TW'), '溫度 75 °C，達 70 °C 門檻')
  })

  test('the incident opens at the sustainPolls-th poll in a row, once; one clear poll settles it; unknown changes nothing', ({ assert }) => {
    const crossed = crossedThresholds(figures(95), router)
    let memory = { breachPolls: 0, openIncident: false }
    const actions: string[] = []
    for (let poll = 0; poll < 7; poll++) {
      const step = stepHealth(memory, crossed, router, true)
      actions.push(step.action)
      memory = { breachPolls: step.breachPolls, openIncident: memory.openIncident || step.action === 'open' }
    }
    assert.deepEqual(actions, ['none', 'none', 'none', 'none', 'open', 'none', 'none'])
    assert.deepEqual(stepHealth(memory, [], router, false), { action: 'none', breachPolls: 7 })
    assert.deepEqual(stepHealth(memory, [], router, true), { action: 'settle', breachPolls: 0 })
    // A dip below resets the count: four busy polls, one calm, four busy open nothing.
    let m = { breachPolls: 4, openIncident: false }
    m = { breachPolls: stepHealth(m, [], router, true).breachPolls, openIncident: false }
    assert.equal(m.breachPolls, 0)
    assert.isFalse(anyKnown(figures(null, null, null, null)))
  })
})

test.group('simulated device health', () => {
  test('the ssCpuRaw counters are the integral of the CPU curve: deltas give the mean over the interval', ({ assert }) => {
    const h = new SimHealth('sim-health-unit', 'router')
    const boot = 1_790_000_000
    for (const t of [boot + 86_400, boot + 3 * 86_400 + 1234]) {
      const a = h.readingAt(t, boot)
      const b = h.readingAt(t + 60, boot)
      const cpu = cpuFromTicks({ ...a.ticks, steal: null }, { ...b.ticks, steal: null })!
      assert.closeTo(cpu, h.meanCpu(t, t + 60), 0.05)
      assert.closeTo(cpu, h.cpuAt(t + 30), 1)
    }
  })

  test('about one router in five leaks: its CPU climbs through the week, crosses 90% and drops back', ({ assert }) => {
    const leaking = Array.from({ length: 200 }, (_, i) => new SimHealth(`sim-r-${i}`, 'router')).filter((h) => h.leak > 0)
    assert.isAbove(leaking.length, 20)
    assert.isBelow(leaking.length, 70)
    const h = leaking[0]
    const restart = h.leakPhase + 10 * 7 * 86_400
    // Same time of day, a day apart: every day higher than the one before until the restart.
    const daily = [1, 2, 3, 4, 5, 6].map((d) => h.cpuAt(restart + d * 86_400))
    for (let d = 1; d < daily.length; d++) assert.isAbove(daily[d], daily[d - 1])
    const peak = Math.max(...Array.from({ length: 24 }, (_, hour) => h.cpuAt(restart + 7 * 86_400 - 1 - hour * 3600)))
    assert.isAtLeast(peak, 90)
    assert.isBelow(h.cpuAt(restart + 7 * 86_400 + 60), 40)
    assert.equal(new SimHealth('sim-s-1', 'switch').leak, 0)
  })
})
