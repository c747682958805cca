import { execFile, spawn } from 'node:child_process'
import { extname } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { InventoryDevice, InventoryLink } from '#app/demo/sim/inventory'
import type { SimNetwork } from '#app/demo/sim/model'
import { DEMO_PROBE_PREFIX, LineQualityModel, type ProbedLine } from '#app/demo/sim/line_quality'
import { TunEchoResponder } from '#app/demo/sim/tun_echo'

const run = promisify(execFile)

/**
 * The far ends of the demo's probed lines: every link with a probe address (the seed gives the
 * contracted lines one in DEMO_PROBE_PREFIX) is answered on a TUN device from its simulated
 * condition (LineQualityModel: the calendar's outages, error bursts, congestion and loss episodes),
 * so the collectors' probes see the same line the demo's history drew. The kernel would answer a
 * loopback address itself, at once and never losing one; the TUN device is what lets a line be
 * slow or lossy without netem. Needs CAP_NET_ADMIN (demo:network runs as root for port 161).
 */
export class ProbeResponder {
  readonly lines: Map<string, ProbedLine>
  readonly model: LineQualityModel
  #responder: TunEchoResponder | null = null
  #timer: NodeJS.Timeout | null = null
  #inEpisode = new Set<string>()

  /** The simulation's clock, Unix seconds (a test may hold it at a chosen instant). */
  readonly clock: () => number

  constructor(network: SimNetwork, links: readonly InventoryLink[], options: { clock?: () => number } = {}) {
    this.clock = options.clock ?? (() => Date.now() / 1000)
    this.lines = new Map()
    for (const link of links) {
      if (!link.probeAddress || link.status === 'decommissioned') continue
      const device = network.devices.get(link.device)
      const iface = device?.interfaces.get(link.ifIndex)
      if (device && iface) this.lines.set(link.probeAddress, { circuitId: link.circuitId, kind: link.kind, device, iface })
    }
    this.model = new LineQualityModel(network, [...this.lines.values()])
  }

  /** The round trip (ms) of a probe to this address now, null when lost; unknown addresses are not answered. */
  answer = (destination: string): number | null => {
    const line = this.lines.get(destination)
    return line ? this.model.probe(line, this.clock()) : null
  }

  /**
   * Opens the TUN device, routes the prefix to it and starts answering; logs each loss episode's
   * start and end as the network's other events are logged.
   */
  async start(options: { device?: string; prefix?: string; log?: (entry: Record<string, unknown>) => void } = {}) {
    const device = options.device ?? 'gsn-demo-probe'
    this.#responder = TunEchoResponder.open(device, this.answer)
    try {
      await run('ip', ['link', 'set', 'dev', device, 'up'])
      await run('ip', ['route', 'replace', options.prefix ?? DEMO_PROBE_PREFIX, 'dev', device])
    } catch (error) {
      this.stop()
      throw error
    }
    const log = options.log
    if (log) {
      const check = () => {
        const now = this.clock()
        for (const [address, line] of this.lines) {
          const episode = this.model.episodeAt(line, now)
          if (episode && !this.#inEpisode.has(address)) {
            this.#inEpisode.add(address)
            log({ at: new Date().toISOString(), event: 'loss_episode_start', device: line.device.hostname, circuit: line.circuitId, probe_address: address, until: new Date(episode[1] * 1000).toISOString() })
          } else if (!episode && this.#inEpisode.delete(address)) {
            log({ at: new Date().toISOString(), event: 'loss_episode_end', device: line.device.hostname, circuit: line.circuitId, probe_address: address })
          }
        }
      }
      check()
      this.#timer = setInterval(check, 10_000)
    }
    return this
  }

  get stats() {
    return this.#responder?.stats ?? { answered: 0, dropped: 0, other: 0 }
  }

  /**
   * Runs the responder in a process of its own at real-time priority (`chrt -f 10`, as root), so
   * that a loaded machine does not hold the replies back behind the simulated network's own work
   * (probe_responder_main.ts). The child rebuilds the same network from the inventory (credentials
   * left out: the model does not need them). Resolves once it answers; its log entries go to log.
   */
  static async spawn(
    inventory: { devices: readonly InventoryDevice[]; links: readonly InventoryLink[] },
    options: { seed: string; device?: string; prefix?: string; log: (entry: Record<string, unknown>) => void }
  ): Promise<{ stop: () => void }> {
    const own = fileURLToPath(import.meta.url)
    const script = own.slice(0, -extname(own).length) + '_main' + extname(own)
    // From the sources (ace registers its TypeScript loader in-process), the child needs it too.
    const loader = extname(own) === '.ts' && !process.execArgv.some((a) => a.includes('ts-exec')) ? ['--import', '@poppinss/ts-exec'] : []
    const child = spawn('chrt', ['-f', '10', process.execPath, ...process.execArgv, ...loader, script], { stdio: ['pipe', 'pipe', 'inherit'] })
    const placeholder = { version: '2c' as const, community: 'model-only' }
    child.stdin!.write(
      JSON.stringify({
        devices: inventory.devices.map((d) => ({ ...d, credentials: d.credentials instanceof Error || !d.credentials ? null : placeholder })),
        links: inventory.links,
        seed: options.seed,
        device: options.device ?? 'gsn-demo-probe',
        prefix: options.prefix ?? DEMO_PROBE_PREFIX,
      }) + '\n'
    )
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let entry: Record<string, unknown>
        try {
          entry = JSON.parse(line)
        } catch {
          return
        }
        if (entry.event === 'ready') resolve()
        else if (entry.event === 'failed') reject(new Error(String(entry.detail)))
        else options.log(entry)
      })
      child.once('error', reject)
      child.once('exit', (code) => reject(new Error(`probe responder exited with ${code}`)))
    })
    return {
      stop: () => {
        if (child.exitCode === null) child.kill('SIGKILL')
      },
    }
  }

  /** Stops answering; the TUN device and its route go away with it. */
  stop() {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = null
    this.#responder?.close()
    this.#responder = null
  }
}
