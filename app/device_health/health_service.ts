import db from '@adonisjs/lucid/services/db'
import type { HealthReading } from '#collectors/snmp/device_health'
import { floorTo } from '#app/samples/buckets'
import { healthFigures, type HealthFigures } from '#app/device_health/figures'
import { anyKnown, crossedThresholds, stepHealth, DEFAULT_HEALTH_POLICIES, type DeviceKind, type HealthPolicy } from '#app/device_health/health_rules'
import { coveringWindows } from '#app/monitoring/link_health/alarm_rules'
import { activeWindows } from '#app/maintenance/active_windows'
import { incidentView, type MonitoringEvent } from '#app/monitoring/events'
import { keepEvents, publishKept, type EmitEvent } from '#app/monitoring/events_outbox'
import { findForUpdate, noteBySystem, openIncident, settleOnRecovery } from '#app/incidents/incident_service'
import { message } from '#app/core/messages'

/** One device's health from one poll, as the monitoring worker hands it over. */
export interface HealthPoll {
  deviceId: number
  at: Date
  health: HealthReading
  /** The same device's reading at its previous poll (for CPU from ssCpuRaw deltas), if any. */
  previous: HealthReading | null
}

export interface HealthBatchReport {
  written: number
  rejected: Array<{ deviceId: number; reason: string }>
  /** Polls in which a MIB did not answer, by MIB (skipped quietly, counted here and per device). */
  absent: Record<string, number>
  incidentsOpened: number[]
  incidentsSettled: number[]
  suppressed: number
}

const FIGURE_FIELDS = ['cpuPct', 'load1', 'memoryPct', 'memoryTotalBytes', 'storagePct', 'storageUsedBytes', 'storageSizeBytes', 'temperatureC', 'uptimeS'] as const

/** Why a reading cannot be stored, or null: a collector sends only what it read, but the queue is a border. */
export function checkHealth(h: HealthReading): string | null {
  if (!h || typeof h !== 'object') return 'not an object'
  if (!Array.isArray(h.processorLoads) || !Array.isArray(h.storages) || !Array.isArray(h.temperatures) || !Array.isArray(h.absent)) {
    return 'lists missing'
  }
  return null
}

function finiteOrNull(figures: HealthFigures) {
  for (const f of FIGURE_FIELDS) {
    const v = figures[f]
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) (figures as any)[f] = null
  }
  return figures
}

/** The thresholds of every device kind, the table's rows over the defaults. */
export async function healthPolicies(): Promise<Record<DeviceKind, HealthPolicy>> {
  const out = { ...DEFAULT_HEALTH_POLICIES }
  for (const r of await db.from('device_health_policies').select('*')) {
    out[r.device_kind as DeviceKind] = {
      cpuPct: Number(r.cpu_pct),
      memoryPct: Number(r.memory_pct),
      storagePct: Number(r.storage_pct),
      temperatureC: Number(r.temperature_c),
      sustainPolls: Number(r.sustain_polls),
    }
  }
  return out
}

/**
 * Stores device health and judges it: one row per device and poll (a poll delivered twice is
 * stored once), the rollup mark pulled back to the oldest bucket written as the sample writer
 * does, then each device's thresholds, in a short transaction of its own holding its
 * device_health_state row. An incident opens when a threshold is crossed sustainPolls polls in a
 * row, unless a maintenance window covers the device (the same windows that silence its links);
 * it settles through the incident service when a poll finds every figure below again.
 */
export class DeviceHealthService {
  constructor(private options: { emit?: EmitEvent } = {}) {}

  async record(polls: HealthPoll[]): Promise<HealthBatchReport> {
    const report: HealthBatchReport = { written: 0, rejected: [], absent: {}, incidentsOpened: [], incidentsSettled: [], suppressed: 0 }
    const good: Array<HealthPoll & { figures: HealthFigures }> = []
    for (const p of polls) {
      const problem = checkHealth(p.health)
      if (problem) {
        report.rejected.push({ deviceId: p.deviceId, reason: problem })
        continue
      }
      for (const mib of p.health.absent) report.absent[mib] = (report.absent[mib] ?? 0) + 1
      good.push({ ...p, figures: finiteOrNull(healthFigures(p.health, p.previous && !checkHealth(p.previous) ? p.previous : null)) })
    }
    if (!good.length) return report
    const known = new Set<number>(
      (await db.from('devices').whereIn('id', [...new Set(good.map((g) => g.deviceId))]).select('id')).map((r) => Number(r.id))
    )
    const rows = good.filter((g) => {
      if (known.has(g.deviceId)) return true
      report.rejected.push({ deviceId: g.deviceId, reason: 'unknown device' })
      return false
    })
    if (!rows.length) return report
    const col = <T>(pick: (g: (typeof rows)[number]) => T) => rows.map(pick)
    const result = await db.rawQuery(
      `INSERT INTO device_health (at, device_id, cpu_pct, load_1, memory_pct, memory_total_bytes, storage_pct, storage_used_bytes, storage_size_bytes, temperature_c, uptime_s)
       SELECT * FROM unnest(?::timestamptz[], ?::int[], ?::real[], ?::real[], ?::real[], ?::float8[], ?::real[], ?::float8[], ?::float8[], ?::real[], ?::float8[])
       ON CONFLICT (device_id, at) DO NOTHING`,
      [
        col((g) => g.at.toISOString()),
        col((g) => g.deviceId),
        col((g) => g.figures.cpuPct),
        col((g) => g.figures.load1),
        col((g) => g.figures.memoryPct),
        col((g) => g.figures.memoryTotalBytes),
        col((g) => g.figures.storagePct),
        col((g) => g.figures.storageUsedBytes),
        col((g) => g.figures.storageSizeBytes),
        col((g) => g.figures.temperatureC),
        col((g) => g.figures.uptimeS),
      ]
    )
    report.written = result.rowCount ?? 0
    const oldest = Math.min(...rows.map((g) => g.at.getTime()))
    await db.rawQuery(`UPDATE link_sample_rollups SET rolled_to = LEAST(rolled_to, ?::timestamptz) WHERE resolution = '5m'`, [
      floorTo('5m', oldest).toISOString(),
    ])

    const policies = await healthPolicies()
    const ordered = [...rows].sort((a, b) => a.deviceId - b.deviceId || a.at.getTime() - b.at.getTime())
    for (const poll of ordered) await this.#judge(poll, policies, report)
    return report
  }

