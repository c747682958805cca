import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { scopeCondition } from '#app/access/scope'
import { message, type Message } from '#app/core/messages'
import { PRIORITIES } from '#shared/incident_lifecycle'
import { compliance, mean, minutesBetween, monthBounds, percentage, workedMinutes, type Move } from '#app/reports/monthly_figures'

/**
 * The monthly service-management figures (ITIL's report to the programme office) over the
 * reader's agency scope. Parts that stand on tables or columns other work adds (assignment
 * groups, stored SLA due times, changes) are looked up in the catalogue and left null, with a
 * note saying why, while those are absent.
 */

async function hasColumn(table: string, column: string) {
  const row = await db
    .from('information_schema.columns')
    .where('table_schema', db.raw('current_schema()'))
    .where({ table_name: table, column_name: column })
    .first()
  return Boolean(row)
}

async function hasTable(table: string) {
  const { rows } = await db.rawQuery('SELECT to_regclass(?) IS NOT NULL AS present', [table])
  return Boolean(rows[0].present)
}

const count = (rows: Array<{ n: string | number }>) => Number(rows[0]?.n ?? 0)

export async function serviceReport(user: User, month: string, now = new Date()) {
  const { from, to } = monthBounds(month)
  const scope = scopeCondition(user, 'i.agency_id')
  const notes: Message[] = [message('reports.hold_excluded')]
  const inScope = (sql: string, bindings: unknown[] = []): Promise<any[]> =>
    db.rawQuery(sql, [...bindings, ...scope.bindings]).then((r) => r.rows)

  const opened = await inScope(
    `SELECT i.id, i.priority, i.agency_id, i.opened_at, i.acknowledged_at FROM incidents i
     WHERE i.opened_at >= ? AND i.opened_at < ? AND ${scope.sql}`,
    [from, to]
  )
  const resolved = await inScope(
    `SELECT i.id, i.opened_at, i.resolved_at FROM incidents i
     WHERE i.resolved_at >= ? AND i.resolved_at < ? AND ${scope.sql}`,
    [from, to]
  )

  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, opened.filter((r) => r.priority === p).length]))
  const byAgency = await inScope(
    `SELECT a.id AS agency_id, a.code, a.name, count(*)::int AS opened FROM incidents i JOIN agencies a ON a.id = i.agency_id
     WHERE i.opened_at >= ? AND i.opened_at < ? AND ${scope.sql}
     GROUP BY a.id, a.code, a.name ORDER BY opened DESC, a.code`,
    [from, to]
  )

  let byGroup: Array<{ group_id: number | null; opened: number }> | null = null
  if (await hasColumn('incidents', 'group_id')) {
    byGroup = (await inScope(
      `SELECT i.group_id, count(*)::int AS opened FROM incidents i
       WHERE i.opened_at >= ? AND i.opened_at < ? AND ${scope.sql} GROUP BY i.group_id ORDER BY opened DESC, i.group_id`,
      [from, to]
    )).map((r) => ({ group_id: r.group_id === null ? null : Number(r.group_id), opened: r.opened }))
  } else notes.push(message('reports.no_group_column'))

  const movesOf = new Map<number, Move[]>()
  if (resolved.length) {
    const moves = await db
      .from('incident_timeline')
      .whereIn('incident_id', resolved.map((r) => r.id))
      .whereNotNull('to_status')
      .whereIn('kind', ['moved'])
      .orderBy([{ column: 'at' }, { column: 'id' }])
      .select('incident_id', 'at', 'to_status')
    for (const m of moves) {
      const list = movesOf.get(m.incident_id) ?? []
      list.push({ at: new Date(m.at), toStatus: m.to_status })
      movesOf.set(m.incident_id, list)
    }
  }

  let sla: Record<string, unknown> | null = null
  if ((await hasColumn('incidents', 'respond_due_at')) && (await hasColumn('incidents', 'resolve_due_at'))) {
    // The respond clock stops at the first move out of 'new'; a recovery the system settled
    // stops it without an acknowledgement, so the resolution time stands in for it here.
    const respond = await inScope(
      `SELECT COALESCE(i.acknowledged_at, i.resolved_at, i.closed_at) AS done, i.respond_due_at AS due FROM incidents i
       WHERE i.opened_at >= ? AND i.opened_at < ? AND i.respond_due_at IS NOT NULL AND ${scope.sql}`,
      [from, to]
    )
    const resolve = await inScope(
      `SELECT i.resolved_at AS done, i.resolve_due_at AS due FROM incidents i
       WHERE i.resolved_at >= ? AND i.resolved_at < ? AND i.resolve_due_at IS NOT NULL AND ${scope.sql}`,
      [from, to]
    )
    const deadlines = (rows: any[]) => rows.map((r) => ({ done: r.done ? new Date(r.done) : null, due: new Date(r.due) }))
    sla = { respond: compliance(deadlines(respond), now), resolve: compliance(deadlines(resolve), now) }
  } else notes.push(message('reports.no_sla_columns'))

  const problemScope = scopeCondition(user, 'p.agency_id')
  const problemCount = (column: string) =>
    db
      .rawQuery(`SELECT count(*)::int AS n FROM problems p WHERE p.${column} >= ? AND p.${column} < ? AND ${problemScope.sql}`, [from, to, ...problemScope.bindings])
      .then((r) => count(r.rows))

  return {
    month,
    from: from.toISOString(),
    to: to.toISOString(),
    incidents: {
      opened: opened.length,
      resolved: resolved.length,
      by_priority: byPriority,
      by_agency: byAgency,
      by_group: byGroup,
      mean_minutes_to_acknowledge: mean(
        opened.filter((r) => r.acknowledged_at).map((r) => minutesBetween(new Date(r.opened_at), new Date(r.acknowledged_at)))
      ),
      mean_minutes_to_resolve: mean(
        resolved.map((r) => workedMinutes(new Date(r.opened_at), new Date(r.resolved_at), movesOf.get(r.id) ?? []))
      ),
      sla,
    },
    problems: {
      opened: await problemCount('opened_at'),
      resolved: await problemCount('resolved_at'),
      closed: await problemCount('closed_at'),
    },
    changes: await changeFigures(user, from, to, notes),
    notes: notes.map((n) => n.in(user.locale)),
  }
}

