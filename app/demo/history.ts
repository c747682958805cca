import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { from as copyFrom } from 'pg-copy-streams'
import { buildDeviceSpecs } from '#app/demo/sim/inventory'
import { loadInventory } from '#app/demo/sim/load_inventory'
import { DEFAULT_SIM_SEED, SimNetwork, type SimDevice, type SimInterface } from '#app/demo/sim/model'
import { LineQualityModel, noise, PROBES_PER_BURST } from '#app/demo/sim/line_quality'
import { hashSeed } from '#app/demo/prng'
import { floorTo } from '#app/samples/buckets'
import { ensureRollupPartitions, ROLLUP_TABLES } from '#app/samples/partitions'
import { longerFromFiveMinuteSql, ROLLUP_COLUMNS, upsertSql } from '#app/samples/rollup_sql'
import { PROBE_TABLES, probeRollupSql } from '#app/line_quality/probe_rollup_sql'

/**
 * The demo's past: on a fresh demo the simulated network (app/demo/sim/) has only just started
 * answering, so every chart would be empty but for its last minutes and the month's carrier
 * report would have nothing to count. The simulation's counters are functions of the clock, so
 * the past can be read off the same curves and the same weekly calendar of faults the running
 * network answers from: this writes what the collectors would have stored had they been polling
 * all along, for the lines the carriers' contracts cover (every uplink and a sample of agency
 * lines): 5-minute sample rows (5 polls a bucket, as 60-second polls give) and 5-minute probe rows
 * (5 bursts of 20 echoes), by COPY, then the hourly and Taipei-daily rows by the rollup job's own
 * SQL, so they are exactly what the job would have made.
 *
 * Other histories (device health) join through registerDemoHistory(): each gets the same
 * network, range and connection, inside the same transaction.
 */

/** A connection of Lucid's pool, as pg hands it over (the pool is knex's). */
type PgClient = { query: (...args: any[]) => any }

const MINUTE_S = 60
const BUCKET_S = 300
const POLLS_PER_BUCKET = 5

export interface HistoryRange {
  from: Date
  to: Date
}

/** A line whose past is written: its row id and where the simulation serves it. */
export interface HistoryLine {
  linkId: number
  circuitId: string
  kind: 'legacy' | 'uplink'
  device: SimDevice
  iface: SimInterface
}

export interface HistoryContext {
  network: SimNetwork
  range: HistoryRange
  lines: HistoryLine[]
  /** Device ids by hostname, for histories kept per device. */
  deviceIds: Map<string, number>
  /** Streams rows into a table by COPY (text format), on the history's transaction. */
  copyRows: (table: string, columns: readonly string[], rows: Iterable<Array<string | number | null>>) => Promise<number>
  /** Runs SQL on the history's transaction. */
  query: (sql: string, bindings?: unknown[]) => Promise<{ rows: any[]; rowCount: number | null }>
}

/** What one history wrote: row counts by table. */
export type HistoryLoader = (context: HistoryContext) => Promise<Record<string, number>>

const loaders = new Map<string, HistoryLoader>()

/** Adds a history to every demo load (device health, …); the name keys its counts in the report. */
export function registerDemoHistory(name: string, loader: HistoryLoader) {
  loaders.set(name, loader)
}

/**
 * From a Taipei midnight to the last 5-minute mark: the last `days` days, and at least the whole
 * last calendar month, so the month-end figures (the carrier report) have a whole month to count.
 */
export function historyRange(now: Date, days = 30): HistoryRange {
  const taipei = DateTime.fromJSDate(now, { zone: 'Asia/Taipei' })
  const daysBack = taipei.minus({ days }).startOf('day')
  const lastMonth = taipei.startOf('month').minus({ months: 1 })
  const from = (daysBack.toMillis() < lastMonth.toMillis() ? daysBack : lastMonth).toJSDate()
  return { from, to: floorTo('5m', now) }
}

const nearestRank = (sorted: number[], percent: number) => sorted[Math.max(1, Math.ceil((sorted.length * percent) / 100)) - 1]
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length

