/**
 * CPU per echo probe: our prober (collectors/probe/echo.ts, raw sockets through koffi) and fping
 * 5 (Debian), on the same targets in the same run, one after the other, as a ratio.
 *
 *   node --import=@poppinss/ts-exec bench/probe_cost.ts [--probes 1000] [--rounds 3]
 *
 * Targets: both addresses of an impaired-path lab (tests/support/impaired_path.ts) whose
 * namespace drops 10 % of echo requests, so lost probes (timeouts) are in the mix, plus 127.0.0.1
 * and ::1. Each tool sends --probes probes to each target, 5 ms apart per target, all targets at
 * once. Ours is timed with process.cpuUsage() around the bursts inside a process already running
 * (as a collector is), which counts koffi's worker threads too; fping is timed by the shell that
 * starts it (`times`: its children's user + system CPU), so its figure includes starting up,
 * about 1–2 ms, spread over thousands of probes.
 */
import { spawn } from 'node:child_process'
import { EchoProber } from '#collectors/probe/echo'
import { ImpairedPath } from '#tests/support/impaired_path'
import { median, option } from './support.js'

const probes = option('probes', 1000)
const rounds = option('rounds', 3)
const spacingMs = 5

async function ours(prober: EchoProber, targets: string[]) {
  const before = process.cpuUsage()
  const bursts = await Promise.all(targets.map((t) => prober.burst(t, { count: probes, spacingMs, timeoutMs: 500 })))
  const used = process.cpuUsage(before)
  const sent = bursts.reduce((n, b) => n + b.sent, 0)
  const received = bursts.reduce((n, b) => n + b.received, 0)
  return { cpuMs: (used.user + used.system) / 1000, sent, received }
}

/** fping's CPU from the shell's `times` (children's user and system time, 10 ms ticks). */
function fping(targets: string[]) {
  const command = `fping -C ${probes} -p ${spacingMs} -i 1 -t 500 -q ${targets.join(' ')} 2>/tmp/probe_cost_fping.$$; times; cat /tmp/probe_cost_fping.$$ >&2; rm -f /tmp/probe_cost_fping.$$`
  return new Promise<{ cpuMs: number; sent: number; received: number }>((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c))
    child.stderr.on('data', (c: Buffer) => (err += c))
    child.on('error', reject)
    child.on('exit', () => {
      // `times`: the shell's own line, then its children's: "0m0.012s 0m0.034s".
      const lines = out.trim().split('\n')
      const children = /(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/.exec(lines.at(-1) ?? '')
      if (!children) return reject(new Error(`no times from fping's shell: ${out}`))
      const cpuMs = (Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) * 1000
      let sent = 0
      let received = 0
      for (const line of err.split('\n')) {
        const match = /^\S+\s+:\s+(.*)$/.exec(line.trim())
        if (!match) continue
        const values = match[1].trim().split(/\s+/)
        sent += values.length
        received += values.filter((v) => v !== '-').length
      }
      resolve({ cpuMs, sent, received })
    })
  })
}

const path = await ImpairedPath.create()
const prober = new EchoProber()
try {
  await path.setLoss(10)
  const targets = [path.lossy.v4, path.lossy.v6, '127.0.0.1', '::1']
  // Warm-up: koffi's first calls, the sockets, neighbour discovery.
  await prober.burst(path.lossy.v6, { count: 5, spacingMs: 5 })
  const ourPerProbe: number[] = []
  const theirPerProbe: number[] = []
  for (let round = 1; round <= rounds; round++) {
    const a = await ours(prober, targets)
    const b = await fping(targets)
    ourPerProbe.push((a.cpuMs * 1000) / a.sent)
    theirPerProbe.push((b.cpuMs * 1000) / b.sent)
    console.log(
      `round ${round}: ours ${a.cpuMs.toFixed(1)} ms CPU for ${a.sent} probes (${a.received} answered), ` +
        `fping ${b.cpuMs.toFixed(1)} ms for ${b.sent} (${b.received} answered)`
    )
  }
  const ourMedian = median(ourPerProbe)
  const theirMedian = median(theirPerProbe)
  console.log(`CPU per probe, median of ${rounds} rounds: ours ${ourMedian.toFixed(1)} µs, fping ${theirMedian.toFixed(1)} µs, ours/fping ${(ourMedian / theirMedian).toFixed(2)}`)
} finally {
  prober.close()
  await path.close()
}
