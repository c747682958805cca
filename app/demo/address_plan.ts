import { generateDemoData } from '#app/demo/generator'
import { hashSeed } from '#app/demo/prng'
import { ipv6Text } from '#collectors/flow/addresses'

/**
 * The demo's address plan: which addresses each demo agency's hosts have, as plain data. The
 * demo's flow exporters draw their talkers from it, and the inventory's agency prefixes
 * (agency_prefixes) are loaded from the same function, so the flows the demo sends are
 * attributed to the agencies that sent them.
 *
 * Every agency of the demo data set gets, in the data set's order, a private IPv4 /22 from
 * 10.16.0.0/12 and an IPv6 /48 from the documentation range 2001:db8::/32; an agency the data
 * set does not hold (one a test or a person made) gets a slot of 10.128.0.0/10 chosen by its
 * code. The GSN's owner (MODA) also holds the two off-site backup data centres' ranges, where
 * the nightly replication goes. Outside the GSN, "the Internet" is the three IPv4
 * documentation networks and one IPv6 documentation /48 (RFC 5737, RFC 3849): nothing in the
 * demo names a real host.
 */

export interface DemoPrefix {
  agencyCode: string
  /** CIDR text, network address first (10.16.4.0/22, 2001:db8:1001::/48). */
  prefix: string
  description: string
}

/** The off-site backup data centres (異地備援), held by the GSN's owner. */
export const BACKUP_DATA_CENTRE_PREFIXES = [
  { code: 'BDC-CENTRAL', prefix: '10.250.0.0/20' },
  { code: 'BDC-SOUTH', prefix: '10.250.16.0/20' },
] as const
const GSN_OWNER = 'MODA'

/** Addresses outside the GSN the demo's flows talk to. */
export const DEMO_INTERNET_PREFIXES = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8:ffff::/48'] as const

/**
 * The attackers of the demo's scheduled attacks (app/demo/sim/attacks.ts), one a round in turn.
 * They sit in .50–.99 of the outside networks, which the ordinary traffic never draws (its
 * servers are .10–.49, its clients .100 onwards), so whatever these addresses do is the attack.
 */
export const DEMO_ATTACKERS = ['203.0.113.66', '198.51.100.77', '192.0.2.88', '203.0.113.99'] as const

let slots: Map<string, number> | null = null
function slotOf(code: string): number | null {
  slots ??= new Map(generateDemoData().agencies.map((a, i) => [a.code, i]))
  return slots.get(code) ?? null
}

/** An agency's prefixes in the demo (IPv4 first). */
export function demoAgencyPrefixes(agencyCode: string): DemoPrefix[] {
  const slot = slotOf(agencyCode)
  let v4: string
  let v6: string
  if (slot !== null) {
    v4 = `10.${16 + (slot >> 6)}.${(slot & 63) << 2}.0/22`
    v6 = `2001:db8:${(0x1000 + slot).toString(16)}::/48`
  } else {
    const h = hashSeed(`prefix/${agencyCode}`) % 4096
    v4 = `10.${128 + (h >> 6)}.${(h & 63) << 2}.0/22`
    v6 = `2001:db8:${(0x8000 + h).toString(16)}::/48`
  }
  const rows: DemoPrefix[] = [
    { agencyCode, prefix: v4, description: 'offices and servers (IPv4)' },
    { agencyCode, prefix: v6, description: 'offices and servers (IPv6)' },
  ]
  if (agencyCode === GSN_OWNER) {
    for (const b of BACKUP_DATA_CENTRE_PREFIXES) rows.push({ agencyCode, prefix: b.prefix, description: `${b.code} off-site backup data centre` })
  }
  return rows
}

/** Every demo agency's prefixes, for loading agency_prefixes with the demo. */
export function demoPrefixRows(): DemoPrefix[] {
  return generateDemoData().agencies.flatMap((a) => demoAgencyPrefixes(a.code))
}

/** The `index`-th address of a prefix (0 is the network itself), as text. */
export function addressIn(prefix: string, index: number): string {
  const [network, bitsText] = prefix.split('/')
  const bits = Number(bitsText)
  if (network.includes(':')) {
    const hostBits = 128 - bits
    const size = hostBits >= 53 ? Number.MAX_SAFE_INTEGER : 2 ** hostBits
    let offset = BigInt(index >= 0 ? index % size : (index % size) + size)
    const [head] = network.split('::')
    const groups = head.split(':').map((g) => parseInt(g, 16))
    while (groups.length < 8) groups.push(0)
    for (let g = 7; g >= 0 && offset > 0n; g--) {
      const sum = BigInt(groups[g]) + (offset & 0xffffn)
      groups[g] = Number(sum & 0xffffn)
      offset = (offset >> 16n) + (sum >> 16n)
    }
    return ipv6Text(groups)
  }
  const size = 2 ** (32 - bits)
  const base = network.split('.').reduce((n, part) => n * 256 + Number(part), 0)
  const value = base + (((index % size) + size) % size)
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.')
}

/** How many addresses a prefix holds (capped: the demo never needs more than a few thousand). */
export function prefixSize(prefix: string): number {
  const bits = Number(prefix.split('/')[1])
  const hostBits = (prefix.includes(':') ? 128 : 32) - bits
  return hostBits >= 31 ? 2 ** 31 : 2 ** hostBits
}
