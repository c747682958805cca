import { lineQualityMessagesEn, lineQualityMessagesZh, linkReasonMessagesEn, linkReasonMessagesZh } from '../../../shared/link_reasons'

/**
 * Why a link is in its state, in the language chosen in the console: the one place the UI words a
 * reason. The API sends the reason as keys with parameters (reason_message; the words are shared/link_reasons.ts)
 * beside `reason`, worded in the account's language; the keys are worded here so that switching
 * the language in the console switches the reasons too. A row written before reasons were keys
 * has no parts and shows its text as it was written.
 */

export interface ReasonPart {
  key: string
  params: Record<string, string | number | null>
}

type Words = Record<string, (p: any) => string>

const EN: Words = { ...linkReasonMessagesEn, ...lineQualityMessagesEn }
const ZH: Words = { ...linkReasonMessagesZh, ...lineQualityMessagesZh }

export function reasonText(row: { reason: string | null; reason_message?: ReasonPart[] | null }, locale: string): string | null {
  const parts = row.reason_message
  if (!parts) return row.reason
  const zh = locale === 'zh-TW'
  const words = zh ? ZH : EN
  // A key this build does not know (a newer server) falls back to the server's own wording.
  if (parts.some((p) => !words[p.key])) return row.reason
  if (!parts.length) return words['link_state.up']({})
  return parts.map((p) => words[p.key](p.params ?? {})).join(zh ? '；' : '; ')
}
