import { Message, type MessageKey } from '#app/core/messages'
import { DateTime } from 'luxon'
import { reasonWords, type StoredReason } from '#app/monitoring/link_health/link_reason_messages'
import { LINK_KIND_ZH, STATUS_ZH } from '#app/incidents/incident_messages'
import { pollErrorWords, type StoredPollError } from '#shared/device_poll_errors'

/**
 * How an announcement reads in a notification (mail subject, chat line, the UI's live list), in
 * each language. Monitoring's events name their type, subject and incident; other producers
 * bring their own message keys.
 */
const TYPE_EN: Record<string, string> = {
  'link.down': 'link down',
  'link.degraded': 'link degraded',
  'link.recovered': 'link recovered',
  'link.flapping': 'link flapping',
  'device.unreachable': 'device unreachable',
  'device.reachable': 'device reachable again',
  'incident.opened': 'incident opened',
  'incident.resolved': 'incident resolved',
  'incident.noted': 'incident updated',
  'incident.assigned': 'incident assigned',
  'incident.moved': 'incident moved',
  'incident.sla_warning': 'SLA warning',
  'incident.sla_breach': 'SLA breached',
  'incident.graded': 'security incident graded',
  'incident.reported': 'security incident reported to the authority',
  'incident.legal_warning': 'legal deadline warning',
  'incident.legal_breach': 'legal deadline missed',
  'change.submitted': 'change submitted to the CAB',
  'change.approved': 'change approved',
  'change.rejected': 'change rejected',
  'change.scheduled': 'change scheduled',
  'change.implementing': 'change being implemented',
  'change.implemented': 'change implemented',
  'change.failed': 'change failed',
  'problem.opened': 'problem opened',
  'problem.resolved': 'problem resolved',
}
const TYPE_ZH: Record<string, string> = {
  'link.down': '線路中斷',
  'link.degraded': '線路品質劣化',
  'link.recovered': '線路恢復',
  'link.flapping': '線路反覆斷線',
  'device.unreachable': '設備無回應',
  'device.reachable': '設備恢復回應',
  'incident.opened': '事件單開立',
  'incident.resolved': '事件單已解決',
  'incident.noted': '事件單更新',
  'incident.assigned': '事件單已指派',
  'incident.moved': '事件單狀態變更',
  'incident.sla_warning': 'SLA 預警',
  'incident.sla_breach': 'SLA 逾時',
  'incident.graded': '資安事件已定級',
  'incident.reported': '資安事件已通報主管機關',
  'incident.legal_warning': '法定時限預警',
  'incident.legal_breach': '法定時限逾期',
  'change.submitted': '變更已送 CAB 審議',
  'change.approved': '變更已核准',
  'change.rejected': '變更已否決',
  'change.scheduled': '變更已排程',
  'change.implementing': '變更實施中',
  'change.implemented': '變更已實施',
  'change.failed': '變更實施失敗',
  'problem.opened': '問題單開立',
  'problem.resolved': '問題單已解決',
}

const STATE_ZH: Record<string, string> = { up: '正常', down: '中斷', degraded: '品質劣化', unknown: '狀態不明' }

const ZONE = 'Asia/Taipei'
const atEn = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm:ss 'Taipei time'")
const atZh = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm:ss（臺北時間）')

/**
 * The lines of a notification's body under its summary (mail text, the webhook's words): what
 * the producer's payload tells, labelled and worded in one language, times in Taipei time.
 * `detail` and the incident's title come already worded in that language (senders.ts).
 */
export interface MailBody {
  type: string
  at: string
  priority: string
  subject: { kind: string; id: number }
  link: { id: number; circuit_id: string | null; name: string | null; kind: string | null; state: string | null; in_util: number | null; out_util: number | null } | null
  device: { id: number; hostname: string | null } | null
  incident: { id: number; number: string | null; title: string | null; status: string | null } | null
  detail: string | null
}

const SUBJECT_ZH: Record<string, string> = {
  link: '線路', device: '設備', incident: '事件單', problem: '問題單', change: '變更單', security_incident: '資安事件',
}

