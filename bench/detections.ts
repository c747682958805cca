/**
 * Detection throughput: flows/s through all detection rules by one process, beside the flow
 * intake's own NetFlow v9 decoding rate of the same flows, in one run (issue 11: "against the
 * flows issue's decoding rate"). The stream is an hour of generated GSN traffic (agencies'
 * clients to the Internet and back, servers answering, DNS) with attacks mixed in: port scans,
 * host sweeps, password guessing, a beacon and indicator hits. The detections found are printed
 * too, so a change that makes the rules fast by making them blind shows.
 *
 *   node --import=@poppinss/ts-exec bench/detections.ts [--flows 1000000] [--rounds 3]
 */
import { loadavg } from 'node:os'
import type { FlowRecord } from '#collectors/flow/flow_record'
import { FlowDecoder } from '#collectors/flow/decoder'
import { DetectionEngine } from '#app/detections/engine'
import type { Beaconing } from '#app/detections/beaconing'
import { median, option } from './support.ts'

const total = option('flows', 1_000_000)
const rounds = option('rounds', 3)
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)
const HOUR = 3_600_000

let seed = 42
const random = () => {
  // xorshift32: the same stream on every run.
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 4_294_967_296
}
const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)]
const internal = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`
const external = (n: number) => `${100 + (n % 100)}.${(n >> 8) & 255}.${n & 255}.${(n * 7) & 255}`

function traffic(): FlowRecord[] {
  const flows: FlowRecord[] = []
  const base = { exporter: '192.0.2.1', version: 9 as const, observationDomain: 0, inputIf: 1, outputIf: 2, samplingRate: 1 }
  const add = (at: number, f: Pick<FlowRecord, 'srcAddr' | 'dstAddr' | 'srcPort' | 'dstPort' | 'protocol' | 'packets' | 'bytes' | 'tcpFlags'>, seconds = 1) =>
    flows.push({ ...base, ...f, first: new Date(at), last: new Date(at + seconds * 1000) })
  const normal = Math.floor(total * 0.97)
  for (let i = 0; i < normal; i += 2) {
    const at = T0 + (i / normal) * HOUR
    const client = internal(Math.floor(random() * 20_000))
    const server = external(Math.floor(random() * 5_000))
    const port = pick([443, 443, 443, 80, 53, 25, 993, 8443])
    const protocol = port === 53 ? 17 : 6
    const clientPort = 32_768 + Math.floor(random() * 28_000)
    const packets = 2 + Math.floor(random() * 60)
    add(at, { srcAddr: client, dstAddr: server, srcPort: clientPort, dstPort: port, protocol, packets, bytes: packets * 90, tcpFlags: 0x1b }, random() * 20)
    add(at, { srcAddr: server, dstAddr: client, srcPort: port, dstPort: clientPort, protocol, packets, bytes: packets * 900, tcpFlags: 0x1b }, random() * 20)
  }
  // Attacks come in bursts: each kind fills its own twelve minutes of the hour.
  const attacks = total - flows.length
  const perKind = Math.ceil(attacks / 5)
  for (let i = 0; i < attacks; i++) {
    const kind = Math.floor(i / perKind)
    const at = T0 + (i / attacks) * HOUR
    const attacker = external(90_000 + kind)
    switch (kind) {
      case 0:
        add(at, { srcAddr: attacker, dstAddr: internal(100), srcPort: 61_000, dstPort: 1 + (i % 4_000), protocol: 6, packets: 1, bytes: 60, tcpFlags: 0x02 }, 0)
        break
      case 1:
        add(at, { srcAddr: attacker, dstAddr: internal(i % 60_000), srcPort: 61_001, dstPort: 445, protocol: 6, packets: 1, bytes: 60, tcpFlags: 0x02 }, 0)
        break
      case 2:
        add(at, { srcAddr: attacker, dstAddr: internal(200), srcPort: 40_000 + (i % 20_000), dstPort: 22, protocol: 6, packets: 14, bytes: 2_400, tcpFlags: 0x1b }, 3)
        break
      case 3:
        // Four hosts calling one server every half second: too often for the beaconing rule's floor.
        add(at, { srcAddr: internal(300 + (i % 4)), dstAddr: '198.51.100.66', srcPort: 45_000 + (i % 10_000), dstPort: 443, protocol: 6, packets: 6, bytes: 900, tcpFlags: 0x1b }, 1)
        break
      default:
        add(at, { srcAddr: internal(i % 50), dstAddr: `203.0.113.${i % 100}`, srcPort: 50_000, dstPort: 80, protocol: 6, packets: 4, bytes: 400, tcpFlags: 0x1b }, 1)
    }
  }
  return flows.sort((a, b) => a.last.getTime() - b.last.getTime())
}

/** The same flows as NetFlow v9 export datagrams (30 records each), for the decoding rate. */
function datagrams(flows: FlowRecord[]): Buffer[] {
  const u16 = (...v: number[]) => Buffer.concat(v.map((x) => Buffer.from([x >> 8, x & 0xff])))
  // src4, dst4, sport, dport, proto, flags, packets, bytes, first, last (uptime ms).
  const fields = [8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 6, 1, 2, 4, 1, 4, 22, 4, 21, 4]
  const template = Buffer.concat([u16(0, 4 + 4 + fields.length * 2, 256, fields.length / 2), u16(...fields)])
  const ip = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0)
  const uptime = 3 * HOUR
  const boot = T0 - 1000
  const out: Buffer[] = []
  for (let d = 0; d * 30 < flows.length; d++) {
    const chunk = flows.slice(d * 30, d * 30 + 30)
    const records = Buffer.alloc(chunk.length * 30)
    chunk.forEach((f, r) => {
      let at = r * 30
      at = records.writeUInt32BE(ip(f.srcAddr), at)
      at = records.writeUInt32BE(ip(f.dstAddr), at)
      at = records.writeUInt16BE(f.srcPort, at)
      at = records.writeUInt16BE(f.dstPort, at)
      records[at++] = f.protocol
      records[at++] = f.tcpFlags
      at = records.writeUInt32BE(f.packets, at)
      at = records.writeUInt32BE(f.bytes, at)
      at = records.writeUInt32BE(f.first.getTime() - boot, at)
      records.writeUInt32BE(f.last.getTime() - boot, at)
    })
    const data = Buffer.concat([u16(256, 4 + records.length), records])
    const header = Buffer.alloc(20)
    header.writeUInt16BE(9)
    header.writeUInt16BE(d === 0 ? 2 : 1, 2)
    header.writeUInt32BE(uptime, 4)
    header.writeUInt32BE(Math.floor((boot + uptime) / 1000), 8)
    header.writeUInt32BE(d, 12)
    out.push(Buffer.concat(d === 0 ? [header, template, data] : [header, data]))
  }
  return out
}

const flows = traffic()
const messages = datagrams(flows)
const indicators = Array.from({ length: 1_000 }, (_, i) => ({ id: `ioc-${i}`, value: i < 100 ? `203.0.113.${i}` : `${external(50_000 + i)}/32` }))
const setup = { internalPrefixes: ['10.0.0.0/8'], indicators }
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${flows.length} flows over one hour, median of ${rounds} rounds`)

