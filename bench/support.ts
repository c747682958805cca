/**
 * What the benches share: command-line numbers, a scratch database migrated from scratch, and the
 * console application booted inside the bench process (so the bench drives our own services).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** `--name N` from the command line, or the fallback. */
export function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`)
  return at === -1 ? fallback : Number(process.argv[at + 1])
}

export function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Drops and recreates the bench's own database and runs every migration on it. The database name
 * is the bench's (never the demo's or the tests'); DB_DATABASE must already name it, as the
 * migration runs in a child `node ace` that reads the environment.
 */
export async function recreateDatabase(name: string) {
  const admin = new pg.Client({
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USER ?? 'postgres',
    database: 'postgres',
  })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.query(`CREATE DATABASE "${name}"`)
  await admin.end()
  const migrate = spawnSync('node', ['ace', 'migration:run', '--force', '--connection', 'owner'], {
    cwd: ROOT,
    env: { ...process.env, DB_DATABASE: name },
    encoding: 'utf8',
  })
  if (migrate.status !== 0) throw new Error(`migration failed: ${migrate.stderr || migrate.stdout}`)
}

/** The console application, booted and started in this process; `terminate()` it at the end. */
export async function bootConsole() {
  const { ignite } = await import('../bin/ignite.ts')
  const app = ignite().createApp('console')
  await app.init()
  await app.boot()
  await app.start(() => {})
  return app
}

/**
 * The processes a bench starts (node scripts run from the project root with its environment):
 * their output relayed line by line under their name, less the lines `quiet` matches, and every
 * one of them killed when the bench exits, however it exits.
 */
export function benchProcesses(quiet?: RegExp) {
  const children: ChildProcess[] = []
  process.on('exit', () => {
    for (const c of children) c.kill('SIGKILL')
  })
  function start(name: string, args: string[]) {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    const relay = (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter((l) => l.trim() && !quiet?.test(l))
        .forEach((l) => console.log(`[${name}] ${l}`))
    child.stdout!.on('data', relay)
    child.stderr!.on('data', relay)
    children.push(child)
    return child
  }
  return { children, start }
}
