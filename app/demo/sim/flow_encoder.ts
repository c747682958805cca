import { isIPv4 } from 'node:net'

/**
 * The export side of a simulated router: NetFlow v9 (RFC 3954) or IPFIX (RFC 7011) datagrams
 * from flow records, as a router's flow cache would send them. One encoder is one exporting
 * process with one observation domain: it numbers its datagrams, sends its templates first and
 * again every so often (the collector may have restarted since), and keeps each datagram below
 * the path MTU. Written for the demo; the decoder in collectors/flow reads what it writes.
 */

export type ExportVersion = 9 | 10

export interface ExportFlow {
  srcAddr: string
  dstAddr: string
  srcPort: number
  /** For ICMP and ICMPv6, type × 256 + code (as our decoder and softflowd put it). */
  dstPort: number
  protocol: number
  packets: number
  bytes: number
  /** Unix milliseconds. */
  firstMs: number
  lastMs: number
  tcpFlags: number
  inputIf: number
  outputIf: number
}

export interface EncoderOptions {
  version: ExportVersion
  /** v9 source id / IPFIX observation domain id. */
  observationDomain?: number
  /** When the exporting device booted (Unix ms): v9 times are milliseconds of uptime. */
  bootMs?: number
  /** Templates go out again after this many datagrams… */
  templateEveryDatagrams?: number
  /** …or this many seconds, whichever comes first. */
  templateEverySeconds?: number
  /** The largest datagram (UDP payload) written. */
  maxDatagram?: number
}

const V9_HEADER = 20
const IPFIX_HEADER = 16
const SET_HEADER = 4
export const IPV4_TEMPLATE_ID = 256
export const IPV6_TEMPLATE_ID = 257

/** [information element id, length] in record order; the address fields are filled per family. */
type Layout = Array<readonly [number, number]>

function layoutOf(version: ExportVersion, ipv6: boolean): Layout {
  const addresses: Layout = ipv6 ? [[27, 16], [28, 16]] : [[8, 4], [12, 4]]
  const common: Layout = [
    ...addresses,
    [7, 2], // sourceTransportPort
    [11, 2], // destinationTransportPort
    [4, 1], // protocolIdentifier
    // tcpControlBits: v9's TCP_FLAGS is one byte, IPFIX's is two (RFC 7125).
    [6, version === 9 ? 1 : 2],
    [10, 4], // ingressInterface
    [14, 4], // egressInterface
    [2, 8], // packetDeltaCount
    [1, 8], // octetDeltaCount
    // icmpTypeCodeIPv4 / icmpTypeCodeIPv6 (type × 256 + code): where collectors look for ICMP's
    // type, which the transport ports do not carry in IPFIX.
    [ipv6 ? 139 : 32, 2],
  ]
  // v9: FIRST_SWITCHED / LAST_SWITCHED in uptime ms; IPFIX: flowStart/EndMilliseconds.
  return version === 9 ? [...common, [22, 4], [21, 4]] : [...common, [152, 8], [153, 8]]
}

/** ICMP and ICMPv6 flows carry type × 256 + code where other flows have their destination port. */
const isIcmp = (flow: ExportFlow) => flow.protocol === 1 || flow.protocol === 58

const recordLength = (layout: Layout) => layout.reduce((sum, [, length]) => sum + length, 0)

function writeAddress(buf: Buffer, at: number, text: string, length: number) {
  if (length === 4) {
    const parts = text.split('.')
    for (let i = 0; i < 4; i++) buf[at + i] = Number(parts[i])
    return
  }
  const [head, tail = ''] = text.includes('::') ? text.split('::') : [text, '']
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t]
  for (let i = 0; i < 8; i++) buf.writeUInt16BE(parseInt(groups[i], 16) & 0xffff, at + i * 2)
}

function writeUint(buf: Buffer, at: number, length: number, value: number) {
  if (length === 8) {
    buf.writeUInt32BE(Math.floor(value / 4294967296) >>> 0, at)
    buf.writeUInt32BE(value % 4294967296 >>> 0, at + 4)
  } else if (length === 4) buf.writeUInt32BE(value >>> 0, at)
  else if (length === 2) buf.writeUInt16BE(value & 0xffff, at)
  else buf[at] = value & 0xff
}

export class FlowExportEncoder {
  readonly version: ExportVersion
  readonly observationDomain: number
  readonly maxDatagram: number
  readonly #layouts: { v4: Layout; v6: Layout }
  readonly #templateEveryDatagrams: number
  readonly #templateEveryMs: number
  #bootMs: number
  /** v9: datagrams sent; IPFIX: data records sent (each modulo 2^32). */
  sequence = 0
  #sinceTemplates = Infinity
  #templatesAtMs = -Infinity

  constructor(options: EncoderOptions) {
    this.version = options.version
    this.observationDomain = options.observationDomain ?? 0
    this.#bootMs = options.bootMs ?? 0
    this.#templateEveryDatagrams = options.templateEveryDatagrams ?? 20
    this.#templateEveryMs = (options.templateEverySeconds ?? 60) * 1000
    this.maxDatagram = options.maxDatagram ?? 1400
    this.#layouts = { v4: layoutOf(this.version, false), v6: layoutOf(this.version, true) }
    const longest = V9_HEADER + this.#templateSetLength() + SET_HEADER + recordLength(this.#layouts.v6) + 3
    if (this.maxDatagram < longest) throw new Error(`a datagram of ${this.maxDatagram} bytes cannot hold the templates and a record (${longest})`)
  }

  /** A device restart: numbering starts again and the templates go out at once. */
  restart(bootMs: number) {
    this.#bootMs = bootMs
    this.sequence = 0
    this.#sinceTemplates = Infinity
    this.#templatesAtMs = -Infinity
  }

