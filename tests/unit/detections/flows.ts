import type { FlowRecord } from '#collectors/flow/flow_record'

/** A flow as the intake hands it on, with what a test does not care about filled in. */
export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0)

export function flow(fields: Partial<Omit<FlowRecord, 'first' | 'last'>> & { at?: number; seconds?: number } = {}): FlowRecord {
  const { at = 0, seconds = 0, ...rest } = fields
  return {
    exporter: '192.0.2.250',
    version: 9,
    observationDomain: 0,
    srcAddr: '203.0.113.9',
    dstAddr: '10.1.0.5',
    srcPort: 40_000,
    dstPort: 80,
    protocol: 6,
    packets: 1,
    bytes: 60,
    tcpFlags: 0x02,
    inputIf: 1,
    outputIf: 2,
    samplingRate: 1,
    ...rest,
    first: new Date(T0 + at * 1000),
    last: new Date(T0 + (at + seconds) * 1000),
  }
}