/**
 * One line's 5-minute sample rows: each minute is a poll whose rates are the counters' deltas
 * over it, as the monitoring worker computes them; a minute the device is silent is no poll.
 */
export function* sampleRows(line: HistoryLine, range: HistoryRange): Generator<Array<string | number | null>> {
  const { iface, device } = line
  const speed = iface.in.lineBitsPerSecond
  // The counters at each minute mark, each read once (a bucket's last mark is the next one's first).
  let inAt = iface.in.cumulative(range.from.getTime() / 1000)
  let outAt = iface.out.cumulative(range.from.getTime() / 1000)
  for (let b = range.from.getTime() / 1000; b < range.to.getTime() / 1000; b += BUCKET_S) {
    const polls: Array<{ inBps: number; outBps: number; inErr: number; outErr: number; inDisc: number; outDisc: number; up: boolean }> = []
    for (let k = 0; k < POLLS_PER_BUCKET; k++) {
      const to = b + (k + 1) * MINUTE_S
      const inNext = iface.in.cumulative(to)
      const outNext = iface.out.cumulative(to)
      const inBytes = (inNext.units - inAt.units) * iface.in.bytesPerUnit
      const outBytes = (outNext.units - outAt.units) * iface.out.bytesPerUnit
      const poll = {
        inBps: (inBytes * 8) / MINUTE_S,
        outBps: (outBytes * 8) / MINUTE_S,
        inErr: (inBytes * iface.in.errorsPerByte + inNext.errors - inAt.errors) / MINUTE_S,
        outErr: (outBytes * iface.out.errorsPerByte + outNext.errors - outAt.errors) / MINUTE_S,
        inDisc: (inBytes * iface.in.discardsPerByte + inNext.discards - inAt.discards) / MINUTE_S,
        outDisc: (outBytes * iface.out.discardsPerByte + outNext.discards - outAt.discards) / MINUTE_S,
        up: iface.operUpAt(to - 1),
      }
      inAt = inNext
      outAt = outNext
      if (!device.silentAt(to - 1)) polls.push(poll)
    }
    if (polls.length === 0) continue
    const ins = polls.map((p) => p.inBps).sort((x, y) => x - y)
    const outs = polls.map((p) => p.outBps).sort((x, y) => x - y)
    const peaks = polls.map((p) => Math.max(p.inBps, p.outBps)).sort((x, y) => x - y)
    const inAvg = mean(ins)
    const outAvg = mean(outs)
    yield [
      new Date(b * 1000).toISOString(), line.linkId, polls.length,
      inAvg, ins[ins.length - 1], nearestRank(ins, 95),
      outAvg, outs[outs.length - 1], nearestRank(outs, 95),
      Math.max(inAvg, outAvg), peaks[peaks.length - 1], nearestRank(peaks, 95),
      inAvg / speed, ins[ins.length - 1] / speed, outAvg / speed, outs[outs.length - 1] / speed,
      mean(polls.map((p) => p.inErr)), mean(polls.map((p) => p.outErr)),
      mean(polls.map((p) => p.inDisc)), mean(polls.map((p) => p.outDisc)),
      polls.filter((p) => !p.up).length,
    ]
  }
}

/**
 * One line's 5-minute probe rows, from the same curves the live network answers probes from
 * (app/demo/sim/line_quality.ts): five bursts of 20 a bucket, each meeting the line's condition
 * at its second.
 */
