import { lineQualityMessagesEn, lineQualityMessagesZh, linkReasonMessagesEn, linkReasonMessagesZh } from '#shared/link_reasons'

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
