import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { isInScope, scopeQuery } from '#app/access/scope'
import { recordAudit } from '#app/audit/audit_log'
import { actorOf } from '#app/core/resource'
import { ForbiddenError } from '#app/core/errors'
import { message } from '#app/core/messages'
import type { AgencyNode } from '#app/programme/programme_maths'

/**
 * The figures agencies report themselves, per year: IT staff certifications earned, and the
 * recurrent maintenance and data-centre build spend, baseline and saved (thousand NTD). A liaison
 * enters those of their own agency and the agencies below it; nobody another agency's.
 */
export const FIGURES = ['it_certifications', 'maintenance_baseline', 'maintenance_saved', 'build_baseline', 'build_saved'] as const
export type Figure = (typeof FIGURES)[number]

export interface FigureRow {
  id: number
  agency_id: number
  year: number
  figure: Figure
  value: number
}

export async function listFigures(user: User, filters: { agency_id?: number; year?: number }) {
  const query = scopeQuery(db.from('programme_figures'), user, 'agency_id').orderBy(['year', 'agency_id', 'figure']).limit(5000)
  if (filters.agency_id) query.where('agency_id', filters.agency_id)
  if (filters.year) query.where('year', filters.year)
  return (await query).map((r) => ({ ...r, value: Number(r.value) }))
}

/** Enters (or corrects) one figure; the audit log keeps the value it replaced. */
export async function setFigure(user: User, input: { agency_id: number; year: number; figure: Figure; value: number }) {
  if (!(await isInScope(user, input.agency_id))) throw new ForbiddenError(message('programme.figure_outside'))
  return db.transaction(async (trx) => {
    const existing = await trx.from('programme_figures').where({ agency_id: input.agency_id, year: input.year, figure: input.figure }).forUpdate().first()
    const now = new Date()
    if (existing) {
      const [row] = await trx.from('programme_figures').where('id', existing.id).update({ value: input.value, updated_at: now }).returning('*')
      if (Number(existing.value) !== input.value) {
        await recordAudit(trx, actorOf(user), [
          { action: 'update', entity: 'programme_figures', entityId: row.id, before: { value: Number(existing.value) }, after: { value: input.value } },
        ])
      }
      return { ...row, value: Number(row.value) }
    }
    const [row] = await trx.insertQuery().table('programme_figures').insert({ ...input, updated_at: now }).returning('*')
    await recordAudit(trx, actorOf(user), [{ action: 'create', entity: 'programme_figures', entityId: row.id, before: null, after: input }])
    return { ...row, value: Number(row.value) }
  })
}

/**
 * The entered measures per agency subtree and for the nation in `year`: certifications earned
 * up to that year, and each spend's saving as a percentage of its baseline that year (null
 * without a baseline).
 */
export function figureMeasures(agencies: readonly AgencyNode[], rows: Iterable<Omit<FigureRow, 'id'>>, year: number) {
  const pathOf = new Map(agencies.map((a) => [a.id, a.path]))
  type Sums = Record<Figure, number>
  const zero = (): Sums => ({ it_certifications: 0, maintenance_baseline: 0, maintenance_saved: 0, build_baseline: 0, build_saved: 0 })
  const by = new Map<number | null, Sums>([[null, zero()]])
  for (const a of agencies) by.set(a.id, zero())
  for (const row of rows) {
    const counts = row.figure === 'it_certifications' ? row.year <= year : row.year === year
    if (!counts) continue
    const owners = [null, ...(pathOf.get(row.agency_id) ?? '').split('/').filter(Boolean).map(Number)]
    for (const id of owners) {
      const sums = by.get(id)
      if (sums) sums[row.figure] += row.value
    }
  }
  const share = (saved: number, baseline: number) => (baseline > 0 ? Math.round((saved / baseline) * 10000) / 100 : null)
  return new Map(
    [...by].map(([id, s]) => [
      id,
      {
        it_certifications: s.it_certifications,
        maintenance_spend_saved: share(s.maintenance_saved, s.maintenance_baseline),
        build_spend_saved: share(s.build_saved, s.build_baseline),
      },
    ])
  )
}
