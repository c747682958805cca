/** Data sets: records read against their template; options data updates the session. */
import type { FlowDecoder, Session } from './decoder.js'
import type { FlowRecord } from './flow_record.js'
import { RecordScratch, readRecord, samplingRateOf } from './records.js'
import type { Template } from './templates.js'

function allZero(buf: Buffer, from: number, to: number) {
  for (let i = from; i < to; i++) if (buf[i] !== 0) return false
  return true
}

/**
 * Reads every record of one data set; returns how many, or -1 when a record was shorter than
 * its template (the records before it are kept; the set's remainder is lost).
 */
export function readDataSet(
  decoder: FlowDecoder,
  msg: Buffer,
  at: number,
  end: number,
  exporter: string,
  session: Session,
  template: Template,
  version: 9 | 10,
  domain: number,
  time: { exportMs: number; bootMs: number },
  flows: FlowRecord[],
  r: RecordScratch
): number {
  if (template.minLength === 0) return 0
  let count = 0
  while (at < end) {
    const left = end - at
    if (left < template.minLength) {
      // Padding to a 4-byte boundary is allowed; anything else is a record cut short.
      if (left < 4 || allZero(msg, at, end)) return count
      decoder.problem(exporter, 'short_record', `template ${template.id}: ${left} bytes left, a record needs ${template.minLength}`)
      return -1
    }
    const next = readRecord(msg, at, end, template, r)
    if (next < 0) {
      if (template.variable && allZero(msg, at, end)) return count
      decoder.problem(exporter, 'short_record', `template ${template.id}: record at byte ${at} runs past its set`)
      return -1
    }
    at = next
    count++
    if (template.options) optionsRecord(session, r)
    else {
      const flow = flowOf(r, exporter, session, version, domain, time)
      if (flow) flows.push(flow)
    }
  }
  return count
}

function optionsRecord(session: Session, r: RecordScratch) {
  const rate = samplingRateOf(r)
  if (Number.isFinite(rate)) {
    if (Number.isFinite(r.samplerId)) session.samplers.set(r.samplerId, rate)
    else session.samplingRate = rate
  }
  if (Number.isFinite(r.systemInitMs)) session.systemInitMs = r.systemInitMs
}

function flowOf(
  r: RecordScratch,
  exporter: string,
  session: Session,
  version: 9 | 10,
  domain: number,
  time: { exportMs: number; bootMs: number }
): FlowRecord | null {
  // A data record without addresses is not a flow (some exporters send other data sets).
  if (!r.srcAddr || !r.dstAddr) return null
  let rate = 1
  const sampler = Number.isFinite(r.samplerId) ? session.samplers.get(r.samplerId) : undefined
  if (sampler !== undefined) rate = sampler
  else if (Number.isFinite(session.samplingRate) && session.samplingRate > 0) rate = session.samplingRate
  else if (Number.isFinite(r.samplingInterval) && r.samplingInterval > 0) rate = r.samplingInterval
  const packets = (r.hasPackets ? r.packets : r.packetsTotal) * rate
  const bytes = (r.hasBytes ? r.bytes : r.bytesTotal) * rate
  let dstPort = r.dstPort
  if ((r.protocol === 1 || r.protocol === 58) && dstPort === 0) {
    if (Number.isFinite(r.icmpTypeCode)) dstPort = r.icmpTypeCode
    else if (Number.isFinite(r.icmpType)) dstPort = r.icmpType * 256 + (Number.isFinite(r.icmpCode) ? r.icmpCode : 0)
  }
  const boot = Number.isFinite(time.bootMs) ? time.bootMs : session.systemInitMs
  const when = (absolute: number, deltaUs: number, uptime: number) => {
    if (Number.isFinite(absolute)) return absolute
    if (Number.isFinite(deltaUs)) return time.exportMs - Math.floor(deltaUs / 1000)
    if (Number.isFinite(uptime) && Number.isFinite(boot)) return boot + uptime
    return time.exportMs
  }
  return {
    exporter,
    version,
    observationDomain: domain,
    srcAddr: r.srcAddr,
    dstAddr: r.dstAddr,
    srcPort: r.srcPort,
    dstPort,
    protocol: r.protocol,
    packets,
    bytes,
    first: new Date(when(r.startMs, r.startDeltaUs, r.firstUptime)),
    last: new Date(when(r.endMs, r.endDeltaUs, r.lastUptime)),
    tcpFlags: r.tcpFlags,
    inputIf: r.inputIf,
    outputIf: r.outputIf,
    samplingRate: rate,
  }
}
