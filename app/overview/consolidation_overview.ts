import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { scopeCondition, scopeQuery } from '#app/access/scope'
import { measure } from '#app/overview/programme_targets'

/**
 * The CIO's first page: what is left of each consolidation measure, by ministry, and how fast
 * it went. A user bound to an agency sees the figures of their own subtree only.
 */
export async function consolidationOverview(user: User) {
  const [dc, sys, lines] = await Promise.all([
    scopeQuery(db.from('data_centres'), user, 'agency_id').whereNot('status', 'closed').count('* as n'),
    scopeQuery(db.from('information_systems'), user, 'agency_id').whereIn('status', ['active', 'migrating']).count('* as n'),
    scopeQuery(db.from('links'), user, 'agency_id').whereNot('status', 'decommissioned').count('* as n'),
  ])

  // A ministry (level 2) counts everything in its subtree; local governments are level 2 too.
  const ministries = scopeCondition(user, 'm.id')
  const byMinistry = await db.rawQuery(
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

  const mine = scopeCondition(user, 'agency_id')
  const timeline = await db.rawQuery(
    `
    WITH events AS (
      SELECT to_char(closure_date, 'YYYY-MM') AS month, 1 AS dc, 0 AS sys, 0 AS ln FROM data_centres
        WHERE closure_date IS NOT NULL AND status = 'closed' AND ${mine.sql}
      UNION ALL
      SELECT to_char(retirement_date, 'YYYY-MM'), 0, 1, 0 FROM information_systems
        WHERE retirement_date IS NOT NULL AND status IN ('merged','retired') AND ${mine.sql}
      UNION ALL
      SELECT to_char(decommission_date, 'YYYY-MM'), 0, 0, 1 FROM links
        WHERE decommission_date IS NOT NULL AND status = 'decommissioned' AND ${mine.sql}
    )
    SELECT month, sum(dc)::int AS data_centres_closed, sum(sys)::int AS systems_retired, sum(ln)::int AS lines_decommissioned
    FROM events GROUP BY month ORDER BY month`,
    [...mine.bindings, ...mine.bindings, ...mine.bindings]
  )

  return {
    generated_at: new Date().toISOString(),
    measures: [
      measure('data_centres', Number(dc[0].n)),
      measure('information_systems', Number(sys[0].n)),
      measure('agency_lines', Number(lines[0].n)),
    ],
    by_ministry: byMinistry.rows,
    timeline: timeline.rows,
  }
}
