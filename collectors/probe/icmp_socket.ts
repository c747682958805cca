import koffi from 'koffi'

/**
 * Raw ICMP and ICMPv6 sockets for Node, which has none of its own: socket(2), sendto(2),
 * recvmsg(2) and poll(2) from the C library through koffi (an FFI that ships prebuilt binaries,
 * so nothing is compiled at install). Linux x86-64 and arm64 (LP64) layouts.
 *
 * Why raw sockets and not the kernel's unprivileged ICMP datagram sockets: those need
 * `net.ipv4.ping_group_range` to include the collector's group, a host-wide setting that is off
 * by default on Debian ("1 0", as here) and that the kernel checks per network namespace; raw
 * sockets need CAP_NET_RAW only, which a collector service is given the way fping is (or it runs
 * as root). Both need FFI from Node, so the choice costs nothing in code.
 *
 * Receive times are the kernel's (SO_TIMESTAMPNS): a reply that waits for a busy event loop is
 * still timed when it arrived, so a loaded collector does not report a slow line, and replies
 * can be read in batches.
 */

const AF_INET = 2
const AF_INET6 = 10
const SOCK_RAW = 3
const SOCK_NONBLOCK = 0o4000
const SOCK_CLOEXEC = 0o2000000
const IPPROTO_ICMP = 1
const IPPROTO_ICMPV6 = 58
const SOL_SOCKET = 1
const SO_TIMESTAMPNS = 35
const SO_RCVBUF = 8
const MSG_DONTWAIT = 0x40
const EAGAIN = 11
const EINTR = 4

type Libc = ReturnType<typeof bind>

function bind() {
  const libc = koffi.load('libc.so.6')
  return {
    socket: libc.func('int socket(int domain, int type, int protocol)'),
    setsockopt: libc.func('int setsockopt(int fd, int level, int name, const void *value, uint32_t len)'),
    sendto: libc.func('intptr_t sendto(int fd, const void *buf, size_t len, int flags, const void *to, uint32_t tolen)'),
    recvmsg: libc.func('intptr_t recvmsg(int fd, void *msg, int flags)'),
    close: libc.func('int close(int fd)'),
    malloc: libc.func('void *malloc(size_t size)'),
    free: libc.func('void free(void *ptr)'),
    strerror: libc.func('const char *strerror(int errnum)'),
    clockGettime: libc.func('int clock_gettime(int clock, _Out_ uint8_t *ts)'),
  }
}

let libc: Libc | null = null
function c(): Libc {
  libc ??= bind()
  return libc
}

export type Family = 4 | 6

const CLOCK_REALTIME = 0
const timespec = Buffer.alloc(16)

/** The kernel's wall clock in ms (sub-ms fraction), the clock SO_TIMESTAMPNS stamps replies with. */
export function wallClockMs(): number {
  c().clockGettime(CLOCK_REALTIME, timespec)
  return Number(timespec.readBigInt64LE(0)) * 1000 + Number(timespec.readBigInt64LE(8)) / 1e6
}

export class IcmpSocketError extends Error {
  readonly call: string
  readonly errno: number
  constructor(call: string, errno: number) {
    super(`${call}: ${String(c().strerror(errno))} (errno ${errno})`)
    this.call = call
    this.errno = errno
  }
}

/** One datagram as received: who sent it, the ICMP message (IPv4 header removed), kernel time. */
export interface Received {
  /** addressKey() of the source. */
  from: string
  icmp: Buffer
  /** Kernel receive time, ms since the epoch with sub-microsecond fraction. */
  atMs: number
}

const BUFFER = 2048
const NAME = 28
const CONTROL = 256
/** struct msghdr (56) + struct iovec (16), then the three buffers. */
const HEADER = 56 + 16
const LAYOUT = HEADER + NAME + CONTROL + BUFFER

function sockaddr(family: Family, address: string): Buffer {
  if (family === 4) {
    const out = Buffer.alloc(16)
    out.writeUInt16LE(AF_INET, 0)
    address.split('.').forEach((part, i) => out.writeUInt8(Number(part), 4 + i))
    return out
  }
  const out = Buffer.alloc(28)
  out.writeUInt16LE(AF_INET6, 0)
  ipv6Bytes(address).copy(out, 8)
  return out
}

