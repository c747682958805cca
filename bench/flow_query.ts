/**
 * Bench: top talkers over one hour and over one day with many flows stored (100 million by
 * default), ours (PostgresFlowStore.topTalkers, the query GET /api/flows/top-talkers runs)
 * against nfdump's top-N over the same flows in nfcapd files, in the same run, as a ratio.
 *
 *   PATH=/work/main/node_modules/.bin:$PATH node --import @poppinss/ts-exec bench/flow_query.ts
 *   [--flows 100000000] [--rounds 3] [--reuse]  (BENCH_DB=gsn_bench_flow_query, REDIS_DB=7)
 *
 * The same flows on both sides, from one formula of the flow's number i (flowOf below and its
 * SQL twin): one UTC day, in time order, 10.1.0.0/16 sources (30% of flows from 97 busy hosts),
 * 192.168.0.0/20 destinations, web, DNS, NTP, SSH, RDP and SMB. PostgreSQL gets them by
 * INSERT … SELECT FROM generate_series into the day's partition; nfcapd gets them over UDP as
 * IPFIX from our encoder (app/demo/sim/flow_encoder.ts), one nfcapd run (one file) per hour of
 * flow time, as a site's rotated files would hold them (nfdump reads the hour's files for the
 * hour and all of them for the day), and its flow count is checked hour by
 * hour (an hour nfcapd dropped datagrams of is sent again, slower). Our answers must equal
 * nfdump's, address for address, in flows, packets and bytes: the bench stops if not.
 *
 * What differs from a live store, and why: the day's partition is loaded UNLOGGED and without
 * the two address indexes (dropped from the bench database's parent), which saves writing
 * ~15 GB of WAL and hours of index upkeep on this 2-core machine; top talkers reads neither (it
 * scans the time range through the BRIN index on first_at), so the queries are the same.
 * --reuse keeps the database and the nfcapd files of an earlier run with the same --flows.
 */
import dgram from 'node:dgram'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { FlowExportEncoder, type ExportFlow } from '#app/demo/sim/flow_encoder'
import { bootConsole, median, option, recreateDatabase } from './support.ts'

const FLOWS = option('flows', 100_000_000)
const ROUNDS = option('rounds', 3)
const REUSE = process.argv.includes('--reuse')
const DB = process.env.BENCH_DB ?? 'gsn_bench_flow_query'
const NFCAPD_DIR = process.env.BENCH_NFCAPD_DIR ?? '/tmp/gsn-bench-flow-query'
const PORT = option('port', 2377)
/** The bench's data may take this much disk, whatever is free. */
const DISK_BUDGET = 30 * 2 ** 30
/** Measured at 10M flows: heap ~151 B a flow in PostgreSQL, ~40 B in LZ4 nfcapd files. */
const BYTES_PER_FLOW = 200
process.env.DB_DATABASE = DB
process.env.REDIS_DB ??= '7'
process.env.NODE_ENV = 'production'
process.env.APP_KEY ??= 'bench-flow-query-key-0123456789abcdef'

const DAY = Date.UTC(2026, 0, 15)
const HOUR = 3_600_000
const PORTS = [443, 80, 53, 123, 22, 3389, 445]

/** Flow number i of FLOWS; flowSql() below is the same, written for PostgreSQL. */
function flowOf(i: number): ExportFlow {
  const firstMs = DAY + Math.floor((i * 86_400_000) / FLOWS)
  const hourEnd = (Math.floor(firstMs / HOUR) + 1) * HOUR
  // No flow outlasts its hour: choosing an hour by first seen or by first and last seen gives the same flows.
  const lastMs = firstMs + ((i * 7) % 5000) < hourEnd ? firstMs + ((i * 7) % 5000) : firstMs
  const host = i % 10 < 3 ? ((i * 7919) % 65521) % 97 : (i * 7919) % 65521
  const peer = (i * 104729) % 4093
  const kind = i % 7
  const protocol = kind === 2 || kind === 3 ? 17 : 6
  const packets = 1 + ((i * 13) % 200)
  return {
    srcAddr: `10.1.${host >> 8}.${host & 255}`,
    dstAddr: `192.168.${peer >> 8}.${peer & 255}`,
    srcPort: 1024 + ((i * 31) % 60000),
    dstPort: PORTS[kind],
    protocol,
    packets,
    bytes: packets * (40 + ((i * 17) % 1400)),
    firstMs,
    lastMs,
    tcpFlags: protocol === 6 ? 0x1b : 0,
    inputIf: 1 + (i % 4),
    outputIf: 10,
  }
}

