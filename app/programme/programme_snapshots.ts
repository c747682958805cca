import db from '@adonisjs/lucid/services/db'
import { monthBounds, monthOf } from '#app/reports/monthly_figures'
import { figureMeasures, type Figure } from '#app/programme/programme_figures'
import {
  COUNTED_MEASURES,
  MEASURE_TABLE,
  addMonths,
  countBySubtree,
  rollBack,
  type AgencyNode,
  type AuditStep,
  type CountedRow,
  type Measure,
} from '#app/programme/programme_maths'

/**
 * Month-end snapshots of every measure, for the nation and for each agency's subtree, stored so
 * that a later correction of the inventory does not rewrite a past month's review.
 *
 * `takeSnapshot` counts the inventory as it is now: the month-end job runs it just after a month
 * ends. `rebuildSnapshot` counts it as it stood at the month's end, by rolling today's rows back
 * through the audit entries written since (a month the job missed).
 */

export type SnapshotSource = 'month_end' | 'audit_log'

interface FigureState {
  agency_id: number
  year: number
  figure: Figure
  value: number
}

/** Today's rows, keyed by id, of each counted measure's table, and the entered figures. */
async function currentState() {
  const tables = new Map<string, Map<string, CountedRow>>()
  for (const measure of COUNTED_MEASURES) {
    const rows = await db.from(MEASURE_TABLE[measure]).select('id', 'agency_id', 'status')
    tables.set(measure, new Map(rows.map((r) => [String(r.id), { agency_id: r.agency_id, status: r.status }])))
  }
  const figureRows = await db.from('programme_figures').select('id', 'agency_id', 'year', 'figure', 'value')
  const figures = new Map<string, FigureState>(figureRows.map((r) => [String(r.id), { agency_id: r.agency_id, year: r.year, figure: r.figure, value: Number(r.value) }]))
  return { tables, figures }
}

async function agencyNodes(): Promise<AgencyNode[]> {
  return (await db.from('agencies').select('id', 'path')).map((a) => ({ id: a.id, path: a.path }))
}

/** The snapshot's rows for `month` from a state of the inventory. */
function snapshotRows(month: string, source: SnapshotSource, agencies: AgencyNode[], state: Awaited<ReturnType<typeof currentState>>) {
  const takenAt = new Date()
  const rows: Array<{ month: string; agency_id: number | null; measure: Measure; actual: number | null; total: number | null; source: string; taken_at: Date }> = []
  for (const measure of COUNTED_MEASURES) {
    for (const [agencyId, counts] of countBySubtree(measure, agencies, state.tables.get(measure)!.values())) {
      rows.push({ month, agency_id: agencyId, measure, actual: counts.remaining, total: counts.total, source, taken_at: takenAt })
    }
  }
  const year = Number(month.slice(0, 4))
  for (const [agencyId, figures] of figureMeasures(agencies, state.figures.values(), year)) {
    for (const [measure, actual] of Object.entries(figures)) {
      rows.push({ month, agency_id: agencyId, measure: measure as Measure, actual, total: null, source, taken_at: takenAt })
    }
  }
  return rows
}

async function store(month: string, rows: ReturnType<typeof snapshotRows>, replace: boolean) {
  return db.transaction(async (trx) => {
    await trx.rawQuery(`SELECT pg_advisory_xact_lock(hashtext('programme_snapshots'))`)
    const exists = await trx.from('programme_snapshots').where('month', month).select('id').first()
    if (exists && !replace) return { stored: false, rows: 0 }
    if (exists) await trx.from('programme_snapshots').where('month', month).delete()
    for (let i = 0; i < rows.length; i += 1000) await trx.insertQuery().table('programme_snapshots').multiInsert(rows.slice(i, i + 1000))
    return { stored: true, rows: rows.length }
  })
}

/** Stores `month`'s snapshot from today's inventory; a month already taken is kept unless `replace`. */
export async function takeSnapshot(month: string, options: { replace?: boolean } = {}) {
  return store(month, await measureNow(month), options.replace ?? false)
}

/** Every measure of every scope from today's inventory, as a snapshot would store them (a month not ended yet). */
export async function measureNow(month: string) {
  const [agencies, state] = await Promise.all([agencyNodes(), currentState()])
  return snapshotRows(month, 'month_end', agencies, state)
}

/**
 * Stores `month`'s snapshot as the inventory stood at its end (midnight in Taipei): today's rows
 * rolled back through every audit entry written since, newest first. Rows loaded without the
 * audit log (a bulk load) count as always having been there.
 */
export async function rebuildSnapshot(month: string, options: { replace?: boolean; source?: SnapshotSource } = {}) {
  const { to } = monthBounds(month)
  const [agencies, state] = await Promise.all([agencyNodes(), currentState()])
  const entities = [...COUNTED_MEASURES.map((m) => MEASURE_TABLE[m]), 'programme_figures']
  const steps: Array<AuditStep & { after: Record<string, unknown> | null }> = await db
    .from('audit_log')
    .where('at', '>=', to)
    .whereIn('entity', entities)
    .orderBy('id', 'desc')
    .select('action', 'entity', 'entity_id', 'before', 'after')
  for (const measure of COUNTED_MEASURES) {
    const table = MEASURE_TABLE[measure]
    state.tables.set(measure, rollBack(state.tables.get(measure)!, steps.filter((s) => s.entity === table)))
  }
  for (const step of steps.filter((s) => s.entity === 'programme_figures')) {
    if (step.action === 'create') state.figures.delete(step.entity_id)
    else if (step.action === 'update' && step.before && 'value' in step.before) {
      const row = state.figures.get(step.entity_id)
      if (row) row.value = Number(step.before.value)
    }
  }
  return store(month, snapshotRows(month, options.source ?? 'audit_log', agencies, state), options.replace ?? false)
}

/** The month that ended last, in Taipei. */
export const lastEndedMonth = (now = new Date()) => addMonths(monthOf(now), -1)

/**
 * The month-end job: takes the month just ended if it has no snapshot yet, as it stood at the
 * month's end (what changed since the job was due is rolled back through the audit log). Run
 * from cron on the first of the month, or kept running (`programme:snapshot --every`): it does
 * nothing until a month ends.
 */
export async function monthEndJob(now = new Date()) {
  const month = lastEndedMonth(now)
  // Most runs find the month taken already: asked first, before any counting.
  if (await db.from('programme_snapshots').where('month', month).select('id').first()) return { month, stored: false, rows: 0 }
  return { month, ...(await rebuildSnapshot(month, { source: 'month_end' })) }
}

export interface SnapshotValue {
  month: string
  agency_id: number | null
  measure: Measure
  actual: number | null
  total: number | null
  source: SnapshotSource
}

/** The stored snapshots of one scope from `from` to `to` inclusive, oldest first. */
export async function snapshotSeries(agencyId: number | null, from: string, to: string): Promise<SnapshotValue[]> {
  const query = db.from('programme_snapshots').whereBetween('month', [from, to]).orderBy('month')
  if (agencyId === null) query.whereNull('agency_id')
  else query.where('agency_id', agencyId)
  const rows = await query.select('month', 'agency_id', 'measure', 'actual', 'total', 'source')
  return rows.map((r) => ({ ...r, actual: r.actual === null ? null : Number(r.actual) }))
}
