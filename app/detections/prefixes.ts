/**
 * Address and prefix membership for the detectors (agency prefixes, indicators, ignored
 * sources). Lookups run once or twice per flow, so an IPv4 address is a 32-bit number and each
 * prefix length present is one Set probe; IPv6 addresses are compared as BigInts.
 */

export interface ParsedAddress {
  v6: boolean
  /** IPv4: the 32-bit number; IPv6: the 128-bit BigInt. */
  value: number | bigint
}

export function parseIPv4(text: string): number | null {
  // Runs for every flow's addresses: char codes, no split, no regular expression.
  let value = 0
  let octet = 0
  let digits = 0
  let dots = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return null
      value = value * 256 + octet
      octet = 0
      digits = 0
    } else if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48)
      if (++digits > 3 || octet > 255) return null
    } else {
      return null
    }
  }
  if (dots !== 3 || digits === 0) return null
  return value * 256 + octet
}

export function parseIPv6(text: string): bigint | null {
  if (!text.includes(':')) return null
  const zone = text.indexOf('%')
  if (zone >= 0) text = text.slice(0, zone)
  const lastColon = text.lastIndexOf(':')
  if (text.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 address (::ffff:192.0.2.1) stands for the last two groups.
    const v4 = parseIPv4(text.slice(lastColon + 1))
    if (v4 === null) return null
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const groups = (s: string) => (s === '' ? [] : s.split(':'))
  const head = groups(halves[0])
  const rest = halves.length === 2 ? groups(halves[1]) : []
  const all = [...head, ...rest].map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? Number.parseInt(g, 16) : Number.NaN))
  if (all.some(Number.isNaN)) return null
  const count = all.length
  if (halves.length === 1 ? count !== 8 : count > 7) return null
  const filled = [...all.slice(0, head.length), ...new Array(8 - count).fill(0), ...all.slice(head.length)]
  let value = 0n
  for (const g of filled) value = (value << 16n) | BigInt(g)
  return value
}

export function parseAddress(text: string): ParsedAddress | null {
  const v4 = parseIPv4(text)
  if (v4 !== null) return { v6: false, value: v4 }
  const v6 = parseIPv6(text)
  return v6 === null ? null : { v6: true, value: v6 }
}

/** A set of addresses and prefixes ("10.0.0.0/8", "2001:db8::/32", "192.0.2.7"). */
export class PrefixSet {
  readonly #v4 = new Map<number, Set<number>>()
  readonly #v6 = new Map<number, Set<bigint>>()
  #v4Lengths: number[] = []
  #v6Lengths: number[] = []
  /** Entries that were not an address or prefix. */
  readonly rejected: string[] = []

  constructor(entries: Iterable<string> = []) {
    for (const entry of entries) this.add(entry)
  }

  get size() {
    let n = 0
    for (const s of this.#v4.values()) n += s.size
    for (const s of this.#v6.values()) n += s.size
    return n
  }

  add(entry: string): boolean {
    const [addressText, lengthText, extra] = entry.trim().split('/')
    const address = extra === undefined ? parseAddress(addressText) : null
    const max = address?.v6 ? 128 : 32
    const length = lengthText === undefined ? max : /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : -1
    if (!address || length < 0 || length > max) {
      this.rejected.push(entry)
      return false
    }
    if (address.v6) {
      const set = this.#v6.get(length) ?? new Set()
      set.add(maskV6(address.value as bigint, length))
      this.#v6.set(length, set)
      this.#v6Lengths = [...this.#v6.keys()].sort((a, b) => b - a)
    } else {
      const set = this.#v4.get(length) ?? new Set()
      set.add(maskV4(address.value as number, length))
      this.#v4.set(length, set)
      this.#v4Lengths = [...this.#v4.keys()].sort((a, b) => b - a)
    }
    return true
  }

  has(address: string): boolean {
    const v4 = parseIPv4(address)
    if (v4 !== null) {
      for (const length of this.#v4Lengths) if (this.#v4.get(length)!.has(maskV4(v4, length))) return true
      return false
    }
    return this.match(address) !== null
  }

  /** The most specific entry holding the address, as "network/length", or null. */
  match(address: string): string | null {
    const v4 = parseIPv4(address)
    if (v4 !== null) {
      for (const length of this.#v4Lengths) {
        const network = maskV4(v4, length)
        if (this.#v4.get(length)!.has(network)) return `${v4Text(network)}/${length}`
      }
      return null
    }
    if (this.#v6Lengths.length === 0) return null
    const v6 = parseIPv6(address)
    if (v6 === null) return null
    for (const length of this.#v6Lengths) {
      const network = maskV6(v6, length)
      if (this.#v6.get(length)!.has(network)) return `${v6Text(network)}/${length}`
    }
    return null
  }
}

function maskV4(value: number, length: number) {
  if (length === 0) return 0
  return (value - (value % 2 ** (32 - length))) >>> 0
}

const ALL_V6 = (1n << 128n) - 1n
function maskV6(value: bigint, length: number) {
  return value & (ALL_V6 ^ ((1n << BigInt(128 - length)) - 1n))
}

function v4Text(value: number) {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.')
}

function v6Text(value: bigint) {
  const groups: string[] = []
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16))
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')
}

/** An address or prefix in one spelling ("192.0.2.0/24", "2001:db8::/32"), or null if it is neither. */
export function canonicalPrefix(entry: string): string | null {
  const set = new PrefixSet([entry])
  if (set.rejected.length > 0) return null
  const [address] = entry.trim().split('/')
  return set.match(address)
}
