/**
 * What a poller needs to talk to a device. The monitoring side keeps them sealed at rest
 * (app/devices/snmp_credentials.ts) and opens them per job; they are never sent to a browser.
 */
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
