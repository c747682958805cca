import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { scopeCondition } from '#app/access/scope'
import { changesIn, conflictsFor } from '#app/changes/conflicts'

/**
 * The change calendar over [from, to): the changes the reader's scope holds whose planned window
 * meets it, each with its conflicts, and the freeze periods over it that concern the reader: the
 * programme-wide ones, their agencies' own, and those of an agency above theirs.
 */
export async function calendarOf(reader: User, from: Date, to: Date) {
  const scope = scopeCondition(reader, 'c.agency_id')
  const visible = new Set(
    (await db.from('changes as c').where('c.planned_start', '<', to).where('c.planned_end', '>', from).whereRaw(scope.sql, scope.bindings).select('c.id')).map(
      (r) => r.id
    )
  )
  const spans = (await changesIn(from, to)).filter((c) => visible.has(c.id))
  const conflicts = await conflictsFor(spans, reader)
  const freezes = await db
    .from('freeze_periods as f')
    .leftJoin('agencies as fa', 'fa.id', 'f.agency_id')
    .where('f.starts_at', '<', to)
    .where('f.ends_at', '>', from)
    .where((q) => {
      q.whereNull('f.agency_id')
      if (reader.isNational) q.orWhereNotNull('f.agency_id')
      else {
        const inScope = scopeCondition(reader, 'f.agency_id')
        q.orWhereRaw(inScope.sql, inScope.bindings).orWhereRaw(`(SELECT path FROM agencies WHERE id = ?) LIKE fa.path || '%'`, [reader.agencyId!])
      }
    })
    .orderBy('f.starts_at')
    .select('f.id', 'f.name', 'f.reason', 'f.agency_id', 'f.starts_at', 'f.ends_at')
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    changes: spans.map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      type: c.type,
      status: c.status,
      agency_id: c.agencyId,
      planned_start: c.start.toISOString(),
      planned_end: c.end.toISOString(),
      conflicts: conflicts.get(c.id) ?? [],
    })),
    freezes: freezes.map((f) => ({ ...f, starts_at: new Date(f.starts_at).toISOString(), ends_at: new Date(f.ends_at).toISOString() })),
  }
}
