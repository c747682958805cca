/**
 * Why a device did not answer its poll, in each language. The collector reports a kind of SNMP
 * failure and net-snmp's own English words ("Request timed out"); the monitoring worker stores
 * them as `kind: words` (device_status.last_error), and incidents keep them as a parameter
 * `{kind, message}`. Both are worded when shown: the kind in the reader's language, the raw words
 * after it where they add something the kind does not say (an agent's genErr, a host name that
 * does not resolve). The kinds are collectors/snmp/errors.ts's, and `no_answer` for a poll that
 * failed without saying why.
 */
export const POLL_ERROR_KINDS = [
  'no_answer',
  'timeout',
  'auth',
  'malformed',
  'oversized',
  'unreachable',
  'agent',
  'config',
  'unsupported',
  'internal',
] as const
export type PollErrorKind = (typeof POLL_ERROR_KINDS)[number]

/** A poll failure as stored in an incident's parameters. */
export interface PollError {
  kind: PollErrorKind
  /** The collector's own words, English as net-snmp gives them; null when the kind says it all. */
  message: string | null
}

/** What older rows hold (plain text) or what is stored now. */
export type StoredPollError = PollError | string | null

const WORDS: Record<'en' | 'zh-TW', Record<PollErrorKind, string>> = {
  'en': {
    no_answer: 'no answer',
    timeout: 'no answer in time (timeout; with SNMPv2c also a wrong community)',
    auth: 'SNMPv3 credentials refused',
    malformed: 'the answer could not be decoded',
    oversized: 'the answer was too big',
    unreachable: 'the address cannot be reached',
    agent: 'the SNMP agent answered with an error',
    config: 'the SNMP credentials are not usable as given',
    unsupported: 'the collector cannot poll this device',
    internal: 'a defect in the collector',
  },
  'zh-TW': {
    no_answer: '無回應',
    timeout: '逾時未回應（SNMPv2c 社群名稱錯誤時亦同）',
    auth: 'SNMPv3 認證遭拒',
    malformed: '回應無法解碼',
    oversized: '回應過大',
    unreachable: '無法連線至設備位址',
    agent: 'SNMP 代理程式回報錯誤',
    config: 'SNMP 認證設定無法使用',
    unsupported: '收集器無法輪詢此設備',
    internal: '收集器內部錯誤',
  },
}

/** Kinds whose raw words only repeat the kind (net-snmp's "Request timed out"). */
const SAID_BY_KIND = new Set<PollErrorKind>(['no_answer', 'timeout'])

const isKind = (value: string): value is PollErrorKind => (POLL_ERROR_KINDS as readonly string[]).includes(value)

/**
 * Reads what the monitoring worker stores in device_status.last_error (`kind: words`, or
 * `no answer` for a poll that failed without a reason); other text is kept as it is.
 */
export function parsePollError(text: string | null | undefined): StoredPollError {
  if (text === null || text === undefined || text === '') return null
  if (text === 'no answer') return { kind: 'no_answer', message: null }
  const match = /^([a-z_]+): ([\s\S]*)$/.exec(text)
  if (match && isKind(match[1])) return { kind: match[1], message: match[2].trim() || null }
  return text
}

/** Whether a stored parameter is a poll error this console words. */
export function isPollError(value: unknown): value is PollError {
  return typeof value === 'object' && value !== null && isKind(String((value as PollError).kind))
}

/** A poll error in the reader's language; plain text (rows written before) is shown as it is. */
export function pollErrorWords(error: StoredPollError | undefined, locale: string | null | undefined): string {
  if (error === null || error === undefined) return ''
  if (!isPollError(error)) return String(error)
  const zh = locale === 'zh-TW'
  const words = WORDS[zh ? 'zh-TW' : 'en'][error.kind]
  if (!error.message || SAID_BY_KIND.has(error.kind)) return words
  return zh ? `${words}（${error.message}）` : `${words} (${error.message})`
}
