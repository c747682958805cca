/**
 * The flows of one queue job, as the collector hands them to the storing worker: one job per
 * batch (thousands of flows), never one per flow. Column arrays rather than one object per flow:
 * the job's JSON is about a third of the size, and Redis holds it until the batch is stored.
 */
import type { FlowRecord, FlowVersion } from './flow_record.js'

export const FLOW_QUEUE = 'flows'
export const FLOW_BATCH_JOB = 'flow-batch'

export interface FlowBatch {
  /** Unique per batch (collector identity and a counter): the store records it so a batch delivered twice is stored once. */
  id: string
  /** Where the flows came from: 'udp' (flows:collect) or 'capture' (flows:import). */
  source: 'udp' | 'capture'
  exporter: string[]
  version: number[]
  observationDomain: number[]
  srcAddr: string[]
  dstAddr: string[]
  srcPort: number[]
  dstPort: number[]
  protocol: number[]
  packets: number[]
  bytes: number[]
  /** Milliseconds since the epoch. */
  first: number[]
  last: number[]
  tcpFlags: number[]
  inputIf: number[]
  outputIf: number[]
  samplingRate: number[]
}

export function encodeBatch(id: string, source: FlowBatch['source'], flows: FlowRecord[]): FlowBatch {
  const batch: FlowBatch = {
    id, source, exporter: [], version: [], observationDomain: [], srcAddr: [], dstAddr: [], srcPort: [], dstPort: [],
    protocol: [], packets: [], bytes: [], first: [], last: [], tcpFlags: [], inputIf: [], outputIf: [], samplingRate: [],
  }
  for (const f of flows) {
    batch.exporter.push(f.exporter)
    batch.version.push(f.version)
    batch.observationDomain.push(f.observationDomain)
    batch.srcAddr.push(f.srcAddr)
    batch.dstAddr.push(f.dstAddr)
    batch.srcPort.push(f.srcPort)
    batch.dstPort.push(f.dstPort)
    batch.protocol.push(f.protocol)
    batch.packets.push(f.packets)
    batch.bytes.push(f.bytes)
    batch.first.push(f.first.getTime())
    batch.last.push(f.last.getTime())
    batch.tcpFlags.push(f.tcpFlags)
    batch.inputIf.push(f.inputIf)
    batch.outputIf.push(f.outputIf)
    batch.samplingRate.push(f.samplingRate)
  }
  return batch
}

export function batchSize(batch: FlowBatch) {
  return batch.srcAddr.length
}

export function decodeBatch(batch: FlowBatch): FlowRecord[] {
  const flows: FlowRecord[] = new Array(batch.srcAddr.length)
  for (let i = 0; i < flows.length; i++) {
    flows[i] = {
      exporter: batch.exporter[i],
      version: batch.version[i] as FlowVersion,
      observationDomain: batch.observationDomain[i],
      srcAddr: batch.srcAddr[i],
      dstAddr: batch.dstAddr[i],
      srcPort: batch.srcPort[i],
      dstPort: batch.dstPort[i],
      protocol: batch.protocol[i],
      packets: batch.packets[i],
      bytes: batch.bytes[i],
      first: new Date(batch.first[i]),
      last: new Date(batch.last[i]),
      tcpFlags: batch.tcpFlags[i],
      inputIf: batch.inputIf[i],
      outputIf: batch.outputIf[i],
      samplingRate: batch.samplingRate[i],
    }
  }
  return flows
}
