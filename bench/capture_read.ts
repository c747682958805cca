/**
 * Capture reading: packets/s of our reader (pcap-parser underneath) and of our capture → flow
 * assembly, against `tcpdump -r FILE -w /dev/null` on the same generated file, in one run.
 *
 *   node --import=@poppinss/ts-exec bench/capture_read.ts [--packets 1000000] [--rounds 3]
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir, loadavg } from 'node:os'
import { join } from 'node:path'
import { captureToFlows } from '#collectors/flow/capture_flows'
import { readCapture } from '#collectors/flow/capture_reader'
import { ethernet, ipv4Packet, pcapFile, pcapngFile, type TestPacket } from '#tests/support/flow_captures'
import { median, option } from './support.ts'

const count = option('packets', 1_000_000)
const writeAt = process.argv.indexOf('--write')
if (writeAt !== -1) {
  await write({ pcap: join(process.argv[writeAt + 1], 'bench.pcap'), pcapng: join(process.argv[writeAt + 1], 'bench.pcapng') })
  process.exit(0)
}
const dir = await mkdtemp(join(tmpdir(), 'capbench-'))
const files = { pcap: join(dir, 'bench.pcap'), pcapng: join(dir, 'bench.pcapng') }
// The files are written by a child process, so the reading is timed in a process whose heap
// did not just build a million packets.
const writer = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1), '--write', dir], { stdio: 'inherit' })
if (writer.status !== 0) throw new Error('writing the captures failed')

async function write(files: { pcap: string; pcapng: string }) {
  const t0 = 1_780_000_000_000_000
  // 5,000 TCP/UDP conversations, frames of 54..654 bytes, 10 µs apart; written in batches.
  const outputs = { pcap: createWriteStream(files.pcap), pcapng: createWriteStream(files.pcapng) }
  const BATCH = 50_000
  for (let from = 0; from < count; from += BATCH) {
    const packets: TestPacket[] = []
    for (let i = from; i < Math.min(count, from + BATCH); i++) {
      const c = i % 5000
      const udp = c % 4 === 0
      const ip = ipv4Packet(`10.${c >> 8}.${c & 255}.1`, `192.0.2.${c % 200}`, { protocol: udp ? 17 : 6, srcPort: 1024 + c, dstPort: udp ? 53 : 443, payload: (i * 37) % 600 })
      packets.push({ timeUs: t0 + i * 10, frame: ethernet(ip) })
    }
    // Each batch is a whole file; later batches go without the file header (pcap 24 bytes, pcapng SHB + IDB 48).
    const pcap = pcapFile(packets)
    const ng = pcapngFile(packets)
    outputs.pcap.write(from === 0 ? pcap : pcap.subarray(24))
    outputs.pcapng.write(from === 0 ? ng : ng.subarray(48))
  }
  await Promise.all(Object.values(outputs).map((o) => new Promise((resolve) => o.end(resolve))))
}

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
const rounds = option('rounds', 3)
console.log(`median of ${rounds} rounds, the three readers taking turns`)
for (const [format, file] of Object.entries(files)) {
  const times = { tcpdump: [] as number[], read: [] as number[], flows: [] as number[] }
  for (let round = 0; round < rounds; round++) {
    const [tcpdump, tcpdumpSeconds] = time(() => spawnSync('tcpdump', ['-r', file, '-w', '/dev/null'], { encoding: 'utf8' }))
    if (tcpdump.status !== 0) throw new Error(tcpdump.stderr)
    times.tcpdump.push(tcpdumpSeconds)
    const [read, readSeconds] = await timeAsync(() => readCapture(file, () => {}))
    times.read.push(readSeconds)
    const [flows, flowSeconds] = await timeAsync(() => captureToFlows(file, { onFlow: () => {} }))
    times.flows.push(flowSeconds)
    if (read.packets !== count || flows.summary.packets_read !== count) throw new Error(`read ${read.packets}, ${flows.summary.packets_read}`)
  }
  const tcpdumpRate = count / median(times.tcpdump)
  const row = (name: string, seconds: number) =>
    `${format.padEnd(7)} ${name.padEnd(24)} ${Math.round(count / seconds).toLocaleString('en').padStart(12)} packets/s  ${((count / seconds / tcpdumpRate) * 100).toFixed(0)}% of tcpdump`
  console.log(row('tcpdump -r -w /dev/null', median(times.tcpdump)))
  console.log(row('ours: read', median(times.read)))
  console.log(row('ours: read + flows', median(times.flows)))
}
await rm(dir, { recursive: true, force: true })
