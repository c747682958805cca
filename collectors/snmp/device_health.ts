import type { Varbind } from 'net-snmp'
import type { SnmpSession } from '#collectors/snmp/session'
import { walkColumns } from '#collectors/snmp/interfaces'
import { isException, readInteger, readText } from '#collectors/snmp/values'

/**
 * A device's health as its agent reports it: HOST-RESOURCES-MIB (RFC 2790), Net-SNMP's
 * UCD-SNMP-MIB and ENTITY-SENSOR-MIB (RFC 3433). Protocol only: raw readings, no judgement; the
 * monitoring side turns them into percentages (app/device_health/figures.ts), because CPU from
 * ssCpuRaw needs the previous poll's counters, which only it keeps.
 *
 * Everything is read in one GETBULK walk (more only for long tables): the scalars as
 * non-repeaters, the table columns as repeaters. A MIB the agent does not implement simply
 * answers with OIDs beyond it, so its columns end at once and its scalars come back as some
 * other object: the MIB is named in `absent` and its figures stay null. Nothing fails for it.
 */
const HR = '1.3.6.1.2.1.25'
const UCD = '1.3.6.1.4.1.2021'
const SENSOR = '1.3.6.1.2.1.99.1.1.1'

export const HEALTH_SCALARS = {
  hrSystemUptime: `${HR}.1.1`,
  memTotalReal: `${UCD}.4.5`,
  memAvailReal: `${UCD}.4.6`,
  memBuffer: `${UCD}.4.14`,
  memCached: `${UCD}.4.15`,
  ssCpuRawUser: `${UCD}.11.50`,
  ssCpuRawNice: `${UCD}.11.51`,
  ssCpuRawSystem: `${UCD}.11.52`,
  ssCpuRawIdle: `${UCD}.11.53`,
  ssCpuRawWait: `${UCD}.11.54`,
  ssCpuRawSteal: `${UCD}.11.64`,
} as const
type ScalarName = keyof typeof HEALTH_SCALARS

export const HEALTH_COLUMNS = {
  hrProcessorLoad: `${HR}.3.3.1.2`,
  hrStorageType: `${HR}.2.3.1.2`,
  hrStorageDescr: `${HR}.2.3.1.3`,
  hrStorageAllocationUnits: `${HR}.2.3.1.4`,
  hrStorageSize: `${HR}.2.3.1.5`,
  hrStorageUsed: `${HR}.2.3.1.6`,
  laLoadInt: `${UCD}.10.1.5`,
  entPhySensorType: `${SENSOR}.1`,
  entPhySensorScale: `${SENSOR}.2`,
  entPhySensorPrecision: `${SENSOR}.3`,
  entPhySensorValue: `${SENSOR}.4`,
  entPhySensorOperStatus: `${SENSOR}.5`,
} as const
type ColumnName = keyof typeof HEALTH_COLUMNS

/** hrStorageTypes (RFC 2790, 1.3.6.1.2.1.25.2.1.N) by what the console calls them. */
const STORAGE_KINDS: Record<string, StorageKind> = {
  [`${HR}.2.1.2`]: 'ram',
  [`${HR}.2.1.3`]: 'virtual',
  [`${HR}.2.1.4`]: 'fixed',
  [`${HR}.2.1.5`]: 'removable',
  [`${HR}.2.1.9`]: 'flash',
  [`${HR}.2.1.10`]: 'network',
}
export type StorageKind = 'ram' | 'virtual' | 'fixed' | 'removable' | 'flash' | 'network' | 'other'

export type HealthMib = 'host_resources' | 'ucd' | 'entity_sensor'

export interface StorageReading {
  index: number
  kind: StorageKind
  descr: string | null
  /** Bytes per allocation unit. */
  unitBytes: number
  /** In allocation units. */
  size: number
  used: number
}

/** The ssCpuRaw counters (Counter32, ticks since boot); null where the agent lacks one. */
export interface CpuTicks {
  user: number | null
  nice: number | null
  system: number | null
  idle: number | null
  wait: number | null
  steal: number | null
}

export interface TemperatureReading {
  index: number
  celsius: number
  /** entPhySensorOperStatus ok(1); unavailable or nonoperational sensors are listed as not ok. */
  ok: boolean
}

export interface HealthReading {
  /** hrSystemUptime: centiseconds since the host (not the agent) started. */
  uptimeCs: number | null
  /** hrProcessorLoad per processor: percent busy over the last minute. */
  processorLoads: number[]
  cpuTicks: CpuTicks | null
  /** laLoadInt.1 / 100: the 1-minute load average. */
  load1: number | null
  /** UCD memory, in kB as the MIB gives it. */
  memory: { totalKb: number; availKb: number; bufferKb: number | null; cachedKb: number | null } | null
  storages: StorageReading[]
  temperatures: TemperatureReading[]
  /** MIBs that answered nothing: skipped quietly, counted by the monitoring side. */
  absent: HealthMib[]
  /** Values present but unusable (wrong type, odd index). */
  anomalies: string[]
}

const CELSIUS = 8
const SENSOR_OK = 1
/** entPhySensorScale units(9): each step is a factor of 1000 (RFC 3433 SensorDataScale). */
const SCALE_UNITS = 9

function scalarValue(varbind: Varbind | undefined, base: string, anomalies: string[]): number | null {
  // GETNEXT of the scalar's object: the answer is its .0 instance, or some later object when the
  // agent lacks it.
  if (!varbind || isException(varbind) || varbind.oid !== `${base}.0`) return null
  const r = readInteger(varbind)
  if (r.problem && anomalies.length < 50) anomalies.push(r.problem)
  return r.value
}

