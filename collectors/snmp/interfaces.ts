import type { Varbind } from 'net-snmp'
import { SnmpError, isSnmpError, type SnmpErrorKind } from '#collectors/snmp/errors'
import type { EngineInfo, SnmpSession } from '#collectors/snmp/session'
import { isException, readCounter, readInteger, readText } from '#collectors/snmp/values'
import { readDeviceHealth, type HealthReading } from '#collectors/snmp/device_health'

export const SYS_UPTIME = '1.3.6.1.2.1.1.3'
const IF = '1.3.6.1.2.1.2.2.1'
const IFX = '1.3.6.1.2.1.31.1.1.1'

/** The IF-MIB columns a poll reads, by what they mean. */
export const IF_COLUMNS = {
  descr: `${IF}.2`,
  speed: `${IF}.5`,
  adminStatus: `${IF}.7`,
  operStatus: `${IF}.8`,
  inDiscards: `${IF}.13`,
  inErrors: `${IF}.14`,
  outDiscards: `${IF}.19`,
  outErrors: `${IF}.20`,
  name: `${IFX}.1`,
  hcInOctets: `${IFX}.6`,
  hcOutOctets: `${IFX}.10`,
  highSpeed: `${IFX}.15`,
  alias: `${IFX}.18`,
  counterDiscontinuityTime: `${IFX}.19`,
} as const
/** Agents without ifXTable (old or tiny ones) only have the 32-bit octet counters. */
export const IF_COLUMNS_32 = { inOctets: `${IF}.10`, outOctets: `${IF}.16` } as const

export type ColumnName = keyof typeof IF_COLUMNS
const COLUMN_NAMES = Object.keys(IF_COLUMNS) as ColumnName[]

export const OPER_STATUS: Record<number, string> = {
  1: 'up',
  2: 'down',
  3: 'testing',
  4: 'unknown',
  5: 'dormant',
  6: 'notPresent',
  7: 'lowerLayerDown',
}
export const ADMIN_STATUS: Record<number, string> = { 1: 'up', 2: 'down', 3: 'testing' }

export interface InterfaceSample {
  ifIndex: number
  name: string | null
  descr: string | null
  alias: string | null
  adminStatus: number | null
  operStatus: number | null
  /** ifSpeed in bits/s; saturates at 4,294,967,295 above 4.29 Gbit/s. */
  speed: number | null
  /** ifHighSpeed in Mbit/s; 0 when the agent does not know. */
  highSpeed: number | null
  inOctets: bigint | null
  outOctets: bigint | null
  /** 64 for ifHCIn/OutOctets, 32 when only ifIn/OutOctets exist. */
  octetBits: 32 | 64
  inErrors: number | null
  outErrors: number | null
  inDiscards: number | null
  outDiscards: number | null
  /** sysUpTime (centiseconds) of the last counter discontinuity; a change voids one interval. */
  counterDiscontinuityTime: number | null
}

export interface InterfaceSnapshot {
  device: string
  /** When the poll's first request left (sysUpTime is read in that request). */
  polledAt: Date
  /** sysUpTime in centiseconds, null if the agent did not give it. */
  sysUpTime: number | null
  interfaces: Map<number, InterfaceSample>
  /** Values that were present but unusable (wrong type, over-long text, odd index). */
  anomalies: string[]
  /**
   * The device's health (device_health.ts) when the poll asked for it; null when that read
   * failed although the interfaces answered (the reason is in anomalies).
   */
  health?: HealthReading | null
}

export interface ReadOptions {
  /** Read only these interfaces with multi-OID GETs instead of walking the whole table. */
  ifIndexes?: number[]
  /** Upper bound of GETBULK max-repetitions. */
  maxRepetitions?: number
  /**
   * Varbinds wanted per response: max-repetitions is this divided by the columns still being
   * walked, and GETs carry at most this many OIDs. See bench/snmp_poll_rate.ts for the choice.
   */
  targetVarbinds?: number
  /** More rows than this in one column means a runaway agent. */
  maxRows?: number
  /** Aborting ends the read at once, with the signal's reason as the error. */
  signal?: AbortSignal
  /** Read the device's health MIBs too, after the interfaces (collectors/snmp/device_health.ts). */
  health?: boolean
}

export const DEFAULT_MAX_REPETITIONS = 50
export const DEFAULT_TARGET_VARBINDS = 200
export const DEFAULT_MAX_ROWS = 100_000

/** Compares two dotted OIDs numerically without allocating (hot path: every varbind). */
export function compareOids(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    let x = 0
    while (i < a.length && a.charCodeAt(i) !== 46) x = x * 10 + (a.charCodeAt(i++) - 48)
    let y = 0
    while (j < b.length && b.charCodeAt(j) !== 46) y = y * 10 + (b.charCodeAt(j++) - 48)
    if (x !== y) return x < y ? -1 : 1
    i++
    j++
  }
  const aDone = i >= a.length
  const bDone = j >= b.length
  return aDone && bDone ? 0 : aDone ? -1 : 1
}