function bodyLines(p: MailBody, zh: boolean) {
  const label = (en: string, zhLabel: string) => (zh ? `${zhLabel}：` : `${en}:`.padEnd(11))
  const lines = [
    `${label('Event', '事件')}${zh ? (TYPE_ZH[p.type] ?? p.type) : (TYPE_EN[p.type] ?? p.type)} (${p.type})`,
    `${label('When', '時間')}${zh ? atZh(p.at) : atEn(p.at)}`,
    `${label('Priority', '優先等級')}${p.priority}`,
    `${label('Subject', '對象')}${zh ? `${SUBJECT_ZH[p.subject.kind] ?? p.subject.kind} ${p.subject.id}` : `${p.subject.kind.replace('_', ' ')} ${p.subject.id}`}`,
  ]
  const l = p.link
  if (l) {
    const named = [l.circuit_id, l.name].filter(Boolean).join(' ')
    const kind = l.kind ?? 'link'
    lines.push(
      zh
        ? `${label('', '線路')}${named}（編號 ${l.id}，${LINK_KIND_ZH[kind] ?? kind}線路${l.state ? `，${STATE_ZH[l.state] ?? l.state}` : ''}）`
        : `${label('Link', '')}${named} (id ${l.id}, ${kind}${l.state ? `, ${l.state}` : ''})`
    )
    if (l.in_util !== null || l.out_util !== null) {
      lines.push(`${label('Use', '使用率')}${zh ? '流入' : 'in '}${l.in_util ?? '-'}%${zh ? '，流出' : ', out '}${l.out_util ?? '-'}%`)
    }
  }
  if (p.device) lines.push(`${label('Device', '設備')}${p.device.hostname ?? ''} (${zh ? '編號' : 'id'} ${p.device.id})`)
  const i = p.incident
  if (i) {
    const status = i.status ? (zh ? (STATUS_ZH[i.status] ?? i.status) : i.status.replace('_', ' ')) : ''
    lines.push(`${label('Incident', '事件單')}${i.number ?? i.id} ${i.title ?? ''} [${status}]`)
  }
  if (p.detail) lines.push(`${label('Detail', '說明')}${p.detail}`)
  return lines.join('\n')
}

/**
 * An incident's title as the headline gets it: its text, or, while it is the one the incident was
 * opened with as a message (security incidents: "Port scan from … against …"), that message,
 * worded in the headline's language.
 */
export type HeadlineTitle = string | { key: string; params: unknown[] }
/** The title a headline names for an incident row (its `title` and the `texts` it was opened with). */
export const headlineTitleOf = (row: { title: string; texts?: { title?: { key: string; params: unknown[] } | null } | null }): HeadlineTitle =>
  row.texts?.title ?? row.title
const titleIn = (title: HeadlineTitle, locale: 'en' | 'zh-TW') =>
  typeof title === 'string' ? title : new Message(title.key as MessageKey, ...(title.params as [any])).in(locale)

type IncidentHeadline = { type: string; number: string; title: HeadlineTitle; status: string; assignee: string | null }
type Headline = { type: string; subject: string; incident: string | null }
/** A change or problem: its number and title, and for a CAB request the board it went to. */
type RecordHeadline = { type: string; number: string; title: string; board?: string | null }

export const eventMessagesEn = {
  'events.incident': (p: IncidentHeadline) =>
    `${TYPE_EN[p.type] ?? p.type}: ${p.number} ${titleIn(p.title, 'en')} (${p.status.replace('_', ' ')}${p.assignee ? `, ${p.assignee}` : ''})`,
  'events.headline': (p: Headline) => `${TYPE_EN[p.type] ?? p.type}: ${p.subject}${p.incident ? ` (${p.incident})` : ''}`,
  'events.record': (p: RecordHeadline) => `${TYPE_EN[p.type] ?? p.type}: ${p.number} ${p.title}${p.board ? ` (${p.board})` : ''}`,
  'events.mail_body': (p: MailBody) => bodyLines(p, false),
  /** Why a link is in its state, as its reason parts say (a notification's detail line). */
  'events.link_reason': (p: { reason: StoredReason }) => reasonWords(p.reason, 'en'),
  /** Why a device did not answer its polls. */
  'events.poll_error': (p: { error: StoredPollError }) => pollErrorWords(p.error, 'en'),
  'subscriptions.unknown_topic': (p: { topic: string; topics: readonly string[] }) =>
    `"${p.topic}" is not a topic: choose one of ${p.topics.join(', ')}`,
  'subscriptions.not_yours': () => "only an admin reads another person's subscriptions, and nobody changes them but their owner",
  'subscriptions.not_found': (p: { id: string }) => `subscription ${p.id} not found`,
}

export const eventMessagesZh: { [K in keyof typeof eventMessagesEn]: (...p: Parameters<(typeof eventMessagesEn)[K]>) => string } = {
  'events.incident': (p) =>
    `${TYPE_ZH[p.type] ?? p.type}：${p.number} ${titleIn(p.title, 'zh-TW')}（${STATUS_ZH[p.status] ?? p.status}${p.assignee ? `，${p.assignee}` : ''}）`,
  'events.headline': (p) => `${TYPE_ZH[p.type] ?? p.type}：${p.subject}${p.incident ? `（${p.incident}）` : ''}`,
  'events.record': (p) => `${TYPE_ZH[p.type] ?? p.type}：${p.number} ${p.title}${p.board ? `（${p.board}）` : ''}`,
  'events.mail_body': (p) => bodyLines(p, true),
  'events.link_reason': (p) => reasonWords(p.reason, 'zh-TW'),
  'events.poll_error': (p) => pollErrorWords(p.error, 'zh-TW'),
  'subscriptions.unknown_topic': (p) => `「${p.topic}」不是可訂閱的主題，請選擇：${p.topics.join('、')}`,
  'subscriptions.not_yours': () => '只有系統管理員可查看他人的訂閱，且訂閱只能由本人變更',
  'subscriptions.not_found': (p) => `找不到訂閱 ${p.id}`,
}
