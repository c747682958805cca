import redis from '@adonisjs/redis/services/main'
import queueConfig from '#config/queue'
import type User from '#app/access/user'
import type { ListQuery } from '#app/core/list_query'
import { LINK_STATES } from '#app/monitoring/link_health/link_state'

/**
 * The NOC board's counts, kept up to date by the monitoring worker rather than recomputed for
 * every request: links counted by agency and by everything the summary breaks them down by,
 * devices' polling figures by agency, and each agency's path and ministry. From these the API
 * answers any agency scope and the board's own filters (region, kind, agency) in memory, without
 * a query; the rest (a search, a filter on flags) is computed from the tables as before.
 *
 * Kept in Redis (under the queues' prefix), written by monitoring workers after their batches and
 * at least every few seconds (board_keeper.ts), and removed when a worker
 * stops (any other stores them again within seconds); the API uses them only while they are
 * younger than FRESH_FOR_MS, so a board never shows counts that nobody keeps.
 */
export interface BoardCells {
  /** When the cells were counted, epoch ms. */
  at: number
  /** Agency id → [path, ministry id or null]. */
  agencies: Record<string, [string, number | null]>
  /** Ministry id → [name, English name]. */
  ministries: Record<string, [string, string | null]>
  /** [agency, kind, region, state, admin_down, suppressed, in_maintenance, flapping, never_polled, links]. */
  links: Array<[number, string, string, string, boolean, boolean, boolean, boolean, boolean, number]>
  /** [agency, devices, unreachable, overdue, polls_total, polls_late, polls_skipped, last_poll_at ms or null]. */
  devices: Array<[number, number, number, number, number, number, number, number | null]>
}

export const FRESH_FOR_MS = 30_000
const KEY = () => `${queueConfig.prefix}:board:cells`
/** When the stored cells were counted: read first, so the cells travel only when they changed. */
const AT_KEY = () => `${queueConfig.prefix}:board:cells:at`

export async function storeCells(cells: BoardCells) {
  await redis.multi().set(KEY(), JSON.stringify(cells), 'PX', FRESH_FOR_MS).set(AT_KEY(), String(cells.at), 'PX', FRESH_FOR_MS).exec()
}

export async function dropCells() {
  await redis.del(AT_KEY(), KEY())
}

let held: BoardCells | null = null

/** The cells if a worker keeps them, fetched and parsed once per count, not once per request. */
export async function freshCells(now = Date.now()): Promise<BoardCells | null> {
  const at = Number(await redis.get(AT_KEY()))
  if (!at || now - at >= FRESH_FOR_MS) return null
  if (held?.at !== at) {
    const text = await redis.get(KEY())
    if (!text) return null
    held = JSON.parse(text) as BoardCells
  }
  return held
}

/** What the cells can answer: the board's region, kind and agency filters, nothing else. */
function cellFilters(list: ListQuery) {
  if (list.search.length || list.ranges.length || list.contains.length) return null
  const wanted: Record<'region' | 'kind' | 'agency_id', Set<string> | null> = { region: null, kind: null, agency_id: null }
  for (const { field, values } of list.equals) {
    if (field === 'state') continue
    if (!(field in wanted) || values.some((v) => v === null)) return null
    wanted[field as keyof typeof wanted] = new Set(values.map(String))
  }
  return wanted
}

type Summary = NonNullable<ReturnType<typeof summarise>>

/** Answers given from the current cells, by scope and filter: a wall of boards asks the same thing. */
let answered: { at: number; answers: Map<string, Summary> } = { at: 0, answers: new Map() }
const MAX_ANSWERS = 1000

/**
 * The summary linkStateSummary (board.ts) computes, from the cells, for this user and filter; null
 * when the filter is one the cells cannot answer. Worked out once per scope, filter and count.
 */
