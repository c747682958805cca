import type { LinkMemory, Observation, PolledVerdict, QualityMemory, Step } from '#app/monitoring/link_health/link_state'
import type { SuppressedBy } from '#app/monitoring/link_health/alarm_rules'
import type { BurstFigures } from '#app/line_quality/quality_rules'
import { isReasonParts, reasonWords, type ReasonPart } from '#app/monitoring/link_health/link_reason_messages'

/**
 * How a link's state is stored and read back: the link_states row a link's memory fills, the
 * link_state_changes row a step writes, and the observations collectors hand over, checked.
 */

export type IncomingObservation = Omit<Observation, 'at'> & { at: Date | string }

export interface RejectedObservation {
  index: number
  linkId: unknown
  message: string
}

export const iso = (d: Date) => d.toISOString()
export const toDate = (v: unknown) => (v instanceof Date ? v : v === null || v === undefined ? null : new Date(String(v)))

function qualityOf(stored: any): QualityMemory | null {
  if (!stored || typeof stored !== 'object' || !stored.at) return null
  return { state: stored.state, reasons: stored.reasons ?? [], at: new Date(stored.at), candidate: stored.candidate ?? null, streak: stored.streak ?? 0 }
}

/** The reason a row keeps: its parts, or none for a row written before reasons were keys. */
export function reasonOf(row: { reason_message?: unknown }): ReasonPart[] {
  return isReasonParts(row.reason_message) ? row.reason_message : []
}

export function memoryOf(row: any): LinkMemory {
  const reason = reasonOf(row)
  // A row from before the probes fed the state: its state was the polls' alone.
  const polled: PolledVerdict | null =
    row.polled_verdict ?? (row.last_poll_at ? { state: row.state, adminDown: row.admin_down, reasons: reason } : null)
  return {
    state: row.state,
    adminDown: row.admin_down,
    reason,
    polled,
    quality: qualityOf(row.quality),
    readings: {
      operStatus: row.oper_status ?? null,
      adminStatus: row.admin_status ?? null,
      inUtil: row.in_util ?? null,
      outUtil: row.out_util ?? null,
      errorRate: row.error_rate ?? null,
    },
    since: toDate(row.since),
    lastPollAt: toDate(row.last_poll_at),
    utilHighSince: toDate(row.util_high_since),
    errorHighSince: toDate(row.error_high_since),
    recentChanges: (row.recent_changes ?? []).map((t: string) => new Date(t)),
    flapping: row.flapping,
  }
}

/**
 * The reason columns: the parts (worded when read, in the reader's language) and the English
 * words beside them, for search, CSV and the notifications' detail line.
 */
export function reasonColumns(reason: ReasonPart[], state: string) {
  return { reason: state === 'unknown' && !reason.length ? null : reasonWords(reason, 'en'), reason_message: reason }
}

/** The link_states columns that a link's memory fills (the readings are the last poll's). */
export function stateColumns(memory: LinkMemory, suppressedBy: SuppressedBy | null, windowId: number | null) {
  const readings = memory.readings
  return {
    state: memory.state,
    since: memory.since,
    last_poll_at: memory.lastPollAt,
    admin_down: memory.adminDown,
    oper_status: readings.operStatus?.slice(0, 24) ?? null,
    admin_status: readings.adminStatus?.slice(0, 24) ?? null,
    in_util: readings.inUtil,
    out_util: readings.outUtil,
    error_rate: readings.errorRate,
    ...reasonColumns(memory.reason, memory.state),
    polled_verdict: memory.polled,
    quality: memory.quality && { ...memory.quality, at: iso(memory.quality.at) },
    flapping: memory.flapping,
    util_high_since: memory.utilHighSince,
    error_high_since: memory.errorHighSince,
    recent_changes: memory.recentChanges.map(iso),
    suppressed: suppressedBy !== null,
    suppressed_by: suppressedBy,
    in_maintenance: windowId !== null,
    maintenance_window_id: windowId,
  }
}

export function changeRow(linkId: number, obs: Observation, step: Step, suppressedBy: SuppressedBy | null, windowId: number | null) {
  return {
    link_id: linkId,
    at: obs.at,
    from_state: step.from,
    to_state: step.memory.state,
    admin_down: step.memory.adminDown,
    ...reasonColumns(step.memory.reason, step.memory.state),
    // jsonb through an insert: the driver would send a JS array as a PostgreSQL array.
    reason_message: JSON.stringify(step.memory.reason),
    suppressed: suppressedBy !== null,
    in_maintenance: windowId !== null,
    flapping: step.memory.flapping,
  }
}

const time = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0)

/** A burst's figures as the rules read them, or null when they are not a burst's. */
function probeOf(p: any): BurstFigures | null {
  if (!p || typeof p !== 'object' || !Number.isInteger(p.sent) || p.sent < 0) return null
  if (!(p.loss === null || (typeof p.loss === 'number' && p.loss >= 0 && p.loss <= 1))) return null
  if (!time(p.rttMedianMs) || !time(p.jitterMs)) return null
  return { sent: p.sent, loss: p.loss, rttMedianMs: p.rttMedianMs, jitterMs: p.jitterMs }
}

/** Checks what the collectors hand over; a bad observation is reported and the rest applied. */
export function normaliseObservations(input: IncomingObservation[]) {
  const good: Observation[] = []
  const rejected: RejectedObservation[] = []
  const rate = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0)
  input.forEach((o, index) => {
    const at = toDate(o?.at)
    const problem = !o || typeof o !== 'object'
      ? 'not an object'
      : !Number.isInteger(o.linkId) || o.linkId <= 0
        ? 'linkId must be a positive integer'
        : !at || Number.isNaN(at.getTime())
          ? 'at must be a date'
          : typeof o.reachable !== 'boolean'
            ? 'reachable must be true or false'
            : !rate(o.inUtil) || !rate(o.outUtil) || !rate(o.errorRate)
              ? 'inUtil, outUtil and errorRate must be non-negative numbers or null'
              : null
    if (problem) {
      rejected.push({ index, linkId: o?.linkId, message: problem })
      return
    }
    const probe = probeOf(o.probe)
    if (o.probe !== undefined && o.probe !== null && !probe) {
      rejected.push({ index, linkId: o.linkId, message: 'probe must be a burst: sent, loss, rttMedianMs and jitterMs' })
      return
    }
    good.push({
      ...(probe ? { probe } : {}),
      linkId: o.linkId,
      at: at!,
      reachable: o.reachable,
      operStatus: o.operStatus ?? null,
      adminStatus: o.adminStatus ?? null,
      inUtil: o.inUtil ?? null,
      outUtil: o.outUtil ?? null,
      errorRate: o.errorRate ?? null,
    })
  })
  return { good, rejected }
}

