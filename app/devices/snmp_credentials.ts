import encryption from '@adonisjs/core/services/encryption'
import type { SnmpCredentials } from '#collectors/snmp/credentials'

// Their shape is the collectors' (data flows collectors → app); sealing them is the app's.
export { AUTH_PROTOCOLS, PRIV_PROTOCOLS, type AuthProtocol, type PrivProtocol, type SnmpCredentials } from '#collectors/snmp/credentials'

export function sealCredentials(credentials: SnmpCredentials): string {
  return encryption.encrypt(JSON.stringify(credentials))
}

export function openCredentials(sealed: string | null): SnmpCredentials | null {
  if (!sealed) return null
  const plain = encryption.decrypt<string>(sealed)
  if (plain === null) throw new Error('SNMP credentials cannot be decrypted with the current APP_KEY')
  return JSON.parse(plain)
}

/** The parts of the credentials that are safe to show: which kind, which user and protocols. */
export function describeCredentials(credentials: SnmpCredentials | null) {
  if (!credentials) return { snmp_credentials_set: false }
  if (credentials.version === '2c') return { snmp_credentials_set: true }
  return {
    snmp_credentials_set: true,
    snmp_user: credentials.user,
    snmp_security_level: credentials.level,
    snmp_auth_protocol: credentials.authProtocol ?? null,
    snmp_priv_protocol: credentials.privProtocol ?? null,
  }
}

/**
 * What describeCredentials shows of sealed credentials, opened once per sealed text: a page of 25
 * devices decrypted 25 blobs per request (most of the devices list's time under load), and the
 * description holds no secret. A sealed text is never reused (a fresh IV each time), so a changed
 * credential is a new key and an old one merely ages out.
 */
const described = new Map<string, ReturnType<typeof describeCredentials>>()
const DESCRIBED_KEPT = 20_000

export function describeSealed(sealed: string | null) {
  if (!sealed) return describeCredentials(null)
  let description = described.get(sealed)
  if (!description) {
    description = describeCredentials(openCredentials(sealed))
    if (described.size >= DESCRIBED_KEPT) described.clear()
    described.set(sealed, description)
  }
  return { ...description }
}