export function summaryFromCells(cells: BoardCells, user: User, list: ListQuery) {
  const wanted = cellFilters(list)
  if (!wanted) return null
  const scopePath = user.isNational ? null : cells.agencies[String(user.agencyId)]?.[0]
  if (scopePath === undefined) return null
  if (answered.at !== cells.at || answered.answers.size >= MAX_ANSWERS) answered = { at: cells.at, answers: new Map() }
  const key = JSON.stringify([scopePath, ...Object.values(wanted).map((values) => (values ? [...values].sort() : null))])
  let summary = answered.answers.get(key)
  if (!summary) answered.answers.set(key, (summary = summarise(cells, scopePath, wanted)))
  return summary
}

function summarise(cells: BoardCells, scopePath: string | null, wanted: NonNullable<ReturnType<typeof cellFilters>>) {
  const pathOf = (id: number | string) => cells.agencies[String(id)]?.[0]
  const subtrees = wanted.agency_id ? [...wanted.agency_id].map(pathOf).filter((p): p is string => p !== undefined) : null
  const inScope = (agency: number) => {
    const path = pathOf(agency)
    if (path === undefined) return false
    return scopePath === null || path.startsWith(scopePath)
  }

  const zero = () => Object.fromEntries(LINK_STATES.map((s) => [s, 0])) as Record<string, number>
  const byState = zero()
  const byRegion = new Map<string, Record<string, number>>()
  const flags = { admin_down: 0, suppressed: 0, in_maintenance: 0, flapping: 0, never_polled: 0 }
  const tiles = new Map<string, { ministry_id: number | null; ministry_name: string | null; ministry_name_en: string | null; region: string; state: string; admin_down: boolean; suppressed: boolean; in_maintenance: boolean; n: number; flapping: number }>()
  let total = 0
  for (const [agency, kind, region, state, adminDown, suppressed, inMaintenance, flapping, neverPolled, n] of cells.links) {
    if (!inScope(agency)) continue
    if (wanted.kind && !wanted.kind.has(kind)) continue
    if (wanted.region && !wanted.region.has(region)) continue
    if (subtrees && !subtrees.some((p) => pathOf(agency)!.startsWith(p))) continue
    byState[state] += n
    if (!byRegion.has(region)) byRegion.set(region, zero())
    byRegion.get(region)![state] += n
    total += n
    if (adminDown) flags.admin_down += n
    if (suppressed) flags.suppressed += n
    if (inMaintenance) flags.in_maintenance += n
    if (flapping) flags.flapping += n
    if (neverPolled) flags.never_polled += n
    const ministry = cells.agencies[String(agency)][1]
    const key = `${ministry}|${region}|${state}|${adminDown}|${suppressed}|${inMaintenance}`
    let tile = tiles.get(key)
    if (!tile) {
      const [name, nameEn] = ministry === null ? [null, null] : cells.ministries[String(ministry)]
      tile = { ministry_id: ministry, ministry_name: name, ministry_name_en: nameEn, region, state, admin_down: adminDown, suppressed, in_maintenance: inMaintenance, n: 0, flapping: 0 }
      tiles.set(key, tile)
    }
    tile.n += n
    if (flapping) tile.flapping += n
  }

  const polling = { devices: 0, unreachable: 0, overdue: 0, polls_total: 0, polls_late: 0, polls_skipped: 0, last_poll_at: null as string | null }
  let lastPoll = -Infinity
  for (const [agency, devices, unreachable, overdue, pollsTotal, late, skipped, last] of cells.devices) {
    if (!inScope(agency)) continue
    polling.devices += devices
    polling.unreachable += unreachable
    polling.overdue += overdue
    polling.polls_total += pollsTotal
    polling.polls_late += late
    polling.polls_skipped += skipped
    if (last !== null && last > lastPoll) lastPoll = last
  }
  if (lastPoll > -Infinity) polling.last_poll_at = new Date(lastPoll).toISOString()

  // The order PostgreSQL gives the live answer (ministry name, region, state; no ministry last).
  const byText = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1)
  return {
    generated_at: new Date(cells.at).toISOString(),
    total,
    by_state: byState,
    ...flags,
    by_region: [...byRegion.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([region, counts]) => ({ region, ...counts })),
    by_ministry: [...tiles.values()].sort((a, b) => byText(a.ministry_name, b.ministry_name) || byText(a.region, b.region) || byText(a.state, b.state)),
    polling,
  }
}
