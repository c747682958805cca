/**
 * Small captures written by the tests, packet by packet, so every count is known: frames
 * (Ethernet with or without VLAN tags, BSD loopback, raw IP) around IPv4/IPv6 TCP, UDP, ICMP,
 * in pcap (micro- or nanosecond, either byte order) or pcapng (either byte order, several
 * interfaces, an unknown block between packets).
 */

export interface TestPacket {
  timeUs: number
  frame: Buffer
  /** Wire length when the capture cut the frame. */
  wireLength?: number
  linktype?: number
  iface?: number
}

const mac = Buffer.from('020000000001020000000002', 'hex')

function v4(text: string) {
  return Buffer.from(text.split('.').map(Number))
}

function v6(text: string) {
  const [head, tail = ''] = text.split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = text.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h
  const out = Buffer.alloc(16)
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2))
  return out
}

export interface L4 {
  protocol: 6 | 17 | 1 | 58
  srcPort?: number
  dstPort?: number
  flags?: number
  icmpType?: number
  icmpCode?: number
  payload?: number
}

function transport(l4: L4): Buffer {
  const payload = Buffer.alloc(l4.payload ?? 0, 0x61)
  if (l4.protocol === 6) {
    const h = Buffer.alloc(20)
    h.writeUInt16BE(l4.srcPort ?? 0, 0)
    h.writeUInt16BE(l4.dstPort ?? 0, 2)
    h[12] = 5 << 4
    h[13] = l4.flags ?? 0x10
    return Buffer.concat([h, payload])
  }
  if (l4.protocol === 17) {
    const h = Buffer.alloc(8)
    h.writeUInt16BE(l4.srcPort ?? 0, 0)
    h.writeUInt16BE(l4.dstPort ?? 0, 2)
    h.writeUInt16BE(8 + payload.length, 4)
    return Buffer.concat([h, payload])
  }
  const h = Buffer.alloc(8)
  h[0] = l4.icmpType ?? 8
  h[1] = l4.icmpCode ?? 0
  return Buffer.concat([h, payload])
}

export function ipv4Packet(src: string, dst: string, l4: L4, fragmentOffset = 0): Buffer {
  const body = transport(l4)
  const h = Buffer.alloc(20)
  h[0] = 0x45
  h.writeUInt16BE(20 + body.length, 2)
  h.writeUInt16BE(fragmentOffset & 0x1fff, 6)
  h[8] = 64
  h[9] = l4.protocol
  v4(src).copy(h, 12)
  v4(dst).copy(h, 16)
  return Buffer.concat([h, body])
}

export function ipv6Packet(src: string, dst: string, l4: L4): Buffer {
  const body = transport(l4)
  const h = Buffer.alloc(40)
  h[0] = 0x60
  h.writeUInt16BE(body.length, 4)
  h[6] = l4.protocol
  h[7] = 64
  v6(src).copy(h, 8)
  v6(dst).copy(h, 24)
  return Buffer.concat([h, body])
}

export function ethernet(ip: Buffer, vlans: number[] = []): Buffer {
  const tags = vlans.map((id) => Buffer.from([0x81, 0x00, (id >> 8) & 0x0f, id & 0xff]))
  const type = Buffer.from(ip[0] >> 4 === 6 ? [0x86, 0xdd] : [0x08, 0x00])
  return Buffer.concat([mac, ...tags, type, ip])
}

export function loopback(ip: Buffer, family = ip[0] >> 4 === 6 ? 30 : 2): Buffer {
  const h = Buffer.alloc(4)
  h.writeUInt32LE(family)
  return Buffer.concat([h, ip])
}

export function pcapFile(packets: TestPacket[], options: { linktype?: number; nanoseconds?: boolean; bigEndian?: boolean } = {}): Buffer {
  const be = options.bigEndian ?? false
  const u32 = (b: Buffer, v: number, at: number) => (be ? b.writeUInt32BE(v, at) : b.writeUInt32LE(v, at))
  const u16 = (b: Buffer, v: number, at: number) => (be ? b.writeUInt16BE(v, at) : b.writeUInt16LE(v, at))
  const head = Buffer.alloc(24)
  u32(head, options.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, 0)
  u16(head, 2, 4)
  u16(head, 4, 6)
  u32(head, 65535, 16)
  u32(head, options.linktype ?? 1, 20)
  const parts: Buffer[] = [head]
  for (const p of packets) {
    const h = Buffer.alloc(16)
    u32(h, Math.floor(p.timeUs / 1e6), 0)
    u32(h, options.nanoseconds ? (p.timeUs % 1e6) * 1000 : p.timeUs % 1e6, 4)
    u32(h, p.frame.length, 8)
    u32(h, p.wireLength ?? p.frame.length, 12)
    parts.push(h, p.frame)
  }
  return Buffer.concat(parts)
}

/** pcapng: one section; `interfaces` are link types; an unknown block (type 0x0bad) after each packet when asked. */
export function pcapngFile(packets: TestPacket[], options: { interfaces?: number[]; bigEndian?: boolean; unknownBlocks?: boolean } = {}): Buffer {
  const be = options.bigEndian ?? false
  const block = (type: number, body: Buffer) => {
    const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)])
    const b = Buffer.alloc(12 + padded.length)
    const u32 = (v: number, at: number) => (be ? b.writeUInt32BE(v, at) : b.writeUInt32LE(v, at))
    u32(type, 0)
    u32(b.length, 4)
    padded.copy(b, 8)
    u32(b.length, b.length - 4)
    return b
  }
  const w32 = (v: number) => {
    const b = Buffer.alloc(4)
    if (be) b.writeUInt32BE(v)
    else b.writeUInt32LE(v)
    return b
  }
  const w16 = (v: number) => {
    const b = Buffer.alloc(2)
    if (be) b.writeUInt16BE(v)
    else b.writeUInt16LE(v)
    return b
  }
  const parts = [block(0x0a0d0d0a, Buffer.concat([w32(0x1a2b3c4d), w16(1), w16(0), Buffer.alloc(8, 0xff)]))]
  for (const linktype of options.interfaces ?? [1]) parts.push(block(1, Buffer.concat([w16(linktype), w16(0), w32(0)])))
  for (const p of packets) {
    const hi = Math.floor(p.timeUs / 4294967296)
    const lo = p.timeUs % 4294967296
    parts.push(block(6, Buffer.concat([w32(p.iface ?? 0), w32(hi), w32(lo), w32(p.frame.length), w32(p.wireLength ?? p.frame.length), p.frame])))
    if (options.unknownBlocks) parts.push(block(0x0bad, Buffer.from('skip me')))
  }
  return Buffer.concat(parts)
}
