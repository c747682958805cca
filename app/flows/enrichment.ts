/**
 * Enrichment of flows from the inventory, as plain functions over a snapshot of it: the exporter
 * address names the device, the device and an interface index name the link, and each end's
 * address names the agency whose prefix holds it most narrowly (longest prefix match).
 */

export interface InventorySnapshot {
  devices: Array<{ id: number; managementAddress: string }>
  links: Array<{ id: number; deviceId: number | null; ifIndex: number | null }>
  prefixes: Array<{ agencyId: number; prefix: string }>
}

export interface FlowPlace {
  deviceId: number | null
  linkId: number | null
  srcAgencyId: number | null
  dstAgencyId: number | null
}

type Parsed = { family: 4; value: number } | { family: 6; value: bigint }

/** Dotted quad read digit by digit: the storing worker reads two per flow, and a regex match costs more than the rest of placing it. */
export function parseV4(text: string): number | null {
  let value = 0
  let octet = 0
  let digits = 0
  let dots = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return null
      octet = octet * 10 + (c - 48)
    } else if (c === 46 && digits > 0 && dots < 3) {
      if (octet > 255) return null
      value = value * 256 + octet
      octet = digits = 0
      dots++
    } else return null
  }
  if (dots !== 3 || digits === 0 || octet > 255) return null
  return value * 256 + octet
}

export function parseV6(text: string): bigint | null {
  const halves = text.split('::')
  if (halves.length > 2) return null
  const groups = (part: string) => (part === '' ? [] : part.split(':'))
  let head = groups(halves[0])
  let tail = halves.length === 2 ? groups(halves[1]) : []
  // An embedded IPv4 tail (::ffff:192.0.2.1) is two groups.
  const last = (halves.length === 2 ? tail : head).at(-1)
  if (last && last.includes('.')) {
    const v4 = parseV4(last)
    if (v4 === null) return null
    const words = [(v4 >>> 16).toString(16), (v4 & 0xffff).toString(16)]
    if (halves.length === 2) tail = [...tail.slice(0, -1), ...words]
    else head = [...head.slice(0, -1), ...words]
  }
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null
  let value = 0n
  for (const group of [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail]) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null
    value = (value << 16n) | BigInt(Number.parseInt(group, 16))
  }
  return value
}

const MAPPED_V4 = 0xffffn << 32n

/** An address as a number of its family; IPv4-mapped IPv6 (::ffff:a.b.c.d) reads as IPv4. */
export function parseAddress(text: string): Parsed | null {
  const v4 = parseV4(text)
  if (v4 !== null) return { family: 4, value: v4 }
  const zone = text.indexOf('%')
  const v6 = parseV6(zone >= 0 ? text.slice(0, zone) : text)
  if (v6 === null) return null
  if (v6 >> 32n === 0xffffn) return { family: 4, value: Number(v6 - MAPPED_V4) }
  return { family: 6, value: v6 }
}

/** A CIDR prefix ("10.1.0.0/16", "2001:db8::/32"; a bare address is a host prefix). */
export function parsePrefix(text: string): { family: 4 | 6; value: number | bigint; length: number } | null {
  const slash = text.indexOf('/')
  const address = parseAddress(slash >= 0 ? text.slice(0, slash) : text)
  if (!address) return null
  const bits = address.family === 4 ? 32 : 128
  const mappedV4 = address.family === 4 && parseV4(slash >= 0 ? text.slice(0, slash) : text) === null
  let length = slash >= 0 ? Number(text.slice(slash + 1)) : bits
  if (slash >= 0 && !/^\d{1,3}$/.test(text.slice(slash + 1))) return null
  // ::ffff:10.0.0.0/104 is 10.0.0.0/8.
  if (mappedV4) length -= 96
  if (!Number.isInteger(length) || length < 0 || length > bits) return null
  return { family: address.family, value: address.value, length }
}

const keyV4 = (value: number, length: number) => (length === 0 ? 0 : Math.floor(value / 2 ** (32 - length)))
const keyV6 = (value: bigint, length: number) => value >> BigInt(128 - length)

/**
 * Longest prefix match: one map per prefix length in use, tried from the longest down. With
 * the handful of lengths an inventory holds, a lookup is a few map reads.
 */
export class PrefixTable<T = number> {
  #v4 = new Map<number, Map<number, T>>()
  #v6 = new Map<number, Map<bigint, T>>()
  #v4Lengths: number[] = []
  #v6Lengths: number[] = []

  constructor(entries: Iterable<{ prefix: string; value: T }>) {
    for (const { prefix, value } of entries) {
      const p = parsePrefix(prefix)
      if (!p) continue
      if (p.family === 4) {
        let byKey = this.#v4.get(p.length)
        if (!byKey) this.#v4.set(p.length, (byKey = new Map()))
        byKey.set(keyV4(p.value as number, p.length), value)
      } else {
        let byKey = this.#v6.get(p.length)
        if (!byKey) this.#v6.set(p.length, (byKey = new Map()))
        byKey.set(keyV6(p.value as bigint, p.length), value)
      }
    }
    this.#v4Lengths = [...this.#v4.keys()].sort((a, b) => b - a)
    this.#v6Lengths = [...this.#v6.keys()].sort((a, b) => b - a)
  }

