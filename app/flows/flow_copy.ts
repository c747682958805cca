import type { StoredFlow } from '#app/flows/flow_store'
import { parseV4, parseV6 } from '#app/flows/enrichment'

/** Raw flows as the PostgreSQL store writes them by COPY, in these columns. */
export const COPY_COLUMNS = [
  'first_at', 'last_at', 'exporter', 'version', 'observation_domain', 'src_addr', 'dst_addr', 'src_port', 'dst_port', 'protocol',
  'packets', 'bytes', 'tcp_flags', 'input_if', 'output_if', 'sampling_rate', 'device_id', 'link_id', 'src_agency_id', 'dst_agency_id',
] as const

/*
 * COPY's binary format: PostgreSQL then parses no text (timestamps and inet are its costliest
 * inputs) and the worker formats none. A header, per row a field count and each field as its
 * length (-1: NULL) and its bytes in the type's send format, and a trailer of -1.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')
const PG_EPOCH_MS = Date.UTC(2000, 0, 1)
const PGSQL_AF_INET = 2
const PGSQL_AF_INET6 = 3
/** Bytes a row takes besides its exporter's text, at most (IPv6 at both ends, every place known). */
const ROW_MAX = 2 + 20 * 4 + 8 + 8 + 2 + 8 + 20 + 20 + 4 + 4 + 2 + 8 + 8 + 2 + 8 + 8 + 4 + 4 * 4

class BinaryRows {
  readonly buf: Buffer
  readonly view: DataView
  at = 0

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size)
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength)
  }

  int2(value: number) {
    this.view.setInt32(this.at, 2)
    this.view.setInt16(this.at + 4, value)
    this.at += 6
  }

  int4(value: number) {
    this.view.setInt32(this.at, 4)
    this.view.setInt32(this.at + 4, value)
    this.at += 8
  }

  int4OrNull(value: number | null) {
    if (value === null) {
      this.view.setInt32(this.at, -1)
      this.at += 4
    } else this.int4(value)
  }

  /** Counters: whole numbers from 0 to 2^53. */
  int8(value: number) {
    const high = Math.floor(value / 4294967296)
    this.view.setInt32(this.at, 8)
    this.view.setInt32(this.at + 4, high)
    this.view.setUint32(this.at + 8, value - high * 4294967296)
    this.at += 12
  }

  /**
   * timestamptz: microseconds since 2000-01-01 UTC as an int8. Milliseconds × 1000 passes 2^53
   * in our era, so the product is made in 16-bit pieces, exactly (floored: times before 2000 too).
   */
  time(ms: number) {
    const since = ms - PG_EPOCH_MS
    const high = Math.floor(since / 65536)
    const low = since - high * 65536
    const scaled = high * 1000
    const scaledHigh = Math.floor(scaled / 65536)
    const rest = (scaled - scaledHigh * 65536) * 65536 + low * 1000
    const carry = Math.floor(rest / 4294967296)
    this.view.setInt32(this.at, 8)
    this.view.setInt32(this.at + 4, scaledHigh + carry)
    this.view.setUint32(this.at + 8, rest - carry * 4294967296)
    this.at += 12
  }

  bytes(value: Buffer) {
    this.view.setInt32(this.at, value.length)
    value.copy(this.buf, this.at + 4)
    this.at += 4 + value.length
  }

  /** inet as its send format: family, mask bits, is-cidr, length, the address. IPv4-mapped IPv6 stays IPv6, as in text. */
  inet(text: string) {
    const v4 = parseV4(text)
    if (v4 !== null) {
      this.view.setInt32(this.at, 8)
      this.buf[this.at + 4] = PGSQL_AF_INET
      this.buf[this.at + 5] = 32
      this.buf[this.at + 6] = 0
      this.buf[this.at + 7] = 4
      this.view.setUint32(this.at + 8, v4)
      this.at += 12
      return
    }
    const v6 = parseV6(text)
    // Our decoders write nothing else; PostgreSQL refused such text too, failing the batch alike.
    if (v6 === null) throw new Error(`not an address: ${JSON.stringify(text)}`)
    this.view.setInt32(this.at, 20)
    this.buf[this.at + 4] = PGSQL_AF_INET6
    this.buf[this.at + 5] = 128
    this.buf[this.at + 6] = 0
    this.buf[this.at + 7] = 16
    for (let i = 0; i < 4; i++) this.view.setUint32(this.at + 8 + i * 4, Number((v6 >> BigInt(96 - i * 32)) & 0xffffffffn))
    this.at += 24
  }
}

/** The batch as COPY … (FORMAT binary) reads it, in COPY_COLUMNS' order. */
export function copyBinary(flows: StoredFlow[]): Buffer {
  const exporters = new Map<string, Buffer>()
  let size = SIGNATURE.length + 8 + 2
  for (const f of flows) {
    let exporter = exporters.get(f.exporter)
    if (exporter === undefined) exporters.set(f.exporter, (exporter = Buffer.from(f.exporter, 'utf8')))
    size += ROW_MAX + exporter.length
  }
  const rows = new BinaryRows(size)
  SIGNATURE.copy(rows.buf, 0)
  rows.view.setInt32(SIGNATURE.length, 0)
  rows.view.setInt32(SIGNATURE.length + 4, 0)
  rows.at = SIGNATURE.length + 8
  for (const f of flows) {
    rows.view.setInt16(rows.at, COPY_COLUMNS.length)
    rows.at += 2
    rows.time(f.first.getTime())
    rows.time(f.last.getTime())
    rows.bytes(exporters.get(f.exporter)!)
    rows.int2(f.version)
    rows.int8(f.observationDomain)
    rows.inet(f.srcAddr)
    rows.inet(f.dstAddr)
    rows.int4(f.srcPort)
    rows.int4(f.dstPort)
    rows.int2(f.protocol)
    rows.int8(f.packets)
    rows.int8(f.bytes)
    rows.int2(f.tcpFlags)
    rows.int8(f.inputIf)
    rows.int8(f.outputIf)
    rows.int4(f.samplingRate)
    rows.int4OrNull(f.deviceId)
    rows.int4OrNull(f.linkId)
    rows.int4OrNull(f.srcAgencyId)
    rows.int4OrNull(f.dstAgencyId)
  }
  rows.view.setInt16(rows.at, -1)
  rows.at += 2
  return rows.buf.subarray(0, rows.at)
}
