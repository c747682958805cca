/**
 * A captured frame to what a flow needs, as softflowd reads it: link header skipped (Ethernet
 * with 802.1Q/802.1ad tags, BSD loopback, raw IP, Linux cooked), the IP header's addresses and
 * protocol, ports from the first fragment only, TCP flags, ICMP type × 256 + code as the
 * destination port, and as bytes the frame's wire length less the link header.
 */
import type { CapturedPacket } from './captured_packet.js'

export const LINKTYPE = { NULL: 0, ETHERNET: 1, RAW: 101, LOOP: 108, LINUX_SLL: 113, IPV4: 228, IPV6: 229 } as const

export interface FrameFacts {
  v6: boolean
  /** Address bytes as latin1 text: cheap to compare and to key a map on. */
  src: string
  dst: string
  protocol: number
  srcPort: number
  dstPort: number
  tcpFlags: number
  bytes: number
}

/** Where the IP header starts and which version, or null for a frame that carries no IP. */
function linkOffset(linktype: number, d: Buffer): { at: number; v6: boolean } | null {
  let at = 0
  let type = -1
  switch (linktype) {
    case LINKTYPE.ETHERNET: {
      if (d.length < 14) return null
      at = 12
      type = d.readUInt16BE(at)
      while ((type === 0x8100 || type === 0x88a8) && at + 6 <= d.length) {
        at += 4
        type = d.readUInt16BE(at)
      }
      at += 2
      break
    }
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (d.length < 4) return null
      // The family is in the capturing host's byte order (NULL) or network order (LOOP).
      const family = linktype === LINKTYPE.LOOP ? d.readUInt32BE(0) : d.readUInt32LE(0) > 0xffff ? d.readUInt32BE(0) : d.readUInt32LE(0)
      at = 4
      if (family === 2) type = 0x0800
      // AF_INET6 is 10 on Linux, 24 on NetBSD/OpenBSD, 28 on FreeBSD, 30 on macOS.
      else if (family === 10 || family === 24 || family === 28 || family === 30) type = 0x86dd
      break
    }
    case LINKTYPE.LINUX_SLL:
      if (d.length < 16) return null
      at = 16
      type = d.readUInt16BE(14)
      break
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      if (d.length < 1) return null
      type = d[0] >> 4 === 4 ? 0x0800 : d[0] >> 4 === 6 ? 0x86dd : -1
      break
    default:
      return null
  }
  if (type === 0x0800) return { at, v6: false }
  if (type === 0x86dd) return { at, v6: true }
  return null
}

/** null: not IP (skipped); 'bad': an IP frame too short to read (counted, as softflowd does). */
export function frameFacts(packet: CapturedPacket): FrameFacts | null | 'bad' {
  const d = packet.data
  const link = linkOffset(packet.linktype, d)
  if (!link) return null
  let at = link.at
  const facts: FrameFacts = { v6: link.v6, src: '', dst: '', protocol: 0, srcPort: 0, dstPort: 0, tcpFlags: 0, bytes: packet.wireLength - at }
  let first = true
  if (!link.v6) {
    if (d.length < at + 20 || d[at] >> 4 !== 4) return 'bad'
    const headerLength = (d[at] & 15) * 4
    if (d.length < at + headerLength) return 'bad'
    facts.src = d.toString('latin1', at + 12, at + 16)
    facts.dst = d.toString('latin1', at + 16, at + 20)
    facts.protocol = d[at + 9]
    first = (d.readUInt16BE(at + 6) & 0x1fff) === 0
    at += headerLength
  } else {
    if (d.length < at + 40 || d[at] >> 4 !== 6) return 'bad'
    facts.src = d.toString('latin1', at + 8, at + 24)
    facts.dst = d.toString('latin1', at + 24, at + 40)
    let next = d[at + 6]
    at += 40
    // Extension headers up to the transport header (hop-by-hop, routing, destination options, fragment).
    for (;;) {
      if (next === 0 || next === 43 || next === 60) {
        if (at + 2 > d.length) break
        const size = (d[at + 1] + 1) * 8
        if (at + size > d.length) break
        next = d[at]
        at += size
      } else if (next === 44) {
        if (at + 8 > d.length) break
        if ((d.readUInt16BE(at + 2) & 0xfff8) !== 0) first = false
        next = d[at]
        at += 8
      } else break
    }
    facts.protocol = next
  }
  if (!first) return facts
  const left = d.length - at
  switch (facts.protocol) {
    case 6:
      if (left >= 20) {
        facts.srcPort = d.readUInt16BE(at)
        facts.dstPort = d.readUInt16BE(at + 2)
        facts.tcpFlags = d[at + 13]
      }
      break
    case 17:
      if (left >= 8) {
        facts.srcPort = d.readUInt16BE(at)
        facts.dstPort = d.readUInt16BE(at + 2)
      }
      break
    case 1:
    case 58:
      // softflowd wants a whole `struct icmp` (28 bytes) before it reads type and code.
      if (left >= 28) facts.dstPort = d[at] * 256 + d[at + 1]
      break
  }
  return facts
}
