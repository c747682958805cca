import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import logger from '@adonisjs/core/services/logger'
import queueConfig from '#config/queue'
import type User from '#app/access/user'
import { closuresByMonth, consolidationOverview, measuresOf, ministryRows, type MinistryRow } from '#app/overview/consolidation_overview'
import { targetsByScope } from '#app/programme/programme_plan'
import type { Measure } from '#app/programme/programme_maths'

/**
 * The consolidation overview's counts, kept rather than counted for every request (as the NOC
 * board's are, board_cells.ts): what each agency holds and closed, each ministry's row and the
 * programme's current targets, counted in one pass for every agency. Any reader's overview is
 * then put together in memory from the agencies in their scope (their subtree's path prefix),
 * once per scope and count.
 *
 * The counts carry the inventory's version (migration 0044: every transaction that writes
 * agencies, data centres, systems, links or targets raises it at commit) and are used only while
 * it is the current one: a reader reads the version (one indexed row) and, if the inventory moved
 * since the count, counts again (once per process, however many readers wait) before answering.
 * So an answer is never older than the last write committed before it was asked. A monitoring
 * worker counts again within a second of a write (overview_keeper.ts), so readers seldom wait for
 * it; the counts are shared through Redis (under the queues' prefix) between the processes.
 */
export interface OverviewCells {
  /** The inventory's version counted, and when (epoch ms). */
  version: number
  at: number
  /** Agency id → path. */
  paths: Record<string, string>
  /** [agency or null, data centres left, total, systems left, total, lines left, total]. */
  counts: Array<[number | null, number, number, number, number, number, number]>
  /** Every ministry's row, in the answer's order, with its path. */
  ministries: Array<[string, MinistryRow]>
  /** [agency or null, month, data centres closed, systems retired, lines decommissioned]. */
  timeline: Array<[number | null, string, number, number, number]>
  /** Current targets: [measure, agency or null, year, baseline, target], in year order. */
  targets: Array<[Measure, number | null, number, number, number]>
}

const KEY = () => `${queueConfig.prefix}:overview:cells`
const VERSION_KEY = () => `${queueConfig.prefix}:overview:cells:version`
/** Counts nobody reads or keeps go away on their own. */
const KEEP_MS = 3_600_000

export async function inventoryVersion(): Promise<number> {
  const { rows } = await db.rawQuery('SELECT n FROM inventory_version')
  return Number(rows[0]?.n ?? 0)
}

/** Counts every agency's figures at the inventory's current version. */
export async function countCells(): Promise<OverviewCells> {
  return db.transaction(
    async (trx) => {
      // One snapshot: the version and the counts it speaks for.
      const { rows } = await trx.rawQuery('SELECT n FROM inventory_version')
      const version = Number(rows[0]?.n ?? 0)
      const per = (table: string, left: string) =>
        trx.rawQuery(`SELECT agency_id, count(*) FILTER (WHERE ${left})::int AS n, count(*)::int AS total FROM ${table} GROUP BY agency_id`)
      // One after the other: a transaction is one connection.
      const agencies = await trx.rawQuery('SELECT id, path FROM agencies')
      const dc = await per('data_centres', `status <> 'closed'`)
      const sys = await per('information_systems', `status IN ('active', 'migrating')`)
      const lines = await per('links', `status <> 'decommissioned'`)
      const targets = await trx.rawQuery(`SELECT measure, agency_id, year, baseline, target FROM programme_targets WHERE superseded_at IS NULL ORDER BY year`)
      const ministries = await ministryRows({ sql: 'true', bindings: [] }, trx)
      const timeline = await closuresByMonth({ sql: 'true', bindings: [] }, true, trx)
      const paths = Object.fromEntries(agencies.rows.map((a: any) => [String(a.id), String(a.path)]))
      const counts = new Map<string, OverviewCells['counts'][number]>()
      const add = (rows: any[], at: number) => {
        for (const r of rows) {
          const key = String(r.agency_id)
          const row = counts.get(key) ?? [r.agency_id === null ? null : Number(r.agency_id), 0, 0, 0, 0, 0, 0]
          row[at] = r.n
          row[at + 1] = r.total
          counts.set(key, row)
        }
      }
      add(dc.rows, 1)
      add(sys.rows, 3)
      add(lines.rows, 5)
      return {
        version,
        at: Date.now(),
        paths,
        counts: [...counts.values()],
        ministries: ministries.map((m) => [paths[String(m.agency_id)], m] as [string, MinistryRow]),
        timeline: timeline.map((t) => [t.agency_id ?? null, t.month, t.data_centres_closed, t.systems_retired, t.lines_decommissioned]),
        targets: targets.rows.map((t: any) => [t.measure, t.agency_id === null ? null : Number(t.agency_id), Number(t.year), Number(t.baseline), Number(t.target)]),
      }
    },
    { isolationLevel: 'repeatable read' }
  )
}

