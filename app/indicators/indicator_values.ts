import { domainToASCII } from 'node:url'
import { parseIPv4, parseIPv6 } from '#app/detections/prefixes'
import { checkPrefix } from '#app/flows/enrichment'

/**
 * What an indicator can be, and each value in one spelling, so that the same address or hash
 * published twice, or in another case, or as STIX and as MISP, is recognised as the same one.
 * Plain functions: the API, the importers (STIX, MISP) and the matcher all call these.
 */

export const INDICATOR_TYPES = ['ipv4', 'ipv6', 'ipv4_prefix', 'ipv6_prefix', 'domain', 'url', 'md5', 'sha1', 'sha256', 'email'] as const
export type IndicatorType = (typeof INDICATOR_TYPES)[number]

/** The types the flow matcher can use: addresses and prefixes. */
export const ADDRESS_TYPES: readonly IndicatorType[] = ['ipv4', 'ipv6', 'ipv4_prefix', 'ipv6_prefix']

export type Normalised = { ok: true; value: string } | { ok: false; reason: 'not_of_type' | 'host_bits'; network?: string }

const HASH_LENGTH: Partial<Record<IndicatorType, number>> = { md5: 32, sha1: 40, sha256: 64 }

/** RFC 5952's spelling of an IPv6 address (lower case, the longest run of zeros as ::), as the URL parser writes it. */
function ipv6Text(text: string): string | null {
  if (parseIPv6(text) === null || text.includes('%')) return null
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1)
  } catch {
    return null
  }
}

function ipv4Text(text: string): string | null {
  const value = parseIPv4(text)
  if (value === null) return null
  // Leading zeros (010.1.1.1) read as octal to some tools: refused, not guessed.
  if (text.split('.').some((octet) => octet.length > 1 && octet.startsWith('0'))) return null
  return text
}

/** A host name in its ASCII (punycode) spelling, lower case, without the root's trailing dot. */
export function domainText(text: string): string | null {
  const trimmed = text.trim().replace(/\.$/, '')
  if (trimmed.length === 0 || trimmed.length > 253) return null
  const ascii = domainToASCII(trimmed.toLowerCase())
  if (!ascii || ascii.length > 253) return null
  const labels = ascii.split('.')
  if (labels.length < 2) return null
  if (!labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l))) return null
  // A name whose last label is all digits is an IPv4 address written oddly, not a domain.
  if (/^\d+$/.test(labels.at(-1)!)) return null
  return ascii
}

function prefixText(text: string, v6: boolean): Normalised {
  const [address, length, extra] = text.split('/')
  if (extra !== undefined || length === undefined || !/^\d{1,3}$/.test(length)) return { ok: false, reason: 'not_of_type' }
  const spelt = v6 ? ipv6Text(address) : ipv4Text(address)
  if (spelt === null || Number(length) > (v6 ? 128 : 32)) return { ok: false, reason: 'not_of_type' }
  const checked = checkPrefix(`${spelt}/${Number(length)}`)
  if (!checked.ok) return checked.network ? { ok: false, reason: 'host_bits', network: checked.network } : { ok: false, reason: 'not_of_type' }
  return { ok: true, value: `${spelt}/${Number(length)}` }
}

/** The value in its one spelling if it is of the type, else why not. */
export function normaliseValue(type: IndicatorType, raw: string): Normalised {
  const text = raw.trim()
  const no: Normalised = { ok: false, reason: 'not_of_type' }
  switch (type) {
    case 'ipv4': {
      const v = ipv4Text(text)
      return v === null ? no : { ok: true, value: v }
    }
    case 'ipv6': {
      const v = ipv6Text(text)
      return v === null ? no : { ok: true, value: v }
    }
    case 'ipv4_prefix':
      return prefixText(text, false)
    case 'ipv6_prefix':
      return prefixText(text, true)
    case 'domain': {
      const v = domainText(text)
      return v === null ? no : { ok: true, value: v }
    }
    case 'url': {
      let url: URL
      try {
        url = new URL(text)
      } catch {
        return no
      }
      if (!/^(https?|ftps?):$/.test(url.protocol) || !url.hostname) return no
      // The parser lower-cases the scheme and host and writes the path's escapes one way.
      return { ok: true, value: url.href }
    }
    case 'md5':
    case 'sha1':
    case 'sha256': {
      const lower = text.toLowerCase()
      return new RegExp(`^[0-9a-f]{${HASH_LENGTH[type]}}$`).test(lower) ? { ok: true, value: lower } : no
    }
    case 'email': {
      const at = text.lastIndexOf('@')
      if (at < 1 || at > 64) return no
      const local = text.slice(0, at)
      const domain = domainText(text.slice(at + 1))
      if (!domain || !/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return no
      return { ok: true, value: `${local}@${domain}` }
    }
  }
}

/**
 * The type a bare value is most likely of (a plain feed line, a MISP attribute of a loose type):
 * addresses and prefixes first, then hashes by length, e-mail, URL, domain; null for none.
 */
export function guessType(raw: string): IndicatorType | null {
  const text = raw.trim()
  const order: IndicatorType[] = text.includes('/') && !text.includes('://')
    ? ['ipv4_prefix', 'ipv6_prefix']
    : ['ipv4', 'ipv6', 'md5', 'sha1', 'sha256', 'email', 'url', 'domain']
  return order.find((type) => normaliseValue(type, text).ok) ?? null
}