const decodeTimes: number[] = []
const detectTimes: number[] = []
let decoded = 0
let found: Record<string, number> = {}
let stats = {}
let firstSeen = {}
for (let round = 0; round < rounds; round++) {
  const decoder = new FlowDecoder()
  decoded = 0
  let start = process.hrtime.bigint()
  for (const m of messages) decoded += decoder.decode(m, '192.0.2.1').length
  decodeTimes.push(Number(process.hrtime.bigint() - start) / 1e9)

  const engine = new DetectionEngine(setup)
  found = {}
  start = process.hrtime.bigint()
  for (const flow of flows) for (const event of engine.observe(flow)) found[event.kind] = (found[event.kind] ?? 0) + 1
  detectTimes.push(Number(process.hrtime.bigint() - start) / 1e9)
  stats = engine.stats()
  const beaconing = engine.detectors.find((d) => d.name === 'beaconing') as Beaconing
  firstSeen = { entries: beaconing.firstSeen.size, evicted: beaconing.firstSeen.evicted, expired: beaconing.firstSeen.expired }
}
if (decoded !== flows.length) throw new Error(`decoded ${decoded} of ${flows.length}`)
const detectRate = flows.length / median(detectTimes)
const decodeRate = flows.length / median(decodeTimes)
console.log(`detections found: ${JSON.stringify(found)}`)
console.log(`detector state at the end: ${JSON.stringify(stats)}`)
console.log(`beaconing pairs seen once (no channel opened): ${JSON.stringify(firstSeen)}`)
console.log(`ours     ${Math.round(detectRate).toLocaleString('en').padStart(12)} flows/s through all 7 rules (1,000 indicators, agency prefix 10/8)`)
console.log(`decoding ${Math.round(decodeRate).toLocaleString('en').padStart(12)} flows/s (NetFlow v9, the flow intake's FlowDecoder, same flows)`)
console.log(`ratio    ${(detectRate / decodeRate).toFixed(2)} (detection rate / decoding rate)`)
