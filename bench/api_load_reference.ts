/**
 * The reference of bench/api_load.ts: a bare `node:http` server on a `pg` pool (10 connections,
 * as the console's), answering the bench's URLs with the SQL the console runs for them and
 * nothing else: no framework, no login, no validation, no presenters beyond JSON.stringify. What
 * the console does on top of this is what the ratio measures.
 *
 *   node bench/api_load_reference.ts PORT   (DB_DATABASE names the database)
 */
import { createServer, type ServerResponse } from 'node:http'
import pg from 'pg'

const pool = new pg.Pool({
  host: process.env.DB_HOST ?? '127.0.0.1',
  port: Number(process.env.DB_PORT ?? 5432),
  user: process.env.DB_USER ?? 'postgres',
  database: process.env.DB_DATABASE,
  max: 10,
})

const OPEN = ['new', 'assigned', 'in_progress', 'on_hold']
const STATE = "coalesce(s.state::text, 'unknown')"
const REGION = 'coalesce(d.region, a.region)'
const BOARD = `FROM links l JOIN agencies a ON a.id = l.agency_id LEFT JOIN devices d ON d.id = l.device_id
  LEFT JOIN link_states s ON s.link_id = l.id WHERE l.status <> 'decommissioned'`
const MINISTRY = `LEFT JOIN LATERAL (SELECT m.id, m.name, m.name_en FROM agencies m WHERE m.level = 2 AND a.path LIKE m.path || '%' ORDER BY m.id LIMIT 1) AS m ON true`

/**
 * How a whole list is counted, as the console does it (core/list_count.ts): exactly while the
 * table is small, from the statistics past 100,000 rows. `--exact-count` counts every time, as
 * the console did before.
 */
async function total(table: string) {
  if (!process.argv.includes('--exact-count')) {
    const { rows } = await pool.query('SELECT reltuples::bigint AS n FROM pg_class WHERE oid = to_regclass($1)', [table])
    if (Number(rows[0]?.n ?? -1) >= 100_000) return Number(rows[0].n)
  }
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table}`)
  return rows[0].n as number
}

function send(res: ServerResponse, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

function rangeOf(url: URL): [number, number] {
  const raw = url.searchParams.get('range')
  return raw ? (JSON.parse(raw) as [number, number]) : [0, 24]
}

async function page(res: ServerResponse, url: URL, table: string, order: string, extra?: (ids: number[]) => Promise<Map<number, object>>) {
  const [from, to] = rangeOf(url)
  const [n, { rows }] = await Promise.all([
    total(table),
    pool.query(`SELECT * FROM ${table} ORDER BY ${order}, id ASC LIMIT $1 OFFSET $2`, [to - from + 1, from]),
  ])
  const more = extra ? await extra(rows.map((r) => r.id)) : null
  send(res, more ? rows.map((r) => ({ ...r, ...more.get(r.id) })) : rows, { 'Content-Range': `${table} ${from}-${from + rows.length - 1}/${n}` })
}

async function byId<T extends { id: number }>(sql: string, ids: number[], key: string, shape: (rows: any[]) => T) {
  const { rows } = await pool.query(sql, [ids])
  const grouped = new Map<number, any[]>()
  for (const r of rows) grouped.set(r[key], [...(grouped.get(r[key]) ?? []), r])
  return new Map(ids.map((id) => [id, shape(grouped.get(id) ?? [])]))
}

/**
 * A queue of incidents (bench/incidents_volume.ts), as the console reads it: the matches counted
 * up to the cap (core/list_count.ts), the page, its items.
 */
async function queue(res: ServerResponse, url: URL, where: string, values: unknown[], order: string) {
  const [from, to] = rangeOf(url)
  const [counted, { rows }] = await Promise.all([
    pool.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM incidents WHERE ${where} LIMIT 10001) AS capped`, values),
    pool.query(`SELECT * FROM incidents WHERE ${where} ORDER BY ${order}, id ASC LIMIT ${to - from + 1} OFFSET ${from}`, values),
  ])
  const items = await byId('SELECT incident_id, item_type, item_id FROM incident_items WHERE incident_id = ANY($1) ORDER BY item_type, item_id', rows.map((r) => r.id), 'incident_id', (found) => ({ id: 0, items: found }))
  send(res, rows.map((r) => ({ ...r, ...items.get(r.id) })), { 'Content-Range': `incidents ${from}-${from + rows.length - 1}/${counted.rows[0].n}` })
}

