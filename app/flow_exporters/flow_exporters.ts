import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { scopeQuery } from '#app/access/scope'
import { readCollectors, readExporters } from '#app/flow_exporters/exporter_counters'

/**
 * The flow exporters a person may see, with their latest counters: an exporter belongs to the
 * device whose management address it sends from, and through it to the device's agency; people
 * bound to an agency see the exporters of its devices, national roles every exporter, including
 * the ones no device in the inventory owns.
 */

/** A collector that has not reported for this long has stopped: its exporters' figures are old. */
export const REPORT_STALE_AFTER_MS = 60_000

export interface FlowExporterRow {
  id: string
  exporter: string
  device_id: number | null
  device_hostname: string | null
  agency_id: number | null
  collector: string
  reporting: boolean
  datagrams: number
  flows: number
  malformed: number
  unknown_template: number
  templates: number
  template_changes: number
  lost_records: number
  lost_datagrams: number
  sequence_resets: number
  collector_kernel_drops: number | null
  first_seen: string
  last_seen: string
  reported_at: string
}

export async function flowExportersFor(user: User, now = Date.now()): Promise<FlowExporterRow[]> {
  const [exporters, collectors] = await Promise.all([readExporters(), readCollectors()])
  if (exporters.length === 0) return []
  const addresses = [...new Set(exporters.map((e) => e.exporter))]
  const devices: Array<{ id: number; hostname: string; agency_id: number; management_address: string }> = await scopeQuery(
    db.from('devices').whereIn('management_address', addresses).select('id', 'hostname', 'agency_id', 'management_address').orderBy('id'),
    user,
    'agency_id'
  )
  const deviceOf = new Map<string, (typeof devices)[number]>()
  for (const d of devices) if (!deviceOf.has(d.management_address)) deviceOf.set(d.management_address, d)
  const drops = new Map(collectors.map((c) => [c.collector, c.kernelDrops]))
  const rows: FlowExporterRow[] = []
  for (const e of exporters) {
    const device = deviceOf.get(e.exporter)
    if (!device && !user.isNational) continue
    const c = e.counters
    rows.push({
      id: e.exporter,
      exporter: e.exporter,
      device_id: device?.id ?? null,
      device_hostname: device?.hostname ?? null,
      agency_id: device?.agency_id ?? null,
      collector: e.collector,
      reporting: now - Date.parse(e.reportedAt) <= REPORT_STALE_AFTER_MS,
      datagrams: c.datagrams,
      flows: c.flows,
      malformed: c.malformed,
      unknown_template: c.unknownTemplate,
      templates: c.templates,
      template_changes: c.templateChanges,
      lost_records: c.lostRecords,
      lost_datagrams: c.lostDatagrams,
      sequence_resets: c.sequenceResets,
      collector_kernel_drops: drops.get(e.collector) ?? null,
      first_seen: e.firstSeen,
      last_seen: e.lastSeen,
      reported_at: e.reportedAt,
    })
  }
  return rows
}
