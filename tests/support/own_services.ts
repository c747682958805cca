import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, chown } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { readdirSync } from 'node:fs'
import pg from 'pg'
import { Redis } from 'ioredis'
import app from '@adonisjs/core/services/app'
import { closedPort } from '#tests/support/server_process'
import { until } from '#tests/support/wait'

/**
 * Services a fault test may stop and start: a Redis and a PostgreSQL of the test's own, on
 * ports nothing else uses, because the machine's shared ones serve other developers' runs and
 * must never go down. And the console's long-running commands as processes of their own
 * (`node ace collector:run` …), which a test can kill -9 and start again.
 */

const run = promisify(execFile)
const started = new Set<ChildProcess>()
const clusters = new Set<OwnPostgres>()
let hooked = false

/** A test that fails or is interrupted must not leave servers or workers behind. */
function hookExit() {
  if (hooked) return
  hooked = true
  process.once('exit', () => {
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    for (const cluster of clusters) cluster.stopSync()
  })
}

function track(child: ChildProcess) {
  hookExit()
  started.add(child)
  child.once('exit', () => started.delete(child))
  return child
}

const exitOf = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()))

/** A redis-server that keeps nothing on disk, as on these machines: a restart empties it. */
export class OwnRedis {
  #child: ChildProcess | null = null
  output = ''

  private constructor(readonly port: number) {}

  static async start() {
    const redis = new OwnRedis(await closedPort())
    await redis.start()
    return redis
  }

  get running() {
    return this.#child !== null
  }

  async start() {
    const child = track(
      spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    )
    child.stdout!.on('data', (d) => (this.output += d))
    child.stderr!.on('data', (d) => (this.output += d))
    this.#child = child
    await until(`redis-server on port ${this.port}`, async () => {
      if (child.exitCode !== null) throw new Error(`redis-server stopped: ${this.output}`)
      const client = new Redis({ port: this.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
      client.on('error', () => {})
      try {
        await client.connect()
        return (await client.ping()) === 'PONG'
      } catch {
        return false
      } finally {
        client.disconnect()
      }
    }, { timeoutMs: 20_000, everyMs: 50 })
  }

  /** Gone at once, as a crash or a power cut would take it: nothing saved, clients cut off. */
  async stop() {
    const child = this.#child
    this.#child = null
    if (!child) return
    child.kill('SIGKILL')
    await exitOf(child)
  }

  client() {
    return new Redis({ port: this.port, host: '127.0.0.1', maxRetriesPerRequest: null })
  }
}

function postgresBin(name: string) {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))
  if (!versions.length) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql')
  return `/usr/lib/postgresql/${versions[0]}/bin/${name}`
}

/** Root may not run the server; the cluster and its commands belong to the postgres account. */
async function asPostgres(command: string, args: string[]) {
  const asRoot = process.getuid?.() === 0
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args]
  return run(file, argv, { maxBuffer: 16 * 1024 * 1024 })
}

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary directory, trust auth on
 * loopback), for stopping and starting under load. `stop('immediate')` is a crash: what was
 * committed survives by the WAL, nothing else.
 */