export interface WalkResult {
  /** The non-repeaters of the first request (GETNEXT semantics), in order. */
  scalars: Array<Varbind | undefined>
  /** Per column OID: index suffix → varbind. */
  columns: Map<string, Map<string, Varbind>>
  requests: number
  values: number
}

/**
 * Walks several table columns side by side with GETBULK: one request carries every column still
 * open, so a table of N rows and C columns takes about N×C / targetVarbinds round trips, never one
 * per value. A column ends where its OIDs leave its subtree; the agent may truncate a response
 * anywhere and the walk picks up from the last OID each column got.
 */
export async function walkColumns(
  session: SnmpSession,
  columnOids: readonly string[],
  options: { scalars?: string[]; maxRepetitions?: number; targetVarbinds?: number; maxRows?: number; signal?: AbortSignal } = {}
): Promise<WalkResult> {
  let maxRepetitions = options.maxRepetitions ?? DEFAULT_MAX_REPETITIONS
  let target = options.targetVarbinds ?? DEFAULT_TARGET_VARBINDS
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS
  const cursors = columnOids.map((base) => ({
    base,
    prefix: base + '.',
    last: base,
    done: false,
    rows: new Map<string, Varbind>(),
  }))
  const scalarOids = options.scalars ?? []
  let scalars: Array<Varbind | undefined> = []
  let first = true
  let requests = 0
  let values = 0
  // Every request must add a row somewhere (checked below), so rows bound requests too; this is
  // the backstop should that reasoning ever be wrong.
  const maxRequests = maxRows * Math.max(1, columnOids.length) + 16

  while (true) {
    const active = cursors.filter((c) => !c.done)
    if (active.length === 0 && !(first && scalarOids.length > 0)) break
    const nonRepeaters = first ? scalarOids.length : 0
    const repetitions = Math.max(1, Math.min(maxRepetitions, Math.floor(target / Math.max(1, active.length))))
    let response: Array<Varbind | Varbind[]>
    try {
      response = await session.getBulk(
        [...(first ? scalarOids : []), ...active.map((c) => c.last)],
        nonRepeaters,
        repetitions,
        options.signal
      )
    } catch (error) {
      // tooBig: the agent cannot fit the answer in its buffer; ask for less and go on.
      if (isSnmpError(error) && error.kind === 'oversized' && repetitions > 1) {
        maxRepetitions = Math.max(1, Math.floor(repetitions / 2))
        target = Math.max(1, Math.floor(target / 2))
        continue
      }
      throw error
    }
    requests++
    if (requests > maxRequests) throw new SnmpError('oversized', `walk did not end after ${requests} requests`)
    if (first) {
      scalars = response.slice(0, nonRepeaters) as Array<Varbind | undefined>
      for (const s of scalars) if (!isException(s)) values++
      first = false
    }
    let advanced = false
    for (let j = 0; j < active.length; j++) {
      const cursor = active[j]
      const list = response[nonRepeaters + j]
      if (!Array.isArray(list)) continue
      for (const varbind of list) {
        if (isException(varbind) || !varbind.oid.startsWith(cursor.prefix)) {
          cursor.done = true
          break
        }
        if (compareOids(varbind.oid, cursor.last) <= 0) {
          throw new SnmpError('malformed', `OID ${varbind.oid} does not follow ${cursor.last}: the agent walks backwards`)
        }
        cursor.rows.set(varbind.oid.slice(cursor.prefix.length), varbind)
        cursor.last = varbind.oid
        values++
        advanced = true
      }
      if (cursor.rows.size > maxRows) {
        throw new SnmpError('oversized', `column ${cursor.base} has more than ${maxRows} rows: the agent does not stop`)
      }
    }
    if (!advanced && active.some((c) => !c.done)) {
      throw new SnmpError('malformed', 'the agent answered a GETBULK without a single value')
    }
  }
  return { scalars, columns: new Map(cursors.map((c) => [c.base, c.rows])), requests, values }
}

/**
 * Reads the given OIDs with as few GETs as fit (targetVarbinds per request, halved on tooBig).
 * Returns the varbinds in request order.
 */
export async function getMany(
  session: SnmpSession,
  oids: string[],
  options: { targetVarbinds?: number; signal?: AbortSignal } = {}
): Promise<{ varbinds: Varbind[]; requests: number; values: number }> {
  let chunk = Math.max(1, options.targetVarbinds ?? DEFAULT_TARGET_VARBINDS)
  const varbinds: Varbind[] = []
  let requests = 0
  let values = 0
  for (let start = 0; start < oids.length; ) {
    const slice = oids.slice(start, start + chunk)
    let answer: Varbind[]
    try {
      answer = await session.get(slice, options.signal)
    } catch (error) {
      if (isSnmpError(error) && error.kind === 'oversized' && chunk > 1) {
        chunk = Math.max(1, Math.floor(chunk / 2))
        continue
      }
      throw error
    }
    requests++
    for (const v of answer) {
      varbinds.push(v)
      if (!isException(v)) values++
    }
    start += slice.length
  }
  return { varbinds, requests, values }
}

