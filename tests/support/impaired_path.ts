import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * Impaired network paths for the line-quality tests and bench, reached from the root namespace
 * (where the prober under test and fping run) through a veth pair into a namespace of the lab's
 * own:
 *
 *   lossy:  the namespace's own addresses (198.18.K.2, fd00:6c71:K::2); nftables in the namespace
 *           drops the given percentage of the ICMP it receives, at random (`numgen random`).
 *   slow:   addresses behind a TUN device in the namespace (198.18.K.130, fd00:6c71:K:1::2),
 *           answered by tests/support/tun_echo_responder.ts after a delay with uniform jitter.
 *
 * This kernel has no netem; both are what works here. Addresses come from the benchmarking range
 * 198.18.0.0/15 (RFC 2544, never routed) and a unique-local IPv6 prefix, K from our pid.
 */
export class ImpairedPath {
  readonly namespace: string
  readonly rootLink: string
  readonly lossy: { v4: string; v6: string }
  readonly slow: { v4: string; v6: string }
  #block: number
  #responder: ChildProcess | null = null

  private constructor(block: number) {
    this.#block = block
    this.namespace = `gsn-lq-${process.pid}-${block}`
    this.rootLink = `lqr${process.pid % 100000}n${block}`.slice(0, 15)
    this.lossy = { v4: `198.18.${block}.2`, v6: `fd00:6c71:${block.toString(16)}::2` }
    this.slow = { v4: `198.18.${block}.130`, v6: `fd00:6c71:${block.toString(16)}:1::2` }
  }

  static async create(): Promise<ImpairedPath> {
    const { stdout } = await run('ip', ['-4', '-o', 'addr'])
    let block = process.pid % 250
    while (stdout.includes(` 198.18.${block}.`)) block = (block + 1) % 250
    const path = new ImpairedPath(block)
    openPaths.add(path)
    try {
      await path.#build()
    } catch (error) {
      await path.close()
      throw error
    }
    return path
  }

