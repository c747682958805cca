import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DAY, HOUR, floorTo, addUtcDays, addUtcMonths, utcDayStart, type RollupResolution } from '#app/samples/buckets'
import {
  RAW_TABLE,
  ROLLUP_TABLES,
  dayPartition,
  dropPartitionsBefore,
  ensurePartition,
  ensureRollupPartitions,
} from '#app/samples/partitions'
import { fiveMinuteFromRawSql, longerFromFiveMinuteSql, upsertSql } from '#app/samples/rollup_sql'
import samplesConfig from '#config/samples'
import { PROBE_TABLES, probeRollupSql } from '#app/line_quality/probe_rollup_sql'
import { HEALTH_TABLES, healthRollupSql } from '#app/device_health/health_rollup_sql'

/**
 * The rollup and retention job (`node ace samples:maintain`, every few minutes).
 *
 * Each resolution has a row in link_sample_rollups saying up to where its buckets are final.
 * The job moves each forward in windows, one transaction per window, holding that row locked:
 *   5m  from raw samples, up to the last 5-minute bucket closed for longer than the grace time;
 *   1h  from 5-minute rows, up to the hour of the 5-minute mark;
 *   1d  from 5-minute rows (never from hours: the daily 95th percentile is of 5-minute samples).
 * Writers of late samples pull the 5-minute mark back (postgres_store.ts) and a recomputed
 * 5-minute window pulls the hour and day marks back, so late data is rolled up again, not lost.
 * Two jobs running at once only take turns on the locked rows.
 */
const WINDOW: Record<RollupResolution, number> = { '5m': HOUR, '1h': 6 * HOUR, '1d': DAY }

export interface MaintenanceReport {
  windows: Record<RollupResolution, number>
  rows: Record<RollupResolution, number>
  rolledTo: Record<RollupResolution, string | null>
  dropped: string[]
}

async function lockMark(trx: TransactionClientContract, resolution: RollupResolution): Promise<Date | null> {
  const { rows } = await trx.rawQuery('SELECT rolled_to FROM link_sample_rollups WHERE resolution = ? FOR UPDATE', [resolution])
  return rows[0]?.rolled_to ? new Date(rows[0].rolled_to) : null
}

async function readMark(resolution: RollupResolution): Promise<Date | null> {
  const row = await db.from('link_sample_rollups').where('resolution', resolution).first()
  return row?.rolled_to ? new Date(row.rolled_to) : null
}

async function setMark(trx: TransactionClientContract, resolution: RollupResolution, to: Date) {
  await trx.rawQuery('UPDATE link_sample_rollups SET rolled_to = ?, ran_at = now() WHERE resolution = ?', [to.toISOString(), resolution])
}

/** Where a resolution may roll up to now: closed 5-minute buckets, then whatever they cover. */
async function limitOf(resolution: RollupResolution, now: Date): Promise<Date | null> {
  if (resolution === '5m') return floorTo('5m', now.getTime() - samplesConfig.graceSeconds * 1000)
  const fiveMinute = await readMark('5m')
  return fiveMinute ? floorTo(resolution, fiveMinute) : null
}

