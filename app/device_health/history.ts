import db from '@adonisjs/lucid/services/db'
import type { SimDevice, SimNetwork } from '#app/demo/sim/model'
import { floorTo, RESOLUTION_MS } from '#app/samples/buckets'
import { healthRollupSql } from '#app/device_health/health_rollup_sql'
import { FLASH_UNITS } from '#app/demo/sim/health'
import type { HistoryContext } from '#app/demo/history'

export interface HealthHistoryReport {
  raw: number
  fiveMinute: number
  hourly: number
  daily: number
}

export interface HealthHistoryOptions {
  /** Raw polls (one per intervalS) are written from here to `to`; default the last hour. */
  rawFrom?: Date
  /** Seconds between raw polls; default 60, the devices' default poll interval. */
  intervalS?: number
  /** Rows per INSERT; default 5000. */
  chunk?: number
  /**
   * Write on this connection instead of Lucid's pool (the demo history's transaction): the range's
   * rows of these devices are deleted, then written by COPY.
   */
  writer?: Pick<HistoryContext, 'copyRows' | 'query'>
}

const FIVE_MINUTES_S = 300
const round2 = (v: number) => Math.round(v * 100) / 100

/** What a poll of the simulated device at t (Unix seconds) would have stored. */
function pollAt(device: SimDevice, t: number) {
  const h = device.health
  const boot = device.bootAt(t)
  const reading = h.readingAt(t, boot)
  const cpu = h.meanCpu(t - 60, t)
  return {
    cpu: round2(cpu),
    load: reading.load1,
    memory: round2(100 * (1 - reading.memAvailKb / reading.memTotalKb)),
    memoryTotal: reading.memTotalKb * 1024,
    storage: round2((100 * reading.flashUsedUnits) / FLASH_UNITS),
    storageUsed: reading.flashUsedUnits * 4096,
    storageSize: FLASH_UNITS * 4096,
    temperature: Math.max(...reading.temperatures),
    uptime: Math.max(0, t - boot),
  }
}

async function insertRows(table: string, columns: string[], casts: string[], rows: unknown[][], conflict: string) {
  if (!rows.length) return 0
  const arrays = columns.map((_, i) => rows.map((r) => r[i]))
  const result = await db.rawQuery(
    `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${casts.map((c) => `?::${c}[]`).join(', ')}) ${conflict}`,
    arrays
  )
  return result.rowCount ?? 0
}

/**
 * The demo's device health history: for every simulated device that is in the inventory, what its
 * polls would have stored over [from, to), drawn from the same curves its agent answers from
 * (app/demo/sim/health.ts), so the charts tell their story on first open and join the live polls
 * without a step. Writes raw polls for the last stretch (rawFrom..to), 5-minute rows for the
 * whole range computed from the curves (averages are the curve's exact mean, maxima the highest
 * of the minute polls), then the hourly and Taipei-daily rows from those by the rollup job's own
 * SQL. Rerunning it rewrites the same rows. Devices whose hostname has no id are left out.
 *
 * The demo's seed writes it through demoDeviceHealthHistory (below); elsewhere:
 *   await deviceHealthHistory(network, idsByHostname, { from: thirtyDaysAgo, to: now })
 */
