import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { visibleCondition } from '#app/indicators/indicator_scope'
import type { Channel } from '#app/indicators/visibility'

/** What an indicator's audit entry may not show a reader who may not have the indicator: what it is. */
export const REDACTED_FIELDS = ['value', 'description'] as const

type Entry = { id: number | string; entity: string; entity_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }

const parsed = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : ((v ?? null) as Record<string, unknown> | null))

/**
 * Which indicators' audit entries the reader may read in full: those whose every marking the log
 * and the table know of (TLP, source agency and sharing group, each value it ever had; an update's
 * entry holds only what changed) lets the reader have the indicator through `channel`, decided
 * by the same SQL as every indicator read (indicator_scope.ts, from visibility.ts). An indicator
 * that was RED once stays withheld in all its entries, so a later downgrade does not reveal the
 * value its RED entries held. Answers the ids (as text) to withhold.
 */
export async function indicatorsWithheld(entityIds: string[], reader: User | undefined, channel: Channel): Promise<Set<string>> {
  const ids = [...new Set(entityIds)].filter((id) => /^\d+$/.test(id))
  if (ids.length === 0) return new Set()
  const [history, current] = await Promise.all([
    db.from('audit_log').where('entity', 'indicators').whereIn('entity_id', ids).select('entity_id', 'before', 'after'),
    db.from('indicators').whereIn('id', ids.map(Number)).select('id', 'tlp', 'source_agency_id', 'sharing_group_id'),
  ])
  const seen = new Map<string, { tlp: Set<string>; source: Set<number | null>; group: Set<number | null> }>()
  const note = (id: string, record: Record<string, unknown> | null) => {
    if (!record) return
    const known = seen.get(id) ?? { tlp: new Set(), source: new Set(), group: new Set() }
    seen.set(id, known)
    if (typeof record.tlp === 'string') known.tlp.add(record.tlp)
    if ('source_agency_id' in record) known.source.add((record.source_agency_id as number | null) ?? null)
    if ('sharing_group_id' in record) known.group.add((record.sharing_group_id as number | null) ?? null)
  }
  for (const row of current) note(String(row.id), row)
  for (const row of history) {
    note(String(row.entity_id), parsed(row.before))
    note(String(row.entity_id), parsed(row.after))
  }
  const markings: Array<[string, string, number | null, number | null]> = []
  const withheld = new Set<string>()
  for (const id of ids) {
    const known = seen.get(id)
    // Nothing known of its marking: nothing to judge by, so nothing shown.
    if (!known || known.tlp.size === 0) {
      withheld.add(id)
      continue
    }
    if (known.source.size === 0) known.source.add(null)
    if (known.group.size === 0) known.group.add(null)
    for (const tlp of known.tlp) for (const source of known.source) for (const group of known.group) markings.push([id, tlp, source, group])
  }
  if (markings.length === 0) return withheld
  if (!reader) {
    for (const [id, tlp] of markings) if (tlp !== 'clear' && tlp !== 'green') withheld.add(id)
    return withheld
  }
  const condition = visibleCondition(reader, channel, 'm')
  const values = markings.map(() => '(?::text, ?::text, ?::integer, ?::integer)').join(', ')
  const { rows } = await db.rawQuery(
    `SELECT m.entity_id, m.tlp, m.source_agency_id, m.sharing_group_id
       FROM (VALUES ${values}) AS m(entity_id, tlp, source_agency_id, sharing_group_id)
      WHERE ${condition.sql}`,
    [...markings.flat(), ...condition.bindings]
  )
  const visible = new Set(rows.map((r: any) => `${r.entity_id}|${r.tlp}|${r.source_agency_id}|${r.sharing_group_id}`))
  for (const [id, tlp, source, group] of markings) if (!visible.has(`${id}|${tlp}|${source}|${group}`)) withheld.add(id)
  return withheld
}

function withhold(record: Record<string, unknown> | null, side: string, paths: string[]) {
  if (!record) return record
  const out = { ...record }
  for (const field of REDACTED_FIELDS) {
    if (field in out && out[field] !== null) {
      out[field] = null
      paths.push(`${side}.${field}`)
    }
  }
  return out
}

/**
 * Audit entries as the reader may have them: an indicator's value and description are null in
 * the entry of an indicator the reader may not have, and `redacted` names the fields withheld.
 * The stored entry, and its hash, stay whole (`audit:verify` checks them on the server).
 */
export async function redactIndicatorEntries<E extends Entry>(entries: E[], reader: User | undefined, channel: Channel) {
  const ours = entries.filter((e) => e.entity === 'indicators')
  const withheld = await indicatorsWithheld(ours.map((e) => String(e.entity_id)), reader, channel)
  const out = new Map<string, { before: Record<string, unknown> | null; after: Record<string, unknown> | null; redacted: string[] }>()
  for (const entry of ours) {
    if (!withheld.has(String(entry.entity_id))) continue
    const paths: string[] = []
    const before = withhold(parsed(entry.before), 'before', paths)
    const after = withhold(parsed(entry.after), 'after', paths)
    out.set(String(entry.id), { before, after, redacted: paths })
  }
  return out
}
