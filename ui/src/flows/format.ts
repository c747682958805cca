import { formatDateTime } from '../common/taipei_time.js'

/**
 * Flow fields as network people read them: protocol names, byte counts with SI prefixes,
 * ICMP type/code out of the destination port, TCP flags as nfdump prints them.
 */

/** IANA protocol numbers the explorer names; any other shows as its number. */
export const PROTOCOL_NAMES: Record<number, string> = {
  1: 'ICMP',
  2: 'IGMP',
  6: 'TCP',
  17: 'UDP',
  41: 'IPv6',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPv6',
  89: 'OSPF',
  103: 'PIM',
  112: 'VRRP',
  132: 'SCTP',
}

/** The protocols offered in the search form, most asked first. */
export const SEARCH_PROTOCOLS = [6, 17, 1, 58, 47, 50, 132]

export function protocolName(protocol: number | null | undefined) {
  if (protocol === null || protocol === undefined) return '—'
  return PROTOCOL_NAMES[protocol] ?? String(protocol)
}

const ICMP = new Set([1, 58])

/** Well-known services, so that a port table reads "443 (HTTPS)"; names are the same in every language. */
const SERVICES: Record<string, string> = {
  '6/22': 'SSH',
  '6/23': 'Telnet',
  '6/25': 'SMTP',
  '6/53': 'DNS',
  '17/53': 'DNS',
  '6/80': 'HTTP',
  '17/123': 'NTP',
  '17/161': 'SNMP',
  '17/162': 'SNMP trap',
  '6/389': 'LDAP',
  '6/443': 'HTTPS',
  '17/443': 'QUIC',
  '6/445': 'SMB',
  '17/514': 'syslog',
  '6/587': 'submission',
  '6/636': 'LDAPS',
  '6/993': 'IMAPS',
  '6/1433': 'MSSQL',
  '6/1521': 'Oracle',
  '17/2055': 'NetFlow',
  '6/3306': 'MySQL',
  '6/3389': 'RDP',
  '6/5432': 'PostgreSQL',
  '6/8080': 'HTTP alt',
}

/**
 * A destination port as the exporter gave it. For ICMP and ICMPv6 the "port" is type × 256 +
 * code (routers and softflowd put it there), shown as type/code.
 */
export function portLabel(protocol: number, port: number) {
  if (ICMP.has(protocol)) return `${Math.floor(port / 256)}/${port % 256}`
  const service = SERVICES[`${protocol}/${port}`]
  return service ? `${port} (${service})` : String(port)
}

/** 1.23 MB: SI prefixes, as bits per second are shown on the link charts. */
export function formatBytes(bytes: number | null | undefined, digits = 3) {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—'
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB']
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${Number(value.toPrecision(digits))} ${units[unit]}`
}

export function formatCount(n: number | null | undefined, locale: string) {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  return n.toLocaleString(locale === 'zh-TW' ? 'zh-TW' : 'en-GB')
}

/** nfdump's flag column: one letter per flag set, a dot for each one not set (CWR ECE URG ACK PSH RST SYN FIN). */
export function tcpFlagsText(protocol: number, flags: number) {
  if (protocol !== 6) return '—'
  return 'CEUAPRSF'
    .split('')
    .map((letter, i) => (flags & (0x80 >> i) ? letter : '.'))
    .join('')
}

/** 192.0.2.1:443, [2001:db8::1]:443; no port for protocols that have none. */
export function endpoint(address: string, port: number, protocol: number) {
  if (protocol !== 6 && protocol !== 17 && protocol !== 132) return address
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}

/** A time in Taipei with seconds, in the console's one convention (flows last seconds, not hours). */
export function taipeiSeconds(iso: string, locale: string) {
  return formatDateTime(iso, locale, { seconds: true })
}
