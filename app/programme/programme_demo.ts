import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { monthBounds } from '#app/reports/monthly_figures'
import { shiftNationalPlan } from '#app/programme/programme_plan'
import { figureMeasures } from '#app/programme/programme_figures'
import { COUNTED_MEASURES, MEASURE_TABLE, addMonths, countBySubtree, derivedTargets, type CountedMeasure, type YearTarget } from '#app/programme/programme_maths'

/**
 * The programme review on the demo: the plan moved onto the demo's programme years, an
 * allocation per ministry, and month-end snapshots for every month since the programme began,
 * so the review opens on years of history, and the yearly figures agencies enter (certifications,
 * spend saved), so those tiles have figures too.
 *
 * The plan's years are 2008–2011; the demo's programme restarted in `programmeStart` (its
 * consolidation dates run from there), so the national plan is moved by the difference, once:
 * the original version stays in the targets' history. The history is made from the dates the
 * inventory carries (a data centre closed in March 2025 was open at the end of February): the
 * demo is loaded in bulk, so there is no audit trail to roll back.
 */

/** The programme's table (Flagship 1), as migration 0040 seeds it: restored when a fresh demo load emptied the targets. */
const PLAN: Array<[string, number, number[]]> = [
  ['data_centres', 280, [230, 180, 130, 80]],
  ['information_systems', 4500, [3544, 2588, 1631, 675]],
  ['agency_lines', 17485, [13124, 8763, 4401, 40]],
  ['it_certifications', 0, [1000, 2000, 3000, 4000]],
  ['maintenance_spend_saved', 0, [3.75, 7.5, 11.25, 15]],
  ['build_spend_saved', 0, [2.5, 5, 7.5, 10]],
]
const PLAN_START = 2008

const TERMINAL: Record<CountedMeasure, { statuses: string[]; date: string; open: string }> = {
  data_centres: { statuses: ['closed'], date: 'closure_date', open: 'operating' },
  information_systems: { statuses: ['merged', 'retired'], date: 'retirement_date', open: 'active' },
  agency_lines: { statuses: ['decommissioned'], date: 'decommission_date', open: 'active' },
}

/**
 * Rows as they stood at `end` (epoch ms) by their dates: one closed, retired or decommissioned
 * on or after it was still there then. A row gone without a date has always been gone.
 */
export function asAt(measure: CountedMeasure, rows: ReadonlyArray<{ agency_id: number | null; status: string; gone: number | null }>, end: number) {
  const { statuses, open } = TERMINAL[measure]
  return rows.map((r) => (statuses.includes(r.status) && r.gone !== null && r.gone >= end ? { agency_id: r.agency_id, status: open } : r))
}

export async function seedProgrammeReview(programmeStart: string, asOf: string) {
  return db.transaction(async (trx) => {
    await trx.rawQuery(`SELECT pg_advisory_xact_lock(hashtext('programme_demo'))`)
    const national = await ensureNationalPlan(trx)
    const firstYear = Math.min(...national.map((r) => r.year))
    if (firstYear === PLAN_START) await shiftNationalPlan(Number(programmeStart.slice(0, 4)) - PLAN_START, trx)
    const allocations = await allocateToMinistries(trx)
    const figures = await seedFigures(trx, Number(programmeStart.slice(0, 4)), Number(asOf.slice(0, 4)))
    const months = await storeHistory(trx, programmeStart.slice(0, 7), addMonths(asOf.slice(0, 7), -1))
    const projects = await seedProjects(trx, asOf)
    return { allocations, months, projects, figures }
  })
}

async function ensureNationalPlan(trx: TransactionClientContract) {
  let rows = await trx.from('programme_targets').whereNull('agency_id').whereNull('superseded_at')
  if (!rows.length) {
    await trx.insertQuery().table('programme_targets').multiInsert(
      PLAN.flatMap(([measure, baseline, targets]) => targets.map((target, i) => ({ measure, year: PLAN_START + i, baseline, target })))
    )
    rows = await trx.from('programme_targets').whereNull('agency_id').whereNull('superseded_at')
  }
  return rows
}

