import { closeSync, openSync, writeSync } from 'node:fs'
import koffi from 'koffi'

/**
 * Answers ICMP and ICMPv6 echo requests arriving on a TUN device, each after the delay a function
 * of its destination chooses, or never (lost): how the demo network makes a slow or lossy line and
 * the tests a slow path, since this kernel has no netem. Protocol code only: the caller creates the
 * routes to the device (`ip route add PREFIX dev NAME`) and says what each address does.
 *
 * The device is opened with TUNSETIFF (CAP_NET_ADMIN): a name that does not exist yet is created
 * and goes away with the file descriptor; one made by `ip tuntap add` is attached to.
 */

/** For a request to this address (text form) arriving now: the delay in ms, or null to drop it. */
export type EchoDecision = (destination: string, version: 4 | 6) => number | null

const libc = koffi.load('libc.so.6')
const ioctl = libc.func('int ioctl(int fd, unsigned long request, void *arg)')
const fcntl = libc.func('int fcntl(int fd, int command, int flags)')
const readFd = libc.func('intptr_t read(int fd, _Out_ uint8_t *buffer, size_t length)')
const poll = libc.func('int poll(_Inout_ uint8_t *fds, uint64_t n, int timeout)')
const F_SETFL = 4
const O_NONBLOCK = 0o4000
const TUNSETIFF = 0x400454ca
const IFF_TUN = 0x0001
const IFF_NO_PI = 0x1000

function sum16(buffer: Buffer, start: number, end: number, initial = 0) {
  let sum = initial
  for (let i = start; i + 1 < end; i += 2) sum += buffer.readUInt16BE(i)
  if ((end - start) % 2 === 1) sum += buffer[end - 1] << 8
  return sum
}

function fold(sum: number) {
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  return ~sum & 0xffff
}

/** The destination of an IPv4 or IPv6 packet, as text. */
export function destinationOf(packet: Buffer): string {
  if (packet[0] >> 4 === 4) return `${packet[16]}.${packet[17]}.${packet[18]}.${packet[19]}`
  const groups: string[] = []
  for (let i = 24; i < 40; i += 2) groups.push(packet.readUInt16BE(i).toString(16))
  // The compressed form (::) as inet's host() writes it: the longest run of two or more zero groups.
  let best: [number, number] = [-1, 0]
  for (let i = 0; i < 8; ) {
    let j = i
    while (j < 8 && groups[j] === '0') j++
    if (j - i > best[1] && j - i > 1) best = [i, j - i]
    i = j > i ? j : i + 1
  }
  if (best[0] < 0) return groups.join(':')
  return `${groups.slice(0, best[0]).join(':')}::${groups.slice(best[0] + best[1]).join(':')}`
}

/** The echo reply to an echo request, or null for any other packet. */
export function echoReply(packet: Buffer): Buffer | null {
  const version = packet[0] >> 4
  if (version === 4) {
    const header = (packet[0] & 0x0f) * 4
    if (packet[9] !== 1 || packet[header] !== 8) return null
    const out = Buffer.from(packet)
    packet.copy(out, 12, 16, 20)
    packet.copy(out, 16, 12, 16)
    out[8] = 64
    out[header] = 0
    out.writeUInt16BE(0, header + 2)
    out.writeUInt16BE(fold(sum16(out, header, out.length)), header + 2)
    out.writeUInt16BE(0, 10)
    out.writeUInt16BE(fold(sum16(out, 0, header)), 10)
    return out
  }
  if (version === 6) {
    if (packet[6] !== 58 || packet[40] !== 128) return null
    const out = Buffer.from(packet)
    packet.copy(out, 8, 24, 40)
    packet.copy(out, 24, 8, 24)
    out[7] = 64
    out[40] = 129
    out.writeUInt16BE(0, 42)
    const length = out.length - 40
    // Pseudo-header: source, destination, upper-layer length, next header 58.
    const pseudo = sum16(out, 8, 40) + (length >>> 16) + (length & 0xffff) + 58
    out.writeUInt16BE(fold(sum16(out, 40, out.length, pseudo)), 42)
    return out
  }
  return null
}

export class TunEchoResponder {
  readonly device: string
  /** Requests answered and dropped so far. */
  readonly stats = { answered: 0, dropped: 0, other: 0 }
  #fd: number
  #decide: EchoDecision
  #closed = false
  #pending = new Set<NodeJS.Timeout>()

  private constructor(device: string, fd: number, decide: EchoDecision) {
    this.device = device
    this.#fd = fd
    this.#decide = decide
  }

  /** Opens (or creates) the TUN device and starts answering. */
  static open(device: string, decide: EchoDecision): TunEchoResponder {
    const fd = openSync('/dev/net/tun', 'r+')
    const ifreq = Buffer.alloc(40)
    ifreq.write(device, 0, 15, 'ascii')
    ifreq.writeUInt16LE(IFF_TUN | IFF_NO_PI, 16)
    if (Number(ioctl(fd, TUNSETIFF, ifreq)) < 0) {
      const errno = koffi.errno()
      closeSync(fd)
      throw new Error(`TUNSETIFF ${device}: errno ${errno}${errno === 1 ? ' (needs CAP_NET_ADMIN)' : ''}`)
    }
    fcntl(fd, F_SETFL, O_NONBLOCK)
    const responder = new TunEchoResponder(device, fd, decide)
    responder.#next()
    return responder
  }

  // Non-blocking, woken by poll(2) on one of koffi's threads, then drained in one turn: a clump of
  // requests costs one wake-up, not one thread round trip each, so a loaded machine delays the
  // probes alike instead of the later ones of a clump.
  #buffer = Buffer.alloc(65536)
  #pollfd = Buffer.alloc(8)
  #next() {
    if (this.#closed) return
    this.#pollfd.writeInt32LE(this.#fd, 0)
    this.#pollfd.writeInt16LE(1, 4)
    poll.async(this.#pollfd, 1, 500, () => {
      if (this.#closed) return
      for (;;) {
        const length = Number(readFd(this.#fd, this.#buffer, this.#buffer.length))
        if (length <= 0) break
        const arrived = performance.now()
        const packet = this.#buffer.subarray(0, length)
        const reply = echoReply(packet)
        if (!reply) {
          this.stats.other++
          continue
        }
        const wait = this.#decide(destinationOf(packet), (packet[0] >> 4) as 4 | 6)
        if (wait === null) {
          this.stats.dropped++
          continue
        }
        this.stats.answered++
        const timer = setTimeout(() => {
          this.#pending.delete(timer)
          if (!this.#closed) writeSync(this.#fd, reply)
        }, Math.max(0, wait - (performance.now() - arrived)))
        this.#pending.add(timer)
      }
      this.#next()
    })
  }

  /** Stops answering; a device this opened and created goes away (after the last poll returns, ≤ 0.5 s). */
  close() {
    if (this.#closed) return
    this.#closed = true
    for (const timer of this.#pending) clearTimeout(timer)
    this.#pending.clear()
    // The fd is closed once the waiting poll has returned, so it never polls a reused number.
    setTimeout(() => closeSync(this.#fd), 600).unref()
  }
}
