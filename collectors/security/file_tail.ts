import { open, stat, type FileHandle } from 'node:fs/promises'
import { StringDecoder } from 'node:string_decoder'

export interface FileTailOptions {
  path: string
  /** Read what the file already holds (default: start at its end, as `tail -F` does). */
  fromStart?: boolean
  /** How often the file is looked at (default 250 ms). */
  pollMs?: number
  onLine: (line: string) => void
  onProblem?: (detail: string) => void
}

const CHUNK = 256 * 1024

/**
 * Follows a file that another program appends lines to (Suricata's eve.json), the way
 * `tail -F` does: by name, surviving rotation (the file renamed or removed and a new one
 * created: what was left in the old one is read to its end first) and truncation (copytruncate:
 * reading starts again at the top). It polls rather than watches, because inotify misses
 * events on some file systems and across rotation; a poll costs one stat.
 */
export class FileTail {
  #handle: FileHandle | null = null
  #inode = -1
  #position = 0
  #partial = ''
  #decoder = new StringDecoder('utf8')
  #timer: NodeJS.Timeout | null = null
  #running = false
  #polling: Promise<void> = Promise.resolve()
  rotations = 0
  truncations = 0

  constructor(private options: FileTailOptions) {}

  async start() {
    this.#running = true
    const opened = await this.#open(!this.options.fromStart)
    if (!opened) this.options.onProblem?.(`${this.options.path} does not exist yet: waiting for it`)
    this.#schedule()
  }

  /** Reads what is there now (tests and shutdown call it; the poll does too). */
  poll(): Promise<void> {
    this.#polling = this.#polling.then(() => this.#poll()).catch((error) => this.options.onProblem?.(`${this.options.path}: ${(error as Error).message}`))
    return this.#polling
  }

  async stop() {
    this.#running = false
    if (this.#timer) clearTimeout(this.#timer)
    await this.poll()
    await this.#handle?.close()
    this.#handle = null
  }

  #schedule() {
    if (!this.#running) return
    this.#timer = setTimeout(() => void this.poll().then(() => this.#schedule()), this.options.pollMs ?? 250)
  }

  async #open(atEnd: boolean) {
    try {
      const handle = await open(this.options.path, 'r')
      const info = await handle.stat()
      this.#handle = handle
      this.#inode = info.ino
      this.#position = atEnd ? info.size : 0
      this.#partial = ''
      this.#decoder = new StringDecoder('utf8')
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw error
    }
  }

  async #poll() {
    if (!this.#handle) {
      if (!(await this.#open(false))) return
    }
    await this.#drain()
    let named: Awaited<ReturnType<typeof stat>> | null = null
    try {
      named = await stat(this.options.path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    if (named && named.ino !== this.#inode) {
      // Rotated: the old file has been read to its end; a line it left unfinished is ended here.
      this.rotations++
      this.#end()
      await this.#handle!.close()
      this.#handle = null
      if (await this.#open(false)) await this.#drain()
    }
  }

  async #drain() {
    const handle = this.#handle!
    const { size } = await handle.stat()
    if (size < this.#position) {
      this.truncations++
      this.#position = 0
      this.#partial = ''
      this.#decoder = new StringDecoder('utf8')
    }
    const buffer = Buffer.allocUnsafe(CHUNK)
    while (this.#position < size) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, size - this.#position), this.#position)
      if (bytesRead === 0) break
      this.#position += bytesRead
      this.#lines(this.#decoder.write(buffer.subarray(0, bytesRead)))
    }
  }

  #lines(text: string) {
    const parts = (this.#partial + text).split('\n')
    this.#partial = parts.pop()!
    for (const line of parts) this.options.onLine(line.endsWith('\r') ? line.slice(0, -1) : line)
  }

  #end() {
    const rest = this.#partial + this.#decoder.end()
    this.#partial = ''
    if (rest.length > 0) this.options.onLine(rest)
  }
}
