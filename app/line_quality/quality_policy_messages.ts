/** What the line quality thresholds' API refuses, in each language (core/messages.ts gathers them). */
export const qualityPolicyMessagesEn = {
  'line_quality.kind_fixed': () => "link_kind is the class the thresholds are for and cannot be changed",
  'line_quality.loss_order': (p: { degraded: number }) =>
    `the loss that counts as down must be at least the loss that counts as degraded (${Math.round(p.degraded * 1000) / 10}%)`,
}

export const qualityPolicyMessagesZh: {
  [K in keyof typeof qualityPolicyMessagesEn]: (...p: Parameters<(typeof qualityPolicyMessagesEn)[K]>) => string
} = {
  'line_quality.kind_fixed': () => 'link_kind 為門檻所屬的線路類別，不可變更',
  'line_quality.loss_order': (p) => `判定中斷的遺失率須不低於判定劣化的遺失率（${Math.round(p.degraded * 1000) / 10}%）`,
}
