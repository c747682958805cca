import { createHash, randomUUID } from 'node:crypto'
import type { FlowRecord } from '#collectors/flow/flow_record'
import type { EveAlert } from '#collectors/security/eve'
import type { SyslogMessage } from '#collectors/security/syslog'
import type { FlowPlace } from '#app/flows/enrichment'
import type { DetectionEvent } from '#app/detections/detection'
import { protocolName } from '#app/detections/detection'
import type { SecurityEventOrigin } from '#shared/security_events'

/**
 * A security event as it travels on the 'security-events' queue, whoever produced it: plain,
 * serialisable data (times as ISO text), placed on agencies, links and devices by the worker
 * (security_service.ts) from its addresses. These functions turn each producer's record into it;
 * no database, no queue.
 */
export interface SecurityEventInput {
  /** The producer's identity of the event: the same event queued or delivered twice is stored once. */
  key: string
  origin: SecurityEventOrigin
  /** A detection kind (port_scan…), or the sensor's signature. */
  kind: string
  source: string | null
  target: string | null
  port: number | null
  protocol: string | null
  /** 1 (most severe) to 4, as Suricata counts. */
  severity: number
  signature: string | null
  occurrences: number
  flows: number
  packets: number
  bytes: number
  firstSeen: string
  lastSeen: string
  evidence: Array<Record<string, unknown>>
  raw: Record<string, unknown> | null
  /** The summary: a message key of security_messages.ts and its parameters. */
  summary: { key: 'security.event_summary'; params: [EventSummary] }
  /** Known by the producer already (a detection's flows are placed; a report names its systems). */
  agencyIds: number[]
  linkIds: number[]
  deviceIds: number[]
  systemIds: number[]
  reportedById: number | null
}

export interface EventSummary {
  origin: SecurityEventOrigin
  kind: string
  source: string | null
  target: string | null
  port: number | null
  /** A detection's own sentence (detections.summary) or the sensor's words. */
  detail: { key: 'detections.summary'; params: unknown[] } | string
}

const unique = (values: Array<number | null | undefined>) => [...new Set(values.filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b)

/** A job id for BullMQ, which refuses ':' in custom ids: the key's digest. */
export const jobIdOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 40)

type PlacedFlow = FlowRecord & Partial<FlowPlace>

/** A flow as evidence: what an analyst reads, times as ISO text. */
function evidenceFlow(f: PlacedFlow) {
  return {
    first: f.first.toISOString(), last: f.last.toISOString(), exporter: f.exporter,
    src_addr: f.srcAddr, src_port: f.srcPort, dst_addr: f.dstAddr, dst_port: f.dstPort, protocol: f.protocol,
    packets: f.packets, bytes: f.bytes, tcp_flags: f.tcpFlags,
    link_id: f.linkId ?? null, device_id: f.deviceId ?? null, src_agency_id: f.srcAgencyId ?? null, dst_agency_id: f.dstAgencyId ?? null,
  }
}

/**
 * A detection of the flow rules. Its flows were placed by the flow worker, so the agencies,
 * links and devices come with them; the key is the detection's own (kind, source, target) and
 * its first flow, which the engine announces once per dedup period.
 */
export function fromDetection(d: DetectionEvent): SecurityEventInput {
  const flows = d.evidence as PlacedFlow[]
  return {
    key: `detection|${d.key}|${d.firstSeen.getTime()}`,
    origin: 'detection',
    kind: d.kind,
    source: d.source,
    target: d.target,
    port: d.port,
    protocol: d.protocol === null ? null : protocolName(d.protocol),
    severity: d.kind === 'indicator' || d.kind === 'flood' ? 1 : 2,
    signature: null,
    occurrences: 1,
    flows: d.counts.flows,
    packets: d.counts.packets,
    bytes: d.counts.bytes,
    firstSeen: d.firstSeen.toISOString(),
    lastSeen: d.lastSeen.toISOString(),
    evidence: flows.map(evidenceFlow),
    raw: { counts: d.counts, detail: d.detail },
    summary: summary('detection', d.kind, d.source, d.target, d.port, { key: 'detections.summary', params: d.summary.params as unknown[] }),
    agencyIds: unique(flows.flatMap((f) => [f.srcAgencyId, f.dstAgencyId])),
    linkIds: unique(flows.map((f) => f.linkId)),
    deviceIds: unique(flows.map((f) => f.deviceId)),
    systemIds: [],
    reportedById: null,
  }
}

