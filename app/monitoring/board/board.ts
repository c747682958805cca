import { termConditionWithAgency } from '#app/core/search_terms'
import db from '@adonisjs/lucid/services/db'
import { messageOf } from '#app/core/timeline'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import type User from '#app/access/user'
import { scopeCondition, scopeQuery, subtreeQuery } from '#app/access/scope'
import type { FilterSpec, ListQuery } from '#app/core/list_query'
import { LINK_STATES } from '#app/monitoring/link_health/link_state'
import { wordedReason } from '#app/monitoring/link_health/link_reason_messages'
import { activeWindows } from '#app/maintenance/active_windows'
import { freshCells, summaryFromCells, type BoardCells } from '#app/monitoring/board/board_cells'

/**
 * The NOC board's data: every link with its monitored state, read in the list conventions of
 * the generic resources (filter / sort / range, Content-Range). A link never polled reads
 * 'unknown'. Decommissioned lines are left off unless asked for with link_status.
 */
export const boardFilters: FilterSpec = {
  fields: {
    state: 'exact',
    kind: 'exact',
    region: 'exact',
    // The agency and everything below it: a ministry's id gives its whole subtree.
    agency_id: 'exact',
    device_id: 'exact',
    consolidated_into_id: 'exact',
    link_status: 'exact',
    suppressed: 'exact',
    in_maintenance: 'exact',
    flapping: 'exact',
    admin_down: 'exact',
  },
  types: {
    id: 'integer', agency_id: 'integer', device_id: 'integer', consolidated_into_id: 'integer',
    suppressed: 'boolean', in_maintenance: 'boolean', flapping: 'boolean', admin_down: 'boolean',
  },
  sortable: ['severity', 'circuit_id', 'name', 'state', 'kind', 'region', 'agency_id', 'since', 'last_poll_at', 'in_util', 'out_util', 'error_rate'],
  defaultSort: ['severity', 'ASC'],
}

const COLUMN: Record<string, string> = {
  id: 'l.id',
  state: "coalesce(s.state::text, 'unknown')",
  kind: 'l.kind',
  region: 'coalesce(d.region, a.region)',
  device_id: 'l.device_id',
  consolidated_into_id: 'l.consolidated_into_id',
  link_status: 'l.status',
  suppressed: 'coalesce(s.suppressed, false)',
  in_maintenance: 'coalesce(s.in_maintenance, false)',
  flapping: 'coalesce(s.flapping, false)',
  admin_down: 'coalesce(s.admin_down, false)',
  circuit_id: 'l.circuit_id',
  name: 'l.name',
  agency_id: 'l.agency_id',
  since: 's.since',
  last_poll_at: 's.last_poll_at',
  in_util: 's.in_util',
  out_util: 's.out_util',
  error_rate: 's.error_rate',
  // Faults first, then what cannot be seen, then ports shut on purpose, then the healthy.
  severity: `CASE WHEN s.state = 'down' AND NOT s.admin_down THEN 0 WHEN s.state = 'degraded' THEN 1
    WHEN s.state IS NULL OR s.state = 'unknown' THEN 2 WHEN s.state = 'down' THEN 3 ELSE 4 END`,
}

function base(user: User) {
  const query = db
    .from('links as l')
    .join('agencies as a', 'a.id', 'l.agency_id')
    .leftJoin('devices as d', 'd.id', 'l.device_id')
    .leftJoin('link_states as s', 's.link_id', 'l.id')
  return scopeQuery(query, user, 'l.agency_id')
}

/**
 * What a reader is shown of the device carrying each link. A liaison's line often ends on a
 * ministry's or the carrier's router: the liaison learns that it is carried by a device (its id
 * is on the link record) but not that device's name or region, which belong to an agency
 * outside their scope. Counts still place the link where its router is.
 */
function deviceShown(user: User) {
  const mine = scopeCondition(user, 'd.agency_id')
  return [
    db.raw(`CASE WHEN ${mine.sql} THEN ${COLUMN.region} ELSE a.region END AS region`, mine.bindings),
    db.raw(`CASE WHEN ${mine.sql} THEN d.hostname END AS hostname`, mine.bindings),
  ]
}

