import { DateTime } from 'luxon'
import type { HealthReason } from '#app/device_health/health_rules'

/**
 * What device health writes (the reasons a threshold was crossed, the incident it opens), in each
 * language. Stored as keys and parameters and worded when read; times are ISO parameters read
 * in Taipei time. Percent with one decimal, degrees Celsius with one decimal.
 */
const ZONE = 'Asia/Taipei'
const whenEn = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm 'Taipei time'")
const whenZh = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')

type Crossed = HealthReason['params']
type Opened = { hostname: string; since: string; polls: number; reasons: HealthReason[] }

const reasonEn: Record<HealthReason['key'], (p: Crossed) => string> = {
  'device_health.cpu': (p) => `CPU ${p.value}% at or above ${p.threshold}%`,
  'device_health.memory': (p) => `memory ${p.value}% used, at or above ${p.threshold}%`,
  'device_health.storage': (p) => `storage ${p.value}% full, at or above ${p.threshold}%`,
  'device_health.temperature': (p) => `temperature ${p.value} °C at or above ${p.threshold} °C`,
}
const reasonZh: Record<HealthReason['key'], (p: Crossed) => string> = {
  'device_health.cpu': (p) => `CPU 使用率 ${p.value}%，達 ${p.threshold}% 門檻`,
  'device_health.memory': (p) => `記憶體使用率 ${p.value}%，達 ${p.threshold}% 門檻`,
  'device_health.storage': (p) => `儲存空間使用率 ${p.value}%，達 ${p.threshold}% 門檻`,
  'device_health.temperature': (p) => `溫度 ${p.value} °C，達 ${p.threshold} °C 門檻`,
}

const listEn = (reasons: HealthReason[]) => reasons.map((r) => reasonEn[r.key]?.(r.params) ?? r.key).join('; ')
const listZh = (reasons: HealthReason[]) => reasons.map((r) => reasonZh[r.key]?.(r.params) ?? r.key).join('；')

export const deviceHealthMessagesEn = {
  ...reasonEn,
  'device_health.incident_title': (p: { hostname: string }) => `${p.hostname}: device health above its thresholds`,
  'device_health.incident_description': (p: Opened) =>
    `Device health monitoring saw ${p.hostname} above its thresholds for ${p.polls} polls in a row since ${whenEn(p.since)}: ${listEn(p.reasons)}.`,
  'device_health.worse': (p: { reasons: HealthReason[] }) => `Still above its thresholds: ${listEn(p.reasons)}.`,
  'device_health.not_editable': (p: { field: string }) => `${p.field} is the policy's device kind and cannot be changed`,
}

export const deviceHealthMessagesZh: {
  [K in keyof typeof deviceHealthMessagesEn]: (...p: Parameters<(typeof deviceHealthMessagesEn)[K]>) => string
} = {
  ...reasonZh,
  'device_health.incident_title': (p) => `${p.hostname}：設備健康狀態超過門檻`,
  'device_health.incident_description': (p) =>
    `設備健康監控發現 ${p.hostname} 自 ${whenZh(p.since)} 起連續 ${p.polls} 次輪詢超過門檻：${listZh(p.reasons)}。`,
  'device_health.worse': (p) => `仍超過門檻：${listZh(p.reasons)}。`,
  'device_health.not_editable': (p) => `${p.field} 為政策所屬的設備類型，不可變更`,
}
