/**
 * The NetFlow v5 / v9 / IPFIX decoder: one instance keeps every exporter's templates, sampling
 * rates and sequence numbers, and turns datagrams into flow records. It never throws on input:
 * whatever it cannot read is counted against its exporter and reported to `onProblem`.
 */
import { emptyCounters, type ExporterCounters, type FlowRecord } from './flow_record.js'
import { RecordScratch } from './records.js'
import { fieldKind, makeTemplate, type Template, type TemplateField } from './templates.js'
import { decodeV5 } from './netflow_v5.js'
import { readDataSet } from './data_sets.js'

export type ProblemKind = 'malformed' | 'unknown_template' | 'short_record' | 'template_changed' | 'sequence_gap' | 'unsupported_version'
export type ProblemListener = (exporter: string, kind: ProblemKind, detail: string) => void

/** State per transport session and observation domain (RFC 7011 scopes templates so). */
export interface Session {
  templates: Map<number, Template>
  nextSequence: number | null
  /** From options data without a sampler id; NaN until one arrives. */
  samplingRate: number
  samplers: Map<number, number>
  systemInitMs: number
}

const V9_HEADER = 20
const IPFIX_HEADER = 16

export class FlowDecoder {
  readonly exporters = new Map<string, ExporterCounters>()
  readonly #sessions = new Map<string, Session>()
  readonly #scratch = new RecordScratch()
  readonly #onProblem?: ProblemListener

  constructor(options: { onProblem?: ProblemListener } = {}) {
    this.#onProblem = options.onProblem
  }

  counters(exporter: string): ExporterCounters {
    let counters = this.exporters.get(exporter)
    if (!counters) this.exporters.set(exporter, (counters = emptyCounters()))
    return counters
  }

  problem(exporter: string, kind: ProblemKind, detail: string) {
    const counters = this.counters(exporter)
    if (kind === 'malformed' || kind === 'short_record' || kind === 'unsupported_version') counters.malformed++
    else if (kind === 'unknown_template') counters.unknownTemplate++
    else if (kind === 'template_changed') counters.templateChanges++
    this.#onProblem?.(exporter, kind, detail)
  }

  session(address: string, port: number, version: number, domain: number): Session {
    const key = `${address}|${port}|${version}|${domain}`
    let session = this.#sessions.get(key)
    if (!session) {
      session = { templates: new Map(), nextSequence: null, samplingRate: NaN, samplers: new Map(), systemInitMs: NaN }
      this.#sessions.set(key, session)
    }
    return session
  }

  /**
   * Checks a sequence number against the one expected; `unit` says what the protocol counts.
   * A number behind the expected one (restart, reordering) restarts tracking instead of
   * counting four billion losses.
   */
  sequence(exporter: string, session: Session, sequence: number, next: number | null, unit: 'records' | 'datagrams') {
    const counters = this.counters(exporter)
    if (session.nextSequence !== null) {
      const gap = (sequence - session.nextSequence) >>> 0
      if (gap !== 0 && gap < 0x80000000) {
        if (unit === 'records') counters.lostRecords += gap
        else counters.lostDatagrams += gap
        this.#onProblem?.(exporter, 'sequence_gap', `expected ${session.nextSequence}, got ${sequence}: ${gap} ${unit} lost`)
      } else if (gap !== 0) counters.sequenceResets++
    }
    session.nextSequence = next
  }

  /** Decodes one datagram from `address`:`port`; flows come back, problems are counted. */
  decode(msg: Buffer, address: string, port = 0): FlowRecord[] {
    const counters = this.counters(address)
    counters.datagrams++
    const flows: FlowRecord[] = []
    try {
      if (msg.length < 4) {
        this.problem(address, 'malformed', `datagram of ${msg.length} bytes`)
        return flows
      }
      const version = msg.readUInt16BE(0)
      if (version === 5) decodeV5(this, msg, address, flows)
      else if (version === 9) this.#decodeV9(msg, address, port, flows)
      else if (version === 10) this.#decodeIpfix(msg, address, port, flows)
      else this.problem(address, 'unsupported_version', `version ${version}`)
    } catch (error) {
      // Only a bug can land here (every read is bounds-checked); the datagram is lost, not the collector.
      this.problem(address, 'malformed', `decoder error: ${(error as Error).message}`)
    }
    counters.flows += flows.length
    return flows
  }

