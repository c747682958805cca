import client from 'prom-client'
import type User from '#app/access/user'
import { flowExportersFor } from '#app/flow_exporters/flow_exporters'
import { readCollectors } from '#app/flow_exporters/exporter_counters'

/**
 * The flow collectors' counters as Prometheus series, per exporter, on the console's /metrics.
 * The figures come from the collectors' reports in Redis, and a reader sees the exporters of
 * their own agency scope only, so each answer is made in a registry of its own, never in the
 * process-wide one another request could be reading at the same moment.
 */

const COUNTERS = [
  ['datagrams', 'datagrams', 'Export datagrams received'],
  ['flows', 'flows', 'Flow records decoded'],
  ['malformed', 'malformed', 'Datagrams or sets that could not be read'],
  ['unknown_template', 'unknown_template', 'Data sets that arrived before their template (their records are lost)'],
  ['lost_records', 'lost_records', 'Flow records the sequence numbers say never arrived (NetFlow v5, IPFIX)'],
  ['lost_datagrams', 'lost_datagrams', 'Export datagrams the sequence numbers say never arrived (NetFlow v9)'],
  ['sequence_resets', 'sequence_resets', 'Sequence numbers that went backwards (exporter restart)'],
  ['template_changes', 'template_changes', 'Template ids re-used with another layout'],
] as const

export async function flowExporterMetrics(user: User): Promise<string> {
  const registry = new client.Registry()
  const labelNames = ['exporter', 'device'] as const
  const counters = COUNTERS.map(
    ([field, name, help]) => [field, new client.Counter({ name: `gsn_flow_exporter_${name}_total`, help, labelNames, registers: [registry] })] as const
  )
  const lastSeen = new client.Gauge({ name: 'gsn_flow_exporter_last_seen_seconds', help: 'When the exporter was last heard (Unix time)', labelNames, registers: [registry] })
  const reporting = new client.Gauge({ name: 'gsn_flow_exporter_reporting', help: '1 while the collector hearing the exporter reports, 0 once it has stopped', labelNames, registers: [registry] })
  const rows = await flowExportersFor(user)
  for (const row of rows) {
    const labels = { exporter: row.exporter, device: row.device_hostname ?? '' }
    for (const [field, counter] of counters) counter.inc(labels, row[field])
    lastSeen.set(labels, Date.parse(row.last_seen) / 1000)
    reporting.set(labels, row.reporting ? 1 : 0)
  }
  const drops = new client.Counter({
    name: 'gsn_flow_collector_kernel_drops_total',
    help: "Datagrams the kernel dropped on a flow collector's socket (receive buffer full)",
    labelNames: ['collector'] as const,
    registers: [registry],
  })
  // A collector's socket is no agency's; those hearing none of the reader's exporters are left out.
  const heard = new Set(rows.map((r) => r.collector))
  for (const c of await readCollectors()) {
    if ((user.isNational || heard.has(c.collector)) && c.kernelDrops !== null) drops.inc({ collector: c.collector }, c.kernelDrops)
  }
  return registry.metrics()
}
