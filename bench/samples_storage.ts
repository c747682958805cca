/**
 * Bench: link-sample storage on the real PostgreSQL of this machine.
 *
 *   PATH=/work/main/node_modules/.bin:$PATH node --import @poppinss/ts-exec bench/samples_storage.ts
 *   (BENCH_LINKS=17485 BENCH_HOURS=3 by default; BENCH_DB=gsn_bench_samples is recreated)
 *
 * Measures, with the application's own code and SQL:
 *  1. writing one poll cycle (every link once) three ways: our INSERT … SELECT FROM unnest()
 *     (what recordSamples uses), multi-row INSERT … VALUES in 5,000-row statements, and COPY;
 *  2. bytes per row, heap plus every index, of raw samples (BENCH_HOURS of polls) and of each
 *     rollup (a full day of every link), and from them the storage a link keeps, projected to
 *     its retention and to the whole GSN; beside it the same rows in one plain table per
 *     resolution, and an RRD file (rrdtool, installed if missing) of the same resolutions;
 *  3. the rollup job: one 5-minute window, one hour, one Taipei day, for every link;
 *  4. retention: DELETE of an hour of raw rows against DROP of a day partition;
 *  5. the traffic query of one link over a year (105,120 five-minute samples).
 * Prints a report and writes it to bench/out/samples_storage.json.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, bootConsole, median, recreateDatabase } from './support.ts'

const DB = process.env.BENCH_DB ?? 'gsn_bench_samples'
const LINKS = Number(process.env.BENCH_LINKS ?? 17_485)
const HOURS = Number(process.env.BENCH_HOURS ?? 3)
const MINUTE = 60_000

process.env.DB_DATABASE = DB
process.env.NODE_ENV = 'development'
process.env.LOG_LEVEL = 'warn'


async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint()
  const value = await fn()
  return [Number(process.hrtime.bigint() - started) / 1e6, value]
}
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`
const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`

/**
 * Bytes of one RRD file holding a link the way we keep it: one-minute steps for `kept.raw` rows,
 * then AVERAGE and MAX at 5 min, 1 h and 1 d for their rows. rrdtool (Debian package) is a
 * reference only this bench uses, so the bench installs it if missing; null if it cannot.
 */
