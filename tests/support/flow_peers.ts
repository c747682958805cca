/**
 * The real peers of the flow tests: softflowd exporting a capture, nfcapd receiving it and
 * nfdump reading what nfcapd wrote. Each run uses its own directory and ports.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

export interface PlainFlow {
  src: string
  dst: string
  srcPort: number
  dstPort: number
  protocol: number
  packets: number
  bytes: number
}

export const flowKey = (f: PlainFlow) => `${f.protocol} ${f.src}:${f.srcPort} > ${f.dst}:${f.dstPort} ${f.packets}p ${f.bytes}B`

/** softflowd reads `capture` and exports it to each `127.0.0.1:port`; resolves when it has exited. */
export async function softflowdExport(capture: string, ports: number[], version: 5 | 9 | 10, extra: string[] = []) {
  const dir = await mkdtemp(join(tmpdir(), 'sf-'))
  try {
    // -c must never follow -r (it re-enables the control socket and hangs); -a keeps the capture's times.
    const destinations = ports.map((p) => `127.0.0.1:${p}`).join(',')
    const args = ['-d', '-p', join(dir, 'sf.pid'), '-r', capture, '-n', destinations, '-v', String(version), '-a', ...extra]
    if (version === 10) args.push('-A', 'milli')
    const child = spawn('softflowd', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    if (code !== 0) throw new Error(`softflowd exited ${code}: ${output}`)
    return output
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export class Nfcapd {
  dir = ''
  constructor(readonly port: number) {}

  async start() {
    this.dir = await mkdtemp(join(tmpdir(), 'nfcapd-'))
    const r = spawnSync('nfcapd', ['-w', this.dir, '-b', '127.0.0.1', '-p', String(this.port), '-t', '3600', '-P', join(this.dir, 'nfcapd.pid'), '-D'], {
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(`nfcapd: ${r.stderr}`)
    for (let i = 0; i < 50; i++) {
      if (await readFile(join(this.dir, 'nfcapd.pid'), 'utf8').catch(() => '')) break
      await sleep(100)
    }
    await sleep(300)
  }

  /** Stops nfcapd (which flushes its file) and returns every flow nfdump reads back. */
  async stopAndRead(): Promise<PlainFlow[]> {
    await this.stop()
    return this.read()
  }

  async stop() {
    const pid = Number((await readFile(join(this.dir, 'nfcapd.pid'), 'utf8')).trim())
    process.kill(pid, 'SIGTERM')
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(pid, 0)
        await sleep(100)
      } catch {
        break
      }
    }
  }

  async read(): Promise<PlainFlow[]> {
    const r = spawnSync('nfdump', ['-R', this.dir, '-q', '-N', '-6', '-o', 'fmt:%pr|%sa|%da|%sp|%dp|%pkt|%byt'], { encoding: 'utf8', maxBuffer: 1 << 30 })
    await rm(this.dir, { recursive: true, force: true })
    if (r.status !== 0) throw new Error(`nfdump: ${r.stderr}`)
    return r.stdout
      .split('\n')
      .filter((l) => l.trim())
      .map((line) => {
        const [pr, sa, da, sp, dp, pkt, byt] = line.split('|').map((s) => s.trim())
        // nfdump shows ICMP's type and code as "type.code" in the destination port.
        const dstPort = dp.includes('.') ? Number(dp.split('.')[0]) * 256 + Number(dp.split('.')[1]) : Number(dp)
        return { src: sa, dst: da, srcPort: Number(sp), dstPort, protocol: Number(pr), packets: Number(pkt), bytes: Number(byt) }
      })
  }
}
