import type { FlowRecord } from '#collectors/flow/flow_record'
import { message, type Message } from '#app/core/messages'
import type { DetectionKind } from '#app/detections/rules'

/**
 * What a detector announces: one attack pattern seen from a source toward a target, with the
 * counts behind it and a few of its flows. The security incident service (next) groups these
 * into incidents and seals them in the notification envelope; `summary` is already a message
 * key and parameters, worded in each language by detection_messages.ts.
 */
export interface DetectionEvent {
  kind: DetectionKind
  /** The same kind, source and target within the dedup window is one detection. */
  key: string
  /** The attacker's address (for an indicator hit, the internal host's peer is the indicator). */
  source: string
  /** An address, or for a host sweep the port swept ("*:445/tcp"). */
  target: string
  port: number | null
  protocol: number | null
  counts: {
    flows: number
    packets: number
    bytes: number
    /** What the rule counted against its threshold: ports, hosts, sessions, connections… */
    observed: number
    threshold: number
  }
  firstSeen: Date
  lastSeen: Date
  evidence: FlowRecord[]
  /** Rule-specific facts (baseline, jitter, indicator matched, prefix). */
  detail: Record<string, string | number | boolean | null>
  summary: Message
}

/** Flow, packet and byte totals and a sample of flows, kept by each detector per key. */
export class Tally {
  flows = 0
  packets = 0
  bytes = 0
  first = Number.POSITIVE_INFINITY
  last = 0
  evidence: FlowRecord[] | null = null

  add(flow: FlowRecord, sample: number) {
    this.flows++
    this.packets += flow.packets
    this.bytes += flow.bytes
    const first = flow.first.getTime()
    const last = flow.last.getTime()
    if (first < this.first) this.first = first
    if (last > this.last) this.last = last
    if (this.evidence === null) this.evidence = [flow]
    else if (this.evidence.length < sample) this.evidence.push(flow)
  }

  reset() {
    this.flows = this.packets = this.bytes = this.last = 0
    this.first = Number.POSITIVE_INFINITY
    this.evidence = null
  }
}

export function detection(
  kind: DetectionKind,
  source: string,
  target: string,
  tally: Tally,
  observed: number,
  threshold: number,
  extra: { port?: number | null; protocol?: number | null; detail?: DetectionEvent['detail'] } = {}
): DetectionEvent {
  const port = extra.port ?? null
  return {
    kind,
    key: `${kind}|${source}|${target}`,
    source,
    target,
    port,
    protocol: extra.protocol ?? null,
    counts: { flows: tally.flows, packets: tally.packets, bytes: tally.bytes, observed, threshold },
    firstSeen: new Date(tally.first),
    lastSeen: new Date(tally.last),
    evidence: [...(tally.evidence ?? [])],
    detail: extra.detail ?? {},
    summary: message('detections.summary', { kind, source, target, observed, threshold, port }),
  }
}

/** ICMP and ICMPv6 carry type × 256 + code in the port field, which is no port. */
export const hasPorts = (protocol: number) => protocol === 6 || protocol === 17 || protocol === 132

export const PROTOCOL_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp' }
export const protocolName = (protocol: number) => PROTOCOL_NAMES[protocol] ?? String(protocol)

/**
 * A flow that answers rather than asks: from a service port (below 1024) to a client's
 * ephemeral one. Scans and sweeps count only the asking side, else a busy server's replies to
 * one client look like a scan of that client's ephemeral ports.
 */
export const isReply = (flow: FlowRecord) => flow.srcPort < 1024 && flow.dstPort >= 1024