function flowSql(from: number, to: number) {
  const first = `TIMESTAMPTZ '${new Date(DAY).toISOString()}' + (i * 86400000 / ${FLOWS}) * INTERVAL '1 millisecond'`
  return `
    INSERT INTO ${partitionName()} (first_at, last_at, exporter, version, observation_domain, src_addr, dst_addr, src_port, dst_port,
                        protocol, packets, bytes, tcp_flags, input_if, output_if, sampling_rate)
    SELECT f, CASE WHEN f + d < date_trunc('hour', f) + INTERVAL '1 hour' THEN f + d ELSE f END, '127.0.0.1', 10, 0,
           ('10.1.' || (h >> 8) || '.' || (h & 255))::inet, ('192.168.' || (p >> 8) || '.' || (p & 255))::inet,
           1024 + (i * 31) % 60000, (ARRAY[${PORTS.join(',')}])[k + 1], pr, pk, pk * (40 + (i * 17) % 1400),
           CASE WHEN pr = 6 THEN 27 ELSE 0 END, 1 + i % 4, 10, 1
      FROM generate_series(${from}::int8, ${to - 1}::int8) AS i,
           LATERAL (SELECT ${first} AS f, ((i * 7) % 5000) * INTERVAL '1 millisecond' AS d,
                           CASE WHEN i % 10 < 3 THEN ((i * 7919) % 65521) % 97 ELSE (i * 7919) % 65521 END::int AS h,
                           ((i * 104729) % 4093)::int AS p, (i % 7)::int AS k,
                           CASE WHEN i % 7 IN (2, 3) THEN 17 ELSE 6 END::int2 AS pr, 1 + (i * 13) % 200 AS pk) AS v`
}

const pad = (n: number) => String(n).padStart(2, '0')
function partitionName() {
  const d = new Date(DAY)
  return `flows_p${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`
}
const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9
const duBytes = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? duBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0)

/** nfdump's own count of the flows in a directory's files. */
function nfdumpFlows(dir: string) {
  const r = spawnSync('nfdump', ['-R', dir, '-I'], { encoding: 'utf8' })
  const match = /^Flows:\s+(\d+)/m.exec(r.stdout)
  return match ? Number(match[1]) : 0
}

/** One hour of flow time sent to its own nfcapd run and directory; sent again slower while nfcapd lost any. */
async function feedHour(hour: number, first: number, last: number) {
  const dir = join(NFCAPD_DIR, pad(hour))
  for (let pace = 400_000; ; pace = Math.floor(pace / 2)) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const pidFile = join(dir, 'nfcapd.pid')
    execFileSync('nfcapd', ['-w', dir, '-b', '127.0.0.1', '-p', String(PORT), '-t', '86400', '-y', '-B', String(64 * 2 ** 20), '-P', pidFile, '-D'], { stdio: 'ignore' })
    while (!existsSync(pidFile)) await sleep(50)
    await sleep(300)
    // Datagrams close to UDP's limit: 1,000 records each, so 100M flows are 100,000 sends.
    const encoder = new FlowExportEncoder({ version: 10, maxDatagram: 60_000, templateEveryDatagrams: 1000 })
    const socket = dgram.createSocket('udp4')
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()))
    socket.setSendBufferSize(8 * 2 ** 20)
    const started = Date.now()
    const chunk = 10_000
    for (let i = first; i < last; i += chunk) {
      const flows: ExportFlow[] = []
      for (let j = i; j < Math.min(last, i + chunk); j++) flows.push(flowOf(j))
      for (const datagram of encoder.encode(flows, flows.at(-1)!.lastMs + 1000)) {
        await new Promise<void>((resolve, reject) => socket.send(datagram, PORT, '127.0.0.1', (e) => (e ? reject(e) : resolve())))
      }
      const ahead = (i + chunk - first) / pace - (Date.now() - started) / 1000
      if (ahead > 0) await sleep(ahead * 1000)
    }
    socket.close()
    await sleep(500)
    const pid = Number(readFileSync(pidFile, 'utf8'))
    process.kill(pid, 'SIGTERM')
    while (existsSync(pidFile)) await sleep(50)
    const kept = nfdumpFlows(dir)
    if (kept === last - first) return
    console.log(`  hour ${pad(hour)}: nfcapd kept ${kept} of ${last - first} at ${pace} flows/s: sent again at ${pace / 2}`)
    if (pace < 20_000) throw new Error(`nfcapd keeps losing flows of hour ${hour}`)
  }
}

