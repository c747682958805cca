/** A capture file to flows and the summary `flows:import --json` prints. */
import { basename } from 'node:path'
import { FlowAssembler, type FlowTimeouts } from './assembler.js'
import { readCapture } from './capture_reader.js'
import type { FlowRecord } from './flow_record.js'

const PROTOCOL_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'ipv6-icmp', 47: 'gre', 50: 'esp', 132: 'sctp' }

export interface CaptureSummary {
  file: string
  format: string
  linktypes: number[]
  packets_read: number
  ip_packets: number
  non_ip_packets: number
  /** Records the file reader could not read plus IP packets too short to read. */
  damaged_records: number
  flows: number
  by_protocol: Record<string, { flows: number; packets: number; bytes: number }>
}

export function summarise(flows: Iterable<FlowRecord>) {
  const byProtocol: CaptureSummary['by_protocol'] = {}
  let count = 0
  for (const f of flows) {
    count++
    const name = PROTOCOL_NAMES[f.protocol] ?? String(f.protocol)
    const row = (byProtocol[name] ??= { flows: 0, packets: 0, bytes: 0 })
    row.flows++
    row.packets += f.packets
    row.bytes += f.bytes
  }
  return { flows: count, byProtocol }
}

export async function captureToFlows(
  path: string,
  options: { timeouts?: Partial<FlowTimeouts>; idle?: boolean; onFlow?: (flow: FlowRecord) => void } = {}
): Promise<{ flows: FlowRecord[]; summary: CaptureSummary }> {
  const flows: FlowRecord[] = []
  const assembler = new FlowAssembler(basename(path), options.onFlow ?? ((f) => flows.push(f)), options)
  const read = await readCapture(path, (p) => assembler.add(p))
  assembler.finish()
  const { flows: count, byProtocol } = summarise(flows)
  return {
    flows,
    summary: {
      file: path,
      format: read.format,
      linktypes: read.linktypes,
      packets_read: read.packets,
      ip_packets: assembler.counters.ipPackets,
      non_ip_packets: assembler.counters.nonIp,
      damaged_records: read.damaged + assembler.counters.bad,
      flows: count,
      by_protocol: byProtocol,
    },
  }
}
