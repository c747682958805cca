/**
 * The UDP flow collector: one socket with a large receive buffer, every datagram decoded at once,
 * flows handed on in batches. It counts what the kernel dropped on its socket (the drops column
 * of /proc/net/udp{,6}) beside what the exporters' sequence numbers say was lost.
 */
import dgram from 'node:dgram'
import { readFile, readdir, readlink } from 'node:fs/promises'
import { FlowDecoder, type ProblemListener } from './decoder.js'
import type { ExporterCounters, FlowRecord } from './flow_record.js'

export interface UdpCollectorOptions {
  port: number
  host?: string
  /** Bytes asked for SO_RCVBUF; the kernel caps it at net.core.rmem_max (doubled). */
  receiveBuffer?: number
  batchSize?: number
  /** Longest a flow waits in a partial batch. */
  flushMs?: number
  onFlows: (flows: FlowRecord[]) => void
  onProblem?: ProblemListener
}

export class UdpCollector {
  readonly decoder: FlowDecoder
  /** When each exporter was first and last heard (Unix ms), for the exporters' report. */
  readonly seen = new Map<string, { first: number; last: number }>()
  #socket: dgram.Socket | null = null
  #batch: FlowRecord[] = []
  #timer: NodeJS.Timeout | null = null
  readonly #options: Required<Omit<UdpCollectorOptions, 'onProblem' | 'host'>> & { host: string }
  readonly #onProblem?: ProblemListener

  constructor(options: UdpCollectorOptions) {
    this.decoder = new FlowDecoder({ onProblem: options.onProblem })
    this.#onProblem = options.onProblem
    this.#options = {
      host: options.host ?? '0.0.0.0',
      receiveBuffer: options.receiveBuffer ?? 32 * 1024 * 1024,
      batchSize: options.batchSize ?? 1000,
      flushMs: options.flushMs ?? 200,
      port: options.port,
      onFlows: options.onFlows,
    }
  }

  async start(): Promise<{ address: string; port: number; receiveBuffer: number }> {
    const { host, port, receiveBuffer } = this.#options
    const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: receiveBuffer })
    this.#socket = socket
    socket.on('message', (msg, rinfo) => this.#receive(msg, rinfo.address, rinfo.port))
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(port, host, () => {
        socket.off('error', reject)
        resolve()
      })
    })
    // A bind error after start (none expected for UDP) must not kill the process silently.
    socket.on('error', (error) => this.#onProblem?.('-', 'malformed', `socket: ${error.message}`))
    const where = socket.address()
    return { address: where.address, port: where.port, receiveBuffer: socket.getRecvBufferSize() }
  }

  #receive(msg: Buffer, address: string, port: number) {
    const exporter = address.startsWith('::ffff:') ? address.slice(7) : address
    const now = Date.now()
    const seen = this.seen.get(exporter)
    if (seen) seen.last = now
    else this.seen.set(exporter, { first: now, last: now })
    const flows = this.decoder.decode(msg, exporter, port)
    if (flows.length === 0) return
    for (const flow of flows) this.#batch.push(flow)
    if (this.#batch.length >= this.#options.batchSize) this.flush()
    else if (!this.#timer) this.#timer = setTimeout(() => this.flush(), this.#options.flushMs)
  }

  flush() {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    if (this.#batch.length === 0) return
    const batch = this.#batch
    this.#batch = []
    this.#options.onFlows(batch)
  }

  counters(): Map<string, ExporterCounters> {
    return this.decoder.exporters
  }

  /** What the kernel dropped on this socket since it opened (null when /proc cannot tell). */
  async kernelDrops(): Promise<number | null> {
    if (!this.#socket) return null
    return (await socketState(this.#socket.address().port))?.drops ?? null
  }

  /**
   * Waits (up to `timeoutMs`) until the kernel holds nothing more for this socket. Datagrams an
   * exporter sent before a stop are already queued there; closing at once would lose them.
   */
  async drain(timeoutMs = 2000) {
    const deadline = Date.now() + timeoutMs
    while (this.#socket && Date.now() < deadline) {
      const state = await socketState(this.#socket.address().port)
      if (!state || state.queuedBytes === 0) return
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }

  async stop() {
    await this.drain()
    this.flush()
    const socket = this.#socket
    this.#socket = null
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()))
  }
}

/**
 * The kernel's account of this process's UDP socket on `port`: /proc/net/udp lists every socket
 * on the host with its inode; ours is the one whose inode is among this process's open file
 * descriptors. `queuedBytes` is the receive queue not yet read, `drops` what did not fit in it.
 */
export async function socketState(port: number): Promise<{ drops: number; queuedBytes: number } | null> {
  const inodes = new Set<string>()
  try {
    for (const fd of await readdir('/proc/self/fd')) {
      const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '')
      const match = /^socket:\[(\d+)\]$/.exec(target)
      if (match) inodes.add(match[1])
    }
  } catch {
    return null
  }
  const portHex = port.toString(16).toUpperCase().padStart(4, '0')
  let found = false
  let drops = 0
  let queuedBytes = 0
  for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
    const text = await readFile(table, 'utf8').catch(() => '')
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/)
      if (cols.length < 13) continue
      if (cols[1].split(':')[1] !== portHex || !inodes.has(cols[9])) continue
      found = true
      drops += Number(cols[cols.length - 1])
      queuedBytes += Number.parseInt(cols[4].split(':')[1], 16)
    }
  }
  return found ? { drops, queuedBytes } : null
}
