import { DateTime } from 'luxon'
import { reasonWords, type StoredReason } from '#app/monitoring/link_health/link_reason_messages'
import { pollErrorWords, type StoredPollError } from '#shared/device_poll_errors'

/**
 * What the incident service and monitoring write on incidents (titles, descriptions, resolutions,
 * timeline entries), in each language. They are stored as a key and its parameters and worded
 * when read, so the same incident reads in English to one person and in Chinese to another.
 * Times are parameters in ISO form and read in Taipei time; the console's people are there.
 */

const ZONE = 'Asia/Taipei'
const whenEn = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm 'Taipei time'")
const whenZh = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')

function spanEn(minutes: number) {
  if (minutes < 60) return `${minutes} min`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
function spanZh(minutes: number) {
  if (minutes < 60) return `${minutes} 分鐘`
  return `${Math.floor(minutes / 60)} 小時 ${minutes % 60} 分鐘`
}

const TROUBLE_ZH: Record<string, string> = { down: '中斷', degraded: '品質劣化', flapping: '反覆斷線' }
export const LINK_KIND_ZH: Record<string, string> = { uplink: '部會上連', legacy: '機關既有', agency_line: '機關', backup: '備援' }
export const STATUS_ZH: Record<string, string> = {
  new: '新開立',
  assigned: '已指派',
  in_progress: '處理中',
  on_hold: '暫停',
  resolved: '已解決',
  closed: '已結案',
  cancelled: '已取消',
}
const COMMAND_ZH: Record<string, string> = {
  assign: '指派', start: '開始處理', hold: '暫停', resolve: '解決', close: '結案', reopen: '重新開啟', cancel: '取消',
}
const HOLD_EN: Record<string, string> = { requester: 'waiting for the requester', supplier: 'waiting for a supplier', change: 'waiting for a change', other: 'on hold' }
const HOLD_ZH: Record<string, string> = { requester: '等待申告人', supplier: '等待廠商', change: '等待變更', other: '暫停處理' }

type LinkTrouble = { circuitId: string; name: string; trouble: string }
type LinkDescription = LinkTrouble & {
  kind: string
  aEnd: string
  zEnd: string
  hostname: string | null
  ifIndex: number | null
  at: string
  /** Reason parts (worded in the reader's language) or, in incidents opened before, English text. */
  reason: StoredReason
}
/** `error`: the poll failure's kind and raw words, worded for the reader; incidents opened before keep their English text. */
type DeviceDescription = { hostname: string; since: string; polls: number; error: StoredPollError }
type Recovery = { subject: string; at: string; minutes: number }
type Settled = Recovery & { outcome: 'resolved' | 'left'; status: string }

export const incidentMessagesEn = {
  'incidents.command_refused': (p: { command: string; from: string; allowed: string[] }) =>
    `an incident that is ${p.from} cannot be given "${p.command}" (it offers: ${p.allowed.join(', ') || 'nothing: it is final'})`,
  'incidents.assignee_not_eligible': (p: { id: number }) =>
    `user ${p.id} cannot be given this incident: no active account whose role works this type of incident within its agency`,
  'incidents.status_by_command': () => "an incident's status changes through its commands (assign, start, hold, resolve, close, reopen, cancel), not by editing",
  'incidents.assignee_by_command': () => 'an incident is handed to someone through its assign command, not by editing',
  'incidents.link_title': (p: LinkTrouble) => `${p.circuitId} ${p.name}: link ${p.trouble}`,
  'incidents.link_description': (p: LinkDescription) =>
    `Link monitoring saw ${p.kind} line ${p.circuitId} (${p.aEnd} – ${p.zEnd})` +
    `${p.hostname ? ` on ${p.hostname} ifIndex ${p.ifIndex}` : ''} ${p.trouble} at ${whenEn(p.at)}: ${reasonWords(p.reason, 'en')}.`,
  'incidents.device_title': (p: { hostname: string }) => `${p.hostname}: device unreachable`,
  'incidents.device_description': (p: DeviceDescription) =>
    `Device ${p.hostname} has not answered SNMP since ${whenEn(p.since)} (${p.polls} polls in a row): ${pollErrorWords(p.error, 'en')}. ` +
    'The links it polls are shown as unknown and their alarms suppressed.',
  'incidents.recovered': (p: Recovery) =>
    `${p.subject} up again at ${whenEn(p.at)}, ${spanEn(p.minutes)} after the incident opened.`,
  'incidents.recovery_settled': (p: Settled) =>
    `${p.subject} up again at ${whenEn(p.at)}, ${spanEn(p.minutes)} after the incident opened. ` +
    (p.outcome === 'resolved'
      ? 'Resolved automatically: nobody had taken the incident.'
      : `Left ${p.status}: it has been taken, so a person decides.`),
  'incidents.link_flapping': (p: { changes: number }) => `Link started flapping: ${p.changes} state changes within the flap window.`,
  'incidents.link_now': (p: { trouble: string; reason: StoredReason }) => `Link is now ${p.trouble}: ${reasonWords(p.reason, 'en')}.`,
  'incidents.timeline_opened': () => 'Incident opened',
  'incidents.timeline_moved': (p: { from: string; to: string }) => `Status ${p.from.replace('_', ' ')} → ${p.to.replace('_', ' ')}`,
  'incidents.timeline_assigned': (p: { assignee: string }) => `Assigned to ${p.assignee}`,
  'incidents.timeline_unassigned': () => 'Assignee removed',
  'incidents.timeline_hold': (p: { reason: string }) => `On hold, ${HOLD_EN[p.reason] ?? p.reason}`,
  'incidents.timeline_priority': (p: { from: string; to: string }) => `Priority ${p.from} → ${p.to}`,
  'incidents.timeline_parent': (p: { parent: string | null }) =>
    p.parent ? `Made a child of major incident ${p.parent}` : 'No longer a child of a major incident',
  'incidents.timeline_parent_elsewhere': () => "Listed under another agency's major incident",
  'incidents.timeline_problem': (p: { problem: string | null }) =>
    p.problem ? `Linked to problem ${p.problem}` : 'No longer linked to a problem',
}

export const incidentMessagesZh: { [K in keyof typeof incidentMessagesEn]: (...p: Parameters<(typeof incidentMessagesEn)[K]>) => string } = {
  'incidents.command_refused': (p) =>
    `「${STATUS_ZH[p.from] ?? p.from}」的事件單無法執行「${COMMAND_ZH[p.command] ?? p.command}」` +
    `（${p.allowed.length ? `可執行：${p.allowed.map((c) => COMMAND_ZH[c] ?? c).join('、')}` : '此事件單已結束'}）`,
  'incidents.assignee_not_eligible': (p) => `無法指派給使用者 ${p.id}：須為啟用中、角色可處理此類事件且機關範圍涵蓋此事件單的帳號`,
  'incidents.status_by_command': () => '事件單狀態須以處理動作（指派、開始處理、暫停、解決、結案、重新開啟、取消）變更，不能直接編輯',
  'incidents.assignee_by_command': () => '請以「指派」動作指定處理人員，不能直接編輯',
  'incidents.link_title': (p) => `${p.circuitId} ${p.name}：線路${TROUBLE_ZH[p.trouble] ?? p.trouble}`,
  'incidents.link_description': (p) =>
    `線路監測於 ${whenZh(p.at)} 發現${LINK_KIND_ZH[p.kind] ?? p.kind}線路 ${p.circuitId}（${p.aEnd} – ${p.zEnd}）` +
    `${p.hostname ? `（${p.hostname} ifIndex ${p.ifIndex}）` : ''}${TROUBLE_ZH[p.trouble] ?? p.trouble}：${reasonWords(p.reason, 'zh-TW')}。`,
  'incidents.device_title': (p) => `${p.hostname}：設備無回應`,
  'incidents.device_description': (p) =>
    `設備 ${p.hostname} 自 ${whenZh(p.since)} 起未回應 SNMP（連續 ${p.polls} 次輪詢）：${pollErrorWords(p.error, 'zh-TW')}。` +
    '其輪詢的線路顯示為狀態不明，相關告警暫予抑制。',
  'incidents.recovered': (p) => `${p.subject} 已於 ${whenZh(p.at)} 恢復，距事件開立 ${spanZh(p.minutes)}。`,
  'incidents.recovery_settled': (p) =>
    `${p.subject} 已於 ${whenZh(p.at)} 恢復，距事件開立 ${spanZh(p.minutes)}。` +
    (p.outcome === 'resolved' ? '尚無人接手，系統已自動解決。' : `事件單已有人接手，維持「${STATUS_ZH[p.status] ?? p.status}」，由處理人員決定。`),
  'incidents.link_flapping': (p) => `線路開始反覆斷線：在判定期間內狀態改變 ${p.changes} 次。`,
  'incidents.link_now': (p) => `線路目前${TROUBLE_ZH[p.trouble] ?? p.trouble}：${reasonWords(p.reason, 'zh-TW')}。`,
  'incidents.timeline_opened': () => '開立事件單',
  'incidents.timeline_moved': (p) => `狀態：${STATUS_ZH[p.from] ?? p.from} → ${STATUS_ZH[p.to] ?? p.to}`,
  'incidents.timeline_assigned': (p) => `指派給 ${p.assignee}`,
  'incidents.timeline_unassigned': () => '取消指派',
  'incidents.timeline_hold': (p) => `暫停處理：${HOLD_ZH[p.reason] ?? p.reason}`,
  'incidents.timeline_priority': (p) => `優先等級：${p.from} → ${p.to}`,
  'incidents.timeline_parent': (p) => (p.parent ? `列為重大事件 ${p.parent} 的子事件` : '不再隸屬重大事件'),
  'incidents.timeline_parent_elsewhere': () => '列為其他機關重大事件的子事件',
  'incidents.timeline_problem': (p) => (p.problem ? `歸併至問題單 ${p.problem}` : '不再歸併於問題單'),
}
