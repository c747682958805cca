import { DateTime } from 'luxon'
import { ZONE } from '#app/service_levels/business_calendar'

/**
 * What the SLA alarms write on an incident's timeline and what the service-level resources
 * answer when they refuse a value, in each language (merged into app/core/messages.ts).
 */
const whenEn = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm 'Taipei time'")
const whenZh = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')
const CLOCK_EN: Record<string, string> = { respond: 'response', resolve: 'resolution' }
const CLOCK_ZH: Record<string, string> = { respond: '回應', resolve: '解決' }

type Alarm = { clock: string; due: string; minutes: number }

export const slaMessagesEn = {
  'sla.warning': (p: Alarm) => `SLA warning: 75% of the ${CLOCK_EN[p.clock] ?? p.clock} time (${p.minutes} min) used; due ${whenEn(p.due)}`,
  'sla.breach': (p: Alarm) => `SLA breached: the ${CLOCK_EN[p.clock] ?? p.clock} time (${p.minutes} min) ran out at ${whenEn(p.due)}`,
  'sla.hours_order': () => 'the office must open before it closes',
  'sla.weekdays_distinct': () => 'each weekday may be named once',
  'sla.policy_exists': (p: { type: string; priority: string }) => `there is already a policy for ${p.type} incidents of priority ${p.priority}: edit that one`,
  'sla.day_exists': (p: { date: string }) => `${p.date} is already in the calendar: edit that day`,
}

export const slaMessagesZh: { [K in keyof typeof slaMessagesEn]: (...p: Parameters<(typeof slaMessagesEn)[K]>) => string } = {
  'sla.warning': (p) => `SLA 預警：${CLOCK_ZH[p.clock] ?? p.clock}時限（${p.minutes} 分鐘）已用 75%，期限 ${whenZh(p.due)}`,
  'sla.breach': (p) => `SLA 逾時：${CLOCK_ZH[p.clock] ?? p.clock}時限（${p.minutes} 分鐘）已於 ${whenZh(p.due)} 屆滿`,
  'sla.hours_order': () => '上班時間須早於下班時間',
  'sla.weekdays_distinct': () => '每個星期幾只能列一次',
  'sla.policy_exists': (p) => `${p.type === 'security' ? '資安事件' : '服務事件'} ${p.priority} 已有 SLA 政策，請修改該筆`,
  'sla.day_exists': (p) => `${p.date} 已在辦公日曆中，請修改該日`,
}
