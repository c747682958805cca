/**
 * Classic pcap files through pcap-parser (the design card's reader), with what it lacks around
 * it: nanosecond files (their magic is rewritten for it, the fraction divided here), records
 * whose header is impossible (the reader would wait for gigabytes; we stop it, count the damage
 * and restart it at the next plausible record, as pcapfix does), and a last record cut short.
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { PassThrough, type Readable } from 'node:stream'
import pcapParser, { type PcapPacketHeader } from 'pcap-parser'
import type { PacketSink } from './captured_packet.js'

const GLOBAL = 24
const RECORD = 16
/** libpcap's own ceiling for a record's length. */
const MAX_SNAPLEN = 262144

export interface PcapHeader {
  le: boolean
  nanoseconds: boolean
  snaplen: number
  linktype: number
}

export function pcapHeader(head: Buffer): PcapHeader | null {
  if (head.length < GLOBAL) return null
  const magic = head.readUInt32LE(0)
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d
  const be = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1
  if (!le && !be) return null
  const u32 = (at: number) => (le ? head.readUInt32LE(at) : head.readUInt32BE(at))
  return { le, nanoseconds: magic === 0xa1b23c4d || magic === 0x4d3cb2a1, snaplen: u32(16), linktype: u32(20) & 0xffff }
}

/** A record header that could be real: lengths within the snapshot, a fraction below one second, a time near the last. */
function plausible(h: PcapHeader, seconds: number, fraction: number, caplen: number, wire: number, lastSeconds: number): boolean {
  const snaplen = h.snaplen > 0 && h.snaplen <= MAX_SNAPLEN ? h.snaplen : MAX_SNAPLEN
  return (
    caplen <= snaplen &&
    caplen <= wire &&
    wire <= MAX_SNAPLEN * 4 &&
    fraction < (h.nanoseconds ? 1e9 : 1e6) &&
    (lastSeconds < 0 || Math.abs(seconds - lastSeconds) < 86400 * 7)
  )
}

function plausibleAt(h: PcapHeader, buf: Buffer, at: number, lastSeconds: number): boolean {
  const u32 = (o: number) => (h.le ? buf.readUInt32LE(at + o) : buf.readUInt32BE(at + o))
  return plausible(h, u32(0), u32(4), u32(8), u32(12), lastSeconds)
}

export async function readPcap(path: string, header: PcapHeader, sink: PacketSink): Promise<{ packets: number; damaged: number }> {
  const handle = await open(path)
  const size = (await handle.stat()).size
  let packets = 0
  let damaged = 0
  let offset = GLOBAL
  let lastSeconds = -1
  const globalHead = Buffer.alloc(GLOBAL)
  await handle.read(globalHead, 0, GLOBAL, 0)
  // pcap-parser knows only the microsecond magic; the layout is the same.
  globalHead.writeUInt32LE(header.le ? 0xa1b2c3d4 : 0xd4c3b2a1, 0)

  const run = (start: number) =>
    new Promise<number | null>((resolve) => {
      const source = new PassThrough()
      source.write(globalHead)
      const file = createReadStream(path, { start, highWaterMark: 1 << 20 })
      file.pipe(source)
      const parser = pcapParser.parse(source as Readable)
      let position = start
      let pending: PcapPacketHeader | null = null
      let stopped = false
      const stop = (resume: number | null) => {
        if (stopped) return
        stopped = true
        file.unpipe(source)
        file.destroy()
        source.destroy()
        resolve(resume)
      }
      parser.on('packetHeader', (h: PcapPacketHeader) => {
        if (stopped) return
        const ok = plausible(header, h.timestampSeconds, h.timestampMicroseconds, h.capturedLength, h.originalLength, lastSeconds)
        if (!ok) {
          damaged++
          return stop(position)
        }
        pending = h
      })
      parser.on('packet', (p: { header: PcapPacketHeader; data: Buffer }) => {
        if (stopped) return
        const h = pending ?? p.header
        pending = null
        position += RECORD + h.capturedLength
        lastSeconds = h.timestampSeconds
        const fraction = header.nanoseconds ? Math.floor(h.timestampMicroseconds / 1000) : h.timestampMicroseconds
        packets++
        sink({ timeUs: h.timestampSeconds * 1e6 + fraction, linktype: header.linktype, wireLength: h.originalLength, data: p.data })
      })
      parser.on('error', () => stop(null))
      parser.on('end', () => {
        if (stopped) return
        // Bytes after the last whole record: a record cut short (the file ends mid-write).
        if (position < size) damaged++
        stop(null)
      })
    })

  try {
    let resume = await run(offset)
    while (resume !== null) {
      offset = await nextRecord(handle, header, resume + 1, size, lastSeconds)
      if (offset < 0) break
      resume = await run(offset)
    }
  } finally {
    await handle.close()
  }
  return { packets, damaged }
}

/** The next offset after `from` where two consecutive plausible records (or one ending the file) start. */
async function nextRecord(handle: Awaited<ReturnType<typeof open>>, h: PcapHeader, from: number, size: number, lastSeconds: number) {
  const window = Buffer.alloc(Math.min(size - from, 8 * 1024 * 1024))
  if (window.length < RECORD) return -1
  await handle.read(window, 0, window.length, from)
  for (let i = 0; i + RECORD <= window.length; i++) {
    if (!plausibleAt(h, window, i, lastSeconds)) continue
    const caplen = h.le ? window.readUInt32LE(i + 8) : window.readUInt32BE(i + 8)
    const next = i + RECORD + caplen
    if (from + next === size) return from + i
    if (next + RECORD <= window.length && plausibleAt(h, window, next, lastSeconds)) return from + i
  }
  return -1
}
