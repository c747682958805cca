/**
 * Bench: flows stored in PostgreSQL through the whole path, UDP → decode → queue → store.
 *
 *   PATH=/work/main/node_modules/.bin:$PATH node --import @poppinss/ts-exec bench/flow_store.ts
 *   (--flows 300000 per step, --rates 25000,50000,75000,100000 flows/s; BENCH_DB=gsn_bench_flows is recreated)
 *
 * The real commands run as child processes: `flows:collect` (no --json) receives NetFlow v5
 * datagrams (30 flows each) sent at a paced rate, batches them onto the queue, and `flows:work`
 * stores them. For each rate: flows sent, flows stored at the end (sent = stored means nothing
 * was lost), the collector's kernel drops, and the stored rate (flows / time from the first
 * datagram to the last flow stored). The rate where loss begins is the first step whose stored
 * count falls short. Reference in the same run: psql's COPY of the same rows (text, the same
 * columns) into a plain table, rows/s, which is PostgreSQL's own ceiling for this shape.
 */
import dgram from 'node:dgram'
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import pg from 'pg'
import { benchProcesses, recreateDatabase, ROOT } from './support.ts'

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? fallback : process.argv[at + 1]
}
const FLOWS = Number(arg('flows', '300000'))
const RATES = arg('rates', '25000,50000,75000,100000').split(',').map(Number)
const DB = process.env.BENCH_DB ?? 'gsn_bench_flows'
const PORT = 2299
process.env.DB_DATABASE = DB
process.env.REDIS_DB ??= '5'
process.env.QUEUE_PREFIX = 'gsn-bench-flows'
process.env.NODE_ENV = 'production'
process.env.APP_KEY ??= 'bench-flow-store-key-0123456789abcdef'

function v5Datagram(sequence: number, base: number) {
  const buf = Buffer.alloc(24 + 30 * 48)
  const uptime = 3_600_000
  buf.writeUInt16BE(5, 0)
  buf.writeUInt16BE(30, 2)
  buf.writeUInt32BE(uptime, 4)
  buf.writeUInt32BE(Math.floor(Date.now() / 1000), 8)
  buf.writeUInt32BE((sequence * 30) >>> 0, 16)
  for (let r = 0; r < 30; r++) {
    const i = base + r
    const at = 24 + r * 48
    buf.writeUInt32BE(0x0a000000 + (i % 65536), at)
    buf.writeUInt32BE(0xc0000200 + (i % 200), at + 4)
    buf.writeUInt16BE(1 + (i % 4), at + 12)
    buf.writeUInt16BE(2, at + 14)
    buf.writeUInt32BE(1 + (i % 100), at + 16)
    buf.writeUInt32BE(64 * (1 + (i % 100)), at + 20)
    buf.writeUInt32BE(uptime - 2000, at + 24)
    buf.writeUInt32BE(uptime - 1000, at + 28)
    buf.writeUInt16BE(1024 + (i % 60000), at + 32)
    buf.writeUInt16BE(443, at + 34)
    buf[at + 37] = 0x1b
    buf[at + 38] = 6
  }
  return buf
}

const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'postgres' })
const countStored = async (c: pg.Client) => Number((await c.query('SELECT count(*) AS n FROM flows')).rows[0].n)