function summary(origin: SecurityEventOrigin, kind: string, source: string | null, target: string | null, port: number | null, detail: EventSummary['detail']) {
  return { key: 'security.event_summary' as const, params: [{ origin, kind, source, target, port, detail }] as [EventSummary] }
}

/** What an alert or a report carries that only flows have: one occurrence, no flow counts or evidence. */
const WITHOUT_FLOWS = { occurrences: 1, flows: 0, packets: 0, bytes: 0, evidence: [] }
/** A sensor's record names addresses only: the worker places them (security_service.ts). */
const UNPLACED = { agencyIds: [], linkIds: [], deviceIds: [], systemIds: [], reportedById: null }

/**
 * A Suricata alert. Its key is the digest of the record as read, so the same line read twice
 * (eve.json followed again from its start) is one event, while two alerts of one flow differ
 * by their time or signature.
 */
export function fromEveAlert(a: EveAlert, line: string): SecurityEventInput {
  const at = a.timestamp.toISOString()
  const kind = a.signature.slice(0, 200)
  return {
    key: `eve|${createHash('sha256').update(line.trim()).digest('hex')}`,
    origin: 'eve',
    kind,
    source: a.srcIp,
    target: a.destIp,
    port: a.destPort,
    protocol: a.proto.toLowerCase(),
    severity: clampSeverity(a.severity),
    signature: `${a.gid}:${a.signatureId}:${a.rev} ${a.signature}`.slice(0, 300),
    ...WITHOUT_FLOWS,
    firstSeen: at,
    lastSeen: at,
    raw: safeJson(line),
    summary: summary('eve', kind, a.srcIp, a.destIp, a.destPort, `${a.category}: ${a.signature}`),
    ...UNPLACED,
  }
}

function safeJson(line: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(line)
    return typeof value === 'object' && value !== null ? value : null
  } catch {
    return null
  }
}

const clampSeverity = (n: number) => (Number.isInteger(n) ? Math.min(4, Math.max(1, n)) : 3)

