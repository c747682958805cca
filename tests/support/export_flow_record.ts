import type { FlowRecord } from '#collectors/flow/flow_record'
import type { ExportFlow } from '#app/demo/sim/flow_encoder'

/** A demo exporter's flow as the collector hands it to the rules, exported by `exporter`. */
export const exportFlowRecord = (f: ExportFlow, exporter = '127.10.0.1'): FlowRecord => ({
  exporter,
  version: 9,
  observationDomain: 0,
  samplingRate: 1,
  ...f,
  first: new Date(f.firstMs),
  last: new Date(f.lastMs),
})