/** The first flow number of each hour of flow time (25 bounds). */
function hourBounds() {
  const bounds: number[] = []
  for (let h = 0; h <= 24; h++) bounds.push(Math.ceil((h * HOUR * FLOWS) / 86_400_000))
  return bounds
}

interface Talker {
  address: string
  flows: number
  packets: number
  bytes: number
}

/**
 * `nfdump -R DIR -s srcip/bytes -n 10`, parsed from its CSV. The time range is chosen as nfdump's
 * users choose it, by the files read (an hour's directory, or the day's): its -t works to the
 * second on both ends of a flow and would drop the flows ending in an hour's last second.
 */
function nfdumpTop(dir: string): { talkers: Talker[]; seconds: number } {
  const started = process.hrtime.bigint()
  const r = spawnSync('nfdump', ['-R', dir, '-s', 'srcip/bytes', '-n', '10', '-o', 'csv', '-q'], { encoding: 'utf8', maxBuffer: 1 << 26 })
  const took = seconds(started)
  if (r.status !== 0) throw new Error(`nfdump: ${r.stderr}`)
  const lines = r.stdout.split('\n').filter((l) => /^\d{4}-/.test(l))
  // ts,te,td,pr,val,fl,flP,ipkt,ipktP,ibyt,ibytP,...
  const talkers = lines.map((l) => {
    const c = l.split(',')
    return { address: c[4], flows: Number(c[5]), packets: Number(c[7]), bytes: Number(c[9]) }
  })
  return { talkers, seconds: took }
}

async function loadPostgres(db: pg.Client) {
  const name = partitionName()
  const { rows } = await db.query(`SELECT count(*)::int8 AS n FROM pg_class WHERE relname = $1`, [name])
  if (REUSE && Number(rows[0].n) === 1) {
    const { rows: counted } = await db.query(`SELECT reltuples::int8 AS n FROM pg_class WHERE relname = $1`, [name])
    if (Math.abs(Number(counted[0].n) - FLOWS) < FLOWS * 0.01) return console.log(`PostgreSQL: ${name} kept from an earlier run`)
  }
  await db.end().catch(() => {})
  await recreateDatabase(DB)
  const fresh = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: DB })
  await fresh.connect()
  await fresh.query('DROP INDEX flows_src_addr, flows_dst_addr')
  await fresh.query(`CREATE UNLOGGED TABLE ${name} (LIKE flows INCLUDING DEFAULTS)`)
  const started = process.hrtime.bigint()
  const step = 10_000_000
  for (let from = 0; from < FLOWS; from += step) {
    await fresh.query(flowSql(from, Math.min(FLOWS, from + step)))
    console.log(`  PostgreSQL: ${Math.min(FLOWS, from + step).toLocaleString('en')} flows in ${seconds(started).toFixed(0)} s`)
  }
  const to = new Date(DAY + 86_400_000).toISOString()
  await fresh.query(`ALTER TABLE flows ATTACH PARTITION ${name} FOR VALUES FROM ('${new Date(DAY).toISOString()}') TO ('${to}')`)
  await fresh.query(`VACUUM ANALYZE ${name}`)
  console.log(`PostgreSQL: ${FLOWS.toLocaleString('en')} flows loaded, attached and analysed in ${seconds(started).toFixed(0)} s`)
  return fresh
}

