import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { scopeCondition, scopeQuery } from '#app/access/scope'
import { measure, progress, type MeasureKey } from '#app/overview/programme_targets'
import { currentTargets, targetsFor } from '#app/programme/programme_plan'
import type { Measure, YearTarget } from '#app/programme/programme_maths'
import type { MinistryRow } from '#shared/overview'

/**
 * The CIO's first page: what is left of each consolidation measure, by ministry, and how fast
 * it went. A user bound to an agency sees the figures of their own subtree only, measured
 * against their own scope's targets (app/programme/programme_plan.ts), not the nation's.
 */
export async function consolidationOverview(user: User) {
  const [dc, sys, lines] = await Promise.all([
    scopeQuery(db.from('data_centres'), user, 'agency_id').select(db.raw(`count(*) FILTER (WHERE status <> 'closed') AS n, count(*) AS total`)),
    scopeQuery(db.from('information_systems'), user, 'agency_id').select(db.raw(`count(*) FILTER (WHERE status IN ('active', 'migrating')) AS n, count(*) AS total`)),
    scopeQuery(db.from('links'), user, 'agency_id').select(db.raw(`count(*) FILTER (WHERE status <> 'decommissioned') AS n, count(*) AS total`)),
  ])
  const plan = await currentTargets(user.isNational ? [] : [user.agencyId!])
  const byMinistry = await ministryRows(scopeCondition(user, 'm.id'))

  const timeline = await closuresByMonth(scopeCondition(user, 'agency_id'))

  return {
    generated_at: new Date().toISOString(),
    measures: measuresOf(user, plan, { data_centres: dc[0], information_systems: sys[0], agency_lines: lines[0] }),
    by_ministry: byMinistry,
    timeline,
  }
}

type Client = Pick<QueryClientContract | TransactionClientContract, 'rawQuery'>

type Counts = { n: string | number; total: string | number }

/**
 * The gauges of a scope: each runs from the scope's baseline to its final target; without a plan
 * in the database, the programme's own figures (nationally: 280 → 80).
 */
export function measuresOf(user: User, plan: Map<number | null, Map<Measure, YearTarget[]>>, counts: Record<MeasureKey, Counts>) {
  return (['data_centres', 'information_systems', 'agency_lines'] as const).map((key) => {
    const remaining = Number(counts[key].n)
    const { targets, allocation } = targetsFor(plan, user.agencyId ?? null, key, Number(counts[key].total))
    const last = targets.at(-1)
    if (!last) return { ...measure(key, remaining), allocation }
    return { key, baseline: last.baseline, target: last.target, remaining, progress: progress(last.baseline, last.target, remaining), allocation }
  })
}

/** Each ministry (level 2) the condition admits, counting everything in its subtree; local governments are level 2 too. */
export async function ministryRows(ministries: { sql: string; bindings: number[] }, client: Client = db) {
  const { rows } = await client.rawQuery(
    `
    WITH m AS (SELECT id, code, name, name_en, path FROM agencies m WHERE level = 2 AND ${ministries.sql}),
    owner AS (SELECT m.id AS ministry_id, a.id AS agency_id FROM m JOIN agencies a ON a.path LIKE m.path || '%')
    SELECT m.id AS agency_id, m.code, m.name, m.name_en,
      (SELECT count(*) FROM data_centres d JOIN owner o ON o.agency_id = d.agency_id WHERE o.ministry_id = m.id AND d.status <> 'closed')::int AS data_centres_remaining,
      (SELECT count(*) FROM data_centres d JOIN owner o ON o.agency_id = d.agency_id WHERE o.ministry_id = m.id)::int AS data_centres_total,
      (SELECT count(*) FROM information_systems s JOIN owner o ON o.agency_id = s.agency_id WHERE o.ministry_id = m.id AND s.status IN ('active','migrating'))::int AS systems_remaining,
      (SELECT count(*) FROM information_systems s JOIN owner o ON o.agency_id = s.agency_id WHERE o.ministry_id = m.id)::int AS systems_total,
      (SELECT count(*) FROM links l JOIN owner o ON o.agency_id = l.agency_id WHERE o.ministry_id = m.id AND l.status <> 'decommissioned')::int AS lines_remaining,
      (SELECT count(*) FROM links l JOIN owner o ON o.agency_id = l.agency_id WHERE o.ministry_id = m.id)::int AS lines_total,
      (SELECT count(*) FROM links l JOIN owner o ON o.agency_id = l.agency_id WHERE o.ministry_id = m.id AND l.kind = 'uplink' AND l.status <> 'decommissioned')::int AS uplinks
    FROM m ORDER BY m.code`,
    ministries.bindings
  )
  return rows as MinistryRow[]
}

export type { MinistryRow }

/**
 * What closed each month under the condition on agency_id: data centres closed, systems retired,
 * lines decommissioned; `perAgency` splits each month by agency (the kept counts, overview_cells.ts).
 */
export async function closuresByMonth(mine: { sql: string; bindings: number[] }, perAgency = false, client: Client = db) {
  const agency = perAgency ? 'agency_id, ' : ''
  const { rows } = await client.rawQuery(
    `
    WITH events AS (
      SELECT agency_id, to_char(closure_date, 'YYYY-MM') AS month, 1 AS dc, 0 AS sys, 0 AS ln FROM data_centres
        WHERE closure_date IS NOT NULL AND status = 'closed' AND ${mine.sql}
      UNION ALL
      SELECT agency_id, to_char(retirement_date, 'YYYY-MM'), 0, 1, 0 FROM information_systems
        WHERE retirement_date IS NOT NULL AND status IN ('merged','retired') AND ${mine.sql}
      UNION ALL
      SELECT agency_id, to_char(decommission_date, 'YYYY-MM'), 0, 0, 1 FROM links
        WHERE decommission_date IS NOT NULL AND status = 'decommissioned' AND ${mine.sql}
    )
    SELECT ${agency}month, sum(dc)::int AS data_centres_closed, sum(sys)::int AS systems_retired, sum(ln)::int AS lines_decommissioned
    FROM events GROUP BY ${agency}month ORDER BY month`,
    [...mine.bindings, ...mine.bindings, ...mine.bindings]
  )
  return rows as Array<{ agency_id?: number | null; month: string; data_centres_closed: number; systems_retired: number; lines_decommissioned: number }>
}
