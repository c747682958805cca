import { lineQualityMessagesEn, lineQualityMessagesZh } from '#app/line_quality/line_quality_messages'

/**
 * Why a link is in its state, in each language. The rules (link_state.ts, quality_rules.ts) give
 * reasons as keys with parameters; they are stored so (link_states.reason_message, the state
 * changes, incidents' texts) and worded when read, in the reader's language. Shares are percent
 * with one decimal, rates per second, durations minutes.
 */
export const linkReasonMessagesEn = {
  'link_state.no_answer': () => 'device did not answer',
  'link_state.admin_down': () => 'shut on purpose (ifAdminStatus down)',
  'link_state.oper_down': (p: { status: string }) => `ifOperStatus ${p.status}`,
  'link_state.testing': () => 'interface in test mode (ifOperStatus testing)',
  'link_state.status_unknown': (p: { status: string | null }) => `interface status ${p.status ?? 'not read'}`,
  'link_state.util_high': (p: { util: number; threshold: number; minutes: number }) =>
    `utilisation ${p.util}% above ${p.threshold}% for ${p.minutes} min`,
  'link_state.errors_high': (p: { rate: number; threshold: number }) => `${p.rate} errors/s above ${p.threshold}/s`,
  'link_state.up': () => 'up',
}

export const linkReasonMessagesZh: {
  [K in keyof typeof linkReasonMessagesEn]: (...p: Parameters<(typeof linkReasonMessagesEn)[K]>) => string
} = {
  'link_state.no_answer': () => '設備未回應',
  'link_state.admin_down': () => '已由管理者關閉（ifAdminStatus down）',
  'link_state.oper_down': (p) => `介面運作狀態為 ${p.status}（ifOperStatus）`,
  'link_state.testing': () => '介面處於測試模式（ifOperStatus testing）',
  'link_state.status_unknown': (p) => (p.status ? `介面狀態為 ${p.status}` : '未讀到介面狀態'),
  'link_state.util_high': (p) => `使用率 ${p.util}%，超過 ${p.threshold}% 已 ${p.minutes} 分鐘`,
  'link_state.errors_high': (p) => `錯誤率每秒 ${p.rate} 次，超過每秒 ${p.threshold} 次`,
  'link_state.up': () => '正常',
}

type Catalogue = Record<string, (p: any) => string>
const WORDS: Record<'en' | 'zh-TW', Catalogue> = {
  'en': { ...linkReasonMessagesEn, ...lineQualityMessagesEn },
  'zh-TW': { ...linkReasonMessagesZh, ...lineQualityMessagesZh },
}

export type LinkReasonKey = keyof typeof linkReasonMessagesEn | keyof typeof lineQualityMessagesEn

/** One reason as stored: a key of the catalogues above and its parameters. */
export interface ReasonPart {
  key: LinkReasonKey
  params: Record<string, string | number | null>
}

/**
 * A reason as stored or as written before reasons were keys: the parts, or the plain English
 * text of old rows, shown as it is in every language.
 */
export type StoredReason = ReasonPart[] | string | null

/** Whether a value read from a jsonb column is a list of reason parts this console words. */
export function isReasonParts(value: unknown): value is ReasonPart[] {
  return Array.isArray(value) && value.every((p) => p && typeof p === 'object' && typeof p.key === 'string' && p.key in WORDS.en)
}

/** A reason in words, parts joined; an unknown key is shown as the key rather than failing. */
export function reasonWords(reason: StoredReason, locale: string | null | undefined): string {
  if (reason === null || reason === undefined) return ''
  if (typeof reason === 'string') return reason
  const words = WORDS[locale === 'zh-TW' ? 'zh-TW' : 'en']
  const parts = reason.map((p) => (words[p.key] ? words[p.key](p.params ?? {}) : p.key))
  if (!parts.length) return words['link_state.up']({})
  return parts.join(locale === 'zh-TW' ? '；' : '; ')
}

/** Why a link's alarm is suppressed (alarm_rules.ts suppressionOf), by what it stores. */
const SUPPRESSED_ZH: Record<string, string> = {
  "device unreachable": '設備無回應',
  "uplink down": '上連線路中斷',
  "uplink's device unreachable": '上連線路的設備無回應',
}

export function suppressionWords(reason: string, locale: string | null | undefined) {
  return locale === 'zh-TW' ? (SUPPRESSED_ZH[reason] ?? reason) : reason
}

/**
 * A row as the API answers it: `reason` in the reader's language (a row written before reasons
 * were keys keeps its English), `reason_message` the parts for a client that words them itself
 * (the UI, in the language chosen there), and a suppression's reason worded alike.
 */
export function wordedReason<R extends { reason?: string | null; reason_message?: unknown; suppressed_by?: any }>(row: R, locale: string | null | undefined): R {
  const parts = isReasonParts(row.reason_message) ? row.reason_message : null
  const out: any = { ...row, reason_message: parts }
  if (parts && row.reason !== null) out.reason = reasonWords(parts, locale)
  if (row.suppressed_by && typeof row.suppressed_by.reason === 'string') {
    out.suppressed_by = { ...row.suppressed_by, reason: suppressionWords(row.suppressed_by.reason, locale) }
  }
  return out
}
