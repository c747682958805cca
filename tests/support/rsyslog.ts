/**
 * Debian's rsyslogd as the real peer of the syslog receiver: run with a configuration, pid file
 * and work directory of its own in a temporary directory (never the system's), taking syslog on
 * a UDP port and forwarding it to ours in the forms the test names.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import dgram from 'node:dgram'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

export async function freeUdpPort() {
  const socket = dgram.createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const { port } = socket.address()
  await new Promise<void>((resolve) => socket.close(() => resolve()))
  return port
}

export class Rsyslog {
  #child: ChildProcess | null = null
  #dir = ''
  output = ''
  inputPort = 0

  /** `actions`: rsyslog `action(...)` statements run on every message received. */
  constructor(private actions: string[]) {}

  async start() {
    this.#dir = await mkdtemp(join(tmpdir(), 'rsyslog-'))
    this.inputPort = await freeUdpPort()
    const config = [
      `global(workDirectory="${this.#dir}")`,
      'module(load="imudp")',
      `input(type="imudp" address="127.0.0.1" port="${this.inputPort}" ruleset="forward")`,
      'ruleset(name="forward") {',
      ...this.actions.map((a) => `  ${a}`),
      '}',
    ].join('\n')
    await writeFile(join(this.#dir, 'rsyslog.conf'), config)
    this.#child = spawn('rsyslogd', ['-n', '-f', join(this.#dir, 'rsyslog.conf'), '-i', join(this.#dir, 'rsyslogd.pid')], { stdio: ['ignore', 'pipe', 'pipe'] })
    this.#child.stdout!.on('data', (d) => (this.output += d))
    this.#child.stderr!.on('data', (d) => (this.output += d))
  }

  /** Sends one syslog datagram to rsyslogd's input. */
  async send(message: string) {
    const socket = dgram.createSocket('udp4')
    await new Promise<void>((resolve, reject) => socket.send(message, this.inputPort, '127.0.0.1', (e) => (e ? reject(e) : resolve())))
    socket.close()
  }

  /** Sends `probe` until `arrived()` says it came through (rsyslogd takes a moment to open its input). */
  async ready(probe: string, arrived: () => boolean, timeoutMs = 20_000) {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      if (this.#child?.exitCode !== null) throw new Error(`rsyslogd exited: ${this.output}`)
      await this.send(probe)
      await sleep(200)
      if (arrived()) return
    }
    throw new Error(`rsyslogd forwarded nothing in ${timeoutMs} ms: ${this.output}`)
  }

  async stop() {
    if (this.#child && this.#child.exitCode === null) {
      const exited = new Promise((resolve) => this.#child!.once('exit', resolve))
      this.#child.kill('SIGTERM')
      await exited
    }
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true })
  }
}
