import type { LinkMemory, Observation, Step } from '#app/monitoring/link_health/link_state'
import type { SuppressedBy } from '#app/monitoring/link_health/alarm_rules'

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

export function memoryOf(row: any): LinkMemory {
  return {
    state: row.state,
    adminDown: row.admin_down,
    reason: row.reason,
    since: toDate(row.since),
    lastPollAt: toDate(row.last_poll_at),
    utilHighSince: toDate(row.util_high_since),
    errorHighSince: toDate(row.error_high_since),
    recentChanges: (row.recent_changes ?? []).map((t: string) => new Date(t)),
    flapping: row.flapping,
  }
}

/** The link_states columns that a link's memory and its latest observation fill. */
export function stateColumns(memory: LinkMemory, last: Observation, suppressedBy: SuppressedBy | null, windowId: number | null) {
  return {
    state: memory.state,
    since: memory.since,
    last_poll_at: memory.lastPollAt,
    admin_down: memory.adminDown,
    oper_status: last.operStatus?.slice(0, 24) ?? null,
    admin_status: last.adminStatus?.slice(0, 24) ?? null,
    in_util: last.inUtil,
    out_util: last.outUtil,
    error_rate: last.errorRate,
    reason: memory.reason,
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
    reason: step.memory.reason,
    suppressed: suppressedBy !== null,
    in_maintenance: windowId !== null,
    flapping: step.memory.flapping,
  }
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
    good.push({
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