  #templateSetLength() {
    // Set header, then per template its id and field count, and four bytes per field.
    return SET_HEADER + (4 + this.#layouts.v4.length * 4) + (4 + this.#layouts.v6.length * 4)
  }

  #writeTemplates(buf: Buffer, at: number): number {
    const start = at
    buf.writeUInt16BE(this.version === 9 ? 0 : 2, at)
    at += SET_HEADER
    for (const [id, layout] of [[IPV4_TEMPLATE_ID, this.#layouts.v4], [IPV6_TEMPLATE_ID, this.#layouts.v6]] as const) {
      buf.writeUInt16BE(id, at)
      buf.writeUInt16BE(layout.length, at + 2)
      at += 4
      for (const [field, length] of layout) {
        buf.writeUInt16BE(field, at)
        buf.writeUInt16BE(length, at + 2)
        at += 4
      }
    }
    buf.writeUInt16BE(at - start, start + 2)
    return at
  }

  #writeRecord(buf: Buffer, at: number, flow: ExportFlow, layout: Layout): number {
    for (const [field, length] of layout) {
      switch (field) {
        case 8:
        case 27:
          writeAddress(buf, at, flow.srcAddr, length)
          break
        case 12:
        case 28:
          writeAddress(buf, at, flow.dstAddr, length)
          break
        case 7:
          writeUint(buf, at, length, flow.srcPort)
          break
        case 11:
          writeUint(buf, at, length, isIcmp(flow) ? 0 : flow.dstPort)
          break
        case 32:
        case 139:
          writeUint(buf, at, length, isIcmp(flow) ? flow.dstPort : 0)
          break
        case 4:
          writeUint(buf, at, length, flow.protocol)
          break
        case 6:
          writeUint(buf, at, length, flow.tcpFlags)
          break
        case 10:
          writeUint(buf, at, length, flow.inputIf)
          break
        case 14:
          writeUint(buf, at, length, flow.outputIf)
          break
        case 2:
          writeUint(buf, at, length, flow.packets)
          break
        case 1:
          writeUint(buf, at, length, flow.bytes)
          break
        case 22:
          writeUint(buf, at, length, (flow.firstMs - this.#bootMs) % 4294967296)
          break
        case 21:
          writeUint(buf, at, length, (flow.lastMs - this.#bootMs) % 4294967296)
          break
        case 152:
          writeUint(buf, at, length, flow.firstMs)
          break
        case 153:
          writeUint(buf, at, length, flow.lastMs)
          break
      }
      at += length
    }
    return at
  }

  /**
   * The datagrams that export `flows` at `nowMs`: records grouped by address family into data
   * sets, as many per datagram as fit, templates in front when they are due.
   */
  encode(flows: readonly ExportFlow[], nowMs: number): Buffer[] {
    const datagrams: Buffer[] = []
    // Whole seconds: the header carries seconds, and v9 times are read against it.
    const exportMs = Math.floor(nowMs / 1000) * 1000
    const header = this.version === 9 ? V9_HEADER : IPFIX_HEADER
    let i = 0
    const pending = [...flows].sort((a, b) => Number(!isIPv4(a.srcAddr)) - Number(!isIPv4(b.srcAddr)))
    while (i < pending.length || datagrams.length === 0) {
      const buf = Buffer.alloc(this.maxDatagram)
      let at = header
      let records = 0
      let dataRecords = 0
      const templatesDue = this.#sinceTemplates >= this.#templateEveryDatagrams || exportMs - this.#templatesAtMs >= this.#templateEveryMs
      if (templatesDue) {
        at = this.#writeTemplates(buf, at)
        records += 2
        this.#sinceTemplates = 0
        this.#templatesAtMs = exportMs
      }
      // Data sets, one per run of records of one family.
      while (i < pending.length) {
        const ipv6 = !isIPv4(pending[i].srcAddr)
        const layout = ipv6 ? this.#layouts.v6 : this.#layouts.v4
        const length = recordLength(layout)
        if (at + SET_HEADER + length > this.maxDatagram) break
        const setStart = at
        buf.writeUInt16BE(ipv6 ? IPV6_TEMPLATE_ID : IPV4_TEMPLATE_ID, at)
        at += SET_HEADER
        while (i < pending.length && !isIPv4(pending[i].srcAddr) === ipv6 && at + length <= this.maxDatagram - (this.version === 9 ? 3 : 0)) {
          at = this.#writeRecord(buf, at, pending[i], layout)
          i++
          records++
          dataRecords++
        }
        // RFC 3954 pads a flowset to a 32-bit boundary; the padding is zeros.
        if (this.version === 9) at += (4 - ((at - setStart) % 4)) % 4
        buf.writeUInt16BE(at - setStart, setStart + 2)
      }
      if (records === 0) break
      buf.writeUInt16BE(this.version, 0)
      if (this.version === 9) {
        buf.writeUInt16BE(records, 2)
        buf.writeUInt32BE((exportMs - this.#bootMs) % 4294967296 >>> 0, 4)
        buf.writeUInt32BE(exportMs / 1000, 8)
        buf.writeUInt32BE(this.sequence, 12)
        buf.writeUInt32BE(this.observationDomain, 16)
        this.sequence = (this.sequence + 1) >>> 0
      } else {
        buf.writeUInt16BE(at, 2)
        buf.writeUInt32BE(exportMs / 1000, 4)
        buf.writeUInt32BE(this.sequence, 8)
        buf.writeUInt32BE(this.observationDomain, 12)
        this.sequence = (this.sequence + dataRecords) >>> 0
      }
      this.#sinceTemplates++
      datagrams.push(buf.subarray(0, at))
    }
    return datagrams
  }
}
