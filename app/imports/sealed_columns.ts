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