/** Each ministry's share of the counted measures, pro rata to what its subtree holds, where it has none yet. */
async function allocateToMinistries(trx: TransactionClientContract) {
  const national = await trx.from('programme_targets').whereNull('agency_id').whereNull('superseded_at').orderBy('year')
  const ministries = await trx.from('agencies').where('level', 2).select('id', 'path')
  const existing = new Set(
    (await trx.from('programme_targets').whereNotNull('agency_id').whereNull('superseded_at').select('agency_id', 'measure')).map((r) => `${r.agency_id}:${r.measure}`)
  )
  const agencies = await trx.from('agencies').select('id', 'path')
  const rows: Array<Record<string, unknown>> = []
  for (const measure of COUNTED_MEASURES) {
    const all = await trx.from(MEASURE_TABLE[measure]).select('agency_id', 'status')
    const counts = countBySubtree(measure, agencies, all)
    const plan: YearTarget[] = national.filter((r) => r.measure === measure).map((r) => ({ year: r.year, baseline: Number(r.baseline), target: Number(r.target) }))
    for (const m of ministries) {
      const total = counts.get(m.id)?.total ?? 0
      if (!total || existing.has(`${m.id}:${measure}`)) continue
      for (const t of derivedTargets(plan, measure, total)) rows.push({ measure, agency_id: m.id, year: t.year, baseline: t.baseline, target: t.target })
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await trx.insertQuery().table('programme_targets').multiInsert(rows.slice(i, i + 1000))
  return rows.length
}

/** Month-end snapshots from `from` to `to` made from the inventory's dates, for months not stored yet. */
async function storeHistory(trx: TransactionClientContract, from: string, to: string) {
  const agencies = await trx.from('agencies').select('id', 'path')
  const stored = new Set((await trx.from('programme_snapshots').distinct('month')).map((r) => r.month))
  const tables = new Map<CountedMeasure, Array<{ agency_id: number | null; status: string; gone: number | null }>>()
  for (const measure of COUNTED_MEASURES) {
    const { date } = TERMINAL[measure]
    const rows = await trx.from(MEASURE_TABLE[measure]).select('agency_id', 'status', trx.raw(`${date} AS gone`))
    tables.set(measure, rows.map((r) => ({ agency_id: r.agency_id, status: r.status, gone: r.gone ? new Date(r.gone).getTime() : null })))
  }
  const figures = (await trx.from('programme_figures').select('agency_id', 'year', 'figure', 'value')).map((r) => ({ ...r, value: Number(r.value) }))
  let months = 0
  for (let month = from; month <= to; month = addMonths(month, 1)) {
    if (stored.has(month)) continue
    const end = monthBounds(month).to.getTime()
    const rows: Array<Record<string, unknown>> = []
    for (const measure of COUNTED_MEASURES) {
      for (const [agencyId, c] of countBySubtree(measure, agencies, asAt(measure, tables.get(measure)!, end))) {
        rows.push({ month, agency_id: agencyId, measure, actual: c.remaining, total: c.total, source: 'month_end', taken_at: new Date(end) })
      }
    }
    // The figures agencies entered for the month's year, as the month-end job stores them.
    for (const [agencyId, entered] of figureMeasures(agencies, figures, Number(month.slice(0, 4)))) {
      for (const [measure, actual] of Object.entries(entered)) {
        rows.push({ month, agency_id: agencyId, measure, actual, total: null, source: 'month_end', taken_at: new Date(end) })
      }
    }
    for (let i = 0; i < rows.length; i += 2000) await trx.insertQuery().table('programme_snapshots').multiInsert(rows.slice(i, i + 2000))
    months++
  }
  return months
}

/**
 * A closure project for each data centre still consolidating (into the shared one it names, in
 * waves), and a cut-over of each ministry's legacy lines onto its uplink. Every third closure is
 * late: planned months before the demo's date and still open, one blocked with its reason.
 */
async function seedProjects(trx: TransactionClientContract, asOf: string) {
  if ((await trx.from('consolidation_projects').count('* as n'))[0].n > 0) return 0
  const day = (months: number) => addMonths(asOf.slice(0, 7), months) + '-15'
  // Entered (the timeline's start) a year or more before the planned date, later waves earlier.
  const started = (planned: string, wave: number) => new Date(`${addMonths(planned.slice(0, 7), -(9 + 3 * wave))}-01T09:00:00+08:00`)
  const rooms = await trx.from('data_centres').where('status', 'consolidating').orderBy('code').select('id', 'code', 'name', 'agency_id', 'consolidated_into_id')
  const rows: Array<Record<string, unknown>> = rooms.map((room, i) => {
    const late = i % 3 === 0
    const row = {
      code: `PRJ-${i + 1}-${room.code}`.slice(0, 32), name: `${room.name} 裁撤整併`, kind: 'data_centre_closure', agency_id: room.agency_id,
      source_data_centre_id: room.id, receiving_data_centre_id: room.consolidated_into_id, wave: 1 + (i % 3),
      status: late ? (i % 2 ? 'blocked' : 'in_progress') : 'planned', owner: '資訊室',
      blockers: late && i % 2 ? '共構機房電力擴充尚未完成 (power upgrade at the shared data centre not finished)' : null,
      systems: '人事、薪資及出納、財產管理、法規網站、公文系統', planned_date: late ? day(-3 - (i % 5)) : day(2 + (i % 9)),
    }
    return { ...row, created_at: started(row.planned_date, row.wave), updated_at: started(row.planned_date, row.wave) }
  })
  const uplinks = await trx.from('links as u').join('agencies as a', 'a.id', 'u.agency_id').where('u.kind', 'uplink').whereNot('u.status', 'decommissioned').where('a.level', 2)
    .select('u.id', 'u.agency_id', 'a.code', 'a.name')
  for (const [i, uplink] of uplinks.entries()) {
    const left = await trx.from('links as l').join('agencies as a', 'a.id', 'l.agency_id').where('l.kind', 'legacy').whereNot('l.status', 'decommissioned')
      .whereRaw(`a.path LIKE (SELECT path FROM agencies WHERE id = ?) || '%'`, [uplink.agency_id]).count('* as n')
    const lines = Number(left[0].n)
    if (!lines) continue
    rows.push({
      code: `CUT-${i + 1}-${uplink.code}`.slice(0, 32), name: `${uplink.name} 對外線路移轉`, kind: 'line_cutover', agency_id: uplink.agency_id, uplink_id: uplink.id,
      lines_to_cut: lines, wave: 1 + (i % 3), status: i % 4 === 0 ? 'in_progress' : 'planned', owner: '資訊室',
      planned_date: i % 4 === 0 ? day(-2) : day(3 + (i % 6)),
      created_at: started(i % 4 === 0 ? day(-2) : day(3 + (i % 6)), 1 + (i % 3)),
    })
  }
  for (let i = 0; i < rows.length; i += 500) await trx.insertQuery().table('consolidation_projects').multiInsert(rows.slice(i, i + 500))
  return rows.length
}

/**
 * What agencies would have entered, per agency holding systems or data centres and per year of
 * the demo's programme: IT staff certifications earned (about a fifth of its systems a year),
 * maintenance spend (120 thousand NTD a system) and data-centre build spend (800 a data centre)
 * with a saving climbing towards the plan's 15% and 10%. Each agency keeps its own pace (from its
 * id), so some lag and the review's tiles and ranking have something to say.
 */
async function seedFigures(trx: TransactionClientContract, firstYear: number, lastYear: number) {
  if ((await trx.from('programme_figures').count('* as n'))[0].n > 0) return 0
  const held = await trx.rawQuery(
    `SELECT a.id, (SELECT count(*) FROM information_systems s WHERE s.agency_id = a.id)::int AS systems,
            (SELECT count(*) FROM data_centres d WHERE d.agency_id = a.id)::int AS rooms
     FROM agencies a ORDER BY a.id`
  )
  const rows: Array<Record<string, unknown>> = []
  for (const a of held.rows as Array<{ id: number; systems: number; rooms: number }>) {
    if (!a.systems && !a.rooms) continue
    const pace = 0.6 + ((a.id * 37) % 50) / 100
    for (let year = firstYear; year <= lastYear; year++) {
      const share = Math.min(1, (year - firstYear + 1) / 4) * pace
      const add = (figure: string, value: number) => rows.push({ agency_id: a.id, year, figure, value, updated_at: new Date() })
      if (a.systems) {
        add('it_certifications', Math.round(a.systems * 0.2 * pace))
        const baseline = a.systems * 120
        add('maintenance_baseline', baseline)
        add('maintenance_saved', Math.round(baseline * 0.15 * share))
      }
      if (a.rooms) {
        const baseline = a.rooms * 800
        add('build_baseline', baseline)
        add('build_saved', Math.round(baseline * 0.1 * share))
      }
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await trx.insertQuery().table('programme_figures').multiInsert(rows.slice(i, i + 1000))
  return rows.length
}
