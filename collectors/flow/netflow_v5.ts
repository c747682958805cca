/** NetFlow v5: a fixed 24-byte header and up to 30 records of 48 bytes. */
import { ipv4At } from './addresses.js'
import type { FlowDecoder } from './decoder.js'
import type { FlowRecord } from './flow_record.js'

const HEADER = 24
const RECORD = 48
const MAX_RECORDS = 30

export function decodeV5(decoder: FlowDecoder, msg: Buffer, exporter: string, flows: FlowRecord[]) {
  if (msg.length < HEADER) return decoder.problem(exporter, 'malformed', `v5 header of ${msg.length} bytes`)
  const declared = msg.readUInt16BE(2)
  const uptime = msg.readUInt32BE(4)
  const exportMs = msg.readUInt32BE(8) * 1000 + Math.floor(msg.readUInt32BE(12) / 1e6)
  const sequence = msg.readUInt32BE(16)
  const domain = (msg[20] << 8) | msg[21]
  const sampling = msg.readUInt16BE(22)
  // Top two bits: sampling mode; the rest: the interval (0 or 1: every packet).
  const interval = sampling & 0x3fff
  const rate = interval > 1 ? interval : 1
  const fit = Math.floor((msg.length - HEADER) / RECORD)
  const count = Math.min(declared, fit, MAX_RECORDS)
  if (declared > MAX_RECORDS || declared > fit) {
    decoder.problem(exporter, 'short_record', `v5 header says ${declared} records, datagram holds ${fit}`)
  }
  const session = decoder.session(exporter, 0, 5, domain)
  decoder.sequence(exporter, session, sequence, (sequence + declared) >>> 0, 'records')
  const bootMs = exportMs - uptime
  for (let i = 0; i < count; i++) {
    const at = HEADER + i * RECORD
    flows.push({
      exporter,
      version: 5,
      observationDomain: domain,
      srcAddr: ipv4At(msg, at),
      dstAddr: ipv4At(msg, at + 4),
      inputIf: msg.readUInt16BE(at + 12),
      outputIf: msg.readUInt16BE(at + 14),
      packets: msg.readUInt32BE(at + 16) * rate,
      bytes: msg.readUInt32BE(at + 20) * rate,
      first: new Date(bootMs + msg.readUInt32BE(at + 24)),
      last: new Date(bootMs + msg.readUInt32BE(at + 28)),
      srcPort: msg.readUInt16BE(at + 32),
      dstPort: msg.readUInt16BE(at + 34),
      tcpFlags: msg[at + 37],
      protocol: msg[at + 38],
      samplingRate: rate,
    })
  }
}
