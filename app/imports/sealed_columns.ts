import { isDeepStrictEqual } from 'node:util'
import { openCredentials } from '#app/devices/snmp_credentials'

/**
 * Columns stored sealed (encrypted with a fresh nonce each time), by resource. Sealing the same
 * secret twice gives two different texts, so an import compares what they open to, or every
 * re-import of a device file would count as an update and rewrite the secret for nothing.
 */
export const SEALED_COLUMNS: Record<string, Record<string, (a: string, b: string) => boolean>> = {
  devices: {
    snmp_credentials: (a, b) => isDeepStrictEqual(openCredentials(a), openCredentials(b)),
  },
}

/** What the audit log says about a sealed value: that it is there, never what it is. */
export function sealedMarker(value: unknown) {
  return value === null || value === undefined ? null : 'sealed'
}

/** Columns of `resource` whose sealed value differs between two raw rows (null for none). */
export function sealedChanges(resource: string, before: Record<string, unknown> | null, after: Record<string, unknown>) {
  const columns = SEALED_COLUMNS[resource] ?? {}
  return Object.keys(columns).filter((column) => {
    const a = before?.[column] ?? null
    const b = after[column] ?? null
    if (a === null || b === null) return a !== b
    return a !== b && !columns[column](String(a), String(b))
  })
}

/**
 * Writes sealed columns that changed into an audit entry as markers: created with a secret
 * ("sealed"), replaced ("sealed" → "sealed (replaced)") or removed (→ null).
 */
export function markSealed(
  change: { before: Record<string, unknown> | null; after: Record<string, unknown> | null },
  columns: string[],
  before: Record<string, unknown> | null,
  after: Record<string, unknown>
) {
  for (const column of columns) {
    if (change.before) change.before[column] = sealedMarker(before?.[column])
    if (change.after) change.after[column] = before && after[column] != null ? 'sealed (replaced)' : sealedMarker(after[column])
  }
}
