import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { SnmpCredentials } from '#app/devices/snmp_credentials'
import { SnmpSession } from '#collectors/snmp/session'

const run = promisify(execFile)

/**
 * A real SNMP lab for tests and benchmarks: Net-SNMP's snmpd inside a network namespace of its
 * own, whose interfaces are veth pairs we can load with traffic and take down.
 *
 * How the poller (in the root namespace) reaches snmpd: Node cannot enter another namespace, and
 * running every poll through `ip netns exec … node` would test a different process than the one
 * under test. So the lab adds one more veth pair, "uplink", between the root namespace and the lab,
 * with a /30 from 169.254.0.0/16 (link-local: never routed, and unused on this host), and snmpd
 * listens on its lab end as well as on 127.0.0.1 inside the namespace. Deleting the namespace
 * deletes both ends. The traffic we generate stays inside the namespace: it is sent out of one end
 * of a pair towards a neighbour that only exists as a static ARP entry for the other end's MAC.
 *
 * Cleanup: close() kills the agents and deletes the namespace; an exit handler does the same if a
 * test dies first; each snmpd runs under a tiny shell that kills it when our process goes away
 * (its stdin pipe closes); and creating a lab deletes empty namespaces left by dead processes.
 */

export interface LabAgent {
  name: string
  port: number
  dir: string
  /** The watchdog shell (parent of snmpd). */
  process: ChildProcess
  pid: number | null
  engineId?: string
}

export interface LabOptions {
  /** veth pairs to create (gsa0/gsb0, gsa1/gsb1, …). */
  pairs?: number
  /** Seconds snmpd keeps its interface table cached; 0 (the default) reads the kernel every time. */
  interfaceCacheSeconds?: number
  /** Text snmpEngineID of the main agent; otherwise snmpd makes one up and keeps it in its state. */
  engineId?: string
  /** Start the main agent (default true). */
  startAgent?: boolean
}

export const LAB_COMMUNITY = 'gsn-lab-ro'
const CACHE_COMMUNITY = 'gsn-lab-cache'
/** SNMPv3 users every lab agent knows: authPriv SHA/AES (the default), others for variety. */
export const LAB_USERS = {
  shaAes: { user: 'gsnlab', authProtocol: 'sha', authKey: 'lab-auth-key-1', privProtocol: 'aes', privKey: 'lab-priv-key-1' },
  sha256Aes256: {
    user: 'gsnlab256',
    authProtocol: 'sha256',
    authKey: 'lab-auth-key-256',
    privProtocol: 'aes256b',
    privKey: 'lab-priv-key-256',
  },
  sha512Aes256c: {
    user: 'gsnlab512',
    authProtocol: 'sha512',
    authKey: 'lab-auth-key-512',
    privProtocol: 'aes256r',
    privKey: 'lab-priv-key-512',
  },
  md5Des: { user: 'gsnlabmd5', authProtocol: 'md5', authKey: 'lab-auth-key-md5', privProtocol: 'des', privKey: 'lab-priv-key-des' },
} as const
const NET_SNMP_AUTH: Record<string, string> = { md5: 'MD5', sha: 'SHA', sha256: 'SHA-256', sha512: 'SHA-512' }
const NET_SNMP_PRIV: Record<string, string> = { des: 'DES', aes: 'AES', aes256b: 'AES-256', aes256r: 'AES-256-C' }

const openLabs = new Set<SnmpLab>()
let exitHookInstalled = false
let labsMade = 0

function installExitHook() {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.on('exit', () => {
    for (const lab of openLabs) lab.destroySync()
  })
}

function processAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Deletes lab namespaces whose creating process is gone and in which nothing runs any more. */
async function sweepStaleNamespaces() {
  const { stdout } = await run('ip', ['netns', 'list'])
  for (const line of stdout.split('\n')) {
    const match = /^(gsn-snmp-(\d+)(?:-\d+)?)\b/.exec(line.trim())
    if (!match || processAlive(Number(match[2]))) continue
    const pids = await run('ip', ['netns', 'pids', match[1]]).then((r) => r.stdout.trim(), () => 'unknown')
    if (pids === '') await run('ip', ['netns', 'del', match[1]]).catch(() => {})
  }
}

