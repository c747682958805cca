import dgram from 'node:dgram'
import net from 'node:net'
import { parseSyslog, type SyslogMessage } from '#collectors/security/syslog'

/**
 * Syslog over TCP is a byte stream cut into frames one of two ways (RFC 6587): octet counting
 * (`LENGTH SP MESSAGE`) or a trailing LF. A message always starts with "<", so a frame that
 * starts with a digit is octet-counted; each frame is judged on its own, as senders that switch
 * framing after a reconnect exist. A frame longer than `maxFrame` is skipped and counted.
 */
export class SyslogFramer {
  #buffer: Buffer = Buffer.alloc(0)
  /** Bytes still to throw away from an over-long frame. */
  #skipping = 0
  #skippingToNewline = false
  oversize = 0
  badLength = 0

  constructor(private maxFrame = 64 * 1024) {}

  push(chunk: Buffer): Buffer[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
    const frames: Buffer[] = []
    for (;;) {
      if (this.#skipping > 0) {
        const n = Math.min(this.#skipping, this.#buffer.length)
        this.#skipping -= n
        this.#buffer = this.#buffer.subarray(n)
        if (this.#skipping > 0) break
      }
      if (this.#skippingToNewline) {
        const lf = this.#buffer.indexOf(10)
        if (lf < 0) {
          this.#buffer = Buffer.alloc(0)
          break
        }
        this.#buffer = this.#buffer.subarray(lf + 1)
        this.#skippingToNewline = false
      }
      if (this.#buffer.length === 0) break
      const first = this.#buffer[0]
      if (first === 10 || first === 13 || first === 32) {
        // Stray line ends between frames (some senders end octet-counted frames with LF too).
        this.#buffer = this.#buffer.subarray(1)
        continue
      }
      if (first >= 0x30 && first <= 0x39) {
        const space = this.#buffer.indexOf(32)
        if (space < 0) {
          if (this.#buffer.length > 10) this.#garbage()
          break
        }
        const digits = this.#buffer.subarray(0, space).toString('latin1')
        if (!/^[1-9]\d{0,9}$/.test(digits)) {
          this.#garbage()
          continue
        }
        const length = Number(digits)
        if (length > this.maxFrame) {
          this.oversize++
          this.#buffer = this.#buffer.subarray(space + 1)
          this.#skipping = length
          continue
        }
        if (this.#buffer.length < space + 1 + length) break
        frames.push(this.#buffer.subarray(space + 1, space + 1 + length))
        this.#buffer = this.#buffer.subarray(space + 1 + length)
        continue
      }
      const lf = this.#buffer.indexOf(10)
      if (lf < 0) {
        if (this.#buffer.length > this.maxFrame) {
          this.oversize++
          this.#buffer = Buffer.alloc(0)
          this.#skippingToNewline = true
        }
        break
      }
      if (lf > this.maxFrame) this.oversize++
      else frames.push(this.#buffer.subarray(0, lf))
      this.#buffer = this.#buffer.subarray(lf + 1)
    }
    // Frames point into the buffer: copy them out before the next chunk is appended to it.
    return frames.map((f) => Buffer.from(f))
  }

  /** What was left when the connection closed: an unterminated last LF frame is still a message. */
  end(): Buffer[] {
    const rest = this.#buffer
    this.#buffer = Buffer.alloc(0)
    if (this.#skipping > 0 || this.#skippingToNewline || rest.length === 0) return []
    if (rest[0] >= 0x30 && rest[0] <= 0x39) {
      this.badLength++
      return []
    }
    return [Buffer.from(rest)]
  }

  /** A length that is no length: the rest of the line is thrown away. */
  #garbage() {
    this.badLength++
    const lf = this.#buffer.indexOf(10)
    this.#buffer = lf < 0 ? Buffer.alloc(0) : this.#buffer.subarray(lf + 1)
    if (lf < 0) this.#skippingToNewline = true
  }
}

export interface SyslogCounters {
  udpDatagrams: number
  tcpFrames: number
  tcpConnections: number
  messages: number
  /** Datagrams and frames that are not syslog (no PRI, a broken RFC 5424 header…). */
  malformed: number
  /** TCP frames over the size limit, or with a length that is no number: skipped. */
  badFrames: number
}

export interface SyslogReceiverOptions {
  host?: string
  /** UDP and TCP ports (0: any free one; undefined: that transport is off). */
  udpPort?: number
  tcpPort?: number
  maxFrame?: number
  onMessage: (message: SyslogMessage, transport: 'udp' | 'tcp', sender: string) => void
  onProblem?: (sender: string, detail: string) => void
}

/** Listens for syslog on UDP and TCP and hands on each message parsed. */
export class SyslogReceiver {
  #udp: dgram.Socket | null = null
  #tcp: net.Server | null = null
  #sockets = new Set<net.Socket>()
  readonly counters: SyslogCounters = { udpDatagrams: 0, tcpFrames: 0, tcpConnections: 0, messages: 0, malformed: 0, badFrames: 0 }

  constructor(private options: SyslogReceiverOptions) {}

  async start(): Promise<{ udpPort: number | null; tcpPort: number | null }> {
    const host = this.options.host ?? '0.0.0.0'
    let udpPort: number | null = null
    let tcpPort: number | null = null
    if (this.options.udpPort !== undefined) {
      const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4')
      this.#udp = udp
      udp.on('message', (data, from) => {
        this.counters.udpDatagrams++
        this.#message(data, 'udp', `${from.address}:${from.port}`)
      })
      udp.on('error', (error) => this.options.onProblem?.('udp', error.message))
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject)
        udp.bind(this.options.udpPort, host, () => {
          udp.off('error', reject)
          resolve()
        })
      })
      udpPort = udp.address().port
    }
    if (this.options.tcpPort !== undefined) {
      const server = net.createServer((socket) => this.#connection(socket))
      this.#tcp = server
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(this.options.tcpPort, host, () => {
          server.off('error', reject)
          resolve()
        })
      })
      tcpPort = (server.address() as net.AddressInfo).port
    }
    return { udpPort, tcpPort }
  }

  #connection(socket: net.Socket) {
    this.counters.tcpConnections++
    this.#sockets.add(socket)
    const sender = `${socket.remoteAddress}:${socket.remotePort}`
    const framer = new SyslogFramer(this.options.maxFrame)
    let bad = 0
    const frames = (list: Buffer[]) => {
      const nowBad = framer.oversize + framer.badLength
      if (nowBad > bad) {
        this.counters.badFrames += nowBad - bad
        this.options.onProblem?.(sender, `${nowBad - bad} TCP frame(s) too long or with a broken length, skipped`)
        bad = nowBad
      }
      for (const frame of list) {
        this.counters.tcpFrames++
        this.#message(frame, 'tcp', sender)
      }
    }
    socket.on('data', (chunk) => frames(framer.push(chunk)))
    socket.on('end', () => frames(framer.end()))
    socket.on('error', (error) => this.options.onProblem?.(sender, error.message))
    socket.on('close', () => this.#sockets.delete(socket))
  }

  #message(data: Buffer, transport: 'udp' | 'tcp', sender: string) {
    const reading = parseSyslog(data.toString('utf8'))
    if ('malformed' in reading) {
      this.counters.malformed++
      this.options.onProblem?.(sender, `${reading.malformed}: ${data.toString('utf8', 0, 120)}`)
      return
    }
    this.counters.messages++
    this.options.onMessage(reading.message, transport, sender)
  }

  async stop() {
    this.#udp?.close()
    this.#udp = null
    for (const socket of this.#sockets) socket.destroy()
    if (this.#tcp) await new Promise<void>((resolve) => this.#tcp!.close(() => resolve()))
    this.#tcp = null
  }
}