export async function deviceHealthHistory(
  network: SimNetwork,
  idsByHostname: Map<string, number>,
  range: { from: Date; to: Date },
  options: HealthHistoryOptions = {}
): Promise<HealthHistoryReport> {
  const report: HealthHistoryReport = { raw: 0, fiveMinute: 0, hourly: 0, daily: 0 }
  const chunk = options.chunk ?? 5000
  const intervalS = Math.max(10, options.intervalS ?? 60)
  const fromMs = floorTo('5m', range.from).getTime()
  const toMs = floorTo('5m', range.to).getTime()
  if (toMs <= fromMs) return report
  const rawFromMs = Math.max(fromMs, options.rawFrom?.getTime() ?? range.to.getTime() - 3600_000)
  const devices = [...network.devices.values()].filter((d) => idsByHostname.has(d.hostname))

  const fiveMinuteColumns = ['bucket', 'device_id', 'polls', 'cpu_avg', 'cpu_max', 'load_avg', 'memory_avg', 'memory_max', 'storage_avg', 'storage_max', 'temperature_avg', 'temperature_max', 'uptime_s']
  const fiveMinuteCasts = ['timestamptz', 'int', 'int', 'real', 'real', 'real', 'real', 'real', 'real', 'real', 'real', 'real', 'float8']
  const updates = fiveMinuteColumns.slice(2).map((c) => `${c} = EXCLUDED.${c}`).join(', ')
  const rawColumns = ['at', 'device_id', 'cpu_pct', 'load_1', 'memory_pct', 'memory_total_bytes', 'storage_pct', 'storage_used_bytes', 'storage_size_bytes', 'temperature_c', 'uptime_s']
  const rawCasts = ['timestamptz', 'int', 'real', 'real', 'real', 'float8', 'real', 'float8', 'float8', 'real', 'float8']

  const writer = options.writer
  const query = writer ? writer.query : (sql: string, bindings: unknown[] = []) => db.rawQuery(sql, bindings as any[])
  if (writer) {
    const ids = devices.map((d) => idsByHostname.get(d.hostname)!)
    const window = [new Date(fromMs).toISOString(), range.to.toISOString()]
    await writer.query('DELETE FROM device_health_5m WHERE device_id = ANY(?::int[]) AND bucket >= ? AND bucket < ?', [ids, ...window])
    await writer.query('DELETE FROM device_health WHERE device_id = ANY(?::int[]) AND at >= ? AND at < ?', [ids, new Date(rawFromMs).toISOString(), window[1]])
  }
  const write = (table: string, columns: string[], casts: string[], rows: unknown[][], conflict: string) =>
    writer ? writer.copyRows(table, columns, rows as Array<Array<string | number | null>>) : insertRows(table, columns, casts, rows, conflict)
  let fiveMinute: unknown[][] = []
  let raw: unknown[][] = []
  const flush = async (force = false) => {
    if (fiveMinute.length >= chunk || (force && fiveMinute.length)) {
      report.fiveMinute += await write('device_health_5m', fiveMinuteColumns, fiveMinuteCasts, fiveMinute, `ON CONFLICT (device_id, bucket) DO UPDATE SET ${updates}`)
      fiveMinute = []
    }
    if (raw.length >= chunk || (force && raw.length)) {
      report.raw += await write('device_health', rawColumns, rawCasts, raw, 'ON CONFLICT (device_id, at) DO NOTHING')
      raw = []
    }
  }

  for (const device of devices) {
    const id = idsByHostname.get(device.hostname)!
    for (let bucket = fromMs; bucket < toMs; bucket += RESOLUTION_MS['5m']) {
      const start = bucket / 1000
      // A bucket the device spent silent (a reboot, an outage) has no polls.
      const polls = [60, 120, 180, 240, 300].map((s) => start + s - 60).filter((t) => !device.silentAt(t))
      if (!polls.length) continue
      const seen = polls.map((t) => pollAt(device, t))
      const max = (pick: (p: (typeof seen)[number]) => number) => Math.max(...seen.map(pick))
      const mean = (pick: (p: (typeof seen)[number]) => number) => seen.reduce((a, p) => a + pick(p), 0) / seen.length
      fiveMinute.push([
        new Date(bucket).toISOString(),
        id,
        seen.length,
        round2(device.health.meanCpu(start, start + FIVE_MINUTES_S)),
        max((p) => p.cpu),
        round2(mean((p) => p.load)),
        round2(mean((p) => p.memory)),
        max((p) => p.memory),
        round2(mean((p) => p.storage)),
        max((p) => p.storage),
        round2(mean((p) => p.temperature)),
        max((p) => p.temperature),
        max((p) => p.uptime),
      ])
      await flush()
    }
    for (let t = Math.ceil(rawFromMs / 1000 / intervalS) * intervalS; t * 1000 < range.to.getTime(); t += intervalS) {
      if (device.silentAt(t)) continue
      const p = pollAt(device, t)
      raw.push([new Date(t * 1000).toISOString(), id, p.cpu, p.load, p.memory, p.memoryTotal, p.storage, p.storageUsed, p.storageSize, p.temperature, p.uptime])
      await flush()
    }
  }
  await flush(true)

  // Hours and Taipei days from the 5-minute rows, by the rollup job's SQL, over whole buckets.
  const hourFrom = floorTo('1h', fromMs).toISOString()
  const dayFrom = floorTo('1d', fromMs).toISOString()
  const to = new Date(toMs).toISOString()
  report.hourly = (await query(healthRollupSql('1h', hourFrom, to))).rowCount ?? 0
  report.daily = (await query(healthRollupSql('1d', dayFrom, to))).rowCount ?? 0
  return report
}

/**
 * The demo's device health past, in the demo history's transaction (app/demo/history.ts): every
 * simulated device over the history's range from the same curves its agent answers from, raw polls
 * for the last hour, so the device page's charts (a router's CPU climbing to its restart) tell
 * their story on first open.
 */
export async function demoDeviceHealthHistory(context: HistoryContext) {
  const report = await deviceHealthHistory(context.network, context.deviceIds, context.range, { writer: context, chunk: 50_000 })
  return { device_health: report.raw, device_health_5m: report.fiveMinute, device_health_1h: report.hourly, device_health_1d: report.daily }
}