function rrdFileBytes(kept: { raw: number; '5m': number; '1h': number; '1d': number }): number | null {
  if (spawnSync('rrdtool', ['--version']).status !== 0) {
    console.log('installing rrdtool (Debian package) for the RRD reference')
    const sudo = process.getuid?.() === 0 ? '' : 'sudo '
    spawnSync('sh', ['-c', `${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq rrdtool`], { stdio: 'inherit' })
    if (spawnSync('rrdtool', ['--version']).status !== 0) return null
  }
  const dir = mkdtempSync(join(tmpdir(), 'gsn-bench-rrd-'))
  try {
    const file = join(dir, 'link.rrd')
    const sources = ['in_bps', 'out_bps', 'in_util', 'out_util', 'in_errors_ps', 'out_errors_ps', 'in_discards_ps', 'out_discards_ps', 'oper_status']
    const archives = [`RRA:AVERAGE:0.5:1:${kept.raw}`]
    for (const [steps, rows] of [[5, kept['5m']], [60, kept['1h']], [1440, kept['1d']]]) {
      archives.push(`RRA:AVERAGE:0.5:${steps}:${rows}`, `RRA:MAX:0.5:${steps}:${rows}`)
    }
    execFileSync('rrdtool', ['create', file, '--step', '60', ...sources.map((ds) => `DS:${ds}:GAUGE:120:U:U`), ...archives])
    return statSync(file).size
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await recreateDatabase(DB)
const app = await bootConsole()

const db = (await import('@adonisjs/lucid/services/db')).default
const { PostgresSampleStore, INSERT_SAMPLES_SQL, insertBindings } = await import('#app/samples/postgres_store')
const { ensureDayPartitions, ensureRollupPartitions } = await import('#app/samples/partitions')
const { rollUp } = await import('#app/samples/rollups')
const { linkTraffic } = await import('#app/samples/traffic')
const { floorTo } = await import('#app/samples/buckets')
const { from: copyFrom } = await import('pg-copy-streams')
type CleanSample = import('#app/samples/sample').CleanSample

// Links (no foreign key from samples, but the traffic query reads one).
const [agency] = await db.table('agencies').insert({ code: 'BENCH', name: 'bench', level: 2, region: 'north', path: '/1/' }).returning('id')
await db.rawQuery(
  `INSERT INTO links (circuit_id, name, kind, agency_id, a_end, z_end, bandwidth_kbps, status)
   SELECT 'CKT-' || g, 'line ' || g, 'legacy', ?, 'a', 'z', 100000, 'active' FROM generate_series(1, ?) g`,
  [agency.id ?? agency, LINKS]
)
const linkIds: number[] = (await db.from('links').select('id').orderBy('id')).map((r) => r.id)

function cycle(at: Date, salt: number): CleanSample[] {
  return linkIds.map((id, i) => {
    const base = ((i * 7919 + salt * 104729) % 1000) / 1000
    return {
      link_id: id, at,
      in_bps: Math.round(80e6 * base + 1e6), out_bps: Math.round(40e6 * (1 - base) + 1e6),
      in_util: 0.8 * base, out_util: 0.4 * (1 - base),
      in_errors_ps: i % 50 === 0 ? 0.5 : 0, out_errors_ps: 0, in_discards_ps: 0, out_discards_ps: 0,
      oper_status: i % 997 === 0 ? 2 : 1,
    }
  })
}

const now = new Date()
const start = new Date(floorTo('1h', now.getTime() - (HOURS + 1) * 3600_000))
const store = new PostgresSampleStore()
const report: Record<string, any> = { links: LINKS, hours: HOURS, postgres: (await db.rawQuery('SHOW server_version')).rows[0].server_version }

// 1. One poll cycle, three ways (into a scratch copy of the table for the two we do not use).
await ensureDayPartitions([start, now, new Date(now.getTime() - 86400_000)])
await db.rawQuery('CREATE TABLE bench_values (LIKE link_samples INCLUDING ALL)')
await db.rawQuery('CREATE TABLE bench_copy (LIKE link_samples INCLUDING ALL)')
const writeTimes = { unnest: [] as number[], values: [] as number[], copy: [] as number[] }
const COLUMNS = ['link_id', 'at', 'in_bps', 'out_bps', 'in_util', 'out_util', 'in_errors_ps', 'out_errors_ps', 'in_discards_ps', 'out_discards_ps', 'oper_status'] as const
const pool = (db.connection() as any).getWriteClient().client
for (let c = 0; c < 5; c++) {
  const samples = cycle(new Date(start.getTime() - (c + 1) * MINUTE), c)
  writeTimes.unnest.push((await timed(() => db.rawQuery(INSERT_SAMPLES_SQL.replace('INSERT INTO link_samples', 'INSERT INTO bench_values'), insertBindings(samples))))[0])
  await db.rawQuery('TRUNCATE bench_values')
  writeTimes.values.push(
    (
      await timed(async () => {
        for (let i = 0; i < samples.length; i += 5000) {
          await db.table('bench_values').multiInsert(samples.slice(i, i + 5000).map((s) => ({ ...s })))
        }
      })
    )[0]
  )
  await db.rawQuery('TRUNCATE bench_values')
  writeTimes.copy.push(
    (
      await timed(async () => {
        const connection = await pool.acquireConnection()
        try {
          const stream = connection.query(copyFrom(`COPY bench_copy (${COLUMNS.join(', ')}) FROM STDIN`))
          const text = samples
            .map((s) => COLUMNS.map((k) => (k === 'at' ? s.at.toISOString() : ((s as any)[k] ?? '\\N'))).join('\t'))
            .join('\n') + '\n'
          await new Promise<void>((ok, fail) => {
            stream.on('finish', ok)
            stream.on('error', fail)
            stream.end(text)
          })
        } finally {
          await pool.releaseConnection(connection)
        }
      })
    )[0]
  )
  await db.rawQuery('TRUNCATE bench_copy')
}
report.write_cycle_ms = Object.fromEntries(Object.entries(writeTimes).map(([k, v]) => [k, Math.round(median(v))]))
await db.rawQuery('DROP TABLE bench_values, bench_copy')

// 2. HOURS hours of one-minute polls through the store, then the rollups.
const cycleTimes: number[] = []
for (let m = 0; m < HOURS * 60; m++) {
  const [ms] = await timed(() => store.write(cycle(new Date(start.getTime() + m * MINUTE), m)))
  cycleTimes.push(ms)
}
report.store_write_cycle_ms = { median: Math.round(median(cycleTimes)), max: Math.round(Math.max(...cycleTimes)) }
await db.rawQuery('VACUUM ANALYZE link_samples')

// 3. Rollup job, window by window (each resolution runs up to where its source is final).
await ensureRollupPartitions(start, now)
const rollupStarted = Date.now()
const rolled = await rollUp(new Date(start.getTime() + HOURS * 3600_000 + 3 * MINUTE))
report.rollup = {
  total_ms: Date.now() - rollupStarted,
  windows: rolled.windows,
  rows: rolled.rows,
}
// One 5-minute window alone, as the job runs it every few minutes: recompute the last one.
const lastFive = new Date(start.getTime() + HOURS * 3600_000 - 5 * MINUTE)
const { fiveMinuteFromRawSql, longerFromFiveMinuteSql, upsertSql } = await import('#app/samples/rollup_sql')
const [fiveMs] = await timed(() =>
  db.rawQuery(upsertSql('link_samples_5m', fiveMinuteFromRawSql(`at >= '${lastFive.toISOString()}' AND at < '${new Date(lastFive.getTime() + 5 * MINUTE).toISOString()}'`)))
)
const lastHour = new Date(start.getTime() + (HOURS - 1) * 3600_000)
const [hourMs] = await timed(() =>
  db.rawQuery(upsertSql('link_samples_1h', longerFromFiveMinuteSql('1h', `bucket >= '${lastHour.toISOString()}' AND bucket < '${new Date(lastHour.getTime() + 3600_000).toISOString()}'`)))
)
report.rollup.five_minute_window_ms = Math.round(fiveMs)
report.rollup.hour_window_ms = Math.round(hourMs)

// A full Taipei day of 5-minute rows for every link, to time the daily rollup and size the 5m table.
const day = floorTo('1d', now.getTime() - 3 * 86400_000)
await ensureRollupPartitions(day, new Date(day.getTime() + 86400_000))
await db.rawQuery(
  `INSERT INTO link_samples_5m (bucket, link_id, samples, in_avg, in_max, in_p95, out_avg, out_max, out_p95, peak_avg, peak_max, peak_p95,
     in_util_avg, in_util_max, out_util_avg, out_util_max, in_errors_ps, out_errors_ps, in_discards_ps, out_discards_ps, down_samples)
   SELECT b, l.id, 5, r * 8e7, r * 9e7, r * 8.8e7, (1 - r) * 4e7, (1 - r) * 5e7, (1 - r) * 4.8e7, GREATEST(r * 8e7, (1 - r) * 4e7), r * 9e7, r * 8.8e7,
          r * 0.8, r * 0.9, (1 - r) * 0.4, (1 - r) * 0.5, 0, 0, 0, 0, 0
     FROM generate_series(?::timestamptz, ?::timestamptz - interval '5 minutes', interval '5 minutes') b
    CROSS JOIN links l
    CROSS JOIN LATERAL (SELECT ((l.id * 7919 + extract(epoch FROM b)::bigint / 300 * 104729) % 1000) / 1000.0 AS r) x
   ON CONFLICT DO NOTHING`,
  [day.toISOString(), new Date(day.getTime() + 86400_000).toISOString()]
)
await db.rawQuery('VACUUM ANALYZE link_samples_5m')
const [dayMs, dayResult] = await timed(() =>
  db.rawQuery(upsertSql('link_samples_1d', longerFromFiveMinuteSql('1d', `bucket >= '${day.toISOString()}' AND bucket < '${new Date(day.getTime() + 86400_000).toISOString()}'`)))
)
report.rollup.day_ms = Math.round(dayMs)
report.rollup.day_rows = dayResult.rowCount
await db.rawQuery(
  upsertSql('link_samples_1h', longerFromFiveMinuteSql('1h', `bucket >= '${day.toISOString()}' AND bucket < '${new Date(day.getTime() + 86400_000).toISOString()}'`))
)
await db.rawQuery('VACUUM ANALYZE link_samples_1h, link_samples_1d')

// Bytes per row: every partition of a table, heap + TOAST + every index (PK B-tree, BRIN).
async function sizeOf(parent: string) {
  const { rows } = await db.rawQuery(
    `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS total,
            coalesce(sum(pg_relation_size(c.oid)), 0)::bigint AS heap,
            coalesce(sum(pg_indexes_size(c.oid)), 0)::bigint AS indexes
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = ?`,
    [parent]
  )
  const count = Number((await db.rawQuery(`SELECT count(*) AS n FROM ${parent}`)).rows[0].n)
  const total = Number(rows[0].total)
  return { rows: count, total_bytes: total, heap_bytes: Number(rows[0].heap), index_bytes: Number(rows[0].indexes), bytes_per_row: count ? +(total / count).toFixed(1) : null }
}
report.sizes = {
  raw: await sizeOf('link_samples'),
  '5m': await sizeOf('link_samples_5m'),
  '1h': await sizeOf('link_samples_1h'),
  '1d': await sizeOf('link_samples_1d'),
}

// Storage per link: 1-minute polls kept 7 days; 5 min, 1 h and 1 d kept 13 months. Bytes per row
// are measured, each on the rows it was measured on (raw: HOURS hours of polls of every link; the
// rollups: a full day of every link, 5-minute rows rolled up to 1 h and 1 d by our own SQL); a
// link's storage is projected from them, times the rows a link keeps.
const perRow = {
  raw: report.sizes.raw.bytes_per_row,
  '5m': report.sizes['5m'].bytes_per_row,
  '1h': report.sizes['1h'].bytes_per_row,
  '1d': report.sizes['1d'].bytes_per_row,
}
const rowsPerLinkYear = { raw: 525_600, '5m': 105_120, '1h': 8_760, '1d': 365 }
const keptPerLink = { raw: 7 * 1440, '5m': 396 * 288, '1h': 396 * 24, '1d': 396 }
const bytes = (rows: Record<string, number>, per: Record<string, number> = perRow) => Object.entries(rows).reduce((sum, [k, n]) => sum + n * per[k], 0)
report.storage = {
  projected_from: 'bytes per row measured on the rows in sizes (raw: ' + HOURS + ' h of every link; 5m, 1h, 1d: a full day of every link), times the rows a link keeps',
  bytes_per_row: perRow,
  per_link_year_by_table: Object.fromEntries(Object.entries(rowsPerLinkYear).map(([k, n]) => [k, Math.round(n * (perRow as any)[k])])),
  per_link_steady_state_bytes: Math.round(bytes(keptPerLink)),
  per_link_steady_state: Object.fromEntries(Object.entries(keptPerLink).map(([k, n]) => [k, Math.round(n * (perRow as any)[k])])),
  gsn_17485_links_steady_state: gb(bytes(keptPerLink) * 17_485),
  gsn_40_uplinks_steady_state: mb(bytes(keptPerLink) * 40),
}

// References. (a) The same rows in one plain table per resolution, same columns and indexes: what
// partitioning costs or saves. (b) An RRD file of the same resolutions and retention per link, as
// MRTG/Cacti-style tools keep it: fixed size from the start, AVERAGE and MAX only (RRD keeps no
// percentile within a bucket), one data source per column of a raw sample.
const unpartitioned: Record<string, number> = {}
for (const [key, parent] of [['raw', 'link_samples'], ['5m', 'link_samples_5m'], ['1h', 'link_samples_1h'], ['1d', 'link_samples_1d']] as const) {
  await db.rawQuery(`CREATE TABLE bench_flat (LIKE ${parent} INCLUDING ALL)`)
  await db.rawQuery(`INSERT INTO bench_flat SELECT * FROM ${parent}`)
  await db.rawQuery('VACUUM ANALYZE bench_flat')
  const { rows } = await db.rawQuery(`SELECT pg_total_relation_size('bench_flat') AS total, pg_indexes_size('bench_flat') AS indexes, (SELECT count(*) FROM bench_flat) AS n`)
  if (Number(rows[0].indexes) === 0) throw new Error(`the plain copy of ${parent} has no indexes: not like for like`)
  unpartitioned[key] = +(Number(rows[0].total) / Number(rows[0].n)).toFixed(1)
  await db.rawQuery('DROP TABLE bench_flat')
}
const rrdBytes = rrdFileBytes(keptPerLink)
report.reference = {
  unpartitioned_bytes_per_row: unpartitioned,
  unpartitioned_per_link_steady_state_bytes: Math.round(bytes(keptPerLink, unpartitioned)),
  rrd_per_link_bytes: rrdBytes,
  rrd_gsn_17485_links: rrdBytes === null ? null : gb(rrdBytes * 17_485),
  ratio_ours_to_rrd: rrdBytes === null ? null : +(bytes(keptPerLink) / rrdBytes).toFixed(2),
}

// 4. Retention: an indexed DELETE of the first hour of raw rows, then DROP of the day partition.
const hourEnd = new Date(start.getTime() + 3600_000)
const [deleteMs, deleted] = await timed(() => db.rawQuery(`DELETE FROM link_samples WHERE at >= ? AND at < ?`, [start.toISOString(), hourEnd.toISOString()]))
const { partitionsOf } = await import('#app/samples/partitions')
const dayPart = (await partitionsOf('link_samples')).find((p) => p.to && p.to > start)!
const partRows = Number((await db.rawQuery(`SELECT count(*) AS n FROM ${dayPart.name}`)).rows[0].n)
const [dropMs] = await timed(() => db.rawQuery(`DROP TABLE ${dayPart.name}`))
report.retention = {
  delete_rows: deleted.rowCount,
  delete_ms: Math.round(deleteMs),
  delete_rows_per_s: Math.round((deleted.rowCount / deleteMs) * 1000),
  drop_partition_rows: partRows,
  drop_partition_ms: Math.round(dropMs),
  note: 'DELETE leaves dead tuples for VACUUM and does not return space to the OS; DROP frees the files at once',
}

// 5. The traffic query over a year for one link: 105,120 five-minute rows.
const yearLink = linkIds[0]
const yearStart = floorTo('5m', now.getTime() - 365 * 86400_000)
await ensureRollupPartitions(yearStart, now)
await db.rawQuery(
  `INSERT INTO link_samples_5m (bucket, link_id, samples, in_avg, in_max, in_p95, out_avg, out_max, out_p95, peak_avg, peak_max, peak_p95, down_samples)
   SELECT b, ?, 5, 5e7 + 4e7 * sin(extract(epoch FROM b) / 13751), 9e7, 9e7, 3e7, 5e7, 5e7, 5e7 + 4e7 * sin(extract(epoch FROM b) / 13751), 9e7, 9e7, 0
     FROM generate_series(?::timestamptz, ?::timestamptz, interval '5 minutes') b
   ON CONFLICT DO NOTHING`,
  [yearLink, yearStart.toISOString(), now.toISOString()]
)
await db.rawQuery('VACUUM ANALYZE link_samples_5m')
const yearTimes: number[] = []
let samplesInYear = 0
for (let i = 0; i < 5; i++) {
  const [ms, traffic] = await timed(() => linkTraffic(yearLink, '1y', now))
  yearTimes.push(ms)
  samplesInYear = traffic.p95_samples
}
report.traffic_1y = { five_minute_samples: samplesInYear, median_ms: Math.round(median(yearTimes)), fastest_ms: Math.round(Math.min(...yearTimes)) }

mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true })
writeFileSync(join(ROOT, 'bench', 'out', 'samples_storage.json'), JSON.stringify(report, null, 2))
console.log(JSON.stringify(report, null, 2))
const perLink = (n: number) => `${(n / 1e6).toFixed(1)} MB`
console.log(
  `\nstorage a link keeps (7 days raw, 13 months of 5 min/1 h/1 d), projected from bytes per row measured on ` +
    `${report.sizes.raw.rows.toLocaleString('en')} raw rows (${HOURS} h of ${LINKS} links) and a full day of rollups ` +
    `(${report.sizes['5m'].rows.toLocaleString('en')} 5m, ${report.sizes['1h'].rows.toLocaleString('en')} 1h, ${report.sizes['1d'].rows.toLocaleString('en')} 1d rows):\n` +
    `  ours (partitioned)   ${perLink(report.storage.per_link_steady_state_bytes)} per link, ${report.storage.gsn_17485_links_steady_state} for 17,485 lines\n` +
    `  same rows, one plain table per resolution ${perLink(report.reference.unpartitioned_per_link_steady_state_bytes)} per link\n` +
    (rrdBytes === null
      ? '  RRD reference skipped: rrdtool could not be installed'
      : `  RRD file, same resolutions (AVERAGE+MAX, no percentile) ${perLink(rrdBytes)} per link, ${report.reference.rrd_gsn_17485_links} for 17,485 lines; ours/RRD ${report.reference.ratio_ours_to_rrd}`)
)
await app.terminate()
