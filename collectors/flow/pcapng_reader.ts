/**
 * pcapng (draft-ietf-opsawg-pcapng): section header, interface description, enhanced and simple
 * packet blocks (and the obsolete packet block), either byte order, any number of sections and
 * interfaces; other blocks are skipped by their length. Bytes arrive in chunks; a block whose
 * lengths do not add up is counted as damaged and reading resumes at the next block that looks
 * whole. Nothing here throws on input.
 */
import type { PacketSink } from './captured_packet.js'

const SHB = 0x0a0d0d0a
const BYTE_ORDER_MAGIC = 0x1a2b3c4d
const IDB = 1
const OBSOLETE_PB = 2
const SPB = 3
const EPB = 6
const KNOWN = new Set([SHB, IDB, OBSOLETE_PB, SPB, 4, 5, EPB, 7, 8, 9, 10, 0x80000001])
/** Larger blocks than this are taken for damage, not data (no real frame is anywhere near). */
const MAX_BLOCK = 16 * 1024 * 1024

interface Interface {
  linktype: number
  snaplen: number
  /** Units per second of this interface's timestamps. */
  unitsPerSecond: number
  offsetSeconds: number
}

export class PcapngParser {
  packets = 0
  damaged = 0
  readonly linktypes = new Set<number>()
  #carry: Buffer | null = null
  #le = true
  #interfaces: Interface[] = []
  #sawSection = false
  #resyncing = false
  readonly #sink: PacketSink

  constructor(sink: PacketSink) {
    this.#sink = sink
  }

  push(chunk: Buffer) {
    const buf = this.#carry ? Buffer.concat([this.#carry, chunk]) : chunk
    const used = this.#parse(buf)
    this.#carry = used < buf.length ? buf.subarray(used) : null
  }

  /** End of file: what is left is a block cut short. */
  end() {
    // A resync candidate that reached past the end was garbage after all: scan on without waiting.
    if (this.#carry && this.#resyncing) {
      const carry = this.#carry
      this.#carry = carry.subarray(this.#parse(carry, true))
    }
    if (this.#carry && this.#carry.length > 0 && !this.#resyncing) this.damaged++
    this.#carry = null
  }

  #u32(buf: Buffer, at: number) {
    return this.#le ? buf.readUInt32LE(at) : buf.readUInt32BE(at)
  }

  #u16(buf: Buffer, at: number) {
    return this.#le ? buf.readUInt16LE(at) : buf.readUInt16BE(at)
  }

  /** Whether a whole, consistent block starts at `at` (false also when it is not all here yet). */
  #blockAt(buf: Buffer, at: number): number {
    if (at + 12 > buf.length) return -1
    const type = buf.readUInt32LE(at)
    if (type === SHB) {
      const magic = buf.readUInt32LE(at + 8)
      if (magic === BYTE_ORDER_MAGIC) this.#le = true
      else if (magic === 0x4d3c2b1a) this.#le = false
      else return 0
    }
    const length = this.#u32(buf, at + 4)
    if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) return 0
    if (at + length > buf.length) return -1
    if (this.#u32(buf, at + length - 4) !== length) return 0
    return length
  }

  #parse(buf: Buffer, final = false): number {
    let at = 0
    while (at + 12 <= buf.length) {
      if (this.#resyncing) {
        const type = this.#le ? buf.readUInt32LE(at) : buf.readUInt32BE(at)
        const check = KNOWN.has(type) || type === SHB ? this.#blockAt(buf, at) : 0
        if (check === -1 && !final) return at
        if (check <= 0) {
          at += 4
          continue
        }
        this.#resyncing = false
      }
      const length = this.#blockAt(buf, at)
      if (length === -1) return at
      if (length === 0) {
        this.damaged++
        this.#resyncing = true
        at += 4
        continue
      }
      this.#block(buf, at, length)
      at += length
    }
    return at
  }

  #block(buf: Buffer, at: number, length: number) {
    const type = this.#u32(buf, at)
    const body = at + 8
    const end = at + length - 4
    if (type === SHB) {
      this.#sawSection = true
      this.#interfaces = []
      return
    }
    if (!this.#sawSection) {
      this.damaged++
      return
    }
    if (type === IDB) {
      if (end - body < 8) return void this.damaged++
      const iface: Interface = { linktype: this.#u16(buf, body), snaplen: this.#u32(buf, body + 4), unitsPerSecond: 1e6, offsetSeconds: 0 }
      this.#options(buf, body + 8, end, iface)
      this.#interfaces.push(iface)
      this.linktypes.add(iface.linktype)
    } else if (type === EPB || type === OBSOLETE_PB) {
      if (end - body < 20) return void this.damaged++
      const id = type === EPB ? this.#u32(buf, body) : this.#u16(buf, body)
      const iface = this.#interfaces[id]
      const captured = this.#u32(buf, body + 12)
      const wire = this.#u32(buf, body + 16)
      if (!iface || body + 20 + captured > end) return void this.damaged++
      const ticks = this.#u32(buf, body + 4) * 4294967296 + this.#u32(buf, body + 8)
      this.#emit(iface, ticks, wire, buf.subarray(body + 20, body + 20 + captured))
    } else if (type === SPB) {
      const iface = this.#interfaces[0]
      if (!iface || end - body < 4) return void this.damaged++
      const wire = this.#u32(buf, body)
      const captured = Math.min(wire, end - body - 4, iface.snaplen || Infinity)
      // A simple packet block has no time of its own.
      this.packets++
      this.#sink({ timeUs: 0, linktype: iface.linktype, wireLength: wire, data: buf.subarray(body + 4, body + 4 + captured) })
    }
  }

  #emit(iface: Interface, ticks: number, wire: number, data: Buffer) {
    const timeUs = iface.unitsPerSecond === 1e6 ? ticks : Math.floor((ticks / iface.unitsPerSecond) * 1e6)
    this.packets++
    this.#sink({ timeUs: timeUs + iface.offsetSeconds * 1e6, linktype: iface.linktype, wireLength: wire, data })
  }

  /** if_tsresol (9) and if_tsoffset (14); other options are skipped. */
  #options(buf: Buffer, at: number, end: number, iface: Interface) {
    while (at + 4 <= end) {
      const code = this.#u16(buf, at)
      const length = this.#u16(buf, at + 2)
      if (code === 0 || at + 4 + length > end) return
      if (code === 9 && length >= 1) {
        const r = buf[at + 4]
        iface.unitsPerSecond = r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r
      } else if (code === 14 && length >= 8) {
        iface.offsetSeconds = this.#u32(buf, at + (this.#le ? 4 : 8)) + this.#u32(buf, at + (this.#le ? 8 : 4)) * 4294967296
      }
      at += 4 + ((length + 3) & ~3)
    }
  }
}