function applyFilters(query: DatabaseQueryBuilderContract, list: ListQuery, skip: string[] = []) {
  let statusFiltered = false
  for (const { field, values } of list.equals) {
    if (skip.includes(field)) continue
    if (field === 'link_status') statusFiltered = true
    if (field === 'agency_id') {
      query.where((q) => {
        for (const v of values) q.orWhereIn('l.agency_id', subtreeQuery(Number(v)))
      })
      continue
    }
    const column = COLUMN[field]
    const nonNull = values.filter((v) => v !== null)
    query.where((q) => {
      if (nonNull.length) q.whereRaw(`${column} IN (${nonNull.map(() => '?').join(', ')})`, nonNull as any[])
      if (nonNull.length !== values.length) q.orWhereRaw(`${column} IS NULL`)
    })
  }
  if (!statusFiltered) query.whereNot('l.status', 'decommissioned')
  for (const term of list.search) {
    const condition = termConditionWithAgency(`l.name || ' ' || l.circuit_id || ' ' || l.a_end || ' ' || l.z_end`, 'l.agency_id', term)
    query.whereRaw(condition.sql, condition.bindings)
  }
  return query
}

/** The ministry (level-2 agency) above each link's agency, as alias m. */
const MINISTRY_JOIN = `LEFT JOIN LATERAL (SELECT m.id, m.name, m.name_en FROM agencies m WHERE m.level = 2 AND a.path LIKE m.path || '%' ORDER BY m.id LIMIT 1) AS m ON true`

export async function listLinkStates(user: User, list: ListQuery) {
  const [{ total }] = await applyFilters(base(user), list).count('* as total')
  // The page's ids first: the ministry of each link (a lateral look-up) and its incident are then
  // found for the rows shown, not for all 17,525 before the sort.
  const page = applyFilters(base(user), list)
    .select('l.id')
    .orderByRaw(`${COLUMN[list.sort.field]} ${list.sort.order} NULLS LAST`)
    .orderBy('l.circuit_id', 'asc')
    .offset(list.offset)
    .limit(list.limit)
  const rows = await base(user)
    .whereIn('l.id', page)
    .joinRaw(MINISTRY_JOIN)
    .leftJoin('incidents as i', 'i.id', 's.open_incident_id')
    .select(
      'l.id',
      'l.id as link_id',
      'l.circuit_id',
      'l.name',
      'l.kind',
      'l.status as link_status',
      'l.bandwidth_kbps',
      'l.agency_id',
      'a.name as agency_name',
      'a.name_en as agency_name_en',
      'm.id as ministry_id',
      'm.name as ministry_name',
      'm.name_en as ministry_name_en',
      ...deviceShown(user),
      'l.device_id',
      'l.if_index',
      'l.consolidated_into_id',
      db.raw(`${COLUMN.state} AS state`),
      db.raw(`${COLUMN.admin_down} AS admin_down`),
      's.since',
      's.last_poll_at',
      's.oper_status',
      's.admin_status',
      's.in_util',
      's.out_util',
      's.error_rate',
      's.reason',
      's.reason_message',
      db.raw(`${COLUMN.flapping} AS flapping`),
      db.raw(`${COLUMN.suppressed} AS suppressed`),
      's.suppressed_by',
      db.raw(`${COLUMN.in_maintenance} AS in_maintenance`),
      's.maintenance_window_id',
      's.open_incident_id',
      'i.number as open_incident_number',
      'i.status as open_incident_status'
    )
    .orderByRaw(`${COLUMN[list.sort.field]} ${list.sort.order} NULLS LAST`)
    .orderBy('l.circuit_id', 'asc')
  for (const row of rows) row.bandwidth_kbps = row.bandwidth_kbps === null ? null : Number(row.bandwidth_kbps)
  return { rows: rows.map((row) => wordedReason(row, user.locale)), total: Number(total) }
}