async function loadNfcapd() {
  const bounds = hourBounds()
  const marker = join(NFCAPD_DIR, `complete-${FLOWS}`)
  if (REUSE && existsSync(marker)) return console.log('nfcapd: files kept from an earlier run')
  rmSync(NFCAPD_DIR, { recursive: true, force: true })
  const started = process.hrtime.bigint()
  for (let h = 0; h < 24; h++) {
    await feedHour(h, bounds[h], bounds[h + 1])
    if (h % 6 === 5) console.log(`  nfcapd: ${bounds[h + 1].toLocaleString('en')} flows in ${seconds(started).toFixed(0)} s`)
  }
  execFileSync('touch', [marker])
  console.log(`nfcapd: ${FLOWS.toLocaleString('en')} flows received and written (checked hour by hour) in ${seconds(started).toFixed(0)} s`)
}

function same(ours: Talker[], theirs: Talker[], what: string) {
  const text = (t: Talker[]) => t.map((x) => `${x.address} ${x.flows}f ${x.packets}p ${x.bytes}B`).join('\n')
  if (text(ours) !== text(theirs)) throw new Error(`${what}: our top 10 differs from nfdump's\nours:\n${text(ours)}\nnfdump:\n${text(theirs)}`)
}

async function main() {
  const free = Number(execFileSync('df', ['--output=avail', '-B1', '/work']).toString().split('\n')[1])
  const need = FLOWS * BYTES_PER_FLOW
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${FLOWS.toLocaleString('en')} flows over one day; ` +
    `about ${(need / 2 ** 30).toFixed(1)} GB needed, ${(free / 2 ** 30).toFixed(1)} GB free`)
  if (need > DISK_BUDGET || need > free - 10 * 2 ** 30) throw new Error('not enough disk for this many flows: ask for fewer with --flows')

  let db = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: DB })
  await db.connect().catch(async () => {
    await recreateDatabase(DB)
    db = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: DB })
    await db.connect()
  })
  // Both loads at once: PostgreSQL works in its own processes while this one feeds nfcapd.
  const [loaded] = await Promise.all([loadPostgres(db), loadNfcapd()])
  if (loaded) db = loaded
  const { rows: size } = await db.query(`SELECT pg_total_relation_size($1) AS bytes, (SELECT count(*) FROM flows) AS n`, [partitionName()])
  const pgBytes = Number(size[0].bytes)
  if (Number(size[0].n) !== FLOWS) throw new Error(`PostgreSQL holds ${size[0].n} flows, not ${FLOWS}`)
  console.log(`stored: PostgreSQL ${(pgBytes / 2 ** 30).toFixed(2)} GB (${Math.round(pgBytes / FLOWS)} B a flow), ` +
    `nfcapd files ${(duBytes(NFCAPD_DIR) / 2 ** 30).toFixed(2)} GB (${Math.round(duBytes(NFCAPD_DIR) / FLOWS)} B a flow)`)

  const app = await bootConsole()
  const { PostgresFlowStore } = await import('#app/flows/postgres_store')
  const store = new PostgresFlowStore()
  const questions = [
    { name: '1 hour (12:00–13:00)', from: DAY + 12 * HOUR, to: DAY + 13 * HOUR, dir: join(NFCAPD_DIR, '12') },
    { name: '1 day', from: DAY, to: DAY + 24 * HOUR, dir: NFCAPD_DIR },
  ]
  for (const q of questions) {
    const ourTimes: number[] = []
    const theirTimes: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      // Taking turns, so a busier minute on this shared machine falls on both.
      const started = process.hrtime.bigint()
      const ours = await store.topTalkers({ from: new Date(q.from), to: new Date(q.to), scope: null }, 'src', 10)
      ourTimes.push(seconds(started))
      const theirs = nfdumpTop(q.dir)
      theirTimes.push(theirs.seconds)
      same(ours, theirs.talkers, q.name)
    }
    const o = median(ourTimes)
    const t = median(theirTimes)
    console.log(
      `top 10 sources by bytes over ${q.name}: ours ${o.toFixed(2)} s (${ourTimes.map((s) => s.toFixed(2)).join(', ')}), ` +
        `nfdump ${t.toFixed(2)} s (${theirTimes.map((s) => s.toFixed(2)).join(', ')}); ratio ${(t / o).toFixed(2)}× nfdump's speed; ` +
        `answers equal (10 addresses, flows, packets, bytes)`
    )
  }
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
  await db.end()
  await app.terminate()
}

await main()
