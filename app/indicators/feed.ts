import { parse } from 'csv-parse/sync'
import { isObject, MalformedDocument, MAX_OBJECTS, timeOf, type Incoming, type ReadResult, type Skipped } from '#app/indicators/exchange'
import { INDICATOR_TYPES, normaliseValue, type IndicatorType } from '#app/indicators/indicator_values'
import { unquoteFormula } from '#app/imports/spreadsheet_formulas'
import { TLPS, type Tlp } from '#app/indicators/visibility'

/**
 * Plain feeds, as blocklists are published and as our own feed.txt and feed.csv write them:
 * one value a line (blank lines and lines starting with # or ; are comments), or CSV with a
 * header line naming a `value` column (and any of type, tlp, confidence, first_seen_at,
 * last_seen_at, expires_at, description). A value without a type is taken as the first type
 * it is a value of; a line that is none is passed over with its line number.
 */

/** The order a bare value is tried in: hashes before domains (a 32-digit hex string is no host name), URLs and e-mail before domains. */
const GUESS_ORDER: IndicatorType[] = ['ipv4', 'ipv6', 'ipv4_prefix', 'ipv6_prefix', 'md5', 'sha1', 'sha256', 'url', 'email', 'domain']

export function guessType(value: string): IndicatorType | null {
  for (const type of GUESS_ORDER) {
    if (type === 'url' && !value.includes('://')) continue
    if (type === 'email' && (!value.includes('@') || value.includes('://'))) continue
    if (normaliseValue(type, value).ok) return type
  }
  return null
}

const COLUMNS = ['type', 'value', 'tlp', 'confidence', 'first_seen_at', 'last_seen_at', 'expires_at', 'description'] as const

function incoming(path: string, fields: Partial<Record<(typeof COLUMNS)[number], string>>, skipped: Skipped[]): Incoming | null {
  const value = unquoteFormula((fields.value ?? '').trim())
  if (!value) {
    skipped.push({ path, reason: 'missing_field', detail: 'value' })
    return null
  }
  const given = fields.type?.trim().toLowerCase()
  if (given && !(INDICATOR_TYPES as readonly string[]).includes(given)) {
    skipped.push({ path, reason: 'type_unsupported', detail: given })
    return null
  }
  const type = (given as IndicatorType | undefined) || guessType(value)
  if (!type || !normaliseValue(type, value).ok) {
    skipped.push({ path, reason: 'value_not_of_type', detail: value.slice(0, 200) })
    return null
  }
  const tlp = fields.tlp?.trim().toLowerCase().replace('tlp:', '').replace('+', '_')
  if (tlp && !(TLPS as readonly string[]).includes(tlp)) {
    skipped.push({ path, reason: 'tlp_unknown', detail: tlp })
    return null
  }
  const times: Record<string, string | null> = {}
  for (const column of ['first_seen_at', 'last_seen_at', 'expires_at'] as const) {
    const text = fields[column]?.trim()
    times[column] = text ? timeOf(text) : null
    if (text && times[column] === null) {
      skipped.push({ path, reason: 'bad_time', detail: column })
      return null
    }
  }
  const confidence = fields.confidence?.trim() ? Number(fields.confidence) : null
  return {
    path,
    stixId: null,
    type,
    value,
    tlp: (tlp as Tlp | undefined) || null,
    confidence: confidence !== null && Number.isInteger(confidence) && confidence >= 0 && confidence <= 100 ? confidence : null,
    description: fields.description ? unquoteFormula(fields.description.trim()) || null : null,
    firstSeenAt: times.first_seen_at,
    lastSeenAt: times.last_seen_at,
    expiresAt: times.expires_at,
  }
}

/** The feed's text, from the import's JSON body `{ feed: "…" }`. */
export function readFeed(document: unknown): ReadResult {
  if (!isObject(document) || typeof document.feed !== 'string') throw new MalformedDocument('$.feed', 'not_a_feed')
  const text = document.feed.replace(/^\uFEFF/, '')
  const indicators: Incoming[] = []
  const skipped: Skipped[] = []
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const header = firstLine.includes(',') ? firstLine.split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase()) : []
  if (header.includes('value')) {
    let rows: string[][]
    try {
      rows = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true })
    } catch {
      throw new MalformedDocument('$.feed', 'not_csv')
    }
    if (rows.length - 1 > MAX_OBJECTS) throw new MalformedDocument('$.feed', 'too_many')
    rows.slice(1).forEach((cells, i) => {
      const fields: Record<string, string> = {}
      header.forEach((name, c) => {
        if ((COLUMNS as readonly string[]).includes(name)) fields[name] = cells[c] ?? ''
      })
      const made = incoming(`$.feed line ${i + 2}`, fields, skipped)
      if (made) indicators.push(made)
    })
    return { indicators, skipped }
  }
  const lines = text.split(/\r?\n/)
  if (lines.length > MAX_OBJECTS + 1000) throw new MalformedDocument('$.feed', 'too_many')
  lines.forEach((line, i) => {
    const value = line.trim()
    if (!value || value.startsWith('#') || value.startsWith(';')) return
    const made = incoming(`$.feed line ${i + 1}`, { value }, skipped)
    if (made) indicators.push(made)
  })
  if (indicators.length > MAX_OBJECTS) throw new MalformedDocument('$.feed', 'too_many')
  return { indicators, skipped }
}
