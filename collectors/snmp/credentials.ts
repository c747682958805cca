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

import { AUTH_PROTOCOLS, PRIV_PROTOCOLS } from '#shared/devices'

export { AUTH_PROTOCOLS, PRIV_PROTOCOLS }
export type AuthProtocol = (typeof AUTH_PROTOCOLS)[number]
export type PrivProtocol = (typeof PRIV_PROTOCOLS)[number]
