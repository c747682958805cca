/**
 * Syslog messages from sensors (firewalls, IDS, WAF) in either format on the wire: RFC 5424
 * (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`) and the older BSD format of RFC 3164
 * (`<PRI>Mmm dd hh:mm:ss HOST TAG[PID]: MSG`, also with an RFC 3339 time, as rsyslog's
 * forwarding formats write it). Parsing never throws: what is not syslog is returned as
 * malformed with the reason.
 */

export interface SyslogMessage {
  format: 'rfc5424' | 'rfc3164'
  facility: number
  /** 0 emergency … 7 debug. */
  severity: number
  /** The sender's time; null when the message had none (RFC 5424 "-") or it could not be read. */
  timestamp: Date | null
  hostname: string | null
  appName: string | null
  procId: string | null
  msgId: string | null
  /** RFC 5424 structured data: SD-ID → parameters. */
  structuredData: Record<string, Record<string, string>>
  message: string
}

export type SyslogReading = { message: SyslogMessage } | { malformed: string }

export const SEVERITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'] as const

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const BSD_TIME = /^([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) /
const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))(?: |$)/

function rfc3339(text: string): Date | null {
  // Date keeps milliseconds: a longer fraction is cut, not rounded, so it is never in the future.
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1')
  const at = new Date(trimmed)
  return Number.isNaN(at.getTime()) ? null : at
}

/** One message (a datagram or a frame), with when it arrived to place a BSD time without a year. */
export function parseSyslog(raw: string, receivedAt = new Date()): SyslogReading {
  const text = raw.replace(/[\r\n\0]+$/, '')
  const pri = /^<(\d{1,3})>/.exec(text)
  if (!pri) return { malformed: 'no <PRI> at the start' }
  const value = Number(pri[1])
  if (value > 191) return { malformed: `PRI ${value} is above 191` }
  const facility = value >> 3
  const severity = value & 7
  const rest = text.slice(pri[0].length)
  if (/^[1-9]\d{0,2} /.test(rest)) return rfc5424(rest, facility, severity)
  return { message: rfc3164(rest, facility, severity, receivedAt) }
}

function rfc5424(rest: string, facility: number, severity: number): SyslogReading {
  let at = rest.indexOf(' ') + 1
  const field = () => {
    const end = rest.indexOf(' ', at)
    const value = end < 0 ? rest.slice(at) : rest.slice(at, end)
    at = end < 0 ? rest.length : end + 1
    return value
  }
  const stamp = field()
  const hostname = field()
  const appName = field()
  const procId = field()
  const msgId = field()
  if (!msgId) return { malformed: 'RFC 5424 header cut short' }
  let timestamp: Date | null = null
  if (stamp !== '-') {
    timestamp = RFC3339.test(stamp) ? rfc3339(stamp) : null
    if (!timestamp) return { malformed: `RFC 5424 timestamp ${stamp} is not RFC 3339` }
  }
  const structuredData: SyslogMessage['structuredData'] = {}
  if (rest[at] === '-') {
    at += 1
  } else if (rest[at] === '[') {
    const read = readStructuredData(rest, at, structuredData)
    if (typeof read === 'string') return { malformed: read }
    at = read
  } else {
    return { malformed: 'RFC 5424 structured data is neither "-" nor [ … ]' }
  }
  let message = rest.slice(at).replace(/^ /, '')
  // A UTF-8 message may start with a byte order mark (RFC 5424 6.4).
  if (message.startsWith('\uFEFF')) message = message.slice(1)
  const nil = (v: string) => (v === '-' ? null : v)
  return {
    message: { format: 'rfc5424', facility, severity, timestamp, hostname: nil(hostname), appName: nil(appName), procId: nil(procId), msgId: nil(msgId), structuredData, message },
  }
}

function readStructuredData(text: string, at: number, into: SyslogMessage['structuredData']): number | string {
  while (text[at] === '[') {
    const idEnd = text.slice(at + 1).search(/[ \]]/)
    if (idEnd <= 0) return 'structured data element without its SD-ID'
    const id = text.slice(at + 1, at + 1 + idEnd)
    const params: Record<string, string> = {}
    at += 1 + idEnd
    while (text[at] === ' ') {
      const eq = text.indexOf('="', at)
      if (eq < 0) return `structured data ${id}: a parameter without ="value"`
      const name = text.slice(at + 1, eq)
      let value = ''
      let i = eq + 2
      for (; i < text.length && text[i] !== '"'; i++) {
        // Inside a value, \" \\ and \] are escapes; any other backslash is kept (RFC 5424 6.3.3).
        if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\' || text[i + 1] === ']')) i++
        value += text[i]
      }
      if (i >= text.length) return `structured data ${id}: value of ${name} is not closed`
      params[name] = value
      at = i + 1
    }
    if (text[at] !== ']') return `structured data ${id} is not closed`
    into[id] = params
    at += 1
  }
  return at
}

function rfc3164(rest: string, facility: number, severity: number, receivedAt: Date): SyslogMessage {
  let timestamp: Date | null = null
  let body = rest
  const bsd = BSD_TIME.exec(rest)
  const iso = bsd ? null : RFC3339.exec(rest)
  if (bsd && MONTHS.includes(bsd[1])) {
    timestamp = bsdTime(bsd, receivedAt)
    body = rest.slice(bsd[0].length)
  } else if (iso) {
    timestamp = rfc3339(iso[1])
    body = rest.slice(iso[0].length)
  }
  let hostname: string | null = null
  if (timestamp) {
    // With a time, the next word is the host (RFC 3164 4.1.2).
    const space = body.indexOf(' ')
    hostname = space < 0 ? body : body.slice(0, space)
    body = space < 0 ? '' : body.slice(space + 1)
  }
  // TAG: up to 32 name characters, then "[pid]" or ":" (4.1.3); a message without one keeps it all.
  const tag = /^([\w./@-]{1,32})(?:\[([^\]]{1,32})\])?: ?/.exec(body)
  return {
    format: 'rfc3164',
    facility,
    severity,
    timestamp,
    hostname,
    appName: tag ? tag[1] : null,
    procId: tag?.[2] ?? null,
    msgId: null,
    structuredData: {},
    message: tag ? body.slice(tag[0].length) : body,
  }
}

/** A BSD time has no year nor zone: the receiver's zone, and the year that puts it nearest to arrival. */
function bsdTime(m: RegExpExecArray, receivedAt: Date): Date {
  const month = MONTHS.indexOf(m[1])
  const make = (year: number) => new Date(year, month, Number(m[2].trim()), Number(m[3]), Number(m[4]), Number(m[5]))
  const year = receivedAt.getFullYear()
  const candidates = [make(year - 1), make(year), make(year + 1)]
  return candidates.reduce((best, c) => (Math.abs(c.getTime() - receivedAt.getTime()) < Math.abs(best.getTime() - receivedAt.getTime()) ? c : best))
}

/** The JSON line `security:listen --json` prints for a syslog message. */
export function syslogJson(m: SyslogMessage, source: string, sender: string) {
  return {
    kind: 'syslog',
    source,
    sender,
    format: m.format,
    facility: m.facility,
    severity: SEVERITIES[m.severity],
    timestamp: m.timestamp?.toISOString() ?? null,
    hostname: m.hostname,
    app_name: m.appName,
    proc_id: m.procId,
    msg_id: m.msgId,
    structured_data: m.structuredData,
    message: m.message,
  }
}