export function* probeRows(line: HistoryLine, range: HistoryRange, model: LineQualityModel): Generator<Array<string | number | null>> {
  const seed = hashSeed(`probe/${line.circuitId}`)
  for (let b = range.from.getTime() / 1000; b < range.to.getTime() / 1000; b += BUCKET_S) {
    let sent = 0
    let received = 0
    let worstLoss = 0
    const medians: number[] = []
    const p10s: number[] = []
    const p90s: number[] = []
    const jitters: number[] = []
    let min = Infinity
    let max = -Infinity
    for (let k = 0; k < POLLS_PER_BUCKET; k++) {
      const t = b + k * MINUTE_S + 30
      sent += PROBES_PER_BURST
      const c = model.at(line, t)
      if (!c.up) {
        worstLoss = 1
        continue
      }
      const lost = Math.min(PROBES_PER_BURST, Math.round(c.loss * PROBES_PER_BURST + (noise(seed, t, 4) - 0.5) * c.loss * 10))
      const answered = PROBES_PER_BURST - Math.max(0, lost)
      received += answered
      worstLoss = Math.max(worstLoss, 1 - answered / PROBES_PER_BURST)
      if (answered === 0) continue
      medians.push(c.median)
      p10s.push(c.p10)
      p90s.push(c.p90)
      jitters.push(c.jitter)
      min = Math.min(min, c.min)
      max = Math.max(max, c.max)
    }
    const answered = medians.length > 0
    yield [
      new Date(b * 1000).toISOString(), line.linkId, POLLS_PER_BUCKET, sent, received,
      1 - received / sent, worstLoss,
      answered ? mean(medians) : null, answered ? min : null, answered ? max : null,
      answered ? mean(p10s) : null, answered ? mean(p90s) : null, answered ? mean(jitters) : null,
    ]
  }
}

const PROBE_COLUMNS = ['bucket', 'link_id', 'bursts', 'sent', 'received', 'loss', 'loss_max', 'rtt_median', 'rtt_min', 'rtt_max', 'rtt_p10', 'rtt_p90', 'jitter'] as const

/** A value as COPY's text format reads it. */
function copyValue(value: string | number | null) {
  if (value === null) return '\\N'
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N'
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
}

