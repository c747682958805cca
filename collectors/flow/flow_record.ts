/**
 * What the flow intake hands on: one plain record per unidirectional flow, whatever it came from
 * (NetFlow v5, v9, IPFIX or a capture), and the counters kept per exporter.
 */

/** 5, 9 and 10 (IPFIX) are the export versions; 0 marks flows assembled from a capture. */
export type FlowVersion = 0 | 5 | 9 | 10

export interface FlowRecord {
  /** The exporter's address (the datagram's source), or the capture's file name. */
  exporter: string
  version: FlowVersion
  /** v9 source id, IPFIX observation domain id; 0 for v5 and captures. */
  observationDomain: number
  srcAddr: string
  dstAddr: string
  srcPort: number
  /** For ICMP, type × 256 + code, as routers and softflowd put it. */
  dstPort: number
  protocol: number
  /** Already multiplied by the sampling rate. */
  packets: number
  bytes: number
  first: Date
  last: Date
  tcpFlags: number
  inputIf: number
  outputIf: number
  /** The 1-in-N rate the packets and bytes were multiplied by (1: not sampled). */
  samplingRate: number
}

export interface ExporterCounters {
  datagrams: number
  flows: number
  /** Datagrams or sets that could not be read (bad header, lengths that do not add up, short records). */
  malformed: number
  /** Data sets whose template the exporter had not (yet) sent: their records are lost. */
  unknownTemplate: number
  templates: number
  /** A template id that came back with another layout (re-use of an id under a live exporter). */
  templateChanges: number
  /** Flow records the sequence numbers say were never received (v5 and IPFIX count records). */
  lostRecords: number
  /** Export datagrams the sequence numbers say were never received (NetFlow v9 counts datagrams). */
  lostDatagrams: number
  /** Sequence numbers that went backwards (exporter restart or reordering): tracking restarts. */
  sequenceResets: number
}

export function emptyCounters(): ExporterCounters {
  return {
    datagrams: 0,
    flows: 0,
    malformed: 0,
    unknownTemplate: 0,
    templates: 0,
    templateChanges: 0,
    lostRecords: 0,
    lostDatagrams: 0,
    sequenceResets: 0,
  }
}

/** The JSON line `flows:collect --json` prints (snake_case, ISO 8601 times). */
export function flowJson(flow: FlowRecord) {
  return {
    exporter: flow.exporter,
    version: flow.version,
    src_addr: flow.srcAddr,
    dst_addr: flow.dstAddr,
    src_port: flow.srcPort,
    dst_port: flow.dstPort,
    protocol: flow.protocol,
    packets: flow.packets,
    bytes: flow.bytes,
    first: flow.first.toISOString(),
    last: flow.last.toISOString(),
    tcp_flags: flow.tcpFlags,
    input_if: flow.inputIf,
    output_if: flow.outputIf,
  }
}