  async #build() {
    const ns = this.namespace
    const k = this.#block
    const k6 = k.toString(16)
    await run('ip', ['netns', 'add', ns])
    await this.exec(['sysctl', '-qw', 'net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1'])
    await run('ip', ['link', 'add', this.rootLink, 'type', 'veth', 'peer', 'name', 'uplink', 'netns', ns])
    const root = [
      ['addr', 'add', `198.18.${k}.1/30`, 'dev', this.rootLink],
      ['-6', 'addr', 'add', `fd00:6c71:${k6}::1/64`, 'dev', this.rootLink, 'nodad'],
      ['link', 'set', this.rootLink, 'up'],
      ['route', 'add', `198.18.${k}.128/25`, 'via', `198.18.${k}.2`],
      ['-6', 'route', 'add', `fd00:6c71:${k6}:1::/64`, 'via', `fd00:6c71:${k6}::2`],
    ]
    const inside = [
      ['link', 'set', 'lo', 'up'],
      ['addr', 'add', `198.18.${k}.2/30`, 'dev', 'uplink'],
      ['-6', 'addr', 'add', `fd00:6c71:${k6}::2/64`, 'dev', 'uplink', 'nodad'],
      ['link', 'set', 'uplink', 'up'],
      ['tuntap', 'add', 'dev', 'slow0', 'mode', 'tun'],
      ['link', 'set', 'slow0', 'up'],
      ['route', 'add', `198.18.${k}.128/25`, 'dev', 'slow0'],
      ['-6', 'route', 'add', `fd00:6c71:${k6}:1::/64`, 'dev', 'slow0'],
    ]
    for (const args of root) await run('ip', args)
    for (const args of inside) await run('ip', ['-n', ns, ...args])
    await this.exec(['nft', 'add table inet impair'])
    await this.exec(['nft', 'add chain inet impair input { type filter hook input priority 0 ; }'])
  }

  /** Runs a command inside the namespace. */
  async exec(command: string[]) {
    const { stdout } = await run('ip', ['netns', 'exec', this.namespace, ...command])
    return stdout
  }

  /**
   * Drops this percentage (0–100) of the echo requests the lossy addresses receive. Echo requests
   * only: dropping IPv6 neighbour discovery too would lose whole runs of probes, not a share.
   */
  async setLoss(percent: number) {
    await this.exec(['nft', 'flush chain inet impair input'])
    if (percent <= 0) return
    const share = percent >= 100 ? 'drop' : `numgen random mod 100 < ${Math.round(percent)} drop`
    await this.exec(['nft', `add rule inet impair input icmp type echo-request ${share}`])
    await this.exec(['nft', `add rule inet impair input icmpv6 type echo-request ${share}`])
  }

  /** (Re)starts the responder behind the slow addresses with this delay and ± jitter, ms. */
  async setDelay(delayMs: number, jitterMs = 0) {
    await this.answerWith([String(delayMs), String(jitterMs)])
  }

  /**
   * (Re)starts tests/support/tun_echo_responder.ts behind the slow addresses with these arguments
   * after the TUN device's name (a delay and jitter, or `--demo …`: the demo network's responder).
   */
  async answerWith(args: string[]) {
    await this.#stopResponder()
    const script = fileURLToPath(new URL('./tun_echo_responder.ts', import.meta.url))
    // Real-time priority: on a loaded machine its timers would otherwise add the scheduler's
    // delays to the path, differently for probes that arrive in different time slices.
    const command = ['netns', 'exec', this.namespace, 'chrt', '-f', '10', process.execPath, '--import', '@poppinss/ts-exec', script, 'slow0', ...args]
    const child = spawn('ip', command, {
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    this.#responder = child
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve())
      child.once('exit', (code) => reject(new Error(`TUN responder exited with ${code}`)))
    })
    await ready
  }

  async #stopResponder() {
    const child = this.#responder
    this.#responder = null
    if (!child || child.exitCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGKILL')
    await exited
  }

  async close() {
    openPaths.delete(this)
    await this.#stopResponder().catch(() => {})
    await run('ip', ['netns', 'del', this.namespace]).catch(() => {})
    await run('ip', ['link', 'del', this.rootLink]).catch(() => {})
  }
}

const openPaths = new Set<ImpairedPath>()
process.on('exit', () => {
  for (const path of openPaths) {
    try {
      execFileSync('ip', ['netns', 'del', path.namespace], { stdio: 'ignore' })
    } catch {
      // already gone
    }
  }
})

export interface FpingRun {
  sent: number
  received: number
  loss: number
  /** Per probe in order, ms or null when lost. */
  rtts: (number | null)[]
}

/**
 * Runs fping `-C count -p spacing -t timeout -q` against the targets and reads its per-probe
 * report ("addr : 0.51 0.48 - 0.50", "-" for lost) from stderr.
 */
export async function fping(targets: string[], options: { count: number; spacingMs: number; timeoutMs: number }) {
  const args = ['-C', String(options.count), '-p', String(options.spacingMs), '-t', String(options.timeoutMs), '-q', ...targets]
  const { stderr } = await run('fping', args).catch((error: { stderr?: string }) => {
    // fping exits 1 when some target lost probes, 2 when one is unknown: the report is still read.
    if (typeof error.stderr === 'string' && error.stderr.includes(' : ')) return { stderr: error.stderr }
    throw error
  })
  const out = new Map<string, FpingRun>()
  for (const line of stderr.split('\n')) {
    const match = /^(\S+)\s+:\s+(.*)$/.exec(line.trim())
    if (!match) continue
    const rtts = match[2].trim().split(/\s+/).map((v) => (v === '-' ? null : Number(v)))
    const received = rtts.filter((r) => r !== null).length
    out.set(match[1], { sent: rtts.length, received, loss: (rtts.length - received) / rtts.length, rtts })
  }
  return out
}
