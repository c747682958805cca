import { createHash } from 'node:crypto'
import { normaliseValue, type IndicatorType } from '#app/indicators/indicator_values'
import { TLP_LABEL, type Tlp } from '#app/indicators/visibility'
import { isObject, MalformedDocument, MAX_OBJECTS, timeOf, type Incoming, type ReadResult, type Skipped } from '#app/indicators/exchange'

/**
 * STIX 2.1 bundles (OASIS, STIX Version 2.1, 2021): indicators with STIX patterns of one
 * comparison, marked with the TLP 2.0 marking definitions OASIS published (and read with TLP 1.0's
 * too), their source agency an identity. Plain functions: the routes and the TAXII server write
 * with these, the importer reads with them.
 */

/** The TLP 2.0 marking definitions' fixed ids (OASIS's TLP 2.0 extension), and TLP 1.0's for reading. */
export const TLP_MARKINGS: Record<Tlp, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  amber_strict: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
}
const TLP1_MARKINGS: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
}
const MARKING_TLP: Record<string, Tlp> = {
  ...TLP1_MARKINGS,
  ...Object.fromEntries(Object.entries(TLP_MARKINGS).map(([tlp, id]) => [id, tlp as Tlp])),
}
const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d'

/** A TLP name as people and tools write it (TLP:AMBER+STRICT, amber+strict, white), or null. */
export function tlpOfName(name: string): Tlp | null {
  const n = name.trim().toLowerCase().replace(/^tlp:\s*/, '')
  if (n === 'white' || n === 'clear') return 'clear'
  if (n === 'amber+strict' || n === 'amber_strict') return 'amber_strict'
  return (['green', 'amber', 'red'] as const).find((t) => t === n) ?? null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const STIX_ID = /^([a-z0-9][a-z0-9-]*[a-z0-9])--([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/

/** A name-based UUID (RFC 9562 version 5) in the STIX namespace, so an agency's identity keeps one id. */
export function uuidV5(name: string, namespace = '00abedb4-aa42-466c-9c01-fed23315a9b7'): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex')
  const hash = createHash('sha1').update(Buffer.concat([ns, Buffer.from(name, 'utf8')])).digest()
  hash[6] = (hash[6] & 0x0f) | 0x50
  hash[8] = (hash[8] & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const PATTERN_OBJECT: Record<IndicatorType, string> = {
  ipv4: 'ipv4-addr:value', ipv4_prefix: 'ipv4-addr:value', ipv6: 'ipv6-addr:value', ipv6_prefix: 'ipv6-addr:value',
  domain: 'domain-name:value', url: 'url:value', email: 'email-addr:value',
  md5: "file:hashes.MD5", sha1: "file:hashes.'SHA-1'", sha256: "file:hashes.'SHA-256'",
}

const quote = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`

export function patternOf(type: IndicatorType, value: string) {
  return `[${PATTERN_OBJECT[type]} = ${quote(value)}]`
}

/** The one comparison a pattern holds, as an indicator type and value; null for anything richer. */
export function parsePattern(pattern: string): { type: IndicatorType; value: string } | null {
  const m = /^\s*\[\s*([a-z0-9-]+):([A-Za-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]\s*$/.exec(pattern)
  if (!m) return null
  const [, object, path, quoted] = m
  const value = quoted.replace(/\\(.)/g, '$1')
  const hash = /^hashes\.'?(MD5|SHA-1|SHA1|SHA-256|SHA256)'?$/i.exec(path)
  if (object === 'file' && hash) {
    const alg = hash[1].toUpperCase().replace('-', '')
    return { type: alg === 'MD5' ? 'md5' : alg === 'SHA1' ? 'sha1' : 'sha256', value }
  }
  if (path !== 'value') return null
  const prefixed = value.includes('/')
  switch (object) {
    case 'ipv4-addr':
      return { type: prefixed ? 'ipv4_prefix' : 'ipv4', value }
    case 'ipv6-addr':
      return { type: prefixed ? 'ipv6_prefix' : 'ipv6', value }
    case 'domain-name':
      return { type: 'domain', value }
    case 'url':
      return { type: 'url', value }
    case 'email-addr':
      return { type: 'email', value }
    default:
      return null
  }
}

export interface Publishable {
  stixId: string
  type: IndicatorType
  value: string
  tlp: Tlp
  confidence: number
  description: string | null
  sourceAgency: { id: number; name: string } | null
  firstSeenAt: string | null
  lastSeenAt: string | null
  expiresAt: string | null
  createdAt: string
  updatedAt: string
}

const stamp = (iso: string) => new Date(iso).toISOString()

/** The G-ISAC's identity, the producer of everything the console exports. */
export const GISAC_IDENTITY = `identity--${uuidV5('gsn-console:g-isac')}`

export function identityOf(agency: { id: number; name: string } | null) {
  return agency ? `identity--${uuidV5(`gsn-console:agency:${agency.id}`)}` : GISAC_IDENTITY
}

/** The STIX indicator object of one indicator. */
export function stixIndicator(i: Publishable) {
  const object: Record<string, unknown> = {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${i.stixId}`,
    created_by_ref: identityOf(i.sourceAgency),
    created: stamp(i.createdAt),
    modified: stamp(i.updatedAt),
    name: i.value,
    indicator_types: ['malicious-activity'],
    pattern: patternOf(i.type, i.value),
    pattern_type: 'stix',
    valid_from: stamp(i.firstSeenAt ?? i.createdAt),
    confidence: i.confidence,
    object_marking_refs: [TLP_MARKINGS[i.tlp]],
  }
  if (i.description) object.description = i.description
  if (i.expiresAt) object.valid_until = stamp(i.expiresAt)
  return object
}

/** The marking definition objects of TLP 2.0, as OASIS published them. */
export function tlpMarkingObject(tlp: Tlp) {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP_MARKINGS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${TLP_LABEL[tlp]}`,
    extensions: { [TLP2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: TLP_LABEL[tlp].toLowerCase() } },
  }
}

/** A bundle of the indicators, their producers' identities and the markings they use. */
export function stixBundle(indicators: Publishable[], bundleId: string) {
  const identities = new Map<string, Record<string, unknown>>()
  identities.set(GISAC_IDENTITY, { type: 'identity', spec_version: '2.1', id: GISAC_IDENTITY, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: 'G-ISAC', identity_class: 'organization' })
  for (const i of indicators) {
    const id = identityOf(i.sourceAgency)
    if (!identities.has(id) && i.sourceAgency) {
      identities.set(id, { type: 'identity', spec_version: '2.1', id, created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: i.sourceAgency.name, identity_class: 'organization' })
    }
  }
  const tlps = [...new Set(indicators.map((i) => i.tlp))]
  return {
    type: 'bundle',
    id: `bundle--${bundleId}`,
    objects: [...tlps.map(tlpMarkingObject), ...identities.values(), ...indicators.map(stixIndicator)],
  }
}

/**
 * The indicators of a bundle. A document that is no bundle is refused whole (MalformedDocument);
 * an object that is no usable indicator is passed over with its path and reason, the rest read.
 * Objects of other types (identities, malware, relationships) are not indicators and are not
 * counted as problems; markings defined in the bundle are read for their TLP.
 */
export function readStixBundle(document: unknown): ReadResult {
  if (!isObject(document)) throw new MalformedDocument('$', 'not_an_object')
  if (document.type !== 'bundle') throw new MalformedDocument('$.type', 'not_a_bundle')
  if (!Array.isArray(document.objects)) throw new MalformedDocument('$.objects', 'objects_not_array')
  if (document.objects.length > MAX_OBJECTS) throw new MalformedDocument('$.objects', 'too_many')
  const objects = document.objects as unknown[]

  // Markings the bundle itself defines (TLP 1.0's definition.tlp, TLP 2.0's extension or name).
  const markings = new Map(Object.entries(MARKING_TLP))
  for (const o of objects) {
    if (!isObject(o) || o.type !== 'marking-definition' || typeof o.id !== 'string') continue
    const named = typeof o.name === 'string' ? tlpOfName(o.name) : null
    const legacy = isObject(o.definition) && typeof o.definition.tlp === 'string' ? tlpOfName(o.definition.tlp) : null
    const ext = isObject(o.extensions) && isObject(o.extensions[TLP2_EXTENSION]) ? (o.extensions[TLP2_EXTENSION] as Record<string, unknown>).tlp_2_0 : null
    const tlp = named ?? legacy ?? (typeof ext === 'string' ? tlpOfName(ext) : null)
    if (tlp && !markings.has(o.id)) markings.set(o.id, tlp)
  }

  const indicators: Incoming[] = []
  const skipped: Skipped[] = []
  objects.forEach((o, index) => {
    const path = `$.objects[${index}]`
    if (!isObject(o)) return skipped.push({ path, reason: 'not_an_object' })
    if (o.type !== 'indicator') return
    for (const field of ['id', 'created', 'modified', 'pattern', 'pattern_type', 'valid_from']) {
      if (o[field] === undefined || o[field] === null) return skipped.push({ path: `${path}.${field}`, reason: 'missing_field', detail: field })
    }
    const id = typeof o.id === 'string' ? STIX_ID.exec(o.id) : null
    if (!id || id[1] !== 'indicator' || !UUID.test(id[2])) return skipped.push({ path: `${path}.id`, reason: 'bad_id' })
    for (const field of ['created', 'modified', 'valid_from', 'valid_until']) {
      if (o[field] !== undefined && timeOf(o[field]) === null) return skipped.push({ path: `${path}.${field}`, reason: 'bad_time', detail: field })
    }
    if (o.revoked === true) return skipped.push({ path: `${path}.revoked`, reason: 'revoked' })
    if (o.pattern_type !== 'stix') return skipped.push({ path: `${path}.pattern_type`, reason: 'pattern_type_unsupported', detail: String(o.pattern_type) })
    const parsed = typeof o.pattern === 'string' ? parsePattern(o.pattern) : null
    if (!parsed) return skipped.push({ path: `${path}.pattern`, reason: 'pattern_unsupported' })
    const checked = normaliseValue(parsed.type, parsed.value)
    if (!checked.ok) return skipped.push({ path: `${path}.pattern`, reason: 'value_not_of_type', detail: parsed.type })
    let tlp: Tlp | null = null
    if (o.object_marking_refs !== undefined) {
      if (!Array.isArray(o.object_marking_refs)) return skipped.push({ path: `${path}.object_marking_refs`, reason: 'marking_unknown' })
      // The strictest TLP among its markings; markings that are not TLP (copyright, terms) are no concern here.
      const order: Tlp[] = ['clear', 'green', 'amber', 'amber_strict', 'red']
      for (const ref of o.object_marking_refs) {
        const t = typeof ref === 'string' ? markings.get(ref) : undefined
        if (t && (tlp === null || order.indexOf(t) > order.indexOf(tlp))) tlp = t
      }
    }
    const confidence = typeof o.confidence === 'number' && Number.isInteger(o.confidence) && o.confidence >= 0 && o.confidence <= 100 ? o.confidence : null
    indicators.push({
      path,
      stixId: id[2],
      type: parsed.type,
      value: checked.value,
      tlp,
      confidence,
      description: typeof o.description === 'string' ? o.description.slice(0, 20000) : typeof o.name === 'string' ? o.name.slice(0, 20000) : null,
      // valid_from is when the indicator holds, not when it was first seen: not read as such.
      firstSeenAt: null,
      lastSeenAt: null,
      expiresAt: o.valid_until === undefined ? null : timeOf(o.valid_until),
    })
  })
  return { indicators, skipped }
}