  lookup(address: string): T | null {
    const parsed = parseAddress(address)
    if (!parsed) return null
    if (parsed.family === 4) {
      for (const length of this.#v4Lengths) {
        const hit = this.#v4.get(length)!.get(keyV4(parsed.value, length))
        if (hit !== undefined) return hit
      }
    } else {
      for (const length of this.#v6Lengths) {
        const hit = this.#v6.get(length)!.get(keyV6(parsed.value, length))
        if (hit !== undefined) return hit
      }
    }
    return null
  }
}

/** The exporter as a device knows it: IPv4-mapped IPv6 and zone ids are read as the plain address. */
export function exporterKey(address: string): string {
  const parsed = parseAddress(address.trim())
  if (!parsed) return address.trim().toLowerCase()
  if (parsed.family === 4) {
    const v = parsed.value
    return `${Math.floor(v / 2 ** 24)}.${Math.floor(v / 2 ** 16) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`
  }
  return parsed.value.toString(16)
}

/** The snapshot's lookups, built once per inventory change. */
export class Enricher {
  readonly #devices = new Map<string, number>()
  readonly #links = new Map<string, number>()
  readonly #agencies: PrefixTable<number>
  // An exporter sends thousands of flows a batch: its address is read once per snapshot, not per flow.
  readonly #deviceByExporter = new Map<string, number | null>()

  constructor(snapshot: InventorySnapshot) {
    for (const d of snapshot.devices) this.#devices.set(exporterKey(d.managementAddress), d.id)
    for (const l of snapshot.links) {
      if (l.deviceId === null || l.ifIndex === null) continue
      // Two links on one port (a migration in progress): the lower id, so the answer is stable.
      const key = `${l.deviceId}/${l.ifIndex}`
      const held = this.#links.get(key)
      if (held === undefined || l.id < held) this.#links.set(key, l.id)
    }
    this.#agencies = new PrefixTable(snapshot.prefixes.map((p) => ({ prefix: p.prefix, value: p.agencyId })))
  }

  deviceOf(exporter: string): number | null {
    let device = this.#deviceByExporter.get(exporter)
    if (device === undefined) {
      device = this.#devices.get(exporterKey(exporter)) ?? null
      this.#deviceByExporter.set(exporter, device)
    }
    return device
  }

  /** The link the flow entered by; failing that, the one it left by (an exporter may watch one side only). */
  linkOf(deviceId: number | null, inputIf: number, outputIf: number): number | null {
    if (deviceId === null) return null
    return this.#links.get(`${deviceId}/${inputIf}`) ?? this.#links.get(`${deviceId}/${outputIf}`) ?? null
  }

  agencyOf(address: string): number | null {
    return this.#agencies.lookup(address)
  }

  place(flow: { exporter: string; srcAddr: string; dstAddr: string; inputIf: number; outputIf: number }): FlowPlace {
    const deviceId = this.deviceOf(flow.exporter)
    return {
      deviceId,
      linkId: this.linkOf(deviceId, flow.inputIf, flow.outputIf),
      srcAgencyId: this.agencyOf(flow.srcAddr),
      dstAgencyId: this.agencyOf(flow.dstAddr),
    }
  }
}

/** The network address of a prefix as text (IPv6 uncompressed: PostgreSQL writes it back in its own form). */
function networkText(family: 4 | 6, value: number | bigint): string {
  if (family === 4) {
    const v = value as number
    return `${Math.floor(v / 2 ** 24)}.${Math.floor(v / 2 ** 16) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`
  }
  const groups: string[] = []
  for (let i = 7; i >= 0; i--) groups.push((((value as bigint) >> BigInt(i * 16)) & 0xffffn).toString(16))
  return groups.join(':')
}

/**
 * A prefix an agency may declare: a network address and its length, with no bits set after the
 * length (PostgreSQL's cidr refuses those, and "10.1.2.3/16" is more likely a slip than meant).
 * Returns the problem, or the network to write when host bits were set.
 */
export function checkPrefix(text: string): { ok: true } | { ok: false; network?: string } {
  const p = parsePrefix(text.trim())
  if (!p || !text.includes('/')) return { ok: false }
  const host = p.family === 4 ? (p.value as number) % 2 ** (32 - p.length) : (p.value as bigint) & ((1n << BigInt(128 - p.length)) - 1n)
  if (host === 0 || host === 0n) return { ok: true }
  const network = p.family === 4 ? (p.value as number) - (host as number) : (p.value as bigint) - (host as bigint)
  return { ok: false, network: `${networkText(p.family, network)}/${p.length}` }
}
