import encryption from '@adonisjs/core/services/encryption'

/** What a poller needs to talk to a device; sealed at rest, never sent to a browser. */
export type SnmpCredentials =
  | { version: '2c'; community: string }
  | {
      version: '3'
      user: string
      level: 'noAuthNoPriv' | 'authNoPriv' | 'authPriv'
      authProtocol?: AuthProtocol
      authKey?: string
      privProtocol?: PrivProtocol
      privKey?: string
    }

export const AUTH_PROTOCOLS = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const
export const PRIV_PROTOCOLS = ['des', 'aes', 'aes256b', 'aes256r'] as const
export type AuthProtocol = (typeof AUTH_PROTOCOLS)[number]
export type PrivProtocol = (typeof PRIV_PROTOCOLS)[number]

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
