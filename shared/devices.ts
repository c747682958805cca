/**
 * Value lists of devices that the API validates and the UI offers. The SNMP ones are also what
 * the pollers speak (collectors/snmp/credentials.ts), so all three read them from here.
 */
export const DEVICE_KINDS = ['router', 'switch', 'firewall'] as const
export const SNMP_VERSIONS = ['2c', '3'] as const
export const SNMP_SECURITY_LEVELS = ['noAuthNoPriv', 'authNoPriv', 'authPriv'] as const
export const AUTH_PROTOCOLS = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'] as const
export const PRIV_PROTOCOLS = ['des', 'aes', 'aes256b', 'aes256r'] as const

export const deviceEnums = {
  device_kind: DEVICE_KINDS,
  snmp_version: SNMP_VERSIONS,
  snmp_security_level: SNMP_SECURITY_LEVELS,
  snmp_auth_protocol: AUTH_PROTOCOLS,
  snmp_priv_protocol: PRIV_PROTOCOLS,
}
