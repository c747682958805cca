/**
 * Why a link is in its state, in each language: the words of the reasons the rules give as keys
 * with parameters (link_state.ts for the polls, quality_rules.ts for the probes). The server words
 * them for answers, incident texts and notifications (app/monitoring/link_health/
 * link_reason_messages.ts); the UI words the same keys itself so that switching the console's
 * language switches the reasons too (ui/src/noc/reasons.ts). Shares are percent with one decimal,
 * rates per second, durations minutes, times milliseconds.
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

export const lineQualityMessagesEn = {
  'line_quality.loss_down': (p: { loss: number; sent: number }) => `no answer to ${p.sent} echo probes (${p.loss}% lost)`,
  'line_quality.loss': (p: { loss: number; threshold: number }) => `packet loss ${p.loss}% at or above ${p.threshold}%`,
  'line_quality.rtt': (p: { rtt: number; threshold: number }) => `round trip ${p.rtt} ms above ${p.threshold} ms`,
  'line_quality.jitter': (p: { jitter: number; threshold: number }) => `jitter ${p.jitter} ms above ${p.threshold} ms`,
}

export const lineQualityMessagesZh: {
  [K in keyof typeof lineQualityMessagesEn]: (...p: Parameters<(typeof lineQualityMessagesEn)[K]>) => string
} = {
  'line_quality.loss_down': (p) => `${p.sent} 個 ICMP 探測封包均無回應（遺失 ${p.loss}%）`,
  'line_quality.loss': (p) => `封包遺失率 ${p.loss}%，達 ${p.threshold}% 門檻`,
  'line_quality.rtt': (p) => `往返延遲 ${p.rtt} 毫秒，超過 ${p.threshold} 毫秒`,
  'line_quality.jitter': (p) => `抖動 ${p.jitter} 毫秒，超過 ${p.threshold} 毫秒`,
}