async function usedLinkLocalBlocks(): Promise<Set<number>> {
  const { stdout } = await run('ip', ['-4', '-o', 'addr', 'show'])
  const used = new Set<number>()
  for (const m of stdout.matchAll(/inet 169\.254\.(\d+)\.(\d+)/g)) used.add((Number(m[1]) << 8) | (Number(m[2]) & 0xfc))
  return used
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export class SnmpLab {
  readonly namespace: string
  readonly dir: string
  /** The lab end of the uplink, where every agent of this lab listens. */
  readonly host: string
  readonly rootAddress: string
  readonly rootLink: string
  readonly pairs: Array<{ a: string; b: string }>
  readonly agents = new Map<string, LabAgent>()
  readonly interfaceCacheSeconds: number
  #trafficReady = new Set<number>()
  #nextPort = 16100
  #closed = false

  private constructor(init: {
    namespace: string
    dir: string
    host: string
    rootAddress: string
    rootLink: string
    pairs: number
    interfaceCacheSeconds: number
  }) {
    this.namespace = init.namespace
    this.dir = init.dir
    this.host = init.host
    this.rootAddress = init.rootAddress
    this.rootLink = init.rootLink
    this.interfaceCacheSeconds = init.interfaceCacheSeconds
    this.pairs = Array.from({ length: init.pairs }, (_, i) => ({ a: `gsa${i}`, b: `gsb${i}` }))
  }

  static async create(options: LabOptions = {}): Promise<SnmpLab> {
    installExitHook()
    await sweepStaleNamespaces()
    const serial = labsMade++
    const namespace = serial === 0 ? `gsn-snmp-${process.pid}` : `gsn-snmp-${process.pid}-${serial}`
    const rootLink = `gsu${process.pid}n${serial}`.slice(0, 15)
    // A /30 of 169.254.0.0/16 picked from our pid, skipping blocks in use and 169.254.169.x (cloud
    // metadata lives at 169.254.169.254 on some hosts).
    const used = await usedLinkLocalBlocks()
    let block = ((process.pid * 7 + serial * 131) % 16128) * 4 + 256
    for (let tries = 0; used.has(block) || block >> 8 === 169 || block >> 8 === 255; tries++) {
      if (tries > 16384) throw new Error('no free /30 in 169.254.0.0/16 for the SNMP lab')
      block = ((block + 4) % 65024) + (block + 4 >= 65024 ? 256 : 0)
    }
    const address = (offset: number) => `169.254.${(block + offset) >> 8}.${(block + offset) & 255}`
    const lab = new SnmpLab({
      namespace,
      dir: mkdtempSync(join(tmpdir(), `${namespace}-`)),
      host: address(2),
      rootAddress: address(1),
      rootLink,
      pairs: options.pairs ?? 2,
      interfaceCacheSeconds: options.interfaceCacheSeconds ?? 0,
    })
    openLabs.add(lab)
    try {
      await lab.#build()
      if (options.startAgent !== false) await lab.startAgent('main', { engineId: options.engineId })
    } catch (error) {
      await lab.close()
      throw error
    }
    return lab
  }

  async #build() {
    const ns = this.namespace
    await run('ip', ['netns', 'add', ns])
    // No IPv6 inside: router solicitations and DAD would move the counters we measure.
    await this.exec(['sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'])
    const batch = ['link set lo up']
    for (const { a, b } of this.pairs) batch.push(`link add ${a} type veth peer name ${b}`)
    for (const { a, b } of this.pairs) batch.push(`link set ${a} up`, `link set ${b} up`)
    const batchFile = join(this.dir, 'links.batch')
    writeFileSync(batchFile, batch.join('\n') + '\n')
    await run('ip', ['-n', ns, '-batch', batchFile], { maxBuffer: 16 << 20 })
    await run('ip', ['link', 'add', this.rootLink, 'type', 'veth', 'peer', 'name', 'uplink', 'netns', ns])
    await run('ip', ['addr', 'add', `${this.rootAddress}/30`, 'dev', this.rootLink])
    await run('ip', ['link', 'set', this.rootLink, 'up'])
    await run('ip', ['-n', ns, 'addr', 'add', `${this.host}/30`, 'dev', 'uplink'])
    await run('ip', ['-n', ns, 'link', 'set', 'uplink', 'up'])
  }

  /** Runs a command inside the lab namespace and returns its stdout. */
  async exec(command: string[]): Promise<string> {
    const { stdout } = await run('ip', ['netns', 'exec', this.namespace, ...command], { maxBuffer: 64 << 20 })
    return stdout
  }

  credentialsV2c(community = LAB_COMMUNITY): SnmpCredentials {
    return { version: '2c', community }
  }

  credentialsV3(which: keyof typeof LAB_USERS = 'shaAes', override: Partial<Record<'authKey' | 'privKey', string>> = {}): SnmpCredentials {
    const u = LAB_USERS[which]
    return {
      version: '3',
      user: u.user,
      level: 'authPriv',
      authProtocol: u.authProtocol,
      authKey: override.authKey ?? u.authKey,
      privProtocol: u.privProtocol,
      privKey: override.privKey ?? u.privKey,
    }
  }

  get port(): number {
    const main = this.agents.get('main')
    if (!main) throw new Error('the main agent of the lab is not running')
    return main.port
  }

  #config(engineId?: string) {
    const lines = [
      '# Written by tests/support/snmp_lab.ts for one test run.',
      `rocommunity ${LAB_COMMUNITY} default`,
      // Writable only for snmpd's cache settings, so the lab can set the interface cache timeout.
      'view labcache included .1.3.6.1.4.1.8072.1.5',
      `rwcommunity ${CACHE_COMMUNITY} default -V labcache`,
    ]
    for (const u of Object.values(LAB_USERS)) {
      lines.push(`createUser ${u.user} ${NET_SNMP_AUTH[u.authProtocol]} "${u.authKey}" ${NET_SNMP_PRIV[u.privProtocol]} "${u.privKey}"`)
      lines.push(`rouser ${u.user} priv`)
    }
    if (engineId) lines.push(`engineID ${engineId}`)
    return lines.join('\n') + '\n'
  }

  /**
   * Starts (or starts again) an snmpd in the namespace. Its state directory survives restarts, so
   * snmpEngineBoots counts up like a real device's; forgetState wipes it, like a device that lost
   * its flash (boots back to 1, and a new engine ID unless one is configured).
   */
  async startAgent(
    name = 'main',
    options: { port?: number; engineId?: string; forgetState?: boolean } = {}
  ): Promise<LabAgent> {
    if (this.agents.has(name)) throw new Error(`lab agent ${name} is already running`)
    const dir = join(this.dir, 'agents', name)
    const confDir = join(dir, 'conf')
    const stateDir = join(dir, 'state')
    if (options.forgetState) rmSync(stateDir, { recursive: true, force: true })
    mkdirSync(confDir, { recursive: true })
    mkdirSync(stateDir, { recursive: true })
    const previousPort = existsSync(join(dir, 'port')) ? Number(readFileSync(join(dir, 'port'), 'utf8')) : undefined
    const port = options.port ?? previousPort ?? this.#nextPort++
    const engineId = options.engineId ?? (existsSync(join(dir, 'engine')) ? readFileSync(join(dir, 'engine'), 'utf8') : undefined)
    writeFileSync(join(dir, 'port'), String(port))
    if (engineId) writeFileSync(join(dir, 'engine'), engineId)
    writeFileSync(join(confDir, 'snmpd.conf'), this.#config(engineId))
    const pidFile = join(dir, 'snmpd.pid')
    rmSync(pidFile, { force: true })
    const log = openSync(join(dir, 'snmpd.log'), 'a')
    // The listening addresses go on the command line only: snmpd fails to bind when they are in
    // the configuration as well. SNMPCONFPATH instead of -C so that snmpd also reads its own state
    // (engineBoots, engine ID) from the state directory, as a real agent does.
    const snmpdArgs = ['-f', '-Lo', '-p', pidFile, `udp:127.0.0.1:${port},udp:${this.host}:${port}`]
    const watchdog = 'snmpd "$@" & agent=$!; read -r _; kill $agent 2>/dev/null; wait $agent'
    const child = spawn('ip', ['netns', 'exec', this.namespace, 'sh', '-c', watchdog, 'sh', ...snmpdArgs], {
      env: { ...process.env, MIBS: '', SNMPCONFPATH: `${confDir}:${stateDir}`, SNMP_PERSISTENT_DIR: stateDir },
      stdio: ['pipe', log, log],
    })
    closeSync(log)
    child.on('error', () => {})
    const agent: LabAgent = { name, port, dir, process: child, pid: null, engineId }
    this.agents.set(name, agent)
    try {
      await this.#waitForAgent(agent)
    } catch (error) {
      await this.stopAgent(name)
      throw error
    }
    await this.#setInterfaceCache(port)
    return agent
  }

  async #waitForAgent(agent: LabAgent) {
    const session = new SnmpSession({ host: this.host, port: agent.port, credentials: this.credentialsV2c(), timeoutMs: 200, retries: 0 })
    try {
      const deadline = Date.now() + 15_000
      while (Date.now() < deadline) {
        if (agent.process.exitCode !== null) break
        try {
          const [uptime] = await session.get(['1.3.6.1.2.1.1.3.0'])
          if (typeof uptime?.value === 'number') {
            const pidText = existsSync(join(agent.dir, 'snmpd.pid')) ? readFileSync(join(agent.dir, 'snmpd.pid'), 'utf8') : ''
            agent.pid = Number(pidText.trim()) || null
            return
          }
        } catch {
          await sleep(100)
        }
      }
    } finally {
      session.close()
    }
    const log = existsSync(join(agent.dir, 'snmpd.log')) ? readFileSync(join(agent.dir, 'snmpd.log'), 'utf8') : ''
    throw new Error(`snmpd ${agent.name} did not answer sysUpTime on ${this.host}:${agent.port}\n${log.slice(-2000)}`)
  }

  /** nsCacheTimeout for ifTable (NET-SNMP-AGENT-MIB): how stale the counters snmpd serves may be. */
  async #setInterfaceCache(port: number) {
    const { default: snmp } = await import('net-snmp')
    const session = snmp.createSession(this.host, CACHE_COMMUNITY, { port, version: snmp.Version2c, timeout: 1000, retries: 2 })
    try {
      await new Promise<void>((resolve, reject) =>
        session.set(
          [{ oid: '1.3.6.1.4.1.8072.1.5.3.1.2.1.3.6.1.2.1.2.2', type: snmp.ObjectType.Integer, value: this.interfaceCacheSeconds }],
          (error) => (error ? reject(error) : resolve())
        )
      )
    } finally {
      session.close()
    }
  }

  async stopAgent(name = 'main') {
    const agent = this.agents.get(name)
    if (!agent) return
    this.agents.delete(name)
    const exited = new Promise<void>((resolve) => {
      if (agent.process.exitCode !== null || agent.process.signalCode !== null) resolve()
      else agent.process.once('exit', () => resolve())
    })
    agent.process.stdin?.end()
    const timer = setTimeout(() => {
      if (agent.pid) {
        try {
          process.kill(agent.pid, 'SIGKILL')
        } catch {}
      }
    }, 5000)
    await exited
    clearTimeout(timer)
  }

  async restartAgent(name = 'main', options: { forgetState?: boolean } = {}) {
    const agent = this.agents.get(name)
    if (!agent) throw new Error(`lab agent ${name} is not running`)
    await this.stopAgent(name)
    return this.startAgent(name, { port: agent.port, engineId: agent.engineId, forgetState: options.forgetState })
  }

  async ifIndex(ifName: string): Promise<number> {
    return Number((await this.exec(['cat', `/sys/class/net/${ifName}/ifindex`])).trim())
  }

  /** A kernel interface counter as the namespace sees it (/sys/class/net/IF/statistics/NAME). */
  async statistic(ifName: string, counter: 'tx_bytes' | 'rx_bytes' | 'tx_packets' | 'rx_packets'): Promise<bigint> {
    return BigInt((await this.exec(['cat', `/sys/class/net/${ifName}/statistics/${counter}`])).trim())
  }

  async setLink(ifName: string, state: 'up' | 'down') {
    await run('ip', ['-n', this.namespace, 'link', 'set', ifName, state])
  }

  /**
   * Sends UDP datagrams out of pair i's "a" end to a neighbour that is only a static ARP entry for
   * the "b" end's MAC, so every frame crosses the pair exactly once and nothing answers. Returns
   * the bytes on the wire as the kernel counts them (Ethernet header, no FCS).
   */
  async sendTraffic(pair: number, options: { datagrams: number; payloadBytes?: number }) {
    const { a, b } = this.pairs[pair]
    const payload = options.payloadBytes ?? 1000
    if (payload > 1472) throw new Error('payload over 1472 bytes would fragment on a 1500-byte MTU')
    const third = (pair >> 6) & 255
    const fourth = (pair & 63) * 4
    const source = `10.99.${third}.${fourth + 1}`
    const target = `10.99.${third}.${fourth + 2}`
    if (!this.#trafficReady.has(pair)) {
      const mac = (await this.exec(['cat', `/sys/class/net/${b}/address`])).trim()
      await run('ip', ['-n', this.namespace, 'addr', 'add', `${source}/30`, 'dev', a])
      await run('ip', ['-n', this.namespace, 'neigh', 'replace', target, 'lladdr', mac, 'dev', a, 'nud', 'permanent'])
      this.#trafficReady.add(pair)
    }
    const sender = `
      const socket = require('node:dgram').createSocket('udp4')
      const [target, count, size] = process.argv.slice(1)
      const buf = Buffer.alloc(Number(size), 0x5a)
      let sent = 0, done = 0
      function next() {
        while (sent < Number(count) && sent - done < 64) {
          sent++
          socket.send(buf, 9, target, (error) => {
            if (error) { console.error(error.message); process.exit(1) }
            if (++done === Number(count)) socket.close(); else next()
          })
        }
      }
      next()`
    await this.exec([process.execPath, '-e', sender, target, String(options.datagrams), String(payload)])
    return { frames: options.datagrams, bytes: options.datagrams * (14 + 20 + 8 + payload) }
  }

  async close() {
    if (this.#closed) return
    this.#closed = true
    for (const name of [...this.agents.keys()]) await this.stopAgent(name).catch(() => {})
    await run('ip', ['netns', 'del', this.namespace]).catch(() => {})
    // The root end of the uplink goes with its peer; make sure even if the namespace was gone.
    await run('ip', ['link', 'del', this.rootLink]).catch(() => {})
    rmSync(this.dir, { recursive: true, force: true })
    openLabs.delete(this)
  }

  /** For the exit hook: no awaiting possible there. */
  destroySync() {
    if (this.#closed) return
    this.#closed = true
    for (const agent of this.agents.values()) {
      if (agent.pid) {
        try {
          process.kill(agent.pid, 'SIGKILL')
        } catch {}
      }
    }
    try {
      execFileSync('ip', ['netns', 'del', this.namespace], { stdio: 'ignore' })
    } catch {}
    try {
      execFileSync('ip', ['link', 'del', this.rootLink], { stdio: 'ignore' })
    } catch {}
    rmSync(this.dir, { recursive: true, force: true })
    openLabs.delete(this)
  }
}