const ADDRESS = String.raw`(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7})`
// Suricata's and Snort's alert line: "[1:2001219:20] ET SCAN … [Classification: …] [Priority: 2] {TCP} 198.51.100.7:4444 -> 10.20.0.5:22"
const RULE_ID = /\[(\d+):(\d+):(\d+)\]\s*(.+?)(?=\s+\[Classification:|\s+\[Priority:|\s+\{|$)/
const PRIORITY = /\[Priority:\s*(\d)\]/
const PROTO = /\{([A-Za-z0-9-]+)\}/
const FLOW = new RegExp(String.raw`(${ADDRESS})(?::(\d{1,5}))?\s*->\s*(${ADDRESS})(?::(\d{1,5}))?`)
const ANY_ADDRESS = new RegExp(String.raw`(?:^|[^\w.:])(\d{1,3}(?:\.\d{1,3}){3})(?![\w.])`)

/** What a syslog message from a sensor says, read the way IDS and firewalls write it. */
export function readSyslogAlert(m: SyslogMessage) {
  const sd = Object.assign({}, ...Object.values(m.structuredData)) as Record<string, string>
  const rule = RULE_ID.exec(m.message)
  const flow = FLOW.exec(m.message)
  const source = sd.src ?? sd.src_ip ?? flow?.[1] ?? ANY_ADDRESS.exec(m.message)?.[1] ?? null
  const target = sd.dst ?? sd.dest_ip ?? sd.dst_ip ?? flow?.[3] ?? null
  const portText = sd.dpt ?? sd.dest_port ?? sd.dst_port ?? flow?.[4]
  const priority = PRIORITY.exec(m.message)
  const signature = sd.signature ?? rule?.[4]?.trim() ?? null
  return {
    source,
    target,
    port: portText !== undefined && /^\d{1,5}$/.test(portText) ? Number(portText) : null,
    protocol: (sd.proto ?? PROTO.exec(m.message)?.[1] ?? null)?.toLowerCase() ?? null,
    signature: rule && signature ? `${rule[1]}:${rule[2]}:${rule[3]} ${signature}` : signature,
    // The rule's words group alerts across sensors; without one, the sending program is the kind.
    kind: (signature ?? m.appName ?? m.msgId ?? 'syslog').slice(0, 200),
    // A rule's priority (1–4) when it gives one, else the syslog severity folded onto 1–4.
    severity: priority ? clampSeverity(Number(priority[1])) : m.severity <= 2 ? 1 : m.severity === 3 ? 2 : m.severity === 4 ? 3 : 4,
  }
}

/**
 * A syslog message from a sensor. Syslog has no identity of its own (two identical lines in
 * one second are two alerts), so the receiver names each message as it takes it; the queue job
 * and its redeliveries carry that name.
 */
export function fromSyslog(m: SyslogMessage, sender: string, receivedAt: Date, id: string = randomUUID()): SecurityEventInput {
  const read = readSyslogAlert(m)
  const at = (m.timestamp ?? receivedAt).toISOString()
  return {
    key: `syslog|${id}`,
    origin: 'syslog',
    kind: read.kind,
    source: read.source,
    target: read.target,
    port: read.port,
    protocol: read.protocol,
    severity: read.severity,
    signature: read.signature?.slice(0, 300) ?? null,
    ...WITHOUT_FLOWS,
    firstSeen: at,
    lastSeen: at,
    raw: {
      sender, format: m.format, facility: m.facility, severity: m.severity, timestamp: m.timestamp?.toISOString() ?? null,
      hostname: m.hostname, app_name: m.appName, proc_id: m.procId, msg_id: m.msgId, structured_data: m.structuredData, message: m.message,
    },
    summary: summary('syslog', read.kind, read.source, read.target, read.port, `${m.hostname ?? sender}: ${m.message}`.slice(0, 500)),
    ...UNPLACED,
  }
}

/** A liaison's report: what happened, when it was noticed, the systems affected (in their scope). */
export function fromReport(report: { what: string; noticedAt: Date; systemIds: number[]; agencyIds: number[]; reportedById: number }, id: string = randomUUID()): SecurityEventInput {
  const at = report.noticedAt.toISOString()
  return {
    key: `manual|${id}`,
    origin: 'manual',
    kind: 'manual_report',
    source: null,
    target: null,
    port: null,
    protocol: null,
    severity: 2,
    signature: null,
    ...WITHOUT_FLOWS,
    firstSeen: at,
    lastSeen: at,
    raw: { what: report.what, noticed_at: at, system_ids: report.systemIds },
    summary: summary('manual', 'manual_report', null, null, null, report.what),
    agencyIds: unique(report.agencyIds),
    linkIds: [],
    deviceIds: [],
    systemIds: unique(report.systemIds),
    reportedById: report.reportedById,
  }
}

/** An open attack's incident as the grouping rule sees it. */
export interface OpenAttack {
  incidentId: number
  kind: string
  source: string | null
  target: string | null
  lastSeen: Date
}

/**
 * Whether an event is part of an attack already open: the same kind, from the same source or
 * toward the same target, and no longer than the window after the attack's latest event (or
 * before it: sensors' clocks and queues do not deliver in order). Liaisons' reports are each
 * their own incident: a person judged them one.
 */
export function joinsAttack(event: Pick<SecurityEventInput, 'origin' | 'kind' | 'source' | 'target' | 'lastSeen'>, attack: OpenAttack, windowSeconds: number) {
  if (event.origin === 'manual') return false
  if (event.kind !== attack.kind) return false
  const sameEnd = (event.source !== null && event.source === attack.source) || (event.target !== null && event.target === attack.target)
  if (!sameEnd) return false
  return Math.abs(new Date(event.lastSeen).getTime() - attack.lastSeen.getTime()) <= windowSeconds * 1000
}

/** Whether a growing attack writes on its incident's timeline now: at most once per period. */
export function timelineDue(lastEntryAt: Date | null, at: Date, everySeconds: number) {
  return lastEntryAt === null || at.getTime() - lastEntryAt.getTime() >= everySeconds * 1000
}

/** 1 → P2, 2 → P3, 3–4 → P4: G-ISAC's level (1–4) is graded by an analyst afterwards. */
export function priorityOfSeverity(severity: number) {
  return severity <= 1 ? ('P2' as const) : severity === 2 ? ('P3' as const) : ('P4' as const)
}