export class OwnPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number
  ) {}

  static async create() {
    const dir = await mkdtemp(join(tmpdir(), 'gsn-own-pg-'))
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres'])
      const { stdout: group } = await run('id', ['-g', 'postgres'])
      await chown(dir, Number(stdout), Number(group))
    }
    await asPostgres(postgresBin('initdb'), ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'])
    const cluster = new OwnPostgres(dir, await closedPort())
    hookExit()
    clusters.add(cluster)
    await cluster.start()
    return cluster
  }

  async start() {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=60`
    await asPostgres(postgresBin('pg_ctl'), ['-D', join(this.dir, 'data'), '-o', options, '-l', join(this.dir, 'server.log'), '-w', '-t', '120', 'start'])
  }

  async stop(mode: 'fast' | 'immediate' = 'fast') {
    await asPostgres(postgresBin('pg_ctl'), ['-D', join(this.dir, 'data'), '-m', mode, '-w', '-t', '120', 'stop'])
  }

  stopSync() {
    try {
      const argv = ['-D', join(this.dir, 'data'), '-m', 'immediate', 'stop']
      if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', postgresBin('pg_ctl'), ...argv], { stdio: 'ignore' })
      else execFileSync(postgresBin('pg_ctl'), argv, { stdio: 'ignore' })
    } catch {}
  }

  client(database = 'postgres') {
    return new pg.Client({ host: '127.0.0.1', port: this.port, user: 'postgres', database })
  }

  async query(database: string, sql: string, params: unknown[] = []) {
    const client = this.client(database)
    await client.connect()
    try {
      return (await client.query(sql, params)).rows
    } finally {
      await client.end()
    }
  }

  /** A database migrated as the console's own migrations make it, under the schema owner's role. */
  async createDatabase(name: string, env: Record<string, string>) {
    await this.query('postgres', `CREATE DATABASE "${name}"`)
    const owner = app.config.get('database.connections.owner', null) ? ['--connection', 'owner'] : []
    const migrate = await runAce(['migration:run', '--force', ...owner], { ...env, ...this.env(name) })
    if (migrate.code !== 0) throw new Error(`migrations on the own cluster failed: ${migrate.output}`)
  }

  /** What a spawned console process needs to use this cluster (NODE_ENV=test picks TEST_DB_DATABASE). */
  env(database: string) {
    return { DB_HOST: '127.0.0.1', DB_PORT: String(this.port), TEST_DB_DATABASE: database, DB_OWNER_USER: 'postgres' }
  }

  async destroy() {
    await this.stop('immediate').catch(() => {})
    clusters.delete(this)
    await rm(this.dir, { recursive: true, force: true })
  }
}

/** The environment of a spawned console process: this run's, in test mode, quiet unless it matters. */
function consoleEnv(env: Record<string, string>) {
  return { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env }
}

async function runAce(args: string[], env: Record<string, string>) {
  const child = track(spawn(process.execPath, ['ace', ...args], { cwd: process.cwd(), env: consoleEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }))
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
  return { code, output }
}

/**
 * One of the console's long-running commands (`collector:run`, `monitoring:work`,
 * `notifications:work`, …) as its own process. `kill9()` takes it down with no chance to tidy
 * up; `restart()` starts the same command again. `exits` lists every exit that was not ours.
 */
export class ConsoleProcess {
  #child: ChildProcess | null = null
  #killing = false
  output = ''
  readonly exits: Array<{ code: number | null; signal: string | null }> = []
  readonly starts: number[] = []

  constructor(
    readonly args: string[],
    readonly env: Record<string, string> = {}
  ) {}

  static start(args: string[], env: Record<string, string> = {}) {
    const process = new ConsoleProcess(args, env)
    process.restart()
    return process
  }

  get pid() {
    return this.#child?.pid ?? null
  }

  get alive() {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null
  }

  restart() {
    if (this.alive) throw new Error(`${this.args[0]} is still running`)
    const child = track(spawn(process.execPath, ['ace', ...this.args], { cwd: process.cwd(), env: consoleEnv(this.env), stdio: ['ignore', 'pipe', 'pipe'] }))
    child.stdout!.on('data', (d) => (this.output += d))
    child.stderr!.on('data', (d) => (this.output += d))
    child.once('exit', (code, signal) => {
      if (!this.#killing) this.exits.push({ code, signal })
    })
    this.#killing = false
    this.#child = child
    this.starts.push(Date.now())
  }

  /** Waits for a line of its output (it logs when it has started, for one). */
  async said(text: string | RegExp, timeoutMs = 90_000) {
    return until(`${this.args[0]} to say ${text}`, () => {
      if (!this.alive) throw new Error(`${this.args[0]} stopped: ${this.output.slice(-3000)}`)
      return typeof text === 'string' ? this.output.includes(text) : text.test(this.output)
    }, { timeoutMs, everyMs: 50 })
  }

  async kill9() {
    const child = this.#child
    if (!child) return
    this.#killing = true
    child.kill('SIGKILL')
    await exitOf(child)
  }

  /** Stops it as an operator would (SIGTERM), killing it if it does not go. */
  async stop() {
    const child = this.#child
    if (!child || !this.alive) return
    this.#killing = true
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    await exitOf(child)
    clearTimeout(timer)
  }
}
