/**
 * Capture reading: packets/s of our reader (pcap-parser underneath) and of our capture → flow
 * assembly, against `tcpdump -r FILE -w /dev/null` on the same generated file, in one run.
 *
 *   node --import=@poppinss/ts-exec bench/capture_read.ts [--packets 1000000]
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir, loadavg } from 'node:os'
import { join } from 'node:path'
import { captureToFlows } from '#collectors/flow/capture_flows'
import { readCapture } from '#collectors/flow/capture_reader'
import { ethernet, ipv4Packet, pcapFile, pcapngFile, type TestPacket } from '#tests/support/flow_captures'
import { option } from './support.ts'

const count = option('packets', 1_000_000)
const dir = await mkdtemp(join(tmpdir(), 'capbench-'))
const packets: TestPacket[] = []
const t0 = 1_780_000_000_000_000
// 5,000 TCP/UDP conversations, frames of 60..1514 bytes, 10 µs apart.
for (let i = 0; i < count; i++) {
  const c = i % 5000
  const udp = c % 4 === 0
  const ip = ipv4Packet(`10.${c >> 8}.${c & 255}.1`, `192.0.2.${c % 200}`, { protocol: udp ? 17 : 6, srcPort: 1024 + c, dstPort: udp ? 53 : 443, payload: (i * 37) % 1400 })
  packets.push({ timeUs: t0 + i * 10, frame: ethernet(ip) })
}
const files = { pcap: join(dir, 'bench.pcap'), pcapng: join(dir, 'bench.pcapng') }
await writeFile(files.pcap, pcapFile(packets))
await writeFile(files.pcapng, pcapngFile(packets))
packets.length = 0

function time<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint()
  const result = fn()
  return [result, Number(process.hrtime.bigint() - start) / 1e9]
}
async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint()
  const result = await fn()
  return [result, Number(process.hrtime.bigint() - start) / 1e9]
}

console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${count} packets`)
for (const [format, file] of Object.entries(files)) {
  const [tcpdump, tcpdumpSeconds] = time(() => spawnSync('tcpdump', ['-r', file, '-w', '/dev/null'], { encoding: 'utf8' }))
  if (tcpdump.status !== 0) throw new Error(tcpdump.stderr)
  const tcpdumpRate = count / tcpdumpSeconds
  const [read, readSeconds] = await timeAsync(() => readCapture(file, () => {}))
  const [flows, flowSeconds] = await timeAsync(() => captureToFlows(file, { onFlow: () => {} }))
  if (read.packets !== count || flows.summary.packets_read !== count) throw new Error(`read ${read.packets}, ${flows.summary.packets_read}`)
  const row = (name: string, seconds: number) =>
    `${format.padEnd(7)} ${name.padEnd(22)} ${Math.round(count / seconds).toLocaleString('en').padStart(12)} packets/s  ${((count / seconds / tcpdumpRate) * 100).toFixed(0)}% of tcpdump`
  console.log(row('tcpdump -r -w /dev/null', tcpdumpSeconds))
  console.log(row('ours: read', readSeconds))
  console.log(row('ours: read + flows', flowSeconds))
}
await rm(dir, { recursive: true, force: true })
