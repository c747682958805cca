import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import User from '#app/access/user'
import { isInScope, scopeCondition } from '#app/access/scope'
import { lateProjects, slipped } from '#app/programme/consolidation_project_resource'
import { recordAudit } from '#app/audit/audit_log'
import { actorOf } from '#app/core/resource'
import { FieldError, NotFoundError } from '#app/core/errors'
import { message, type Message } from '#app/core/messages'
import { monthBounds, monthOf } from '#app/reports/monthly_figures'
import { serviceReport } from '#app/reports/service_report'
import { securityKpiReport } from '#app/security_grading/security_kpi_routes'
import { progress } from '#app/overview/programme_targets'
import { currentTargets, targetsFor, type Allocation } from '#app/programme/programme_plan'
import { measureNow, snapshotSeries, type SnapshotSource } from '#app/programme/programme_snapshots'
import { uplinkAvailability } from '#app/programme/uplink_availability'
import {
  COUNTED_MEASURES,
  MEASURES,
  addMonths,
  behindPlan,
  forecastMet,
  meanOf,
  plannedAt,
  rankBehind,
  type Measure,
  type YearTarget,
} from '#app/programme/programme_maths'

/**
 * The CIO's programme review for one month and one scope (the nation, a ministry, an agency):
 * each measure against its plan with its trend and forecast, the scopes below ranked by how far
 * behind plan they are, the month's service and security figures, and the CIO's comment. Past
 * months read their stored snapshots; the month under way reads today's inventory.
 */

const TREND_MONTHS = 24

interface Value {
  actual: number | null
  total: number | null
}

type Values = Map<number | null, Map<Measure, Value>>

function valuesOf(rows: ReadonlyArray<{ agency_id: number | null; measure: Measure; actual: number | null; total: number | null }>): Values {
  const by: Values = new Map()
  for (const r of rows) {
    const scope = by.get(r.agency_id) ?? new Map<Measure, Value>()
    by.set(r.agency_id, scope)
    scope.set(r.measure, { actual: r.actual === null ? null : Number(r.actual), total: r.total })
  }
  return by
}

/** A user who sees what `agencyId`'s subtree holds, to ask the service figures for that scope. */
function readerOf(user: User, agencyId: number | null, locale: string) {
  const reader = new User()
  reader.merge({ role: user.role, agencyId, locale, email: user.email })
  return reader
}

