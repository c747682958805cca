/**
 * What the two scan benches share: a live exporter sending ordinary traffic and a SYN scan to our
 * collector and to nfcapd at once, nfdump's answer to "has this source probed enough ports?", and
 * the printing of the medians. `scan_latency.ts` stops the clock when the rule fires,
 * `scan_incident_latency.ts` when the incident is in the API.
 */
import { spawn } from 'node:child_process'
import dgram from 'node:dgram'
import { setTimeout as sleep } from 'node:timers/promises'
import { FlowExportEncoder, type ExportFlow } from '#app/demo/sim/flow_encoder'
import { median } from './support.ts'

export const PORTS = 150
export const PROBES_PER_SECOND = 50
/** The port-scan rule's threshold: the earliest any tool could know is the probe of this many ports. */
export const THRESHOLD = 100

/** nfdump's answer: how many distinct ports the attacker's small flows reached, so far. */
export function nfdumpPorts(dir: string, attacker: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('nfdump', ['-R', dir, '-q', '-o', 'fmt:%dp', `src ip ${attacker} and packets < 5`], { stdio: ['ignore', 'pipe', 'ignore'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('close', () => resolve(new Set(out.split('\n').filter((l) => /^\s*\d+\s*$/.test(l))).size))
  })
}

/**
 * A router with two collectors (our NetFlow v9 encoder on one UDP socket): flows that ended go out
 * at the next cache sweep (every `exportMs`) to both ports, among `background` ordinary web flows a
 * second, clients fetching pages and the answers.
 */
export async function liveExporter(options: { exportMs: number; background: number; ports: number[] }) {
  const encoder = new FlowExportEncoder({ version: 9, bootMs: Date.now() - 3_600_000 })
  const socket = dgram.createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  let ended: ExportFlow[] = []
  let ordinary = 0
  const sweep = setInterval(() => {
    const now = Date.now()
    const due = Math.round((options.background * options.exportMs) / 1000)
    for (let i = 0; i < due; i++, ordinary++) {
      const client = `10.2.${(ordinary >> 8) & 255}.${ordinary & 255}`
      const server = `198.51.100.${10 + (ordinary % 40)}`
      const port = 49_152 + (ordinary % 16_000)
      ended.push({ srcAddr: client, dstAddr: server, srcPort: port, dstPort: 443, protocol: 6, packets: 12, bytes: 1_400, firstMs: now - 900, lastMs: now - 5, tcpFlags: 0x1b, inputIf: 2, outputIf: 1 })
      ended.push({ srcAddr: server, dstAddr: client, srcPort: 443, dstPort: port, protocol: 6, packets: 14, bytes: 16_000, firstMs: now - 899, lastMs: now - 4, tcpFlags: 0x1b, inputIf: 1, outputIf: 2 })
    }
    const out = ended
    ended = []
    for (const datagram of encoder.encode(out, now)) {
      for (const port of options.ports) socket.send(datagram, port, '127.0.0.1')
    }
  }, options.exportMs)

  return {
    /**
     * The scan, live from `start`: PORTS probes of `target` at PROBES_PER_SECOND, each answered by
     * a reset within a millisecond, after which its flow has ended and waits for the next sweep.
     */
    async scan(attacker: string, target: string, start: number) {
      for (let i = 0; i < PORTS; i++) {
        const at = start + (i * 1000) / PROBES_PER_SECOND
        const wait = at - Date.now()
        if (wait > 0) await sleep(wait)
        const t = Math.round(at)
        ended.push({ srcAddr: attacker, dstAddr: target, srcPort: 61_000, dstPort: i + 1, protocol: 6, packets: 1, bytes: 44, firstMs: t, lastMs: t, tcpFlags: 0x02, inputIf: 1, outputIf: 2 })
        ended.push({ srcAddr: target, dstAddr: attacker, srcPort: i + 1, dstPort: 61_000, protocol: 6, packets: 1, bytes: 40, firstMs: t + 1, lastMs: t + 1, tcpFlags: 0x14, inputIf: 2, outputIf: 1 })
      }
    },
    close() {
      clearInterval(sweep)
      socket.close()
    },
  }
}

/** When the THRESHOLD-th port of a scan started at `start` is probed. */
export function thresholdProbedAt(start: number) {
  return start + ((THRESHOLD - 1) * 1000) / PROBES_PER_SECOND
}

/** Per round, from the first packet and from the threshold's probe, ours and nfdump's. */
export class ScanTimings {
  ours: number[] = []
  theirs: number[] = []
  oursAfter: number[] = []
  theirsAfter: number[] = []

  add(start: number, ours: number, theirs: number) {
    const probed = thresholdProbedAt(start)
    this.ours.push(ours - start)
    this.theirs.push(theirs - start)
    this.oursAfter.push(ours - probed)
    this.theirsAfter.push(theirs - probed)
    return `${ours - start} ms, nfdump shows ${THRESHOLD} ports ${theirs - start} ms (from the ${THRESHOLD}th port: ${ours - probed} / ${theirs - probed} ms)`
  }

  print(ours: string) {
    const m = (v: number[]) => Math.round(median(v))
    console.log(`ours      first packet → ${ours}: median ${m(this.ours)} ms (from the ${THRESHOLD}th port probed: ${m(this.oursAfter)} ms)`)
    console.log(`reference first packet → nfdump shows ${THRESHOLD} ports (nfcapd -t 2): median ${m(this.theirs)} ms (from the ${THRESHOLD}th port probed: ${m(this.theirsAfter)} ms)`)
    console.log(`ratio     ${(median(this.ours) / median(this.theirs)).toFixed(2)} (ours / reference, from the first packet); ${(median(this.oursAfter) / median(this.theirsAfter)).toFixed(2)} from the ${THRESHOLD}th port`)
  }
}