  async #judge(poll: HealthPoll & { figures: HealthFigures }, policies: Record<DeviceKind, HealthPolicy>, report: HealthBatchReport) {
    const { deviceId, at, figures } = poll
    const events: MonitoringEvent[] = []
    const windows = await activeWindows([], [deviceId], at, at)
    let kept: string[] = []
    await db.transaction(async (trx) => {
      const device = await trx.from('devices').where('id', deviceId).select('id', 'hostname', 'agency_id', 'kind').first()
      if (!device) return
      await trx.rawQuery('INSERT INTO device_health_state (device_id) VALUES (?) ON CONFLICT (device_id) DO NOTHING', [deviceId])
      const state = await trx.from('device_health_state').where('device_id', deviceId).forUpdate().first()
      // A poll older than the last one judged (a retried batch) changes nothing.
      if (state.last_at && new Date(state.last_at).getTime() >= at.getTime()) return
      const policy = policies[device.kind as DeviceKind] ?? DEFAULT_HEALTH_POLICIES.router
      const reasons = crossedThresholds(figures, policy)
      const step = stepHealth({ breachPolls: state.breach_polls, openIncident: state.open_incident_id !== null }, reasons, policy, anyKnown(figures))
      const counts = { ...(state.absent_counts ?? {}) }
      for (const mib of poll.health.absent) counts[mib] = (counts[mib] ?? 0) + 1
      const next: Record<string, unknown> = {
        reasons: JSON.stringify(reasons),
        breach_polls: step.breachPolls,
        breaching_since: reasons.length ? (state.breaching_since ?? at) : null,
        last_at: at,
        absent_mibs: poll.health.absent,
        absent_counts: JSON.stringify(counts),
        health_polls: state.health_polls + 1,
        updated_at: new Date(),
      }
      const deviceView = { id: device.id, hostname: device.hostname, agency_id: device.agency_id, last_error: null }
      if (step.action === 'open') {
        if (coveringWindows(windows, 0, deviceId, at).length) {
          report.suppressed++
        } else {
          const since = new Date(state.breaching_since ?? at)
          const opened = await openIncident(trx, {
            title: message('device_health.incident_title', { hostname: device.hostname }),
            description: message('device_health.incident_description', { hostname: device.hostname, since: since.toISOString(), polls: step.breachPolls, reasons }),
            type: 'service',
            // The device still forwards: its links carry traffic, so it ranks below a link down.
            impact: 'low',
            urgency: 'medium',
            agencyId: device.agency_id,
            items: [{ item_type: 'device', item_id: device.id }],
            at,
          })
          next.open_incident_id = opened.id
          report.incidentsOpened.push(opened.id)
          const worse = message('device_health.worse', { reasons })
          events.push({
            type: 'incident.opened',
            at: at.toISOString(),
            device: deviceView,
            incident: incidentView(opened),
            detail: worse.in('en'),
            detail_message: { key: worse.key, params: worse.params },
          })
        }
      } else if (step.action === 'settle' && state.open_incident_id) {
        const incident = await findForUpdate(trx, state.open_incident_id)
        if (incident) {
          const outcome = await settleOnRecovery(trx, incident, { subject: device.hostname, at })
          report.incidentsSettled.push(incident.id)
          events.push({
            type: outcome === 'resolved' ? 'incident.resolved' : 'incident.noted',
            at: at.toISOString(),
            device: deviceView,
            incident: incidentView(incident),
            detail: null,
          })
        }
        next.open_incident_id = null
      } else if (state.open_incident_id && reasons.length && JSON.stringify(reasons.map((r) => r.key)) !== JSON.stringify((state.reasons ?? []).map((r: { key: string }) => r.key))) {
        // The set of crossed thresholds changed while the incident is open: say so on it.
        await noteBySystem(trx, state.open_incident_id, message('device_health.worse', { reasons }), at)
      }
      await trx.from('device_health_state').where('device_id', deviceId).update(next)
      kept = await keepEvents(trx, events)
    })
    await publishKept(events, kept, this.options.emit)
  }
}

/** The service the monitoring worker calls. */
export const deviceHealthService = new DeviceHealthService()