function emptySample(ifIndex: number): InterfaceSample {
  return {
    ifIndex,
    name: null,
    descr: null,
    alias: null,
    adminStatus: null,
    operStatus: null,
    speed: null,
    highSpeed: null,
    inOctets: null,
    outOctets: null,
    octetBits: 64,
    inErrors: null,
    outErrors: null,
    inDiscards: null,
    outDiscards: null,
    counterDiscontinuityTime: null,
  }
}

const MAX_IF_INDEX = 2_147_483_647

function parseIfIndex(suffix: string): number | null {
  if (!/^[1-9]\d{0,9}$/.test(suffix)) return null
  const n = Number(suffix)
  return n <= MAX_IF_INDEX ? n : null
}

/** Puts one varbind into the sample field its column stands for. */
function apply(sample: InterfaceSample, column: ColumnName | 'inOctets' | 'outOctets', varbind: Varbind, anomalies: string[]) {
  const note = (problem?: string) => {
    if (problem && anomalies.length < 100) anomalies.push(problem)
  }
  switch (column) {
    case 'name':
    case 'descr':
    case 'alias': {
      const r = readText(varbind)
      sample[column] = r.value
      note(r.problem)
      return
    }
    case 'hcInOctets':
    case 'hcOutOctets':
    case 'inOctets':
    case 'outOctets': {
      const r = readCounter(varbind)
      note(r.problem)
      if (!r.value) return
      const field = column === 'hcInOctets' || column === 'inOctets' ? 'inOctets' : 'outOctets'
      sample[field] = r.value.count
      // A Counter32 where a Counter64 belongs wraps at 2^32: the rate maths must know.
      if (r.value.bits === 32) sample.octetBits = 32
      return
    }
    default: {
      const r = readInteger(varbind)
      note(r.problem)
      sample[column] = r.value
    }
  }
}

function readUptime(varbind: Varbind | undefined, anomalies: string[]): number | null {
  if (!varbind || isException(varbind) || varbind.oid !== `${SYS_UPTIME}.0`) return null
  const r = readInteger(varbind)
  if (r.problem) anomalies.push(r.problem)
  return r.value
}

/**
 * Reads a device's interfaces: the whole ifTable/ifXTable with GETBULK, or only the given
 * ifIndexes with multi-OID GETs (the usual case once links are bound to interfaces: a router with
 * 400 interfaces that carries 12 GSN lines costs 12 rows, not 400). Throws SnmpError.
 */
