import type { IndicatorType } from '#app/indicators/indicator_values'
import type { Tlp } from '#app/indicators/visibility'

/**
 * What the STIX and MISP readers hand the importer: indicators as the API takes them, and what
 * they passed over, each with the JSON path of the object and a reason code (worded in the
 * reader's language by indicator_messages.ts).
 */
export interface Incoming {
  path: string
  stixId: string | null
  type: IndicatorType
  value: string
  tlp: Tlp | null
  confidence: number | null
  description: string | null
  firstSeenAt: string | null
  lastSeenAt: string | null
  expiresAt: string | null
}

export const SKIP_REASONS = [
  'not_an_object', 'missing_field', 'bad_id', 'bad_time', 'pattern_unsupported', 'pattern_type_unsupported',
  'type_unsupported', 'value_not_of_type', 'marking_unknown', 'revoked', 'refused', 'tlp_unknown',
] as const
export type SkipReason = (typeof SKIP_REASONS)[number]

export interface Skipped {
  path: string
  reason: SkipReason
  /** The field or value the reason is about, when there is one. */
  detail?: string
}

export interface ReadResult {
  indicators: Incoming[]
  skipped: Skipped[]
}

/** A document that cannot be read at all: the path where it went wrong and why. */
export class MalformedDocument extends Error {
  constructor(
    readonly path: string,
    readonly reason:
      | 'not_json' | 'not_an_object' | 'not_a_bundle' | 'objects_not_array' | 'not_a_misp_event' | 'attributes_not_array' | 'unknown_format' | 'too_many'
      | 'not_a_feed' | 'not_csv'
  ) {
    super(`${path}: ${reason}`)
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** An RFC 3339 time as STIX and TAXII write it (and MISP's epoch seconds), or null. */
export function timeOf(value: unknown): string | null {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,11}$/.test(value))) {
    const d = new Date(Number(value) * 1000)
    return Number.isNaN(d.getTime()) ? null : d.toISOString()
  }
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return null
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

/** At most this many objects in one document: more is a file to split, not a request. */
export const MAX_OBJECTS = 10_000
