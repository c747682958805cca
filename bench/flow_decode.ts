/**
 * Decoding: NetFlow v9 and IPFIX flows/s decoded by one process, with nfdump's reading rate of
 * the same flows beside it (the same datagrams sent to nfcapd, then `nfdump -R DIR -s proto`,
 * which reads every flow and prints only a summary).
 *
 *   node --import=@poppinss/ts-exec bench/flow_decode.ts [--flows 1000000] [--rounds 5] [--no-nfdump]
 */
import { spawnSync } from 'node:child_process'
import dgram from 'node:dgram'
import { loadavg } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { FlowDecoder } from '#collectors/flow/decoder'
import { Nfcapd } from '#tests/support/flow_peers'
import { median, option } from './support.ts'

const total = option('flows', 1_000_000)
const rounds = option('rounds', 5)
const withNfdump = !process.argv.includes('--no-nfdump')
const PER_DATAGRAM = 30
const u16 = (...v: number[]) => Buffer.concat(v.map((x) => Buffer.from([x >> 8, x & 0xff])))
// src4, dst4, sport, dport, proto, tcp flags, packets (4), bytes (4), in/out if (4), start/end.
const FIELDS = [8, 4, 12, 4, 7, 2, 11, 2, 4, 1, 6, 1, 2, 4, 1, 4, 10, 4, 14, 4]

function datagrams(version: 9 | 10): Buffer[] {
  const times = version === 9 ? [22, 4, 21, 4] : [152, 8, 153, 8]
  const fields = [...FIELDS, ...times]
  const template = Buffer.concat([u16(256, fields.length / 2), u16(...fields)])
  const recordLength = 4 + 4 + 2 + 2 + 1 + 1 + 4 + 4 + 4 + 4 + (version === 9 ? 8 : 16)
  const out: Buffer[] = []
  const exportSeconds = Math.floor(Date.now() / 1000)
  for (let d = 0; d * PER_DATAGRAM < total; d++) {
    const records = Buffer.alloc(recordLength * PER_DATAGRAM)
    for (let r = 0; r < PER_DATAGRAM; r++) {
      const i = d * PER_DATAGRAM + r
      let at = r * recordLength
      at = records.writeUInt32BE(0x0a000000 + (i % 65536), at)
      at = records.writeUInt32BE(0xc0000200 + (i % 200), at)
      at = records.writeUInt16BE(1024 + (i % 60000), at)
      at = records.writeUInt16BE(443, at)
      records[at++] = 6
      records[at++] = 0x1b
      at = records.writeUInt32BE(1 + (i % 100), at)
      at = records.writeUInt32BE(64 * (1 + (i % 100)), at)
      at = records.writeUInt32BE(1, at)
      at = records.writeUInt32BE(2, at)
      if (version === 9) {
        at = records.writeUInt32BE(1000, at)
        records.writeUInt32BE(2000, at)
      } else {
        at = records.writeBigUInt64BE(BigInt(exportSeconds * 1000 - 2000), at)
        records.writeBigUInt64BE(BigInt(exportSeconds * 1000 - 1000), at)
      }
    }
    const sets = [...(d % 20 === 0 ? [[version === 9 ? 0 : 2, template] as const] : []), [256, records] as const].map(([id, b]) => Buffer.concat([u16(id, 4 + b.length), b]))
    const body = Buffer.concat(sets)
    const h = Buffer.alloc(version === 9 ? 20 : 16)
    h.writeUInt16BE(version)
    if (version === 9) {
      h.writeUInt16BE(sets.length, 2)
      h.writeUInt32BE(3_600_000, 4)
      h.writeUInt32BE(exportSeconds, 8)
      h.writeUInt32BE(d, 12)
    } else {
      h.writeUInt16BE(16 + body.length, 2)
      h.writeUInt32BE(exportSeconds, 4)
      h.writeUInt32BE(d * PER_DATAGRAM, 8)
    }
    out.push(Buffer.concat([h, body]))
  }
  return out
}

// Each version decodes in a process of its own: in one process the second runs on code the
// first one's shapes tuned, and measures the order rather than the decoder.
const only = option('only', 0)
if (only === 0) {
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${total} flows, ${PER_DATAGRAM} per datagram, median of ${rounds} rounds`)
  for (const v of [9, 10]) {
    const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1), '--only', String(v)], { stdio: 'inherit' })
    if (child.status !== 0) process.exit(child.status ?? 1)
  }
  process.exit(0)
}
for (const version of [only] as (9 | 10)[]) {
  const messages = datagrams(version)
  // Warm-up pass, then the timed one, each on a fresh decoder.
  new FlowDecoder().decode(messages[0], 'warm')
  // Median of the rounds, each on a fresh decoder (the machine is shared: one round is noise).
  let flows = 0
  const times: number[] = []
  for (let round = 0; round < rounds; round++) {
    const decoder = new FlowDecoder()
    flows = 0
    const start = process.hrtime.bigint()
    for (const m of messages) flows += decoder.decode(m, '192.0.2.1').length
    times.push(Number(process.hrtime.bigint() - start) / 1e9)
    if (flows !== messages.length * PER_DATAGRAM) throw new Error(`decoded ${flows}`)
  }
  const seconds = median(times)
  if (!withNfdump) {
    console.log(`${version === 9 ? 'NetFlow v9' : 'IPFIX'} ours ${Math.round(flows / seconds).toLocaleString('en')} flows/s decoded`)
    continue
  }

  const nfcapd = new Nfcapd(3419)
  await nfcapd.start()
  const socket = dgram.createSocket('udp4')
  for (let i = 0; i < messages.length; i++) {
    socket.send(messages[i], 3419, '127.0.0.1')
    // nfcapd drops what its socket cannot hold: paced at about 300,000 flows/s.
    if (i % 50 === 49) await sleep(5)
  }
  await sleep(1000)
  socket.close()
  await nfcapd.stop()
  const dir = nfcapd.dir
  const nfdumpStart = process.hrtime.bigint()
  const summary = spawnSync('nfdump', ['-R', dir, '-q', '-s', 'proto', '-n', '1'], { encoding: 'utf8' })
  const nfdumpSeconds = Number(process.hrtime.bigint() - nfdumpStart) / 1e9
  const stored = (await nfcapd.read()).length
  const name = version === 9 ? 'NetFlow v9' : 'IPFIX'
  console.log(`${name.padEnd(10)} ours  ${Math.round(flows / seconds).toLocaleString('en').padStart(12)} flows/s decoded`)
  console.log(`${name.padEnd(10)} nfdump ${Math.round(stored / nfdumpSeconds).toLocaleString('en').padStart(11)} flows/s read from nfcapd files (${stored} flows nfcapd kept; ${summary.status === 0 ? 'ok' : summary.stderr.trim()})`)
  console.log(`${name.padEnd(10)} ratio ${(flows / seconds / (stored / nfdumpSeconds)).toFixed(2)}`)
}
