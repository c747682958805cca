import db from '@adonisjs/lucid/services/db'
import { DAY, HOUR, floorTo } from '#app/samples/buckets'
import { HEALTH_TABLES } from '#app/device_health/health_rollup_sql'
import type { HealthPoint } from '#shared/device_health'

/** Each chart range and the resolution that gives it a few hundred points (as the link traffic's). */
export const HEALTH_RANGES = {
  '1h': { span: HOUR, resolution: 'raw' },
  '24h': { span: DAY, resolution: '5m' },
  '7d': { span: 7 * DAY, resolution: '1h' },
  '30d': { span: 30 * DAY, resolution: '1h' },
  '1y': { span: 365 * DAY, resolution: '1d' },
} as const
export type HealthRange = keyof typeof HEALTH_RANGES

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))

/**
 * A device's health over one of the chart ranges ending now: raw polls for the last hour, the
 * rollups beyond (a raw poll is its own average and maximum). With the latest poll's figures,
 * and the judgement kept for the device (thresholds crossed, MIBs it does not answer).
 */
export async function deviceHealthSeries(deviceId: number, range: HealthRange, now = new Date()) {
  const { span, resolution } = HEALTH_RANGES[range]
  const from = new Date(now.getTime() - span)
  const rows =
    resolution === 'raw'
      ? (
          await db.rawQuery(
            `SELECT at AS time, 1 AS polls, cpu_pct AS cpu_avg, cpu_pct AS cpu_max, load_1 AS load_avg,
                    memory_pct AS memory_avg, memory_pct AS memory_max, storage_pct AS storage_avg, storage_pct AS storage_max,
                    temperature_c AS temperature_avg, temperature_c AS temperature_max, uptime_s
               FROM device_health WHERE device_id = ? AND at >= ? AND at <= ? ORDER BY at`,
            [deviceId, from.toISOString(), now.toISOString()]
          )
        ).rows
      : (
          await db.rawQuery(
            `SELECT bucket AS time, polls, cpu_avg, cpu_max, load_avg, memory_avg, memory_max, storage_avg, storage_max,
                    temperature_avg, temperature_max, uptime_s
               FROM ${HEALTH_TABLES[resolution]} WHERE device_id = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket`,
            [deviceId, floorTo(resolution, from).toISOString(), now.toISOString()]
          )
        ).rows
  const series: HealthPoint[] = rows.map((r: Record<string, unknown>) => ({
    time: new Date(r.time as string).toISOString(),
    polls: Number(r.polls),
    cpu_avg: num(r.cpu_avg),
    cpu_max: num(r.cpu_max),
    load_avg: num(r.load_avg),
    memory_avg: num(r.memory_avg),
    memory_max: num(r.memory_max),
    storage_avg: num(r.storage_avg),
    storage_max: num(r.storage_max),
    temperature_avg: num(r.temperature_avg),
    temperature_max: num(r.temperature_max),
    uptime_s: num(r.uptime_s),
  }))
  const latestRow = await db.from('device_health').where('device_id', deviceId).orderBy('at', 'desc').first()
  const state = await db.from('device_health_state').where('device_id', deviceId).first()
  const policy = await db
    .from('device_health_policies as p')
    .join('devices as d', 'd.kind', 'p.device_kind')
    .where('d.id', deviceId)
    .select('p.id', 'p.cpu_pct', 'p.memory_pct', 'p.storage_pct', 'p.temperature_c', 'p.sustain_polls')
    .first()
  return {
    device_id: deviceId,
    range,
    resolution,
    from: from.toISOString(),
    to: now.toISOString(),
    series,
    latest: latestRow
      ? {
          at: new Date(latestRow.at).toISOString(),
          cpu_pct: num(latestRow.cpu_pct),
          load_1: num(latestRow.load_1),
          memory_pct: num(latestRow.memory_pct),
          memory_total_bytes: num(latestRow.memory_total_bytes),
          storage_pct: num(latestRow.storage_pct),
          storage_used_bytes: num(latestRow.storage_used_bytes),
          storage_size_bytes: num(latestRow.storage_size_bytes),
          temperature_c: num(latestRow.temperature_c),
          uptime_s: num(latestRow.uptime_s),
        }
      : null,
    thresholds: policy
      ? {
          policy_id: Number(policy.id),
          cpu_pct: Number(policy.cpu_pct),
          memory_pct: Number(policy.memory_pct),
          storage_pct: Number(policy.storage_pct),
          temperature_c: Number(policy.temperature_c),
          sustain_polls: Number(policy.sustain_polls),
        }
      : null,
    reasons: (state?.reasons ?? []) as Array<{ key: string; params: Record<string, number> }>,
    breach_polls: state ? Number(state.breach_polls) : 0,
    open_incident_id: state?.open_incident_id ?? null,
    absent_mibs: (state?.absent_mibs ?? []) as string[],
    absent_counts: (state?.absent_counts ?? {}) as Record<string, number>,
    health_polls: state ? Number(state.health_polls) : 0,
  }
}
