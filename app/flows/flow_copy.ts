import type { StoredFlow } from '#app/flows/flow_store'

/** Raw flows as the PostgreSQL store writes them: COPY text, one line per flow, in these columns. */
export const COPY_COLUMNS = [
  'first_at', 'last_at', 'exporter', 'version', 'observation_domain', 'src_addr', 'dst_addr', 'src_port', 'dst_port', 'protocol',
  'packets', 'bytes', 'tcp_flags', 'input_if', 'output_if', 'sampling_rate', 'device_id', 'link_id', 'src_agency_id', 'dst_agency_id',
] as const

/** COPY text format: tabs, newlines and backslashes in the one free-text column are escaped. */
const copyText = (text: string) => text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
const orNull = (n: number | null) => (n === null ? '\\N' : String(n))

/**
 * One time column as COPY reads it (what toISOString writes). toISOString was a tenth of the
 * worker's time: a column's flows in a batch share their few seconds, so the text up to the
 * second is made once per second seen.
 */
export class CopyTimeColumn {
  #second = Number.NaN
  #prefix = ''

  text(ms: number) {
    const second = Math.floor(ms / 1000)
    if (second !== this.#second) {
      const iso = new Date(second * 1000).toISOString()
      // Years past 9999 are written with six digits and a sign: left to toISOString whole.
      if (iso.length !== 24) return new Date(ms).toISOString()
      this.#second = second
      this.#prefix = iso.slice(0, 20)
    }
    const milli = ms - second * 1000
    return `${this.#prefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`
  }
}

export function copyLines(flows: StoredFlow[]): string {
  let out = ''
  const first = new CopyTimeColumn()
  const last = new CopyTimeColumn()
  const exporters = new Map<string, string>()
  for (const f of flows) {
    let exporter = exporters.get(f.exporter)
    if (exporter === undefined) exporters.set(f.exporter, (exporter = copyText(f.exporter)))
    out +=
      `${first.text(f.first.getTime())}\t${last.text(f.last.getTime())}\t${exporter}\t${f.version}\t${f.observationDomain}\t` +
      `${f.srcAddr}\t${f.dstAddr}\t${f.srcPort}\t${f.dstPort}\t${f.protocol}\t${f.packets}\t${f.bytes}\t${f.tcpFlags}\t` +
      `${f.inputIf}\t${f.outputIf}\t${f.samplingRate}\t${orNull(f.deviceId)}\t${orNull(f.linkId)}\t${orNull(f.srcAgencyId)}\t${orNull(f.dstAgencyId)}\n`
  }
  return out
}
