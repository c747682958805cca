/** Reading data records against their template into a reusable scratch, then into flows. */
import { addressAt } from './addresses.js'
import { Kind, VARIABLE, type Template } from './templates.js'

const NTP_TO_UNIX_SECONDS = 2208988800

/** Unsigned big-endian integer of 1..8 bytes (reduced-size encoding allowed), as a number. */
export function uintAt(buf: Buffer, at: number, length: number): number {
  switch (length) {
    case 1:
      return buf[at]
    case 2:
      return (buf[at] << 8) | buf[at + 1]
    case 4:
      return buf.readUInt32BE(at)
    case 8:
      return buf.readUInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4)
    default: {
      let value = 0
      for (let i = 0; i < length; i++) value = value * 256 + buf[at + i]
      return value
    }
  }
}

/** NTP timestamp (seconds since 1900, 32-bit fraction) → Unix milliseconds. */
function ntpMillis(buf: Buffer, at: number): number {
  return (buf.readUInt32BE(at) - NTP_TO_UNIX_SECONDS) * 1000 + Math.floor((buf.readUInt32BE(at + 4) / 4294967296) * 1000)
}

/** What one data record said; `undefined`/NaN fields were not in its template. */
export class RecordScratch {
  bytes = 0
  bytesTotal = 0
  packets = 0
  packetsTotal = 0
  hasBytes = false
  hasPackets = false
  protocol = 0
  tcpFlags = 0
  srcPort = 0
  dstPort = 0
  srcAddr = ''
  dstAddr = ''
  inputIf = 0
  outputIf = 0
  firstUptime = NaN
  lastUptime = NaN
  startMs = NaN
  endMs = NaN
  startDeltaUs = NaN
  endDeltaUs = NaN
  systemInitMs = NaN
  samplingInterval = NaN
  packetInterval = NaN
  packetSpace = NaN
  samplerId = NaN
  icmpTypeCode = NaN
  icmpType = NaN
  icmpCode = NaN

  reset() {
    this.bytes = this.bytesTotal = this.packets = this.packetsTotal = 0
    this.hasBytes = this.hasPackets = false
    this.protocol = this.tcpFlags = this.srcPort = this.dstPort = this.inputIf = this.outputIf = 0
    this.srcAddr = this.dstAddr = ''
    this.firstUptime = this.lastUptime = this.startMs = this.endMs = NaN
    this.startDeltaUs = this.endDeltaUs = this.systemInitMs = NaN
    this.samplingInterval = this.packetInterval = this.packetSpace = this.samplerId = NaN
    this.icmpTypeCode = this.icmpType = this.icmpCode = NaN
  }
}

/**
 * Reads one record at `at` into `out`; returns where the next record starts, or -1 when the
 * record runs past `end` (a record shorter than its template).
 */
export function readRecord(buf: Buffer, at: number, end: number, template: Template, out: RecordScratch): number {
  out.reset()
  for (const field of template.fields) {
    let length = field.length
    if (length === VARIABLE) {
      if (at >= end) return -1
      length = buf[at++]
      if (length === 255) {
        if (at + 2 > end) return -1
        length = buf.readUInt16BE(at)
        at += 2
      }
    }
    if (at + length > end) return -1
    switch (field.kind) {
      case Kind.Skip:
        break
      case Kind.Bytes:
        out.bytes = uintAt(buf, at, length)
        out.hasBytes = true
        break
      case Kind.BytesTotal:
        out.bytesTotal = uintAt(buf, at, length)
        break
      case Kind.Packets:
        out.packets = uintAt(buf, at, length)
        out.hasPackets = true
        break
      case Kind.PacketsTotal:
        out.packetsTotal = uintAt(buf, at, length)
        break
      case Kind.Protocol:
        out.protocol = uintAt(buf, at, length)
        break
      case Kind.TcpFlags:
        // IPFIX's tcpControlBits is 16 bits; the classic flags are its low byte.
        out.tcpFlags = uintAt(buf, at, length) & 0xff
        break
      case Kind.SrcPort:
        out.srcPort = uintAt(buf, at, length)
        break
      case Kind.DstPort:
        out.dstPort = uintAt(buf, at, length)
        break
      case Kind.Src4:
      case Kind.Src6:
        if (length === 4 || length === 16) out.srcAddr = addressAt(buf, at, length)
        break
      case Kind.Dst4:
      case Kind.Dst6:
        if (length === 4 || length === 16) out.dstAddr = addressAt(buf, at, length)
        break
      case Kind.InputIf:
        out.inputIf = uintAt(buf, at, length)
        break
      case Kind.OutputIf:
        out.outputIf = uintAt(buf, at, length)
        break
      case Kind.FirstUptime:
        out.firstUptime = uintAt(buf, at, length)
        break
      case Kind.LastUptime:
        out.lastUptime = uintAt(buf, at, length)
        break
      case Kind.StartSeconds:
        out.startMs = uintAt(buf, at, length) * 1000
        break
      case Kind.EndSeconds:
        out.endMs = uintAt(buf, at, length) * 1000
        break
      case Kind.StartMillis:
        out.startMs = uintAt(buf, at, length)
        break
      case Kind.EndMillis:
        out.endMs = uintAt(buf, at, length)
        break
      case Kind.StartNtp:
        if (length === 8) out.startMs = ntpMillis(buf, at)
        break
      case Kind.EndNtp:
        if (length === 8) out.endMs = ntpMillis(buf, at)
        break
      case Kind.StartDeltaMicros:
        out.startDeltaUs = uintAt(buf, at, length)
        break
      case Kind.EndDeltaMicros:
        out.endDeltaUs = uintAt(buf, at, length)
        break
      case Kind.SystemInitMillis:
        out.systemInitMs = uintAt(buf, at, length)
        break
      case Kind.SamplingInterval:
        out.samplingInterval = uintAt(buf, at, length)
        break
      case Kind.PacketInterval:
        out.packetInterval = uintAt(buf, at, length)
        break
      case Kind.PacketSpace:
        out.packetSpace = uintAt(buf, at, length)
        break
      case Kind.SamplerId:
        out.samplerId = uintAt(buf, at, length)
        break
      case Kind.IcmpTypeCode:
        out.icmpTypeCode = uintAt(buf, at, length)
        break
      case Kind.IcmpType:
        out.icmpType = uintAt(buf, at, length)
        break
      case Kind.IcmpCode:
        out.icmpCode = uintAt(buf, at, length)
        break
    }
    at += length
  }
  return at
}

/** The 1-in-N rate an options record announces, or NaN when it announces none. */
export function samplingRateOf(r: RecordScratch): number {
  if (r.samplingInterval > 0) return r.samplingInterval
  // PSAMP systematic count-based: take `interval` packets, skip `space`.
  if (r.packetInterval > 0) return (r.packetInterval + (r.packetSpace > 0 ? r.packetSpace : 0)) / r.packetInterval
  return NaN
}