  #decodeV9(msg: Buffer, exporter: string, port: number, flows: FlowRecord[]) {
    if (msg.length < V9_HEADER) return this.problem(exporter, 'malformed', `v9 header of ${msg.length} bytes`)
    const uptime = msg.readUInt32BE(4)
    const exportMs = msg.readUInt32BE(8) * 1000
    const sequence = msg.readUInt32BE(12)
    const domain = msg.readUInt32BE(16)
    const session = this.session(exporter, port, 9, domain)
    this.sequence(exporter, session, sequence, (sequence + 1) >>> 0, 'datagrams')
    const time = { exportMs, bootMs: exportMs - uptime }
    this.#walkSets(msg, V9_HEADER, msg.length, exporter, session, 9, domain, time, flows)
  }

  #decodeIpfix(msg: Buffer, exporter: string, port: number, flows: FlowRecord[]) {
    if (msg.length < IPFIX_HEADER) return this.problem(exporter, 'malformed', `IPFIX header of ${msg.length} bytes`)
    let end = msg.readUInt16BE(2)
    if (end > msg.length || end < IPFIX_HEADER) {
      this.problem(exporter, 'malformed', `IPFIX message says ${end} bytes, datagram has ${msg.length}`)
      end = msg.length
    }
    const exportMs = msg.readUInt32BE(4) * 1000
    const sequence = msg.readUInt32BE(8)
    const domain = msg.readUInt32BE(12)
    const session = this.session(exporter, port, 10, domain)
    const read = this.#walkSets(msg, IPFIX_HEADER, end, exporter, session, 10, domain, { exportMs, bootMs: NaN }, flows)
    // IPFIX counts data records (options data too); when a set could not be read we do not know how many it held.
    this.sequence(exporter, session, sequence, read ? (sequence + read.records) >>> 0 : null, 'records')
  }

  /** Reads the sets of one message; false when some data set could not be counted. */
  #walkSets(
    msg: Buffer,
    at: number,
    end: number,
    exporter: string,
    session: Session,
    version: 9 | 10,
    domain: number,
    time: { exportMs: number; bootMs: number },
    flows: FlowRecord[]
  ): { records: number } | false {
    let countable = true
    let records = 0
    while (at + 4 <= end) {
      const setId = msg.readUInt16BE(at)
      const length = msg.readUInt16BE(at + 2)
      if (length < 4 || at + length > end) {
        this.problem(exporter, 'malformed', `set ${setId} of length ${length} at byte ${at} of ${end}`)
        return false
      }
      const setEnd = at + length
      const body = at + 4
      if ((version === 9 && setId === 0) || (version === 10 && setId === 2)) this.#templates(msg, body, setEnd, exporter, session, version, false)
      else if ((version === 9 && setId === 1) || (version === 10 && setId === 3)) this.#templates(msg, body, setEnd, exporter, session, version, true)
      else if (setId >= 256) {
        const template = session.templates.get(setId)
        if (!template) {
          this.problem(exporter, 'unknown_template', `data set for template ${setId} (domain ${domain}) before its template`)
          countable = false
        } else {
          const read = readDataSet(this, msg, body, setEnd, exporter, session, template, version, domain, time, flows, this.#scratch)
          if (read < 0) countable = false
          else records += read
        }
      }
      // Set ids 4..255 are reserved: skipped by their length.
      at = setEnd
    }
    return countable ? { records } : false
  }

  #templates(msg: Buffer, at: number, end: number, exporter: string, session: Session, version: 9 | 10, options: boolean) {
    const minHeader = options ? 6 : 4
    while (at + minHeader <= end) {
      const id = msg.readUInt16BE(at)
      let fieldCount: number
      let scopeCount = 0
      if (version === 9 && options) {
        const scopeBytes = msg.readUInt16BE(at + 2)
        const optionBytes = msg.readUInt16BE(at + 4)
        if (scopeBytes % 4 || optionBytes % 4) return this.problem(exporter, 'malformed', `options template ${id}: odd lengths`)
        scopeCount = scopeBytes / 4
        fieldCount = scopeCount + optionBytes / 4
        at += 6
      } else {
        fieldCount = msg.readUInt16BE(at + 2)
        if (options && fieldCount > 0) {
          scopeCount = msg.readUInt16BE(at + 4)
          at += 6
        } else at += 4
      }
      if (fieldCount === 0) {
        // IPFIX withdrawal: one template, or all of a kind when the id is the set's own id.
        if (id === 2 || id === 3) {
          for (const [tid, t] of session.templates) if (t.options === (id === 3)) session.templates.delete(tid)
        } else session.templates.delete(id)
        continue
      }
      if (id < 256 || scopeCount > fieldCount) return this.problem(exporter, 'malformed', `template ${id} with ${fieldCount} fields, ${scopeCount} scope`)
      const fields: TemplateField[] = []
      for (let i = 0; i < fieldCount; i++) {
        if (at + 4 > end) return this.problem(exporter, 'malformed', `template ${id} cut short after ${i} of ${fieldCount} fields`)
        let fieldId = msg.readUInt16BE(at)
        const length = msg.readUInt16BE(at + 2)
        at += 4
        let enterprise = 0
        if (version === 10 && fieldId & 0x8000) {
          if (at + 4 > end) return this.problem(exporter, 'malformed', `template ${id} cut short in an enterprise field`)
          enterprise = msg.readUInt32BE(at)
          fieldId &= 0x7fff
          at += 4
        }
        fields.push({ id: fieldId, length, enterprise, kind: fieldKind(fieldId, enterprise, length, version === 9 && i < scopeCount) })
      }
      const template = makeTemplate(id, options, scopeCount, fields)
      const known = session.templates.get(id)
      if (known && known.signature !== template.signature) {
        this.problem(exporter, 'template_changed', `template ${id} now has another layout`)
      }
      if (!known) this.counters(exporter).templates++
      session.templates.set(id, template)
    }
  }
}
