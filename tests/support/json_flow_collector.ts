import { spawn, type ChildProcess } from 'node:child_process'
import type { FlowRecord } from '#collectors/flow/flow_record'
import { until } from '#tests/support/wait'

/** A line of `flows:collect --json` (collectors/flow/flow_record.ts `flowJson`) read back as the record it was. */
export function flowFromJson(l: any): FlowRecord {
  return {
    exporter: l.exporter,
    version: l.version,
    observationDomain: 0,
    srcAddr: l.src_addr,
    dstAddr: l.dst_addr,
    srcPort: l.src_port,
    dstPort: l.dst_port,
    protocol: l.protocol,
    packets: l.packets,
    bytes: l.bytes,
    first: new Date(l.first),
    last: new Date(l.last),
    tcpFlags: l.tcp_flags,
    inputIf: l.input_if,
    outputIf: l.output_if,
    samplingRate: 1,
  }
}

/**
 * The real `node ace flows:collect --json` on a loopback port, every flow it prints kept as a
 * record in `printed` (the test takes them out as it reads them).
 */
export class JsonFlowCollector {
  printed: FlowRecord[] = []
  stderr = ''
  #child: ChildProcess | null = null
  #pending = ''

  constructor(readonly port: number) {}

  async start() {
    const child = spawn('node', ['ace', 'flows:collect', '--port', String(this.port), '--host', '127.0.0.1', '--json', '--report-every', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    this.#child = child
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (d: string) => {
      this.#pending += d
      const lines = this.#pending.split('\n')
      this.#pending = lines.pop()!
      for (const line of lines) if (line) this.printed.push(flowFromJson(JSON.parse(line)))
    })
    child.stderr!.on('data', (d) => (this.stderr += d))
    await until('the collector to listen', () => this.stderr.includes('listening'), { timeoutMs: 60_000 })
    return this
  }

  stop() {
    this.#child?.kill('SIGKILL')
  }
}