/** The 16 bytes of an IPv6 address in text form (with :: and an embedded IPv4 tail). */
export function ipv6Bytes(address: string): Buffer {
  const out = Buffer.alloc(16)
  let text = address.split('%')[0]
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4) {
    const [a, b, c2, d] = v4[1].split('.').map(Number)
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c2 << 8) | d).toString(16)}`
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null]
  const front = head ? head.split(':') : []
  const back = tail ? tail.split(':') : []
  const groups = tail === null ? front : [...front, ...Array(8 - front.length - back.length).fill('0'), ...back]
  groups.forEach((g, i) => out.writeUInt16BE(Number.parseInt(g, 16), i * 2))
  return out
}

/** An address as drain() names a datagram's source: its bytes in hex. */
export function addressKey(family: Family, address: string) {
  return family === 4 ? Buffer.from(address.split('.').map(Number)).toString('hex') : ipv6Bytes(address).toString('hex')
}

/**
 * A non-blocking raw socket of one family. `send` writes one datagram; `drain` returns everything
 * queued, each with the kernel's receive time, so the caller may read at its own pace.
 */
export class IcmpSocket {
  readonly family: Family
  #fd: number
  #memory: unknown
  #addresses = new Map<string, Buffer>()
  #view: Buffer
  #closed = false
  /** Datagrams that came without a kernel time and were timed on reading (should stay 0). */
  unstamped = 0

  constructor(family: Family) {
    this.family = family
    const lib = c()
    const fd = Number(
      lib.socket(family === 4 ? AF_INET : AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, family === 4 ? IPPROTO_ICMP : IPPROTO_ICMPV6)
    )
    if (fd < 0) throw new IcmpSocketError('socket', koffi.errno())
    this.#fd = fd
    const one = Buffer.alloc(4)
    one.writeInt32LE(1)
    if (Number(lib.setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, one, 4)) < 0) {
      const errno = koffi.errno()
      lib.close(fd)
      throw new IcmpSocketError('setsockopt(SO_TIMESTAMPNS)', errno)
    }
    // Every raw socket sees every ICMP message the host receives; room for a burst of others'.
    const size = Buffer.alloc(4)
    size.writeInt32LE(1 << 20)
    lib.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, size, 4)

    this.#memory = lib.malloc(LAYOUT)
    const base = koffi.address(this.#memory)
    this.#view = Buffer.from(koffi.view(this.#memory, LAYOUT))
    const view = this.#view
    const name = base + BigInt(HEADER)
    const control = name + BigInt(NAME)
    const data = control + BigInt(CONTROL)
    // struct msghdr
    view.writeBigUInt64LE(name, 0)
    view.writeBigUInt64LE(base + 56n, 16) // msg_iov
    view.writeBigUInt64LE(1n, 24) // msg_iovlen
    view.writeBigUInt64LE(control, 32)
    // struct iovec
    view.writeBigUInt64LE(data, 56)
    view.writeBigUInt64LE(BigInt(BUFFER), 64)
  }

  /** Sends one ICMP message; false when the kernel refused it (no route, buffer full). */
  send(address: string, message: Buffer): { ok: true } | { ok: false; error: string } {
    let to = this.#addresses.get(address)
    if (!to) {
      to = sockaddr(this.family, address)
      if (this.#addresses.size > 100_000) this.#addresses.clear()
      this.#addresses.set(address, to)
    }
    const sent = Number(c().sendto(this.#fd, message, message.length, 0, to, to.length))
    if (sent === message.length) return { ok: true }
    return { ok: false, error: new IcmpSocketError('sendto', koffi.errno()).message }
  }

  /**
   * Hands everything queued now to `accept`, without waiting. The message is a view of the
   * socket's buffer, valid during the call only: most datagrams a raw socket sees are someone
   * else's, and are looked at without a copy. `from` names the source as addressKey() does.
   */
  drain(accept: (datagram: Received) => void) {
    const view = this.#view
    for (;;) {
      view.writeUInt32LE(NAME, 8)
      view.writeBigUInt64LE(BigInt(CONTROL), 40)
      view.writeInt32LE(0, 48)
      const length = Number(c().recvmsg(this.#fd, this.#memory, MSG_DONTWAIT))
      if (length < 0) {
        const errno = koffi.errno()
        if (errno === EAGAIN || errno === EINTR) return
        throw new IcmpSocketError('recvmsg', errno)
      }
      const start = HEADER + NAME + CONTROL
      // IPv4 raw sockets get the IP header too; ICMPv6 ones do not.
      const skip = this.family === 4 ? (view[start] & 0x0f) * 4 : 0
      const icmp = view.subarray(start + skip, start + Math.min(length, BUFFER))
      const from = this.family === 4 ? view.toString('hex', HEADER + 4, HEADER + 8) : view.toString('hex', HEADER + 8, HEADER + 24)
      let atMs = this.#kernelTime(view.readBigUInt64LE(40))
      if (atMs === null) {
        this.unstamped++
        atMs = wallClockMs()
      }
      accept({ from, icmp, atMs })
    }
  }

  #kernelTime(controlLength: bigint): number | null {
    const view = this.#view
    const start = HEADER + NAME
    const end = start + Number(controlLength)
    // struct cmsghdr { size_t len; int level; int type; } then data, 8-byte aligned.
    for (let at = start; at + 16 <= end; ) {
      const len = Number(view.readBigUInt64LE(at))
      if (len < 16) break
      if (view.readInt32LE(at + 8) === SOL_SOCKET && view.readInt32LE(at + 12) === SO_TIMESTAMPNS) {
        const seconds = Number(view.readBigInt64LE(at + 16))
        const nanos = Number(view.readBigInt64LE(at + 24))
        return seconds * 1000 + nanos / 1e6
      }
      at += (len + 7) & ~7
    }
    return null
  }

  close() {
    if (this.#closed) return
    this.#closed = true
    c().close(this.#fd)
    c().free(this.#memory)
  }
}