async function copyInto(client: PgClient, table: string, columns: readonly string[], rows: Iterable<Array<string | number | null>>) {
  let count = 0
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`))
    stream.on('finish', resolve)
    stream.on('error', reject)
    const write = async () => {
      let chunk = ''
      for (const row of rows) {
        chunk += row.map(copyValue).join('\t') + '\n'
        count++
        if (chunk.length > 1 << 20) {
          if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r))
          chunk = ''
        }
      }
      stream.end(chunk)
    }
    write().catch(reject)
  })
  return count
}

export interface HistoryReport {
  from: string
  to: string
  lines: number
  rows: Record<string, number>
  /** Milliseconds by step: the network built, 5-minute samples and probes written, rollups, other histories. */
  timings: Record<string, number>
  ms: number
}

/** The lines the contracts cover, where the simulation serves them. */
async function historyLines(network: SimNetwork): Promise<HistoryLine[]> {
  const rows: Array<{ link_id: number; circuit_id: string; kind: 'legacy' | 'uplink'; hostname: string; if_index: number }> = await db
    .from('carrier_contracts as c')
    .join('links as l', 'l.id', 'c.link_id')
    .join('devices as d', 'd.id', 'l.device_id')
    .whereNotNull('l.if_index')
    .orderBy('l.id')
    .select('l.id as link_id', 'l.circuit_id', 'l.kind', 'd.hostname', 'l.if_index')
  const lines: HistoryLine[] = []
  for (const r of rows) {
    const device = network.devices.get(r.hostname)
    const iface = device?.interfaces.get(r.if_index)
    if (device && iface && iface.circuitId === r.circuit_id) lines.push({ linkId: r.link_id, circuitId: r.circuit_id, kind: r.kind, device, iface })
  }
  return lines
}

/**
 * Writes the demo's past (see the top of this file) in one transaction: rows already there for
 * these lines in the range are replaced, and the rollup marks are moved up to the range's end
 * when they stood before it, so the job and the charts take the written rows as rolled up.
 */
export async function loadDemoHistory(options: { now?: Date; days?: number; seed?: string } = {}): Promise<HistoryReport> {
  const started = performance.now()
  const timings: Record<string, number> = {}
  let mark = started
  const lap = (step: string) => {
    const now = performance.now()
    timings[step] = Math.round(now - mark)
    mark = now
  }
  const range = historyRange(options.now ?? new Date(), options.days)
  const inventory = await loadInventory()
  const { specs } = buildDeviceSpecs(inventory.devices, inventory.links)
  const network = new SimNetwork(specs, { seed: options.seed ?? DEFAULT_SIM_SEED })
  const lines = await historyLines(network)
  const deviceRows: Array<{ id: number; hostname: string }> = await db.from('devices').select('id', 'hostname')
  const deviceIds = new Map(deviceRows.map((d) => [d.hostname, d.id]))
  const rows: Record<string, number> = {}
  await ensureRollupPartitions(range.from, range.to)
  lap('network')

  const pool = (db.connection() as any).getWriteClient().client
  const client: PgClient = await pool.acquireConnection()
  let broken = false
  try {
    await client.query('BEGIN')
    try {
      const query = async (sql: string, bindings: unknown[] = []) => {
        // Knex-style ? placeholders, numbered for the pg client.
        let n = 0
        const result = await client.query(sql.replace(/\?/g, () => `$${++n}`), bindings)
        return { rows: result.rows, rowCount: result.rowCount }
      }
      const context: HistoryContext = {
        network, range, lines, deviceIds, query,
        copyRows: (table, columns, source) => copyInto(client, table, columns, source),
      }
      const ids = lines.map((l) => l.linkId)
      const window = [range.from.toISOString(), range.to.toISOString()]
      for (const table of [...Object.values(ROLLUP_TABLES), PROBE_TABLES['5m'], PROBE_TABLES['1h'], PROBE_TABLES['1d']]) {
        await query(`DELETE FROM ${table} WHERE link_id = ANY(?::int[]) AND bucket >= ? AND bucket < ?`, [ids, ...window])
      }
      const model = new LineQualityModel(network, lines)
      rows.link_samples_5m = await copyInto(client, ROLLUP_TABLES['5m'], ROLLUP_COLUMNS, (function* () {
        for (const line of lines) yield* sampleRows(line, range)
      })())
      lap('samples_5m')
      rows.link_probes_5m = await copyInto(client, PROBE_TABLES['5m'], PROBE_COLUMNS, (function* () {
        for (const line of lines) yield* probeRows(line, range, model)
      })())
      lap('probes_5m')
      // Hours and Taipei days from the 5-minute rows, by the rollup job's own SQL.
      const within = `link_id = ANY('{${ids.join(',')}}'::int[]) AND bucket >= '${window[0]}' AND bucket < '${window[1]}'`
      for (const resolution of ['1h', '1d'] as const) {
        const result = await client.query(upsertSql(ROLLUP_TABLES[resolution], longerFromFiveMinuteSql(resolution, ids.length ? within : 'false')))
        rows[ROLLUP_TABLES[resolution]] = result.rowCount ?? 0
        const probes = await client.query(probeRollupSql(resolution, window[0], window[1]))
        rows[PROBE_TABLES[resolution]] = probes.rowCount ?? 0
      }
      lap('rollups')
      // The marks: up to the range's end (the job recomputes the unfinished hour and day from there).
      for (const [resolution, mark] of [['5m', range.to], ['1h', floorTo('1h', range.to)], ['1d', floorTo('1d', range.to)]] as const) {
        await query(`UPDATE link_sample_rollups SET rolled_to = GREATEST(coalesce(rolled_to, ?::timestamptz), ?::timestamptz) WHERE resolution = ?`, [
          mark.toISOString(), mark.toISOString(), resolution,
        ])
      }
      for (const [name, loader] of loaders) {
        for (const [table, n] of Object.entries(await loader(context))) rows[`${name}:${table}`] = n
        lap(name)
      }
      await client.query('COMMIT')
      lap('commit')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true
      })
      throw error
    }
  } finally {
    if (broken) await Promise.resolve(pool.destroyRawConnection(client)).catch(() => {})
    else await pool.releaseConnection(client)
  }
  return { from: range.from.toISOString(), to: range.to.toISOString(), lines: lines.length, rows, timings, ms: Math.round(performance.now() - started) }
}