/** Counts for the board's header, under the same filters as the list except the state itself. */
export async function linkStateSummary(user: User, list: ListQuery) {
  const cells = await freshCells()
  const kept = cells && summaryFromCells(cells, user, list)
  if (kept) return kept
  const rows = await applyFilters(base(user), list, ['state'])
    .select(
      db.raw(`${COLUMN.state} AS state`),
      db.raw(`${COLUMN.region} AS region`),
      db.raw('count(*)::int AS n'),
      db.raw(`count(*) FILTER (WHERE ${COLUMN.admin_down})::int AS admin_down`),
      db.raw(`count(*) FILTER (WHERE ${COLUMN.suppressed})::int AS suppressed`),
      db.raw(`count(*) FILTER (WHERE ${COLUMN.in_maintenance})::int AS in_maintenance`),
      db.raw(`count(*) FILTER (WHERE ${COLUMN.flapping})::int AS flapping`),
      db.raw('count(*) FILTER (WHERE s.last_poll_at IS NULL)::int AS never_polled')
    )
    .groupByRaw('1, 2')
  const zero = () => Object.fromEntries(LINK_STATES.map((s) => [s, 0])) as Record<string, number>
  const byState = zero()
  const byRegion = new Map<string, Record<string, number>>()
  const flags = { admin_down: 0, suppressed: 0, in_maintenance: 0, flapping: 0, never_polled: 0 }
  let total = 0
  for (const r of rows) {
    byState[r.state] += r.n
    if (!byRegion.has(r.region)) byRegion.set(r.region, zero())
    byRegion.get(r.region)![r.state] += r.n
    total += r.n
    for (const key of Object.keys(flags) as (keyof typeof flags)[]) flags[key] += r[key]
  }
  return {
    generated_at: new Date().toISOString(),
    total,
    by_state: byState,
    ...flags,
    by_region: [...byRegion.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([region, counts]) => ({ region, ...counts })),
    by_ministry: await ministryCells(user, list),
    polling: await pollingHealth(user),
  }
}

/**
 * Everything the summary counts, for every agency at once (see board_cells.ts): what the
 * monitoring worker stores after its batches so that the API need not count 17,485 links per
 * request. Same expressions as the live summary, grouped by agency as well.
 */
export async function boardCells(): Promise<BoardCells> {
  const at = Date.now()
  const [agencies, links, devices] = await Promise.all([
    db.rawQuery(`SELECT a.id, a.path, m.id AS ministry_id, m.name, m.name_en FROM agencies a ${MINISTRY_JOIN}`),
    base({ isNational: true } as User)
      .whereNot('l.status', 'decommissioned')
      .select(
        'l.agency_id',
        'l.kind',
        ...['region', 'state', 'admin_down', 'suppressed', 'in_maintenance', 'flapping'].map((c) => db.raw(`${COLUMN[c]} AS ${c}`)),
        db.raw('s.last_poll_at IS NULL AS never_polled'),
        db.raw('count(*)::int AS n')
      )
      .groupByRaw('1, 2, 3, 4, 5, 6, 7, 8, 9'),
    pollableDevices().select('d.agency_id', ...POLLING_FIGURES()).groupBy('d.agency_id'),
  ])
  const cells: BoardCells = { at, agencies: {}, ministries: {}, links: [], devices: [] }
  for (const a of agencies.rows) {
    cells.agencies[a.id] = [a.path, a.ministry_id]
    if (a.ministry_id !== null) cells.ministries[a.ministry_id] = [a.name, a.name_en]
  }
  for (const r of links) {
    cells.links.push([r.agency_id, r.kind, r.region, r.state, r.admin_down, r.suppressed, r.in_maintenance, r.flapping, r.never_polled, r.n])
  }
  for (const r of devices) {
    const last = r.last_poll_at ? new Date(r.last_poll_at).getTime() : null
    cells.devices.push([r.agency_id, r.devices, r.unreachable, r.overdue, Number(r.polls_total), Number(r.polls_late), Number(r.polls_skipped), last])
  }
  return cells
}

/** The devices that are polled (those with SNMP credentials), as d, with their status as ds. */
const pollableDevices = () =>
  db.from('devices as d').leftJoin('device_status as ds', 'ds.device_id', 'd.id').whereNotNull('d.snmp_credentials')

/** What the board's polling line adds up over pollable devices (see pollingHealth). */
const POLLING_FIGURES = () => [
  db.raw('count(*)::int AS devices'),
  db.raw('count(*) FILTER (WHERE ds.reachable = false)::int AS unreachable'),
  db.raw(`count(*) FILTER (WHERE ds.last_poll_at IS NULL OR ds.last_poll_at < now() - make_interval(secs => 2 * d.poll_interval_s + 30))::int AS overdue`),
  db.raw('coalesce(sum(ds.polls_total), 0)::bigint AS polls_total'),
  db.raw('coalesce(sum(ds.polls_late), 0)::bigint AS polls_late'),
  db.raw('coalesce(sum(ds.polls_skipped), 0)::bigint AS polls_skipped'),
  db.raw('max(ds.last_poll_at) AS last_poll_at'),
]

