import { uuidV5 } from '#app/indicators/stix'

/**
 * TAXII 2.1 (OASIS, 2021) framing as plain functions: the media types, content negotiation, the
 * request parameters of the objects, manifest and versions endpoints, the paging cursor and the
 * error resource. Nothing here reads the database or knows who asks; taxii_routes.ts does.
 */

export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1'
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1'

/** The server's one API root, under the discovery path (TAXII puts discovery at /taxii2/). */
export const DISCOVERY_PATH = '/taxii2/'
export const API_ROOT_PATH = '/taxii2/gsn/'

/** A page holds this many objects when the client names no limit, and never more than the most. */
export const PAGE_DEFAULT = 100
export const PAGE_MOST = 1000

/**
 * Whether an Accept header lets us answer TAXII 2.1. An absent header accepts anything (RFC 9110
 * §12.5.1), as do the wildcards; `application/taxii+json` without a version means the latest,
 * which is 2.1. Anything else (JSON, HTML, TAXII 2.0) is answered 406. A range given q=0 is refused.
 */
export function acceptsTaxii(accept: string | undefined | null): boolean {
  if (accept === undefined || accept === null || accept.trim() === '') return true
  for (const range of accept.split(',')) {
    const [typePart, ...paramParts] = range.split(';')
    const type = typePart.trim().toLowerCase()
    const params = new Map<string, string>()
    for (const part of paramParts) {
      const eq = part.indexOf('=')
      if (eq < 0) continue
      params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'))
    }
    const q = params.has('q') ? Number(params.get('q')) : 1
    if (!(q > 0)) continue
    if (type === '*/*' || type === 'application/*') return true
    if (type === 'application/taxii+json' && (!params.has('version') || params.get('version') === '2.1')) return true
  }
  return false
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/

/**
 * A TAXII timestamp (RFC 3339 with a time zone) as UTC with microseconds, PostgreSQL's precision:
 * `2026-03-01T08:00:00.123456Z`. Null for anything else, a 30 February included. Digits past the
 * sixth are dropped (the store keeps no finer time).
 */
export function taxiiTimestamp(value: string): string | null {
  const m = RFC3339.exec(value)
  if (!m) return null
  const [, y, mo, d, h, mi, s, fraction = '', zone] = m
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number)
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
  if (local.getUTCFullYear() !== year || local.getUTCMonth() !== month - 1 || local.getUTCDate() !== day) return null
  if (local.getUTCHours() !== hour || local.getUTCMinutes() !== minute || local.getUTCSeconds() !== second) return null
  let offsetMinutes = 0
  if (zone !== 'Z' && zone !== 'z') {
    const [oh, om] = zone.slice(1).split(':').map(Number)
    if (oh > 23 || om > 59) return null
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om)
  }
  const utc = new Date(local.getTime() - offsetMinutes * 60_000)
  if (Number.isNaN(utc.getTime()) || utc.getUTCFullYear() < 1 || utc.getUTCFullYear() > 9999) return null
  return `${utc.toISOString().slice(0, 19)}.${fraction.slice(0, 6).padEnd(6, '0')}Z`
}

/** Where the last page ended: the date added (microseconds) and id of its last object. */
export interface Cursor {
  dateAdded: string
  id: number
}

/**
 * `next` is opaque to clients (TAXII 2.1 §3.4): here the position after the page's last object in
 * (date added, id) order, so a page boundary holds however many objects share one time, and
 * objects added while a client pages arrive at the end rather than shifting what it has read.
 */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.dateAdded}|${cursor.id}`, 'utf8').toString('base64url')
}

export function decodeCursor(next: string): Cursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(next)) return null
  const [dateAdded, id, ...rest] = Buffer.from(next, 'base64url').toString('utf8').split('|')
  if (rest.length || !dateAdded || !id || !/^\d{1,10}$/.test(id) || Number(id) > 2147483647) return null
  const time = taxiiTimestamp(dateAdded)
  return time === dateAdded ? { dateAdded: time, id: Number(id) } : null
}

/** `match[version]`: the latest (the default), the first, every version, or the versions named. */
export type VersionMatch = { kind: 'last' | 'first' | 'all' } | { kind: 'at'; times: string[] }

/** The filters and paging of one request, read and checked (TAXII 2.1 §3.4 and §3.5). */
export interface TaxiiQuery {
  addedAfter: string | null
  limit: number
  cursor: Cursor | null
  /** Null: no filter on that field. */
  ids: string[] | null
  types: string[] | null
  specVersions: string[] | null
  version: VersionMatch
}

/** A request the server cannot read: the parameter at fault and why, as a message key's parameters. */
export class TaxiiRequestError extends Error {
  constructor(
    readonly parameter: string,
    readonly reason: 'not_a_timestamp' | 'not_a_cursor' | 'not_a_version'
  ) {
    super(`${parameter}: ${reason}`)
  }
}

const list = (value: string | undefined) => (value === undefined ? null : value.split(',').map((v) => v.trim()).filter((v) => v.length))

/**
 * The checked parameters (shapes already validated by VineJS in the route) as a query: the
 * timestamps and the cursor, which only this module can judge, are refused with the parameter.
 */
export function readQuery(input: { added_after?: string; limit?: number; next?: string; match?: { id?: string; type?: string; version?: string; spec_version?: string } }): TaxiiQuery {
  let addedAfter: string | null = null
  if (input.added_after !== undefined) {
    addedAfter = taxiiTimestamp(input.added_after)
    if (addedAfter === null) throw new TaxiiRequestError('added_after', 'not_a_timestamp')
  }
  let cursor: Cursor | null = null
  if (input.next !== undefined) {
    cursor = decodeCursor(input.next)
    if (cursor === null) throw new TaxiiRequestError('next', 'not_a_cursor')
  }
  const named = list(input.match?.version)
  const versions = named?.length ? named : ['last']
  let version: VersionMatch
  if (versions.includes('all')) version = { kind: 'all' }
  else if (versions.length === 1 && (versions[0] === 'last' || versions[0] === 'first')) version = { kind: versions[0] }
  else {
    // A list may mix keywords and times: first and last of our single version are that version.
    const times: string[] = []
    let keyword = false
    for (const v of versions) {
      if (v === 'first' || v === 'last') {
        keyword = true
        continue
      }
      const time = taxiiTimestamp(v)
      if (time === null) throw new TaxiiRequestError('match[version]', 'not_a_version')
      times.push(time)
    }
    version = keyword ? { kind: 'all' } : { kind: 'at', times }
  }
  return {
    addedAfter,
    limit: Math.min(input.limit ?? PAGE_DEFAULT, PAGE_MOST),
    cursor,
    ids: list(input.match?.id),
    types: list(input.match?.type),
    specVersions: list(input.match?.spec_version),
    version,
  }
}

/** A STIX id's UUID when it names an indicator (`indicator--<uuid>`), the only objects we serve. */
export function indicatorUuidOf(stixId: string): string | null {
  const m = /^indicator--([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(stixId)
  return m ? m[1] : null
}

/** The TAXII error resource (§3.6.1); http_status is a string there. */
export function taxiiError(status: number, title: string, description?: string, details?: Record<string, unknown>) {
  return { title, http_status: String(status), ...(description ? { description } : {}), ...(details ? { details } : {}) }
}

/** Collection ids are UUIDs the same for everyone and every restart, named after what they hold. */
export const COMMUNITY_COLLECTION_ID = uuidV5('gsn-console:taxii:community')
export const groupCollectionId = (groupId: number) => uuidV5(`gsn-console:taxii:sharing-group:${groupId}`)
