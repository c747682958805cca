/**
 * What the flows API answers (GET /api/flows/*), shared by the stores that produce it and the UI
 * that reads it: one definition, so a field renamed on one side fails the other's type check.
 */

export interface Totals {
  flows: number
  packets: number
  bytes: number
}

export type Talker = Totals & { address: string }
export type PortRow = Totals & { protocol: number; port: number }
export type ProtocolRow = Totals & { protocol: number }

/** One flow in a search answer (snake_case, ISO times), as the API and the CSV export give it. */
export interface FlowRow {
  first: string
  last: string
  exporter: string
  version: number
  src_addr: string
  dst_addr: string
  src_port: number
  dst_port: number
  protocol: number
  packets: number
  bytes: number
  tcp_flags: number
  input_if: number
  output_if: number
  sampling_rate: number
  device_id: number | null
  link_id: number | null
  src_agency_id: number | null
  dst_agency_id: number | null
}