/** Rolls one window forward; false when the resolution has caught up. */
async function rollWindow(resolution: RollupResolution, now: Date, report: MaintenanceReport) {
  const limit = await limitOf(resolution, now)
  if (!limit) return false
  // Partitions first, outside the window's transaction: creating one locks its parent table.
  const rawFloor = floorTo('5m', now.getTime() - samplesConfig.rawDays * DAY)
  const mark = await readMark(resolution)
  if (!mark || mark >= limit) return false
  await ensureRollupPartitions(mark < rawFloor ? mark : rawFloor, limit)
  return db.transaction(async (trx) => {
    let from = await lockMark(trx, resolution)
    if (!from || from >= limit) return false
    // Nothing older than the raw retention can be recomputed from raw samples.
    if (resolution === '5m' && from < rawFloor) from = rawFloor
    const to = new Date(Math.min(from.getTime() + WINDOW[resolution], limit.getTime()))
    if (to <= from) return false
    const range = [from.toISOString(), to.toISOString()]
    const select =
      resolution === '5m'
        ? fiveMinuteFromRawSql(`at >= '${range[0]}' AND at < '${range[1]}'`)
        : longerFromFiveMinuteSql(resolution, `bucket >= '${range[0]}' AND bucket < '${range[1]}'`)
    const result = await trx.rawQuery(upsertSql(ROLLUP_TABLES[resolution], select))
    // Probe bursts of the same window, on the same mark (app/line_quality/probe_rollup_sql.ts).
    await trx.rawQuery(probeRollupSql(resolution, range[0], range[1]))
    // Device health likewise (app/device_health/health_rollup_sql.ts).
    await trx.rawQuery(healthRollupSql(resolution, range[0], range[1]))
    await setMark(trx, resolution, to)
    if (resolution === '5m') {
      // Recomputed 5-minute buckets make their hour and day stale (LEAST keeps an earlier mark).
      await trx.rawQuery(
        `UPDATE link_sample_rollups SET rolled_to = LEAST(rolled_to, CASE resolution WHEN '1h' THEN ?::timestamptz ELSE ?::timestamptz END)
          WHERE resolution IN ('1h', '1d')`,
        [floorTo('1h', from).toISOString(), floorTo('1d', from).toISOString()]
      )
    }
    report.windows[resolution]++
    report.rows[resolution] += result.rowCount ?? 0
    return true
  })
}

export async function rollUp(now = new Date(), report = emptyReport()) {
  for (const resolution of ['5m', '1h', '1d'] as const) {
    while (await rollWindow(resolution, now, report)) {}
    report.rolledTo[resolution] = (await readMark(resolution))?.toISOString() ?? null
  }
  return report
}

/** Drops raw days older than the raw retention and rollup months older than theirs. */
export async function applyRetention(now = new Date()) {
  const config = samplesConfig
  const dropped = await dropPartitionsBefore(RAW_TABLE, new Date(now.getTime() - config.rawDays * DAY))
  const rollupCutoff = addUtcMonths(now, -config.rollupMonths)
  for (const table of Object.values(ROLLUP_TABLES)) dropped.push(...(await dropPartitionsBefore(table, rollupCutoff)))
  // Probe tables are not partitioned (migration 0034): their old rows are deleted.
  await db.rawQuery(`DELETE FROM ${PROBE_TABLES.raw} WHERE at < ?`, [new Date(now.getTime() - config.rawDays * DAY).toISOString()])
  for (const resolution of ['5m', '1h', '1d'] as const) {
    await db.rawQuery(`DELETE FROM ${PROBE_TABLES[resolution]} WHERE bucket < ?`, [rollupCutoff.toISOString()])
    await db.rawQuery(`DELETE FROM ${HEALTH_TABLES[resolution]} WHERE bucket < ?`, [rollupCutoff.toISOString()])
  }
  await db.rawQuery(`DELETE FROM ${HEALTH_TABLES.raw} WHERE at < ?`, [new Date(now.getTime() - config.rawDays * DAY).toISOString()])
  return dropped
}

/** Partitions for what the next day will write, so no writer has to create one at midnight. */
export async function preparePartitions(now = new Date()) {
  for (const day of [utcDayStart(now), addUtcDays(utcDayStart(now), 1)]) await ensurePartition(dayPartition(day))
  await ensureRollupPartitions(now, addUtcDays(now, 1))
}

function emptyReport(): MaintenanceReport {
  return {
    windows: { '5m': 0, '1h': 0, '1d': 0 },
    rows: { '5m': 0, '1h': 0, '1d': 0 },
    rolledTo: { '5m': null, '1h': null, '1d': null },
    dropped: [],
  }
}

/** One run of the job: partitions ahead, rollups, then retention (never before rolling up). */
export async function maintainSamples(now = new Date()): Promise<MaintenanceReport> {
  await preparePartitions(now)
  const report = await rollUp(now)
  report.dropped = await applyRetention(now)
  return report
}
