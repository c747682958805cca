import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { until } from '#tests/support/wait'

/** A port nothing listens on: taken from the system, then let go. */
export async function closedPort() {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

export type Health = { status: string; database: { ok: boolean }; redis: { ok: boolean } }

/**
 * The console's server as its own process with `env` over this run's (its database and Redis
 * unless overridden), for what the test server in this process cannot show: a part it cannot
 * reach, or how it stops. `health()` asks its /api/health, waiting for it to answer at all.
 */
export async function startServer(env: Record<string, string> = {}) {
  const port = await closedPort()
  const server = spawn(process.execPath, ['--import', '@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'fatal', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const state = { output: '' }
  server.stdout.on('data', (d) => (state.output += d))
  server.stderr.on('data', (d) => (state.output += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    server.on('exit', (code, signal) => resolve({ code, signal }))
  )
  const base = `http://127.0.0.1:${port}`
  const health = () =>
    until('the server to answer /api/health', async () => {
      if (server.exitCode !== null) throw new Error(`the server stopped: ${state.output}`)
      try {
        const response = await fetch(`${base}/api/health`)
        return { status: response.status, body: (await response.json()) as Health }
      } catch {
        return null
      }
    }, { timeoutMs: 60_000, everyMs: 100 })
  const stop = async () => {
    server.kill('SIGTERM')
    return exited
  }
  return { port, base, process: server, state, exited, health, stop }
}
