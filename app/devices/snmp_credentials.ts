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
