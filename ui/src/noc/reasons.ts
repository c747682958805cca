/**
 * Why a link is in its state, in the language chosen in the console: the one place the UI words a
 * reason. The API sends the reason as keys with parameters (reason_message, from
 * app/monitoring/link_health/link_reason_messages.ts and app/line_quality/line_quality_messages.ts)
 * beside `reason`, worded in the account's language; the keys are worded here so that switching
 * the language in the console switches the reasons too. A row written before reasons were keys
 * has no parts and shows its text as it was written.
 */

export interface ReasonPart {
  key: string
  params: Record<string, string | number | null>
}

type Words = Record<string, (p: any) => string>

const EN: Words = {
  'link_state.no_answer': () => 'device did not answer',
  'link_state.admin_down': () => 'shut on purpose (ifAdminStatus down)',
  'link_state.oper_down': (p) => `ifOperStatus ${p.status}`,
  'link_state.testing': () => 'interface in test mode (ifOperStatus testing)',
  'link_state.status_unknown': (p) => `interface status ${p.status ?? 'not read'}`,
  'link_state.util_high': (p) => `utilisation ${p.util}% above ${p.threshold}% for ${p.minutes} min`,
  'link_state.errors_high': (p) => `${p.rate} errors/s above ${p.threshold}/s`,
  'link_state.up': () => 'up',
  'line_quality.loss_down': (p) => `no answer to ${p.sent} echo probes (${p.loss}% lost)`,
  'line_quality.loss': (p) => `packet loss ${p.loss}% at or above ${p.threshold}%`,
  'line_quality.rtt': (p) => `round trip ${p.rtt} ms above ${p.threshold} ms`,
  'line_quality.jitter': (p) => `jitter ${p.jitter} ms above ${p.threshold} ms`,
}

const ZH: Words = {
  'link_state.no_answer': () => '設備未回應',
  'link_state.admin_down': () => '已由管理者關閉（ifAdminStatus down）',
  'link_state.oper_down': (p) => `介面運作狀態為 ${p.status}（ifOperStatus）`,
  'link_state.testing': () => '介面處於測試模式（ifOperStatus testing）',
  'link_state.status_unknown': (p) => (p.status ? `介面狀態為 ${p.status}` : '未讀到介面狀態'),
  'link_state.util_high': (p) => `使用率 ${p.util}%，超過 ${p.threshold}% 已 ${p.minutes} 分鐘`,
  'link_state.errors_high': (p) => `錯誤率每秒 ${p.rate} 次，超過每秒 ${p.threshold} 次`,
  'link_state.up': () => '正常',
  'line_quality.loss_down': (p) => `${p.sent} 個 ICMP 探測封包均無回應（遺失 ${p.loss}%）`,
  'line_quality.loss': (p) => `封包遺失率 ${p.loss}%，達 ${p.threshold}% 門檻`,
  'line_quality.rtt': (p) => `往返延遲 ${p.rtt} 毫秒，超過 ${p.threshold} 毫秒`,
  'line_quality.jitter': (p) => `抖動 ${p.jitter} 毫秒，超過 ${p.threshold} 毫秒`,
}

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
