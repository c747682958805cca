import { normaliseValue, type IndicatorType } from '#app/indicators/indicator_values'
import { TLP_LABEL, type Tlp } from '#app/indicators/visibility'
import { tlpOfName } from '#app/indicators/stix'
import { isObject, MalformedDocument, MAX_OBJECTS, timeOf, type Incoming, type ReadResult, type Skipped } from '#app/indicators/exchange'
import type { Publishable } from '#app/indicators/stix'

/**
 * MISP event JSON (the format MISP's API and its feeds write: `{"Event": {..., "Attribute": [...],
 * "Object": [{"Attribute": [...]}]}}`), with TLP as MISP's `tlp:` taxonomy tags.
 */

/** MISP attribute types we read, and the indicator type each becomes (the part after | for composites). */
const FROM_MISP: Record<string, IndicatorType | 'ip'> = {
  'ip-src': 'ip', 'ip-dst': 'ip', 'domain': 'domain', 'hostname': 'domain', 'url': 'url', 'link': 'url',
  'md5': 'md5', 'sha1': 'sha1', 'sha256': 'sha256', 'filename|md5': 'md5', 'filename|sha1': 'sha1', 'filename|sha256': 'sha256',
  'email': 'email', 'email-src': 'email', 'email-dst': 'email',
}

