/** A link's traffic as the API answers it (GET /api/links/:id/traffic) and the UI charts it. */

/** IF-MIB ifOperStatus, by name. */
export const OPER_STATUSES = ['up', 'down', 'testing', 'unknown', 'dormant', 'notPresent', 'lowerLayerDown'] as const
export type OperStatusName = (typeof OPER_STATUSES)[number]

/** One point of a traffic chart, whatever its resolution. */
export interface SeriesPoint {
  time: string
  in_bps: number | null
  out_bps: number | null
  in_max_bps: number | null
  out_max_bps: number | null
  in_util: number | null
  out_util: number | null
  in_errors_ps: number | null
  out_errors_ps: number | null
  in_discards_ps: number | null
  out_discards_ps: number | null
  /** Raw points: the interface's status then. Rollups: how many of their polls saw it down. */
  oper_status?: OperStatusName | null
  down_samples?: number
  samples?: number
}

export type Resolution = 'raw' | '5m' | '1h' | '1d'
