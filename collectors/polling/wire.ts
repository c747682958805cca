import type { RedisOptions } from 'bullmq'
import type { SnmpErrorKind } from '#collectors/snmp/errors'
import type { InterfaceSample, InterfaceSnapshot } from '#collectors/snmp/interfaces'
import type { HealthReading } from '#collectors/snmp/device_health'

/**
 * What travels on the two queues of the link-monitoring pipeline, as plain JSON:
 *
 *   'snmp-poll'     jobs for collectors: `poll` {deviceId} (one job scheduler per device, plus
 *                   immediate polls after a trap), `discover` {deviceId} (a full interface walk
 *                   whose answer is the job's return value).
 *   'link-samples'  one PollReport per poll, for the monitoring worker: the raw snapshot of the
 *                   interfaces links are bound to, or why there is none (failed, skipped).
 *
 * Counters go as decimal strings: a 64-bit octet counter does not fit a JSON number.
 */

export const POLL_QUEUE = 'snmp-poll'
export const SAMPLES_QUEUE = 'link-samples'
export const POLL_JOB = 'poll'
export const DISCOVER_JOB = 'discover'
export const REPORT_JOB = 'report'

/** Where the queues live. Processes share work when they share connection and prefix. */
export interface QueueSite {
  /** Options, not a client: each queue, worker and lock opens its own connection from them. */
  connection: RedisOptions
  prefix: string
}

export type PollTrigger = 'schedule' | 'trap' | 'manual'

export interface PollJobData {
  deviceId: number
  /** The device's poll interval, so lateness and rates need no database read in the collector. */
  intervalMs?: number
  trigger?: PollTrigger
  /** For trap-triggered polls: what the trap said, for the log and the report. */
  reason?: string
}

export interface DiscoverJobData {
  deviceId: number
}

/** An InterfaceSample with its octet counters as decimal strings. */
export type WireInterface = Omit<InterfaceSample, 'inOctets' | 'outOctets'> & {
  inOctets: string | null
  outOctets: string | null
}

export interface WireSnapshot {
  polledAt: string
  sysUpTime: number | null
  interfaces: WireInterface[]
  anomalies: string[]
  /** Health readings (plain numbers: every counter in them is 32-bit), when the poll read them. */
  health?: HealthReading | null
}

export interface PollReport {
  deviceId: number
  trigger: PollTrigger
  reason?: string
  jobId: string
  /** When the poll was due (ms since epoch): the scheduler's slot, or when an immediate poll was asked for. */
  scheduledAt: number
  /** When a collector took it. */
  startedAt: number
  lateMs: number
  late: boolean
  intervalMs: number
  result: 'ok' | 'failed' | 'skipped'
  error?: { kind: SnmpErrorKind; message: string }
  durationMs: number
  requests: number
  values: number
  /** Which collector process polled it (host:pid), for the operator chasing a slow one. */
  collector: string
  snapshot?: WireSnapshot
}

export function encodeSnapshot(snapshot: InterfaceSnapshot): WireSnapshot {
  const interfaces: WireInterface[] = []
  for (const sample of snapshot.interfaces.values()) {
    interfaces.push({
      ...sample,
      inOctets: sample.inOctets === null ? null : sample.inOctets.toString(),
      outOctets: sample.outOctets === null ? null : sample.outOctets.toString(),
    })
  }
  const wire: WireSnapshot = { polledAt: snapshot.polledAt.toISOString(), sysUpTime: snapshot.sysUpTime, interfaces, anomalies: snapshot.anomalies }
  if (snapshot.health !== undefined) wire.health = snapshot.health
  return wire
}

const DECIMAL = /^\d{1,20}$/

function counter(value: unknown, field: string): bigint | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'string' || !DECIMAL.test(value)) throw new Error(`${field} is not a decimal counter`)
  return BigInt(value)
}

/** The inverse of encodeSnapshot; throws on anything a collector would not have sent. */
export function decodeSnapshot(device: string, wire: WireSnapshot): InterfaceSnapshot {
  const polledAt = new Date(wire?.polledAt)
  if (Number.isNaN(polledAt.getTime())) throw new Error('snapshot has no valid polledAt')
  if (!Array.isArray(wire.interfaces)) throw new Error('snapshot has no interface list')
  const interfaces = new Map<number, InterfaceSample>()
  for (const i of wire.interfaces) {
    if (!Number.isInteger(i?.ifIndex) || i.ifIndex <= 0) throw new Error('snapshot interface without a valid ifIndex')
    interfaces.set(i.ifIndex, {
      ...i,
      inOctets: counter(i.inOctets, `ifIndex ${i.ifIndex} inOctets`),
      outOctets: counter(i.outOctets, `ifIndex ${i.ifIndex} outOctets`),
    })
  }
  return {
    device,
    polledAt,
    sysUpTime: typeof wire.sysUpTime === 'number' ? wire.sysUpTime : null,
    interfaces,
    anomalies: Array.isArray(wire.anomalies) ? wire.anomalies : [],
    // Checked where it is used (app/device_health/record_health.ts), as a report's other numbers.
    // A report without health (a poll that did not read it) decodes without the key, as it was sent.
    ...(wire.health === null ? { health: null } : wire.health && typeof wire.health === 'object' ? { health: wire.health } : {}),
  }
}

/** The job scheduler of one device: one id per device, so upserting it twice changes nothing. */
export function schedulerId(deviceId: number) {
  return `device-${deviceId}`
}

export function deviceIdOfScheduler(id: string): number | null {
  const match = /^device-(\d+)$/.exec(id)
  return match ? Number(match[1]) : null
}