async function main() {
  await recreateDatabase(DB)
  const { Queue } = await import('bullmq')
  const queue = new Queue('flows', { connection: { host: '127.0.0.1', port: 6379, db: Number(process.env.REDIS_DB) }, prefix: process.env.QUEUE_PREFIX })
  await queue.obliterate({ force: true })
  const db = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: DB })
  await db.connect()
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${FLOWS} flows per step, NetFlow v5, 30 per datagram`)
  const processes = benchProcesses(/listening|flow worker started|last minute/)
  const collector = processes.start('collect', ['ace', 'flows:collect', '--port', String(PORT), '--host', '127.0.0.1'])
  const worker = processes.start('work', ['ace', 'flows:work', '--concurrency', '2'])
  // Datagrams sent before the collector listens would be lost for nothing: wait for its line.
  await new Promise<void>((resolve) => {
    const look = (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) resolve()
    }
    collector.stderr!.on('data', look)
    collector.stdout!.on('data', look)
  })
  await new Promise((r) => setTimeout(r, 2000))
  const socket = dgram.createSocket('udp4')
  const results: Array<Record<string, number>> = []
  let sequence = 0
  for (const rate of RATES) {
    const before = await countStored(db)
    const datagrams = Math.ceil(FLOWS / 30)
    const perTick = Math.max(1, Math.round((rate / 30) / 100)) // 10 ms ticks
    const started = Date.now()
    let sent = 0
    while (sent < datagrams) {
      const due = Math.min(datagrams, Math.floor(((Date.now() - started) / 10 + 1) * perTick))
      while (sent < due) {
        socket.send(v5Datagram(sequence, sequence * 30), PORT, '127.0.0.1')
        sequence++
        sent++
      }
      await new Promise((r) => setTimeout(r, 2))
    }
    const sendSeconds = (Date.now() - started) / 1000
    // Stored until nothing more arrives for 15 s.
    let last = -1
    let lastChange = Date.now()
    let lastStoredAt = Date.now()
    for (;;) {
      const n = (await countStored(db)) - before
      if (n !== last) {
        last = n
        lastChange = Date.now()
        lastStoredAt = Date.now()
      }
      if (n >= sent * 30 || Date.now() - lastChange > 15_000) break
      await new Promise((r) => setTimeout(r, 100))
    }
    const storedSeconds = (lastStoredAt - started) / 1000
    const row = { rate, sent: sent * 30, stored: last, send_s: sendSeconds, stored_per_s: Math.round(last / storedSeconds) }
    results.push(row)
    console.log(`asked ${rate} flows/s: sent ${row.sent} in ${sendSeconds.toFixed(1)} s, stored ${row.stored} (${row.sent - row.stored} lost), stored rate ${row.stored_per_s} flows/s`)
  }
  socket.close()
  collector.kill('SIGINT')
  worker.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 3000))

  // Reference: psql COPY of the same rows into a plain table.
  const rows: string[] = []
  const now = new Date().toISOString()
  for (let i = 0; i < FLOWS; i++) {
    rows.push(`${now}\t${now}\t127.0.0.1\t5\t0\t10.0.${(i >> 8) % 256}.${i % 256}\t192.0.2.${i % 200}\t${1024 + (i % 60000)}\t443\t6\t${1 + (i % 100)}\t${64 * (1 + (i % 100))}\t27\t1\t2\t1\t\\N\t\\N\t\\N\t\\N`)
  }
  await db.query('CREATE TABLE bench_copy (LIKE flows)')
  const copyStarted = Date.now()
  const copy = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', DB, '-c', '\\copy bench_copy FROM STDIN'], { input: rows.join('\n') + '\n', cwd: ROOT })
  const copySeconds = (Date.now() - copyStarted) / 1000
  if (copy.status !== 0) throw new Error(copy.stderr.toString())
  const copyRate = Math.round(FLOWS / copySeconds)
  console.log(`reference: psql \\copy of ${FLOWS} rows of the same columns into a plain table: ${copyRate} rows/s`)
  const lossAt = results.find((r) => r.stored < r.sent)
  const best = results.filter((r) => r.stored === r.sent).at(-1)
  console.log(
    `highest step without loss: ${best ? `${best.rate} flows/s asked, ${best.stored_per_s} stored/s (${(best.stored_per_s / copyRate).toFixed(2)}× psql COPY)` : 'none'}; ` +
      `loss begins: ${lossAt ? `at ${lossAt.rate} flows/s asked (${lossAt.sent - lossAt.stored} of ${lossAt.sent} lost)` : 'not within the steps run'}`
  )
  await db.end()
  await queue.close()
  process.exit(0)
}

await client.connect()
await client.end()
await main()