async function summary(res: ServerResponse) {
  const [counts, cells, polling] = await Promise.all([
    pool.query(`SELECT ${STATE} AS state, ${REGION} AS region, count(*)::int AS n,
      count(*) FILTER (WHERE coalesce(s.admin_down, false))::int AS admin_down,
      count(*) FILTER (WHERE coalesce(s.suppressed, false))::int AS suppressed,
      count(*) FILTER (WHERE coalesce(s.in_maintenance, false))::int AS in_maintenance,
      count(*) FILTER (WHERE coalesce(s.flapping, false))::int AS flapping,
      count(*) FILTER (WHERE s.last_poll_at IS NULL)::int AS never_polled ${BOARD} GROUP BY 1, 2`),
    pool.query(`SELECT m.id AS ministry_id, m.name AS ministry_name, m.name_en AS ministry_name_en, ${REGION} AS region,
      ${STATE} AS state, coalesce(s.admin_down, false) AS admin_down, coalesce(s.suppressed, false) AS suppressed,
      coalesce(s.in_maintenance, false) AS in_maintenance, count(*)::int AS n,
      count(*) FILTER (WHERE coalesce(s.flapping, false))::int AS flapping
      FROM links l JOIN agencies a ON a.id = l.agency_id LEFT JOIN devices d ON d.id = l.device_id
      LEFT JOIN link_states s ON s.link_id = l.id ${MINISTRY} WHERE l.status <> 'decommissioned'
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 2, 4, 5`),
    pool.query(`SELECT count(*)::int AS devices, count(*) FILTER (WHERE ds.reachable = false)::int AS unreachable,
      count(*) FILTER (WHERE ds.last_poll_at IS NULL OR ds.last_poll_at < now() - make_interval(secs => 2 * d.poll_interval_s + 30))::int AS overdue,
      coalesce(sum(ds.polls_total), 0)::bigint AS polls_total, max(ds.last_poll_at) AS last_poll_at
      FROM devices d LEFT JOIN device_status ds ON ds.device_id = d.id WHERE d.snmp_credentials IS NOT NULL`),
  ])
  send(res, { generated_at: new Date().toISOString(), by_state: counts.rows, by_ministry: cells.rows, polling: polling.rows[0] })
}

async function traffic(res: ServerResponse, linkId: number) {
  const to = new Date()
  const from = new Date(to.getTime() - 86_400_000)
  const sql = `SELECT * FROM link_samples_5m WHERE link_id = $1 AND bucket >= $2 AND bucket < $3 ORDER BY bucket`
  const [series, fiveMinute] = await Promise.all([pool.query(sql, [linkId, from, to]), pool.query(sql, [linkId, from, to])])
  send(res, { link_id: linkId, series: series.rows, p95_samples: fiveMinute.rows.length })
}

/** The export's first page, as the console writes it: header, then 2,000 rows by id. */
async function exportFirstPage(res: ServerResponse) {
  res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8' })
  res.write('\uFEFFnumber,title,type,priority,status,agency_code,opened_at\n')
  const { rows } = await pool.query(
    `SELECT i.number, i.title, i.type, i.priority, i.status, a.code, i.opened_at FROM incidents i JOIN agencies a ON a.id = i.agency_id ORDER BY i.id LIMIT 2000`
  )
  res.end(rows.map((r) => [r.number, r.title, r.type, r.priority, r.status, r.code, r.opened_at.toISOString()].join(',')).join('\n'))
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://reference')
  const path = url.pathname
  try {
    if (path === '/api/links') return await page(res, url, 'links', 'circuit_id ASC')
    if (path === '/api/devices') {
      return await page(res, url, 'devices', 'hostname ASC', (ids) =>
        byId('SELECT device_id, reachable, last_poll_at FROM device_status WHERE device_id = ANY($1)', ids, 'device_id', (r) => ({ id: 0, ...r[0] }))
      )
    }
    const groupQueue = path.match(/^\/api\/assignment_groups\/(\d+)\/queue$/)
    if (groupQueue) return await queue(res, url, 'group_id = $1 AND status = ANY($2)', [Number(groupQueue[1]), OPEN], 'sla_due_at ASC')
    const filter = JSON.parse(url.searchParams.get('filter') ?? '{}')
    if (path === '/api/incidents' && filter.assignee_id) {
      return await queue(res, url, 'assignee_id = $1 AND status = ANY($2)', [filter.assignee_id, filter.status ?? OPEN], 'sla_due_at ASC')
    }
    if (path === '/api/incidents') {
      return await page(res, url, 'incidents', 'opened_at DESC', (ids) =>
        byId('SELECT incident_id, item_type, item_id FROM incident_items WHERE incident_id = ANY($1) ORDER BY item_type, item_id', ids, 'incident_id', (items) => ({ id: 0, items }))
      )
    }
    if (path === '/api/link_states/summary') return await summary(res)
    if (path === '/api/incidents/export.csv') return await exportFirstPage(res)
    const show = path.match(/^\/api\/(links|incidents)\/(\d+)(\/traffic)?$/)
    if (show && show[3]) return await traffic(res, Number(show[2]))
    if (show) {
      const { rows } = await pool.query(`SELECT * FROM ${show[1]} WHERE id = $1`, [Number(show[2])])
      if (show[1] === 'incidents') {
        const items = await pool.query('SELECT item_type, item_id FROM incident_items WHERE incident_id = $1 ORDER BY item_type, item_id', [rows[0].id])
        return send(res, { ...rows[0], items: items.rows })
      }
      return send(res, rows[0])
    }
    res.writeHead(404).end()
  } catch (error) {
    res.writeHead(500).end(String(error))
  }
})
server.listen(Number(process.argv[2]), '127.0.0.1')
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))))
