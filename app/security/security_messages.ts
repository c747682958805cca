import { DateTime } from 'luxon'
import { Message } from '#app/core/messages'
import type { EventSummary } from '#app/security/security_event'

/**
 * What the security event pipeline writes (event summaries, incident titles and descriptions,
 * timeline entries) and what its routes answer when they refuse a value, in each language
 * (merged into app/core/messages.ts). Times are ISO parameters read in Taipei time.
 */

const ZONE = 'Asia/Taipei'
const whenEn = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm:ss 'Taipei time'")
const whenZh = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm:ss')

const KIND_EN: Record<string, string> = {
  port_scan: 'Port scan', host_sweep: 'Host sweep', flood: 'Traffic flood', brute_force: 'Brute force',
  indicator: 'Traffic with an indicator', new_exposure: 'New exposure to the Internet', beaconing: 'Beaconing', manual_report: 'Reported by the agency',
}
const KIND_ZH: Record<string, string> = {
  port_scan: '連接埠掃描', host_sweep: '主機掃描', flood: '流量洪泛', brute_force: '暴力破解',
  indicator: '與威脅指標通訊', new_exposure: '新對網際網路開放服務', beaconing: '定期回連（beaconing）', manual_report: '機關通報',
}
const ORIGIN_EN: Record<string, string> = { detection: 'flow detection', eve: 'Suricata alert', syslog: 'sensor syslog', manual: 'liaison report' }
const ORIGIN_ZH: Record<string, string> = { detection: '流量偵測', eve: 'Suricata 告警', syslog: '感測器 syslog', manual: '聯絡窗口通報' }

const kindEn = (kind: string) => KIND_EN[kind] ?? kind
const kindZh = (kind: string) => KIND_ZH[kind] ?? kind
const detailIn = (detail: EventSummary['detail'], locale: string) =>
  typeof detail === 'string' ? detail : new Message(detail.key as 'detections.summary', ...(detail.params as [any])).in(locale)

type Title = { kind: string; source: string | null; target: string | null }
type Description = Title & { origin: string; firstSeen: string; agencies: number }
type Grown = { events: number; total: number; lastSeen: string }
type Report = { what: string; noticedAt: string; systems: string[] }

const endsEn = (p: Title) => [p.source && `from ${p.source}`, p.target && `against ${p.target}`].filter(Boolean).join(' ')
const endsZh = (p: Title) => [p.source && `來源 ${p.source}`, p.target && `目標 ${p.target}`].filter(Boolean).join('，')

export const securityMessagesEn = {
  'security.event_summary': (p: EventSummary) => `${ORIGIN_EN[p.origin] ?? p.origin}: ${detailIn(p.detail, 'en')}`,
  'security.incident_title': (p: Title) => `${kindEn(p.kind)} ${endsEn(p)}`.trim(),
  'security.incident_description': (p: Description) =>
    `${kindEn(p.kind)} ${endsEn(p)}, first seen ${whenEn(p.firstSeen)} (${ORIGIN_EN[p.origin] ?? p.origin}); ${p.agencies} agencies affected. Later events of the same attack join this incident.`,
  'security.report_title': (p: { what: string }) => `Security incident reported by the agency: ${p.what.slice(0, 200)}`,
  'security.report_description': (p: Report) =>
    `${p.what}\nNoticed ${whenEn(p.noticedAt)}.${p.systems.length ? ` Systems affected: ${p.systems.join(', ')}.` : ''}`,
  'security.timeline_grown': (p: Grown) => `${p.events} more events of this attack (${p.total} in all), the latest at ${whenEn(p.lastSeen)}`,
  'security.system_outside': (p: { id: number }) => `information system ${p.id} does not exist or is not in your agency scope`,
  'security.noticed_in_future': () => 'the time noticed cannot be in the future',
  'security.agency_needed': () => 'name the agency affected (agency_id): your account is national',
}

export const securityMessagesZh: { [K in keyof typeof securityMessagesEn]: (...p: Parameters<(typeof securityMessagesEn)[K]>) => string } = {
  'security.event_summary': (p) => `${ORIGIN_ZH[p.origin] ?? p.origin}：${detailIn(p.detail, 'zh-TW')}`,
  'security.incident_title': (p) => `${kindZh(p.kind)}${endsZh(p) ? `（${endsZh(p)}）` : ''}`,
  'security.incident_description': (p) =>
    `${kindZh(p.kind)}${endsZh(p) ? `（${endsZh(p)}）` : ''}，首次發現於 ${whenZh(p.firstSeen)}（${ORIGIN_ZH[p.origin] ?? p.origin}）；影響 ${p.agencies} 個機關。同一攻擊其後的事件併入本事件單。`,
  'security.report_title': (p) => `機關通報資安事件：${p.what.slice(0, 200)}`,
  'security.report_description': (p) =>
    `${p.what}\n發現時間 ${whenZh(p.noticedAt)}。${p.systems.length ? `受影響系統：${p.systems.join('、')}。` : ''}`,
  'security.timeline_grown': (p) => `同一攻擊又有 ${p.events} 筆事件（共 ${p.total} 筆），最近一筆於 ${whenZh(p.lastSeen)}`,
  'security.system_outside': (p) => `資訊系統 ${p.id} 不存在或不在您的機關範圍內`,
  'security.noticed_in_future': () => '發現時間不可晚於現在',
  'security.agency_needed': () => '您的帳號屬全國層級，請指定受影響的機關（agency_id）',
}
