/**
 * The reasons line quality gives for a link's state, in each language (keys of quality_rules.ts).
 * Shares are percent with one decimal, times milliseconds.
 */
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