function rowIndex(suffix: string): number | null {
  return /^[1-9]\d{0,9}$/.test(suffix) ? Number(suffix) : null
}

/** A sensor value in its scale and precision, in the sensor's unit (degrees for celsius). */
export function sensorValue(value: number, scale: number, precision: number) {
  const exponent = (scale - SCALE_UNITS) * 3 - precision
  return value * 10 ** exponent
}

/** Turns the varbinds of one walk into a reading. Exported for the unit tests. */
export function healthFrom(scalars: Array<Varbind | undefined>, columns: Map<string, Map<string, Varbind>>): HealthReading {
  const anomalies: string[] = []
  const names = Object.keys(HEALTH_SCALARS) as ScalarName[]
  const s = Object.fromEntries(names.map((n, i) => [n, scalarValue(scalars[i], HEALTH_SCALARS[n], anomalies)])) as Record<ScalarName, number | null>
  const column = (name: ColumnName) => columns.get(HEALTH_COLUMNS[name]) ?? new Map<string, Varbind>()
  const numbers = (name: ColumnName) => {
    const out = new Map<number, number>()
    for (const [suffix, varbind] of column(name)) {
      const index = rowIndex(suffix)
      const r = readInteger(varbind)
      if (r.problem && anomalies.length < 50) anomalies.push(r.problem)
      if (index !== null && r.value !== null) out.set(index, r.value)
    }
    return out
  }

  const processorLoads = [...numbers('hrProcessorLoad').entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v)

  const storages: StorageReading[] = []
  const units = numbers('hrStorageAllocationUnits')
  const sizes = numbers('hrStorageSize')
  const used = numbers('hrStorageUsed')
  const kinds = new Map<number, StorageKind>()
  for (const [suffix, varbind] of column('hrStorageType')) {
    const index = rowIndex(suffix)
    if (index !== null) kinds.set(index, typeof varbind.value === 'string' ? (STORAGE_KINDS[varbind.value] ?? 'other') : 'other')
  }
  const descrs = new Map<number, string | null>()
  for (const [suffix, varbind] of column('hrStorageDescr')) {
    const index = rowIndex(suffix)
    if (index !== null) descrs.set(index, readText(varbind).value)
  }
  for (const [index, size] of [...sizes.entries()].sort((a, b) => a[0] - b[0])) {
    const unitBytes = units.get(index)
    const usedUnits = used.get(index)
    if (unitBytes === undefined || usedUnits === undefined || unitBytes <= 0 || size < 0 || usedUnits < 0) continue
    storages.push({ index, kind: kinds.get(index) ?? 'other', descr: descrs.get(index) ?? null, unitBytes, size, used: usedUnits })
  }

  const types = numbers('entPhySensorType')
  const scales = numbers('entPhySensorScale')
  const precisions = numbers('entPhySensorPrecision')
  const values = numbers('entPhySensorValue')
  const statuses = numbers('entPhySensorOperStatus')
  const temperatures: TemperatureReading[] = []
  for (const [index, type] of [...types.entries()].sort((a, b) => a[0] - b[0])) {
    const value = values.get(index)
    if (type !== CELSIUS || value === undefined) continue
    const celsius = sensorValue(value, scales.get(index) ?? SCALE_UNITS, precisions.get(index) ?? 0)
    temperatures.push({ index, celsius, ok: (statuses.get(index) ?? SENSOR_OK) === SENSOR_OK })
  }

  const ticks: CpuTicks = {
    user: s.ssCpuRawUser,
    nice: s.ssCpuRawNice,
    system: s.ssCpuRawSystem,
    idle: s.ssCpuRawIdle,
    wait: s.ssCpuRawWait,
    steal: s.ssCpuRawSteal,
  }
  const loads = numbers('laLoadInt')
  const memory =
    s.memTotalReal !== null && s.memAvailReal !== null
      ? { totalKb: s.memTotalReal, availKb: s.memAvailReal, bufferKb: s.memBuffer, cachedKb: s.memCached }
      : null
  const hasUcd = memory !== null || ticks.idle !== null || loads.size > 0
  const hasHost = s.hrSystemUptime !== null || processorLoads.length > 0 || storages.length > 0
  const hasSensors = types.size > 0
  const absent: HealthMib[] = []
  if (!hasHost) absent.push('host_resources')
  if (!hasUcd) absent.push('ucd')
  if (!hasSensors) absent.push('entity_sensor')
  return {
    uptimeCs: s.hrSystemUptime,
    processorLoads,
    cpuTicks: ticks.idle !== null ? ticks : null,
    load1: loads.has(1) ? loads.get(1)! / 100 : null,
    memory,
    storages,
    temperatures,
    absent,
    anomalies,
  }
}

/**
 * Reads a device's health in one GETBULK walk (tables of more rows than one answer holds take a
 * few more). Throws SnmpError like the interface reads: the caller decides what a failure means.
 */
export async function readDeviceHealth(
  session: SnmpSession,
  options: { maxRepetitions?: number; targetVarbinds?: number; signal?: AbortSignal } = {}
): Promise<{ health: HealthReading; requests: number; values: number }> {
  const scalarOids = Object.values(HEALTH_SCALARS)
  const walk = await walkColumns(session, Object.values(HEALTH_COLUMNS), {
    scalars: [...scalarOids],
    maxRepetitions: options.maxRepetitions ?? 16,
    targetVarbinds: options.targetVarbinds,
    // A host has a few dozen storage rows and processors; thousands is an agent gone wrong.
    maxRows: 4096,
    signal: options.signal,
  })
  return { health: healthFrom(walk.scalars, walk.columns), requests: walk.requests, values: walk.values }
}
