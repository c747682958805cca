/**
 * How a detection reads, in each language: what was seen, from where, toward what, and the count
 * that crossed the rule's threshold.
 */
type Summary = { kind: string; source: string; target: string; observed: number; threshold: number; port: number | null }

const EN: Record<string, (p: Summary) => string> = {
  port_scan: (p) => `port scan from ${p.source} against ${p.target}: ${p.observed} ports (threshold ${p.threshold})`,
  host_sweep: (p) => `host sweep from ${p.source} on ${p.target}: ${p.observed} hosts (threshold ${p.threshold})`,
  flood: (p) => `traffic flood toward ${p.target}: ${p.observed}× its baseline (threshold ${p.threshold}×)`,
  brute_force: (p) => `brute force from ${p.source} against ${p.target} port ${p.port}: ${p.observed} short sessions (threshold ${p.threshold})`,
  indicator: (p) => `traffic between ${p.target} and indicator ${p.source}: ${p.observed} flows`,
  new_exposure: (p) => `${p.source} newly serves port ${p.port} to the Internet (${p.target})`,
  beaconing: (p) => `beaconing from ${p.source} to ${p.target}: ${p.observed} regular connections`,
}

const ZH: Record<string, (p: Summary) => string> = {
  port_scan: (p) => `來自 ${p.source} 對 ${p.target} 的連接埠掃描：${p.observed} 個連接埠（門檻 ${p.threshold}）`,
  host_sweep: (p) => `來自 ${p.source} 的主機掃描（${p.target}）：${p.observed} 部主機（門檻 ${p.threshold}）`,
  flood: (p) => `流向 ${p.target} 的流量洪泛：為其基準的 ${p.observed} 倍（門檻 ${p.threshold} 倍）`,
  brute_force: (p) => `來自 ${p.source} 對 ${p.target} 連接埠 ${p.port} 的暴力破解：${p.observed} 次短連線（門檻 ${p.threshold}）`,
  indicator: (p) => `${p.target} 與威脅指標 ${p.source} 之間有流量：${p.observed} 筆流量`,
  new_exposure: (p) => `${p.source} 新對網際網路提供連接埠 ${p.port} 服務（${p.target}）`,
  beaconing: (p) => `${p.source} 向 ${p.target} 定期回連（beaconing）：${p.observed} 次規律連線`,
}

type Setting = { setting: string }

/** What each detection and sensor is called on a timeline. */
const KIND_EN: Record<string, string> = {
  port_scan: 'port scan', host_sweep: 'host sweep', flood: 'traffic flood', brute_force: 'brute force', indicator: 'indicator match',
  new_exposure: 'new exposure', beaconing: 'beaconing', alert: "sensor's alert",
}
const KIND_ZH: Record<string, string> = {
  port_scan: '連接埠掃描', host_sweep: '主機掃描', flood: '流量洪泛', brute_force: '暴力破解', indicator: '威脅指標比對',
  new_exposure: '新對外服務', beaconing: '定期回連', alert: '偵測器告警',
}

export const detectionMessagesEn = {
  'detections.summary': (p: Summary) => (EN[p.kind] ?? ((q: Summary) => `${q.kind}: ${q.source} → ${q.target}`))(p),
  // What an admin is told when a rule's settings are refused (detection_rule_resource.ts).
  'detections.rule_fixed': () => 'each row is one detection rule: change its settings, not which rule it is',
  'detections.general_on': () => 'the shared settings cannot be switched off; switch off the rules themselves',
  'detections.setting_foreign': (p: Setting) => `${p.setting} is not a setting of this rule`,
  'detections.setting_address': () => 'not an IPv4 or IPv6 address or prefix',
  'detections.setting_range': (p: Setting) => `${p.setting} does not fit the rule's other settings (the lowest interval must not exceed the highest)`,
  // What security:maintain logs (retention of security events and sightings).
  'detections.retention_done': (p: { events: number; sightings: number; days: number }) =>
    `security retention (${p.days} days): ${p.events} events and ${p.sightings} sightings deleted; those of open incidents kept`,
  'detections.retention_days': () => 'the days kept must be a positive number',
  // On a security incident's timeline, when security:work proposes its level (presumed_assessment.ts).
  'detections.level_proposed': (p: { level: number; kind: string }) =>
    `Level ${p.level} proposed from what the ${KIND_EN[p.kind] ?? p.kind} shows; G-ISAC to confirm or change it`,
}

export const detectionMessagesZh: { [K in keyof typeof detectionMessagesEn]: (...p: Parameters<(typeof detectionMessagesEn)[K]>) => string } = {
  'detections.summary': (p) => (ZH[p.kind] ?? ((q: Summary) => `${q.kind}：${q.source} → ${q.target}`))(p),
  'detections.rule_fixed': () => '每一列即一條偵測規則：只能修改其設定，不能改變所屬規則',
  'detections.general_on': () => '共用設定不能停用；請停用個別規則',
  'detections.setting_foreign': (p) => `${p.setting} 不是此規則的設定`,
  'detections.setting_address': () => '不是有效的 IPv4 或 IPv6 位址或網段',
  'detections.setting_range': (p) => `${p.setting} 與此規則的其他設定不符（最短間隔不可大於最長間隔）`,
  'detections.retention_done': (p) => `資安紀錄保存期限（${p.days} 天）：刪除 ${p.events} 筆事件紀錄與 ${p.sightings} 筆目擊紀錄；仍屬未結案事件者保留`,
  'detections.retention_days': () => '保存天數必須為正數',
  'detections.level_proposed': (p) => `依${KIND_ZH[p.kind] ?? p.kind}所見建議為第${'〇一二三四'[p.level] ?? p.level}級；待 G-ISAC 確認或調整`,
}
