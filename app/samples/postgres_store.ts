import db from '@adonisjs/lucid/services/db'
import { floorTo } from '#app/samples/buckets'
import { ensureDayPartitions, ROLLUP_TABLES } from '#app/samples/partitions'
import { fiveMinuteFromRawSql, ROLLUP_COLUMNS } from '#app/samples/rollup_sql'
import { operStatusName, type CleanSample, type Resolution, type SeriesPoint } from '#app/samples/sample'
import type { FiveMinuteSample } from '#app/samples/percentile'
import type { SampleStore } from '#app/samples/sample_store'

/** A PostgreSQL array literal; numbers and ISO timestamps need no quoting inside it. */
function arrayLiteral(values: Array<number | string | null>) {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`
}

const RAW_COLUMNS = [
  ['link_id', 'int'], ['at', 'timestamptz'], ['in_bps', 'float8'], ['out_bps', 'float8'],
  ['in_util', 'float4'], ['out_util', 'float4'], ['in_errors_ps', 'float4'], ['out_errors_ps', 'float4'],
  ['in_discards_ps', 'float4'], ['out_discards_ps', 'float4'], ['oper_status', 'int2'],
] as const

export const INSERT_SAMPLES_SQL = `
  INSERT INTO link_samples (${RAW_COLUMNS.map(([c]) => c).join(', ')})
  SELECT * FROM unnest(${RAW_COLUMNS.map(([, type]) => `?::${type}[]`).join(', ')})
  ON CONFLICT (link_id, at) DO NOTHING`

/** The bindings of INSERT_SAMPLES_SQL: one array per column, whatever the batch size. */
export function insertBindings(samples: CleanSample[]) {
  return RAW_COLUMNS.map(([column]) =>
    arrayLiteral(samples.map((s) => (column === 'at' ? s.at.toISOString() : (s as any)[column])))
  )
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))

function rollupPoint(r: Record<string, any>): SeriesPoint {
  return {
    time: new Date(r.bucket).toISOString(),
    in_bps: num(r.in_avg),
    out_bps: num(r.out_avg),
    in_max_bps: num(r.in_max),
    out_max_bps: num(r.out_max),
    in_util: num(r.in_util_avg),
    out_util: num(r.out_util_avg),
    in_errors_ps: num(r.in_errors_ps),
    out_errors_ps: num(r.out_errors_ps),
    in_discards_ps: num(r.in_discards_ps),
    out_discards_ps: num(r.out_discards_ps),
    samples: num(r.samples) ?? 0,
    down_samples: num(r.down_samples) ?? 0,
  }
}

/**
 * The default store. One INSERT … SELECT FROM unnest() per batch: eleven array parameters
 * whatever the number of rows, so a whole poll cycle (17,485 links) is one statement with no
 * 65,535-parameter ceiling; bench/samples_storage compares it with COPY.
 */
export class PostgresSampleStore implements SampleStore {
  readonly kind = 'postgresql' as const

  async write(samples: CleanSample[]) {
    if (samples.length === 0) return 0
    await ensureDayPartitions(samples.map((s) => s.at))
    const result = await db.rawQuery(INSERT_SAMPLES_SQL, insertBindings(samples))
    // After the rows are in: pull the 5-minute rollup back to the oldest bucket this batch
    // touched. Unconditional, so that while the rollup job holds the row this waits for it and
    // then lowers what the job has just written (see rollups.ts).
    const oldest = samples.reduce((min, s) => (s.at < min ? s.at : min), samples[0].at)
    await db.rawQuery(
      `UPDATE link_sample_rollups SET rolled_to = LEAST(rolled_to, ?::timestamptz) WHERE resolution = '5m'`,
      [floorTo('5m', oldest).toISOString()]
    )
    return result.rowCount ?? 0
  }

  /** Where the 5-minute rollup table is complete; newer buckets are computed from raw samples. */
  private async fiveMinuteRolledTo(): Promise<Date | null> {
    const row = await db.from('link_sample_rollups').where('resolution', '5m').first()
    return row?.rolled_to ? new Date(row.rolled_to) : null
  }

  private async fiveMinuteRows(linkId: number, from: Date, to: Date, columns: string, ordered = true) {
    const rolledTo = await this.fiveMinuteRolledTo()
    const split = rolledTo === null ? from : new Date(Math.min(Math.max(rolledTo.getTime(), from.getTime()), to.getTime()))
    const { rows } = await db.rawQuery(
      `SELECT ${columns} FROM link_samples_5m WHERE link_id = ? AND bucket >= ? AND bucket < ?
       UNION ALL
       SELECT ${columns} FROM (${fiveMinuteFromRawSql('link_id = ? AND at >= ? AND at < ?')}) AS fresh
       ${ordered ? 'ORDER BY bucket' : ''}`,
      [linkId, from.toISOString(), split.toISOString(), linkId, split.toISOString(), to.toISOString()]
    )
    return rows as Record<string, any>[]
  }

  async series(linkId: number, resolution: Resolution, from: Date, to: Date): Promise<SeriesPoint[]> {
    if (resolution === 'raw') {
      const rows = await db
        .from('link_samples')
        .where('link_id', linkId)
        .where('at', '>=', from)
        .where('at', '<', to)
        .orderBy('at')
      return rows.map((r: Record<string, any>) => ({
        time: new Date(r.at).toISOString(),
        in_bps: num(r.in_bps),
        out_bps: num(r.out_bps),
        in_max_bps: null,
        out_max_bps: null,
        in_util: num(r.in_util),
        out_util: num(r.out_util),
        in_errors_ps: num(r.in_errors_ps),
        out_errors_ps: num(r.out_errors_ps),
        in_discards_ps: num(r.in_discards_ps),
        out_discards_ps: num(r.out_discards_ps),
        oper_status: operStatusName(r.oper_status),
      }))
    }
    if (resolution === '5m') return (await this.fiveMinuteRows(linkId, from, to, ROLLUP_COLUMNS.join(', '))).map(rollupPoint)
    const rows = await db
      .from(ROLLUP_TABLES[resolution])
      .where('link_id', linkId)
      .where('bucket', '>=', from)
      .where('bucket', '<', to)
      .orderBy('bucket')
    return rows.map(rollupPoint)
  }

  async fiveMinuteSamples(linkId: number, from: Date, to: Date): Promise<FiveMinuteSample[]> {
    // Only the two rates, unordered: a year is 105,120 rows, and the percentile sorts them anyway.
    const rows = await this.fiveMinuteRows(linkId, from, to, 'in_avg, out_avg', false)
    return rows.map((r) => ({ in_bps: num(r.in_avg), out_bps: num(r.out_avg) }))
  }
}