const TO_MISP: Record<IndicatorType, { type: string; category: string }> = {
  ipv4: { type: 'ip-dst', category: 'Network activity' }, ipv6: { type: 'ip-dst', category: 'Network activity' },
  ipv4_prefix: { type: 'ip-dst', category: 'Network activity' }, ipv6_prefix: { type: 'ip-dst', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' }, url: { type: 'url', category: 'Network activity' },
  md5: { type: 'md5', category: 'Payload delivery' }, sha1: { type: 'sha1', category: 'Payload delivery' },
  sha256: { type: 'sha256', category: 'Payload delivery' }, email: { type: 'email-src', category: 'Payload delivery' },
}

const ORDER: Tlp[] = ['clear', 'green', 'amber', 'amber_strict', 'red']
const tagOf = (tlp: Tlp) => `tlp:${TLP_LABEL[tlp].toLowerCase()}`

function tlpOfTags(tags: unknown): Tlp | null {
  if (!Array.isArray(tags)) return null
  let tlp: Tlp | null = null
  for (const tag of tags) {
    const name = isObject(tag) && typeof tag.name === 'string' ? tag.name : null
    if (!name || !/^tlp:/i.test(name)) continue
    const t = tlpOfName(name)
    if (t && (tlp === null || ORDER.indexOf(t) > ORDER.indexOf(tlp))) tlp = t
  }
  return tlp
}

const seconds = (iso: string) => String(Math.floor(new Date(iso).getTime() / 1000))

/** One MISP event holding the indicators, each an attribute tagged with its TLP; the event carries the strictest. */
export function mispEvent(indicators: Publishable[], event: { uuid: string; info: string; date: string }) {
  const strictest = indicators.reduce<Tlp>((t, i) => (ORDER.indexOf(i.tlp) > ORDER.indexOf(t) ? i.tlp : t), 'clear')
  return {
    Event: {
      uuid: event.uuid,
      info: event.info,
      date: event.date,
      threat_level_id: '2',
      analysis: '2',
      distribution: '0',
      published: false,
      Orgc: { name: 'G-ISAC' },
      Tag: [{ name: tagOf(strictest) }],
      Attribute: indicators.map((i) => ({
        uuid: i.stixId,
        type: TO_MISP[i.type].type,
        category: TO_MISP[i.type].category,
        value: i.value,
        to_ids: true,
        timestamp: seconds(i.updatedAt),
        comment: i.description ?? '',
        ...(i.firstSeenAt ? { first_seen: new Date(i.firstSeenAt).toISOString() } : {}),
        ...(i.lastSeenAt ? { last_seen: new Date(i.lastSeenAt).toISOString() } : {}),
        Tag: [{ name: tagOf(i.tlp) }],
      })),
    },
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function readAttribute(a: unknown, path: string, eventTlp: Tlp | null, out: Incoming[], skipped: Skipped[]) {
  if (!isObject(a)) return skipped.push({ path, reason: 'not_an_object' })
  for (const field of ['type', 'value']) {
    if (typeof a[field] !== 'string') return skipped.push({ path: `${path}.${field}`, reason: 'missing_field', detail: field })
  }
  const kind = FROM_MISP[(a.type as string).toLowerCase()]
  if (!kind) return skipped.push({ path: `${path}.type`, reason: 'type_unsupported', detail: a.type as string })
  const raw = (a.type as string).includes('|') ? (a.value as string).split('|').at(-1)! : (a.value as string)
  let type: IndicatorType
  if (kind === 'ip') {
    const v6 = raw.includes(':')
    type = raw.includes('/') ? (v6 ? 'ipv6_prefix' : 'ipv4_prefix') : v6 ? 'ipv6' : 'ipv4'
  } else {
    type = kind
  }
  const checked = normaliseValue(type, raw)
  if (!checked.ok) return skipped.push({ path: `${path}.value`, reason: 'value_not_of_type', detail: type })
  if (a.uuid !== undefined && (typeof a.uuid !== 'string' || !UUID.test(a.uuid))) return skipped.push({ path: `${path}.uuid`, reason: 'bad_id' })
  for (const field of ['first_seen', 'last_seen']) {
    if (a[field] !== undefined && a[field] !== null && timeOf(a[field]) === null) return skipped.push({ path: `${path}.${field}`, reason: 'bad_time', detail: field })
  }
  out.push({
    path,
    stixId: typeof a.uuid === 'string' ? a.uuid.toLowerCase() : null,
    type,
    value: checked.value,
    tlp: tlpOfTags(a.Tag) ?? eventTlp,
    confidence: null,
    description: typeof a.comment === 'string' && a.comment ? a.comment.slice(0, 20000) : null,
    firstSeenAt: a.first_seen ? timeOf(a.first_seen) : null,
    lastSeenAt: a.last_seen ? timeOf(a.last_seen) : null,
    expiresAt: null,
  })
}

/**
 * The attributes of a MISP event (its own and its objects'). Only attributes MISP flags for
 * detection (`to_ids`) are indicators; the others (context, comments) are left out uncounted.
 */
export function readMispEvent(document: unknown): ReadResult {
  if (!isObject(document)) throw new MalformedDocument('$', 'not_an_object')
  const event = isObject(document.Event) ? document.Event : null
  if (!event) throw new MalformedDocument('$.Event', 'not_a_misp_event')
  if (event.Attribute !== undefined && !Array.isArray(event.Attribute)) throw new MalformedDocument('$.Event.Attribute', 'attributes_not_array')
  if (event.Object !== undefined && !Array.isArray(event.Object)) throw new MalformedDocument('$.Event.Object', 'attributes_not_array')
  const eventTlp = tlpOfTags(event.Tag)
  const indicators: Incoming[] = []
  const skipped: Skipped[] = []
  const attributes: Array<[unknown, string]> = ((event.Attribute as unknown[]) ?? []).map((a, i) => [a, `$.Event.Attribute[${i}]`])
  ;((event.Object as unknown[]) ?? []).forEach((o, i) => {
    if (!isObject(o) || !Array.isArray(o.Attribute)) return skipped.push({ path: `$.Event.Object[${i}]`, reason: 'not_an_object' })
    o.Attribute.forEach((a, j) => attributes.push([a, `$.Event.Object[${i}].Attribute[${j}]`]))
  })
  if (attributes.length > MAX_OBJECTS) throw new MalformedDocument('$.Event.Attribute', 'too_many')
  for (const [a, path] of attributes) {
    if (isObject(a) && (a.to_ids === false || a.to_ids === 0 || a.to_ids === '0')) continue
    readAttribute(a, path, eventTlp, indicators, skipped)
  }
  return { indicators, skipped }
}