/**
 * Whether the pollers keep up, for the board: the pollable devices (those with SNMP credentials)
 * in the user's scope, those not answering, and those overdue, not polled for two of their
 * intervals and half a minute: the collectors are stopped or behind, or the schedule lost the
 * device. An overrun that LibreNMS users only find in gaps on their graphs shows here at once.
 * Late and skipped polls are counted since the devices were first polled.
 */
async function pollingHealth(user: User) {
  const query = scopeQuery(pollableDevices(), user, 'd.agency_id')
  const row = await query.select(...POLLING_FIGURES()).first()
  return {
    devices: row.devices as number,
    unreachable: row.unreachable as number,
    overdue: row.overdue as number,
    polls_total: Number(row.polls_total),
    polls_late: Number(row.polls_late),
    polls_skipped: Number(row.polls_skipped),
    last_poll_at: row.last_poll_at ? new Date(row.last_poll_at).toISOString() : null,
  }
}

/**
 * The board's tiles: links counted by ministry, region and what their colour shows (state, shut
 * on purpose, suppressed, in maintenance), so that 17,485 lines are drawn as ~40 × 4 cells
 * without sending them all to the browser.
 */
async function ministryCells(user: User, list: ListQuery) {
  const rows = await applyFilters(base(user), list, ['state'])
    .joinRaw(MINISTRY_JOIN)
    .select(
      'm.id as ministry_id',
      'm.name as ministry_name',
      'm.name_en as ministry_name_en',
      db.raw(`${COLUMN.region} AS region`),
      db.raw(`${COLUMN.state} AS state`),
      db.raw(`${COLUMN.admin_down} AS admin_down`),
      db.raw(`${COLUMN.suppressed} AS suppressed`),
      db.raw(`${COLUMN.in_maintenance} AS in_maintenance`),
      db.raw('count(*)::int AS n'),
      db.raw(`count(*) FILTER (WHERE ${COLUMN.flapping})::int AS flapping`)
    )
    .groupByRaw('1, 2, 3, 4, 5, 6, 7, 8')
    .orderByRaw('2, 4, 5')
  return rows as Array<{
    ministry_id: number | null
    ministry_name: string | null
    ministry_name_en: string | null
    region: string
    state: string
    admin_down: boolean
    suppressed: boolean
    in_maintenance: boolean
    n: number
    flapping: number
  }>
}

export async function stateChangesOf(user: User, linkId: number, offset: number, limit: number) {
  const [{ total }] = await db.from('link_state_changes').where('link_id', linkId).count('* as total')
  const rows = await db
    .from('link_state_changes')
    .where('link_id', linkId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit)
    .select('id', 'link_id', 'at', 'from_state', 'to_state', 'admin_down', 'reason', 'reason_message', 'suppressed', 'in_maintenance', 'flapping')
  return { rows: rows.map((row) => wordedReason(row, user.locale)), total: Number(total) }
}

export async function deviceStatusOf(deviceId: number, unreachableAfter: number) {
  const status = await db.from('device_status').where('device_id', deviceId).first()
  const links = await db
    .from('links as l')
    .leftJoin('link_states as s', 's.link_id', 'l.id')
    .where('l.device_id', deviceId)
    .whereNot('l.status', 'decommissioned')
    .select(db.raw(`${COLUMN.state} AS state`), db.raw('count(*)::int AS n'))
    .groupByRaw('1')
  const now = new Date()
  const windows = await activeWindows([], [deviceId], now, now)
  const incident = status?.open_incident_id
    ? await db.from('incidents').where('id', status.open_incident_id).select('id', 'number', 'status', 'priority').first()
    : null
  return {
    device_id: deviceId,
    polled: Boolean(status),
    reachable: status?.reachable ?? null,
    last_poll_at: status?.last_poll_at ?? null,
    last_ok_at: status?.last_ok_at ?? null,
    last_error: status?.last_error ?? null,
    last_error_at: status?.last_error_at ?? null,
    consecutive_failures: status?.consecutive_failures ?? 0,
    failing_since: status?.failing_since ?? null,
    unreachable_after: unreachableAfter,
    polls_total: status?.polls_total ?? 0,
    polls_late: status?.polls_late ?? 0,
    polls_skipped: status?.polls_skipped ?? 0,
    in_maintenance: windows.length > 0,
    maintenance_window_ids: windows.map((w) => w.id),
    open_incident: incident ?? null,
    links_by_state: Object.fromEntries([...LINK_STATES.map((s) => [s, 0]), ...links.map((r) => [r.state, r.n])]),
  }
}