const SUCCEEDED = ['implemented', 'reviewed', 'closed']
const FAILED = ['failed', 'backed_out']
const PLANNED_COLUMNS = ['planned_start_at', 'planned_start']

/**
 * Change success rate (of the changes planned to start in the month that finished, those
 * implemented rather than failed or backed out) and the share of emergency changes, once the
 * changes table exists with the columns these need.
 */
async function changeFigures(user: User, from: Date, to: Date, notes: Message[]) {
  if (!(await hasTable('changes'))) {
    notes.push(message('reports.no_changes_table'))
    return null
  }
  let planned: string | undefined
  for (const column of PLANNED_COLUMNS) if (!planned && (await hasColumn('changes', column))) planned = column
  const needed = await Promise.all(['status', 'type', 'agency_id'].map((c) => hasColumn('changes', c)))
  if (!planned || needed.includes(false)) {
    notes.push(message('reports.changes_unreadable'))
    return null
  }
  const scope = scopeCondition(user, 'c.agency_id')
  const { rows } = await db.rawQuery(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE c.type = 'emergency')::int AS emergency,
            count(*) FILTER (WHERE c.status = ANY (?))::int AS succeeded,
            count(*) FILTER (WHERE c.status = ANY (?))::int AS failed
     FROM changes c WHERE c.${planned} >= ? AND c.${planned} < ? AND ${scope.sql}`,
    [SUCCEEDED, FAILED, from, to, ...scope.bindings]
  )
  const r = rows[0]
  return {
    planned: r.total,
    finished: r.succeeded + r.failed,
    succeeded: r.succeeded,
    success_percent: percentage(r.succeeded, r.succeeded + r.failed),
    emergency: r.emergency,
    emergency_percent: percentage(r.emergency, r.total),
  }
}

export type ServiceReport = Awaited<ReturnType<typeof serviceReport>>
