/**
 * Answers ICMP and ICMPv6 echo requests arriving on a TUN device after a delay the test chooses,
 * with uniform jitter: the kernel here has no netem, so this is how a test makes a slow line.
 * Runs inside the lab's namespace (`ip netns exec NS node tests/support/tun_echo_responder.ts
 * DEVICE DELAY_MS JITTER_MS`); plain erasable TypeScript, so Node runs it without a loader.
 * Prints "ready" once attached; ends when its stdin closes (the test went away).
 */
import { openSync, writeSync } from 'node:fs'
import koffi from 'koffi'

const [device, delayText, jitterText] = process.argv.slice(2)
const delayMs = Number(delayText ?? 0)
const jitterMs = Number(jitterText ?? 0)

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

const fd = openSync('/dev/net/tun', 'r+')
const ifreq = Buffer.alloc(40)
ifreq.write(device, 0, 15, 'ascii')
ifreq.writeUInt16LE(IFF_TUN | IFF_NO_PI, 16)
if (Number(ioctl(fd, TUNSETIFF, ifreq)) < 0) {
  console.error(`TUNSETIFF ${device}: errno ${koffi.errno()}`)
  process.exit(1)
}

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

/** The echo reply to a request, or null for anything else. */
function replyTo(packet: Buffer): Buffer | null {
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

// Non-blocking, woken by poll(2) on one of koffi's threads, then drained in one turn: a clump of
// requests costs one wake-up, not one thread round trip each, so a loaded machine delays the
// probes of both tools alike instead of the later ones of a clump.
fcntl(fd, F_SETFL, O_NONBLOCK)
const buffer = Buffer.alloc(65536)
const pollfd = Buffer.alloc(8)
pollfd.writeInt32LE(fd, 0)
pollfd.writeInt16LE(1, 4)
function next() {
  poll.async(pollfd, 1, 1000, () => {
    for (;;) {
      const length = Number(readFd(fd, buffer, buffer.length))
      if (length <= 0) break
      const arrived = performance.now()
      const reply = replyTo(buffer.subarray(0, length))
      if (!reply) continue
      const wait = Math.max(0, delayMs + jitterMs * (2 * Math.random() - 1))
      setTimeout(() => writeSync(fd, reply), Math.max(0, wait - (performance.now() - arrived)))
    }
    next()
  })
}
next()
// A poll may be waiting on one of koffi's threads, which process.exit would wait for.
process.stdin.on('close', () => process.kill(process.pid, 'SIGKILL'))
process.stdin.resume()
console.log('ready')
