/**
 * Suricata's EVE JSON, one event per line, as its documentation shows it ("Eve JSON Format":
 * timestamp, flow_id, event_type, src_ip/src_port, dest_ip/dest_port, proto, and for an alert
 * the `alert` object with action, gid, signature_id, rev, signature, category, severity). Only
 * alerts are kept; other event types (flow, dns, http, stats…) are counted and passed over.
 */

export interface EveAlert {
  /** The sensor's own time of the packet, with its offset as Suricata wrote it. */
  timestamp: Date
  /** The `host` field a sensor adds when configured to (sensor-name), else null. */
  sensor: string | null
  /** Suricata's 64-bit flow id, as text: JSON numbers past 2^53 lose digits in JavaScript. */
  flowId: string | null
  inIface: string | null
  srcIp: string
  srcPort: number | null
  destIp: string
  destPort: number | null
  /** As Suricata names it: TCP, UDP, ICMP, IPv6-ICMP… */
  proto: string
  appProto: string | null
  action: 'allowed' | 'blocked' | string
  gid: number
  signatureId: number
  rev: number
  signature: string
  category: string
  /** 1 is the most severe (Suricata's priority); 1–4 in the shipped rule sets. */
  severity: number
}

export interface EveCounters {
  lines: number
  alerts: number
  /** Events that are not alerts (flow, dns, stats…): read and passed over. */
  otherEvents: number
  /** Lines that are not JSON, or alerts missing what an alert must have. */
  malformed: number
}

export const emptyEveCounters = (): EveCounters => ({ lines: 0, alerts: 0, otherEvents: 0, malformed: 0 })

export type EveReading = { alert: EveAlert } | { other: string } | { malformed: string }

// Suricata writes "2017-04-07T22:24:37.251547+0100": the offset without a colon, which Date
// does not take everywhere, and microseconds, of which Date keeps milliseconds.
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/

export function eveTime(text: unknown): Date | null {
  if (typeof text !== 'string') return null
  const m = TIMESTAMP.exec(text)
  if (!m) return null
  const fraction = m[2] ? m[2].slice(0, 4).padEnd(4, '0') : ''
  const zone = !m[3] || m[3] === 'Z' ? 'Z' : m[3].includes(':') ? m[3] : `${m[3].slice(0, 3)}:${m[3].slice(3)}`
  const at = new Date(`${m[1]}${fraction}${zone}`)
  return Number.isNaN(at.getTime()) ? null : at
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : null)
const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : null)
const port = (v: unknown) => {
  const n = int(v)
  return n !== null && n >= 0 && n <= 65_535 ? n : null
}

/** One line of eve.json; never throws. */
export function readEveLine(line: string): EveReading {
  let event: any
  try {
    event = JSON.parse(line)
  } catch {
    return { malformed: 'not JSON' }
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return { malformed: 'not a JSON object' }
  if (typeof event.event_type !== 'string') return { malformed: 'no event_type' }
  if (event.event_type !== 'alert') return { other: event.event_type }
  const alert = event.alert
  if (typeof alert !== 'object' || alert === null) return { malformed: 'alert event without its alert object' }
  const timestamp = eveTime(event.timestamp)
  if (!timestamp) return { malformed: `timestamp ${JSON.stringify(event.timestamp)} is not a time` }
  const srcIp = str(event.src_ip)
  const destIp = str(event.dest_ip)
  if (!srcIp || !destIp) return { malformed: 'alert without src_ip and dest_ip' }
  const signatureId = int(alert.signature_id)
  const severity = int(alert.severity)
  if (signatureId === null || severity === null) return { malformed: 'alert without signature_id and severity' }
  return {
    alert: {
      timestamp,
      sensor: str(event.host),
      flowId: /"flow_id"\s*:\s*(\d+)/.exec(line)?.[1] ?? null,
      inIface: str(event.in_iface),
      srcIp,
      srcPort: port(event.src_port),
      destIp,
      destPort: port(event.dest_port),
      proto: str(event.proto) ?? 'unknown',
      appProto: str(event.app_proto),
      action: str(alert.action) ?? 'allowed',
      gid: int(alert.gid) ?? 1,
      signatureId,
      rev: int(alert.rev) ?? 0,
      signature: str(alert.signature) ?? '',
      category: str(alert.category) ?? '',
      severity,
    },
  }
}

/** Reads a line into the counters and hands an alert on; what was wrong goes to `onProblem`. */
export function countEveLine(line: string, counters: EveCounters, onAlert: (a: EveAlert) => void, onProblem?: (detail: string) => void) {
  if (line.trim() === '') return
  counters.lines++
  const reading = readEveLine(line)
  if ('alert' in reading) {
    counters.alerts++
    onAlert(reading.alert)
  } else if ('other' in reading) {
    counters.otherEvents++
  } else {
    counters.malformed++
    onProblem?.(`${reading.malformed}: ${line.slice(0, 120)}`)
  }
}

/** The JSON line `security:listen --json` prints for an alert (snake_case, ISO 8601 time). */
export function eveAlertJson(a: EveAlert, source: string) {
  return {
    kind: 'suricata_alert',
    source,
    timestamp: a.timestamp.toISOString(),
    sensor: a.sensor,
    flow_id: a.flowId,
    src_ip: a.srcIp,
    src_port: a.srcPort,
    dest_ip: a.destIp,
    dest_port: a.destPort,
    proto: a.proto,
    app_proto: a.appProto,
    action: a.action,
    gid: a.gid,
    signature_id: a.signatureId,
    rev: a.rev,
    signature: a.signature,
    category: a.category,
    severity: a.severity,
  }
}