export async function programmeReport(user: User, month: string, agencyId: number | null | undefined, options: { now?: Date; locale?: string } = {}) {
  const now = options.now ?? new Date()
  const locale = options.locale ?? user.locale
  const current = monthOf(now)
  if (month > current) throw new FieldError('month', message('programme.month_not_ended', { month }))
  const scopeId = agencyId === undefined ? user.agencyId : agencyId
  if (scopeId === null ? !user.isNational : !(await isInScope(user, scopeId))) throw new NotFoundError(message('programme.agency_unknown'))
  const scope = scopeId === null ? null : await db.from('agencies').where('id', scopeId).select('id', 'code', 'name', 'name_en', 'level', 'parent_id').first()
  if (scopeId !== null && !scope) throw new NotFoundError(message('programme.agency_unknown'))

  const notes: Message[] = []
  const ended = month < current
  const children = await (scopeId === null ? db.from('agencies').where('level', 2) : db.from('agencies').where('parent_id', scopeId))
    .select('id', 'code', 'name', 'name_en')
    .orderBy('code')

  // The month's values: its snapshot, or today's counts for the month under way.
  let values: Values
  let source: SnapshotSource | 'live' | null
  const live = ended ? null : await measureNow(month)
  if (live) {
    values = valuesOf(live)
    source = 'live'
    notes.push(message('programme.live_figures', { month }))
  } else {
    const stored = await db
      .from('programme_snapshots')
      .where('month', month)
      .where((q) => {
        if (scopeId === null) q.whereNull('agency_id')
        else q.where('agency_id', scopeId)
        if (children.length) q.orWhereIn('agency_id', children.map((c) => c.id))
      })
      .select('agency_id', 'measure', 'actual', 'total', 'source')
    values = valuesOf(stored)
    source = stored.find((r) => r.agency_id === scopeId)?.source ?? null
    if (source === null) notes.push(message('programme.no_snapshot', { month }))
  }

  const targets = await currentTargets([...(scopeId === null ? [] : [scopeId]), ...children.map((c) => c.id)])
  // A measure that starts from nothing (certifications) is shared by the scope's part of the
  // plan's information systems baseline: a constant of the plan, so no other agency's rows move it.
  const planSystems = targets.get(null)?.get('information_systems')?.[0]?.baseline ?? null
  const targetsOf = (id: number | null, measure: Measure, mine: Map<Measure, Value> | undefined) => {
    const systems = mine?.get('information_systems')?.total ?? null
    const share = systems !== null && planSystems ? systems / planSystems : null
    return targetsFor(targets, id, measure, mine?.get(measure)?.total ?? null, share)
  }

  const series = await snapshotSeries(scopeId, addMonths(month, -(TREND_MONTHS - 1)), month)
  const mine = values.get(scopeId)
  let derived = false
  const tiles = MEASURES.map((measure) => {
    const { targets: plan, allocation } = targetsOf(scopeId, measure, mine)
    if (allocation === 'derived') derived = true
    const actual = mine?.get(measure)?.actual ?? null
    const trend = series.filter((s) => s.measure === measure && s.month !== month).map((s) => ({ month: s.month, actual: s.actual }))
    if (actual !== null) trend.push({ month, actual })
    return tile(measure, allocation, plan, month, actual, trend)
  })
  if (derived) notes.push(message('programme.derived_targets'))

  const ranking = rankBehind(
    children.map((c) => {
      const theirs = values.get(c.id)
      const behind = COUNTED_MEASURES.map((measure) => {
        const plan = targetsOf(c.id, measure, theirs).targets
        // A scope that never held any of a measure has nothing to be behind on.
        if (!plan.length || theirs?.get(measure)?.total === 0) return null
        const last = plan[plan.length - 1]
        return behindPlan(last.baseline, last.target, plannedAt(plan, month), theirs?.get(measure)?.actual ?? null)
      })
      return {
        agency_id: c.id, code: c.code, name: c.name, name_en: c.name_en,
        data_centres: theirs?.get('data_centres')?.actual ?? null,
        information_systems: theirs?.get('information_systems')?.actual ?? null,
        agency_lines: theirs?.get('agency_lines')?.actual ?? null,
        behind: meanOf(behind),
      }
    })
  )

  const reader = readerOf(user, scopeId, locale)
  const { from, to } = monthBounds(month)
  // Late at the month's end (the last day in Taipei), or today for the month under way.
  const lastDay = ended ? DateTime.fromJSDate(to, { zone: 'Asia/Taipei' }).minus({ days: 1 }).toISODate()! : DateTime.fromJSDate(now, { zone: 'Asia/Taipei' }).toISODate()!
  const [service, security, availability, comment, late, projects] = await Promise.all([
    serviceReport(reader, month, now),
    securityKpiReport(reader, month),
    uplinkAvailability(reader, from, to < now ? to : now),
    commentOf(month, scopeId),
    lateProjects(scopeCondition(reader, 'p.agency_id'), lastDay),
    projectTimeline(scopeCondition(reader, 'p.agency_id'), lastDay),
  ])

  const sla = service.incidents.sla as { respond: { percent: number | null }; resolve: { percent: number | null } } | null
  return {
    month,
    ended,
    source,
    scope: scope
      ? { agency_id: scope.id, code: scope.code, name: scope.name, name_en: scope.name_en, level: scope.level, parent_id: scope.parent_id }
      : { agency_id: null, code: null, name: null, name_en: null, level: 0, parent_id: null },
    tiles,
    ranking,
    late_projects: late,
    projects,
    data_centres: scopeId === null ? [] : await dataCentresOf(scopeId, projects),
    today: lastDay,
    service: {
      uplink_availability_percent: availability.percent,
      uplinks: availability.uplinks,
      uplink_minutes_down: availability.minutes_down,
      incidents_opened: service.incidents.opened,
      incidents_by_priority: service.incidents.by_priority as Record<string, number>,
      mean_minutes_to_restore: service.incidents.mean_minutes_to_resolve,
      sla_respond_percent: sla?.respond.percent ?? null,
      sla_resolve_percent: sla?.resolve.percent ?? null,
      change_success_percent: service.changes?.success_percent ?? null,
    },
    security: {
      targets: security.targets,
      opened: security.total.opened,
      reported_percent: security.total.reported_percent,
      reported_in_time_percent: security.total.reported_in_time_percent,
      major: security.total.major,
      major_answered_percent: security.total.major_answered_percent,
    },
    comment,
    notes: [...notes.map((n) => n.in(locale)), ...service.notes],
  }
}

export type ProgrammeReport = Awaited<ReturnType<typeof programmeReport>>

/** One measure's tile: where the plan stands, where the scope stands, its trend and its forecast. */
export function tile(measure: Measure, allocation: Allocation, plan: YearTarget[], month: string, actual: number | null, trend: Array<{ month: string; actual: number | null }>) {
  const year = Number(month.slice(0, 4))
  const last = plan.length ? plan[plan.length - 1] : null
  const thisYear = plan.find((t) => t.year === year) ?? null
  const planned = plannedAt(plan, month)
  const known = trend.filter((p): p is { month: string; actual: number } => p.actual !== null)
  return {
    measure,
    allocation,
    baseline: last?.baseline ?? null,
    year_target: thisYear?.target ?? null,
    final_target: last?.target ?? null,
    final_year: last?.year ?? null,
    planned,
    actual,
    progress: last && actual !== null ? Math.round(progress(last.baseline, last.target, actual) * 1000) / 1000 : null,
    behind: last ? behindPlan(last.baseline, last.target, planned, actual) : null,
    trend: trend.map((p) => ({ month: p.month, actual: p.actual, planned: plannedAt(plan, p.month) })),
    forecast: last ? forecastMet(known, last.target) : null,
  }
}