export async function storeCells(cells: OverviewCells) {
  await redis.multi().set(KEY(), JSON.stringify(cells), 'PX', KEEP_MS).set(VERSION_KEY(), String(cells.version), 'PX', KEEP_MS).exec()
}

let held: OverviewCells | null = null
let counting: { version: number; cells: Promise<OverviewCells> } | null = null

async function storedCells(version: number): Promise<OverviewCells | null> {
  try {
    if (Number(await redis.get(VERSION_KEY())) !== version) return null
    const text = await redis.get(KEY())
    const cells = text ? (JSON.parse(text) as OverviewCells) : null
    return cells?.version === version ? cells : null
  } catch (error) {
    logger.warn({ err: error }, 'overview counts not read from Redis; counting them here')
    return null
  }
}

/**
 * Counts again, once for all the readers of this process that wait for at least `version`; the
 * count is shared through Redis for the other processes.
 */
export function recount(version: number): Promise<OverviewCells> {
  if (counting && counting.version >= version) return counting.cells
  const cells = countCells().then(async (counted) => {
    if (!held || counted.version >= held.version) held = counted
    await storeCells(counted).catch((error) => logger.warn({ err: error }, 'overview counts not stored in Redis'))
    return counted
  })
  const mine = { version, cells }
  counting = mine
  cells.finally(() => counting === mine && (counting = null)).catch(() => {})
  return cells
}

/** The cells at the inventory's current version, from this process, Redis, or counted anew. */
export async function currentCells(): Promise<OverviewCells> {
  const version = await inventoryVersion()
  if (held?.version === version) return held
  const stored = await storedCells(version)
  if (stored) return (held = stored)
  return recount(version)
}

type Overview = Awaited<ReturnType<typeof consolidationOverview>>

/** Answers given from the current cells, by scope: a room of CIOs asks the same thing. */
let answered: { cells: OverviewCells | null; answers: Map<string, Overview> } = { cells: null, answers: new Map() }
const MAX_ANSWERS = 1000

/** The reader's overview (consolidationOverview's answer) from the kept counts. */
export async function keptOverview(user: User): Promise<Overview> {
  const cells = await currentCells()
  const scopePath = user.isNational ? null : cells.paths[String(user.agencyId)]
  // An agency the counts do not know (gone since): the live count answers, as it always could.
  if (scopePath === undefined) return consolidationOverview(user)
  const planned = user.isNational ? null : user.agencyId!
  if (answered.cells !== cells || answered.answers.size >= MAX_ANSWERS) answered = { cells, answers: new Map() }
  const key = `${scopePath}|${planned}`
  let answer = answered.answers.get(key)
  if (!answer) answered.answers.set(key, (answer = overviewOf(cells, user, scopePath)))
  return answer
}

/** One scope's overview from the cells: only agencies whose path lies under the scope's count. */
export function overviewOf(cells: OverviewCells, user: User, scopePath: string | null): Overview {
  const inScope = (agency: number | null) => {
    if (scopePath === null) return true
    const path = agency === null ? undefined : cells.paths[String(agency)]
    return path !== undefined && path.startsWith(scopePath)
  }
  const sums = [0, 0, 0, 0, 0, 0]
  for (const [agency, ...figures] of cells.counts) {
    if (!inScope(agency)) continue
    figures.forEach((n, i) => (sums[i] += n))
  }
  const planned = user.isNational ? null : user.agencyId!
  const plan = targetsByScope(
    cells.targets
      .filter(([, agency]) => agency === null || agency === planned)
      .map(([measure, agency_id, year, baseline, target]) => ({ measure, agency_id, year, baseline, target }))
  )
  const months = new Map<string, { month: string; data_centres_closed: number; systems_retired: number; lines_decommissioned: number }>()
  for (const [agency, month, dc, sys, ln] of cells.timeline) {
    if (!inScope(agency)) continue
    const row = months.get(month) ?? { month, data_centres_closed: 0, systems_retired: 0, lines_decommissioned: 0 }
    row.data_centres_closed += dc
    row.systems_retired += sys
    row.lines_decommissioned += ln
    months.set(month, row)
  }
  return {
    generated_at: new Date(cells.at).toISOString(),
    measures: measuresOf(user, plan, {
      data_centres: { n: sums[0], total: sums[1] },
      information_systems: { n: sums[2], total: sums[3] },
      agency_lines: { n: sums[4], total: sums[5] },
    }),
    by_ministry: cells.ministries.filter(([path]) => scopePath === null || path.startsWith(scopePath)).map(([, row]) => row),
    timeline: [...months.values()].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0)),
  }
}
