import { BlockList, isIP } from 'node:net'
import dns from 'node:dns'

/**
 * Where a webhook may not go: the console's own machine and networks (loopback, link-local with
 * the cloud metadata service at 169.254.169.254, private and carrier-grade NAT ranges, unique
 * local IPv6), and addresses that are no host at all. A notification channel is written by NOC
 * operators; left open it would let one make the notifier call internal services with a signed
 * request and read whether they answer. An admin opens a range (WEBHOOK_ALLOWED_RANGES, CIDR
 * list) for a receiver that really is inside.
 */
const INTERNAL = new BlockList()
for (const [address, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(address, prefix, 'ipv4')
}
for (const [address, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  INTERNAL.addSubnet(address, prefix, 'ipv6')
}

/** A CIDR list as an admin writes it ("127.0.0.0/8, 10.20.0.0/16"); throws on a bad entry. */
export function parseRanges(text: string | undefined): BlockList {
  const list = new BlockList()
  for (const entry of (text ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [address, bits] = entry.split('/')
    const family = isIP(address)
    if (!family) throw new Error(`"${entry}" is not an address or CIDR range`)
    const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits)
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`"${entry}" has a bad prefix`)
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6')
  }
  return list
}

/** IPv4 written inside IPv6 (::ffff:127.0.0.1) is the IPv4 address it carries. */
function unmapped(address: string) {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)
  return mapped ? mapped[1] : address
}

export function isRefusedTarget(address: string, allowed: BlockList): boolean {
  const ip = unmapped(address)
  const type = isIP(ip) === 6 ? 'ipv6' : 'ipv4'
  return INTERNAL.check(ip, type) && !allowed.check(ip, type)
}

export class RefusedTargetError extends Error {
  code = 'E_WEBHOOK_TARGET_REFUSED'
}

/**
 * A `lookup` for http.request that refuses internal addresses when the connection is made, not
 * only when the channel was saved: a name can resolve elsewhere by the time an event is sent.
 */
export function guardedLookup(allowed: BlockList) {
  return (hostname: string, options: dns.LookupOptions, callback: (...args: any[]) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error)
      const list = addresses as dns.LookupAddress[]
      const refused = list.find((a) => isRefusedTarget(a.address, allowed))
      if (refused) return callback(new RefusedTargetError(`${hostname} resolves to ${refused.address}, an internal address`))
      if (options.all) return callback(null, list)
      callback(null, list[0].address, list[0].family)
    })
  }
}

/** The addresses a host name resolves to that a webhook may not reach (none: it may). */
export async function refusedAddressesOf(hostname: string, allowed: BlockList): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, '')
  const addresses = isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true })).map((a) => a.address)
  return addresses.filter((a) => isRefusedTarget(a, allowed))
}