/**
 * The incidents that name a link among their items, newest first: its own outages and those of
 * the uplink or device it was suppressed behind. Scoped like the incidents list.
 */
export async function incidentsOfLink(user: User, linkId: number, offset: number, limit: number) {
  const base = () => {
    const query = db
      .from('incidents as i')
      .whereExists((q) => q.from('incident_items as it').whereRaw('it.incident_id = i.id').where({ 'it.item_type': 'link', 'it.item_id': linkId }))
    return scopeQuery(query, user, 'i.agency_id')
  }
  const [{ total }] = await base().count('* as total')
  const rows = await base()
    .orderBy('i.opened_at', 'desc')
    .orderBy('i.id', 'desc')
    .offset(offset)
    .limit(limit)
    .select('i.id', 'i.number', 'i.title', 'i.texts', 'i.type', 'i.priority', 'i.status', 'i.agency_id', 'i.opened_at', 'i.resolved_at', 'i.closed_at')
  const shown = rows.map(({ texts, ...row }) => ({ ...row, title: messageOf(texts?.title)?.in(user.locale) ?? row.title }))
  return { rows: shown, total: Number(total) }
}


/**
 * The devices in the reader's scope that no longer answer their polls, longest silent first: the
 * wall screen lists them beside the faulty links, since their links' own alarms are suppressed
 * behind them and would otherwise leave them off the list of faults. Each says how many links
 * it carries, its open incident, and whether a maintenance window covers it now.
 */
export const unreachableDeviceFilters: FilterSpec = {
  fields: { agency_id: 'exact', region: 'exact' },
  types: { agency_id: 'integer' },
  sortable: [],
  defaultSort: ['failing_since', 'ASC'],
}

export async function unreachableDevices(user: User, list: ListQuery) {
  const base = () => {
    const query = db.from('devices as d').join('device_status as ds', 'ds.device_id', 'd.id').where('ds.reachable', false)
    // The board's filters: an agency means its whole subtree, as for the links.
    for (const { field, values } of list.equals) {
      if (field === 'agency_id') query.where((q) => values.forEach((v) => q.orWhereIn('d.agency_id', subtreeQuery(Number(v)))))
      if (field === 'region') query.whereIn('d.region', values as string[])
    }
    return scopeQuery(query, user, 'd.agency_id')
  }
  const [{ total }] = await base().count('* as total')
  const rows = await base()
    .join('agencies as a', 'a.id', 'd.agency_id')
    .leftJoin('incidents as i', 'i.id', 'ds.open_incident_id')
    .orderByRaw('ds.failing_since ASC NULLS LAST')
    .orderBy('d.hostname', 'asc')
    .offset(list.offset)
    .limit(list.limit)
    .select(
      'd.id',
      'd.hostname',
      'd.kind',
      'd.region',
      'd.agency_id',
      'a.name as agency_name',
      'a.name_en as agency_name_en',
      'ds.failing_since',
      'ds.last_poll_at',
      'ds.consecutive_failures',
      db.raw(`(SELECT count(*)::int FROM links l WHERE l.device_id = d.id AND l.status <> 'decommissioned') AS links`),
      'ds.open_incident_id',
      'i.number as open_incident_number',
      'i.status as open_incident_status'
    )
  const now = new Date()
  const windows = await activeWindows([], rows.map((r) => r.id), now, now)
  const windowOf = (id: number) => windows.find((w) => w.items.some((item) => item.itemType === 'device' && item.itemId === id))
  const shown = rows.map((r) => ({ ...r, maintenance_window_id: windowOf(r.id)?.id ?? null }))
  return { rows: shown, total: Number(total) }
}