const TIMELINE_LIMIT = 300

/**
 * The scope's consolidation projects for the timeline: each from the day it was entered (its
 * start) to its planned date, and to its actual date (or `day`, while open); `slipped` as the
 * projects list says it, at `day` (the month's last day, or today for the month under way).
 */
async function projectTimeline(scope: { sql: string; bindings: number[] }, day: string) {
  const { rows } = await db.rawQuery(
    `SELECT p.id, p.code, p.name, p.kind, p.agency_id, p.status, p.wave, p.source_data_centre_id, p.systems,
            to_char((p.created_at AT TIME ZONE 'Asia/Taipei')::date, 'YYYY-MM-DD') AS started,
            to_char(p.planned_date, 'YYYY-MM-DD') AS planned_date, to_char(p.actual_date, 'YYYY-MM-DD') AS actual_date
     FROM consolidation_projects p
     WHERE p.status <> 'cancelled' AND ${scope.sql}
     ORDER BY p.planned_date, p.code
     LIMIT ${TIMELINE_LIMIT}`,
    scope.bindings
  )
  return (rows as Array<{
    id: number; code: string; name: string; kind: string; agency_id: number; status: string; wave: number; source_data_centre_id: number | null
    systems: string | null; started: string; planned_date: string; actual_date: string | null
  }>).map((p) => ({ ...p, started: p.started < p.planned_date ? p.started : p.planned_date, slipped: slipped(p, day) }))
}

/**
 * The data centres the scope's agency holds itself (the drill-down's last level): each with its
 * closure projects and the information systems still in it (active or migrating) to move.
 */
async function dataCentresOf(agencyId: number, projects: Awaited<ReturnType<typeof projectTimeline>>) {
  const rooms = await db
    .from('data_centres as d')
    .leftJoin('data_centres as r', 'r.id', 'd.consolidated_into_id')
    .where('d.agency_id', agencyId)
    .orderBy('d.code')
    .limit(100)
    .select('d.id', 'd.code', 'd.name', 'd.status', db.raw(`to_char(d.closure_date, 'YYYY-MM-DD') AS closure_date`), 'r.code as receiving_code', 'r.name as receiving_name')
  const systems = rooms.length
    ? await db.from('information_systems').whereIn('data_centre_id', rooms.map((r) => r.id)).whereIn('status', ['active', 'migrating']).orderBy('code').select('id', 'code', 'name', 'status', 'data_centre_id')
    : []
  return rooms.map((r) => ({
    id: r.id as number, code: r.code as string, name: r.name as string, status: r.status as string, closure_date: r.closure_date as string | null,
    receiving: r.receiving_code ? { code: r.receiving_code as string, name: r.receiving_name as string } : null,
    projects: projects.filter((p) => p.source_data_centre_id === r.id).map((p) => p.id),
    systems: systems.filter((s) => s.data_centre_id === r.id).map((s) => ({ id: s.id as number, code: s.code as string, name: s.name as string, status: s.status as string })),
  }))
}

async function commentOf(month: string, agencyId: number | null) {
  const query = db.from('programme_comments').where('month', month)
  if (agencyId === null) query.whereNull('agency_id')
  else query.where('agency_id', agencyId)
  const row = await query.select('body', 'written_at', 'written_by').first()
  return row ? { body: row.body as string, written_at: new Date(row.written_at).toISOString(), written_by: row.written_by as number | null } : null
}

/** Writes the CIO's comment on a month's report for a scope the writer holds; audited. */
export async function setComment(user: User, month: string, agencyId: number | null, body: string) {
  if (agencyId === null ? !user.isNational : !(await isInScope(user, agencyId))) throw new NotFoundError(message('programme.agency_unknown'))
  return db.transaction(async (trx) => {
    await trx.rawQuery(`SELECT pg_advisory_xact_lock(hashtext('programme_comments'))`)
    const query = trx.from('programme_comments').where('month', month)
    if (agencyId === null) query.whereNull('agency_id')
    else query.where('agency_id', agencyId)
    const existing = await query.first()
    const now = new Date()
    let id: number
    if (existing) {
      await trx.from('programme_comments').where('id', existing.id).update({ body, written_by: user.id ?? null, written_at: now })
      id = existing.id
    } else {
      const [row] = await trx.insertQuery().table('programme_comments').insert({ month, agency_id: agencyId, body, written_by: user.id ?? null, written_at: now }).returning('id')
      id = row.id
    }
    await recordAudit(trx, actorOf(user), [
      existing
        ? { action: 'update', entity: 'programme_comments', entityId: id, before: { body: existing.body }, after: { body } }
        : { action: 'create', entity: 'programme_comments', entityId: id, before: null, after: { month, agency_id: agencyId, body } },
    ])
    return { body, written_at: now.toISOString(), written_by: user.id ?? null }
  })
}