export async function readInterfaces(
  session: SnmpSession,
  device: string,
  options: ReadOptions = {}
): Promise<{ snapshot: InterfaceSnapshot; requests: number; values: number }> {
  const polledAt = new Date()
  const anomalies: string[] = []
  const interfaces = new Map<number, InterfaceSample>()
  let requests = 0
  let values = 0
  let sysUpTime: number | null = null

  if (options.ifIndexes) {
    const wanted = [...new Set(options.ifIndexes)].filter((i) => Number.isInteger(i) && i > 0 && i <= MAX_IF_INDEX)
    const oids = [`${SYS_UPTIME}.0`]
    for (const ifIndex of wanted) for (const c of COLUMN_NAMES) oids.push(`${IF_COLUMNS[c]}.${ifIndex}`)
    const got = await getMany(session, oids, options)
    requests += got.requests
    values += got.values
    sysUpTime = readUptime(got.varbinds[0], anomalies)
    let at = 1
    const lacking: number[] = []
    for (const ifIndex of wanted) {
      const sample = emptySample(ifIndex)
      let present = false
      for (const c of COLUMN_NAMES) {
        const varbind = got.varbinds[at++]
        if (!varbind || isException(varbind)) continue
        present = true
        apply(sample, c, varbind, anomalies)
      }
      // An ifIndex with no value in any column is not there (any more): leave it out, so the
      // link bound to it shows as "interface gone" rather than as zeros.
      if (!present) continue
      interfaces.set(ifIndex, sample)
      if (sample.inOctets === null && sample.outOctets === null) lacking.push(ifIndex)
    }
    if (lacking.length) {
      const oids32 = lacking.flatMap((i) => [`${IF_COLUMNS_32.inOctets}.${i}`, `${IF_COLUMNS_32.outOctets}.${i}`])
      const old = await getMany(session, oids32, options)
      requests += old.requests
      values += old.values
      lacking.forEach((ifIndex, k) => {
        const sample = interfaces.get(ifIndex)!
        const inVb = old.varbinds[2 * k]
        const outVb = old.varbinds[2 * k + 1]
        if (inVb && !isException(inVb)) apply(sample, 'inOctets', inVb, anomalies)
        if (outVb && !isException(outVb)) apply(sample, 'outOctets', outVb, anomalies)
        sample.octetBits = 32
      })
    }
  } else {
    const columnOids = COLUMN_NAMES.map((c) => IF_COLUMNS[c])
    const walk = await walkColumns(session, columnOids, { ...options, scalars: [SYS_UPTIME] })
    requests += walk.requests
    values += walk.values
    sysUpTime = readUptime(walk.scalars[0], anomalies)
    const sampleFor = (suffix: string) => {
      const ifIndex = parseIfIndex(suffix)
      if (ifIndex === null) {
        if (anomalies.length < 100) anomalies.push(`row index "${suffix}" is not an ifIndex`)
        return null
      }
      let sample = interfaces.get(ifIndex)
      if (!sample) interfaces.set(ifIndex, (sample = emptySample(ifIndex)))
      return sample
    }
    for (const c of COLUMN_NAMES) {
      for (const [suffix, varbind] of walk.columns.get(IF_COLUMNS[c])!) {
        const sample = sampleFor(suffix)
        if (sample) apply(sample, c, varbind, anomalies)
      }
    }
    if (walk.columns.get(IF_COLUMNS.hcInOctets)!.size === 0 && interfaces.size > 0) {
      const old = await walkColumns(session, [IF_COLUMNS_32.inOctets, IF_COLUMNS_32.outOctets], options)
      requests += old.requests
      values += old.values
      for (const [column, oid] of Object.entries(IF_COLUMNS_32) as Array<['inOctets' | 'outOctets', string]>) {
        for (const [suffix, varbind] of old.columns.get(oid)!) {
          const sample = sampleFor(suffix)
          if (sample) apply(sample, column, varbind, anomalies)
        }
      }
      for (const sample of interfaces.values()) sample.octetBits = 32
    }
  }

  const sorted = new Map([...interfaces.entries()].sort((a, b) => a[0] - b[0]))
  return { snapshot: { device, polledAt, sysUpTime, interfaces: sorted, anomalies }, requests, values }
}

export type DevicePoll =
  | {
      ok: true
      device: string
      snapshot: InterfaceSnapshot
      values: number
      requests: number
      durationMs: number
      engine: EngineInfo | null
      rediscoveries: number
    }
  | {
      ok: false
      device: string
      error: { kind: SnmpErrorKind; message: string }
      values: number
      requests: number
      durationMs: number
      engine: EngineInfo | null
      rediscoveries: number
    }

export interface PollOptions extends ReadOptions {
  /** The whole poll of this device, all requests together, ends by then. */
  deadlineMs?: number
}

/**
 * Polls one device and never throws: whatever goes wrong becomes an error result for this device
 * alone, classified (errors.ts).
 */
export async function pollDevice(session: SnmpSession, device: string, options: PollOptions = {}): Promise<DevicePoll> {
  const started = performance.now()
  const requestsBefore = session.requests
  const rediscoveriesBefore = session.rediscoveries
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  if (options.deadlineMs !== undefined && options.deadlineMs > 0) {
    const reason = new SnmpError('timeout', `poll of ${session.label} exceeded its deadline of ${options.deadlineMs} ms`)
    timer = setTimeout(() => controller.abort(reason), options.deadlineMs)
  }
  const common = () => ({
    device,
    durationMs: performance.now() - started,
    requests: session.requests - requestsBefore,
    engine: session.engine(),
    rediscoveries: session.rediscoveries - rediscoveriesBefore,
  })
  try {
    const { snapshot, values } = await readInterfaces(session, device, { ...options, signal: controller.signal })
    let healthValues = 0
    if (options.health) {
      // The interfaces answered: a health read that fails (an agent that chokes on one MIB, the
      // deadline) costs the health figures of this poll, never the link samples.
      try {
        const read = await readDeviceHealth(session, { signal: controller.signal })
        snapshot.health = read.health
        healthValues = read.values
      } catch (error) {
        snapshot.health = null
        const reason = isSnmpError(error) ? `${error.kind}: ${error.message}` : String((error as Error)?.message ?? error)
        snapshot.anomalies.push(`health not read: ${reason}`)
      }
    }
    return { ok: true, snapshot, values: values + healthValues, ...common() }
  } catch (error) {
    const classified = isSnmpError(error)
      ? error
      : new SnmpError('internal', `${session.label}: ${(error as Error)?.message ?? String(error)}`, { cause: error })
    return { ok: false, error: classified.toJSON(), values: 0, ...common() }
  } finally {
    clearTimeout(timer)
  }
}
