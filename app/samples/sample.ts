import { OPER_STATUSES, type OperStatusName } from '#shared/traffic'

/**
 * One poll's view of one link, after the collectors' rate maths (collectors/snmp/rates.ts): rates
 * are per second over the interval since the previous poll, utilisation is the fraction (0–1) of
 * the interface's speed, as the rate maths and the alarm thresholds use it.
 * A rate the poller could not compute (first poll, counter reset) is null, not zero.
 */
export interface LinkSample {
  link_id: number
  at: Date | string
  in_bps: number | null
  out_bps: number | null
  in_util: number | null
  out_util: number | null
  in_errors_ps: number | null
  out_errors_ps: number | null
  in_discards_ps: number | null
  out_discards_ps: number | null
  /** IF-MIB ifOperStatus, as its number (1 up, 2 down, … 7 lowerLayerDown) or its name. */
  oper_status: number | OperStatusName
}

export { OPER_STATUSES, type OperStatusName, type SeriesPoint, type Resolution } from '#shared/traffic'

export function operStatusCode(value: number | string): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 7 ? value : null
  const i = OPER_STATUSES.findIndex((s) => s.toLowerCase() === value.toLowerCase())
  return i < 0 ? null : i + 1
}

export function operStatusName(code: number | null): OperStatusName | null {
  return code === null ? null : (OPER_STATUSES[code - 1] ?? null)
}

export const RATE_FIELDS = [
  'in_bps', 'out_bps', 'in_util', 'out_util',
  'in_errors_ps', 'out_errors_ps', 'in_discards_ps', 'out_discards_ps',
] as const

/** A sample that passed the checks, with its time parsed and its status as the IF-MIB number. */
export interface CleanSample extends Omit<LinkSample, 'at' | 'oper_status'> {
  at: Date
  oper_status: number
}

export interface RejectedSample {
  index: number
  link_id: unknown
  reason: string
}

export interface RecordResult {
  written: number
  /** Same link and time already stored (a re-sent batch): ignored, not counted twice. */
  duplicates: number
  rejected: RejectedSample[]
}

