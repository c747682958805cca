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

export const detectionMessagesEn = {
  'detections.summary': (p: Summary) => (EN[p.kind] ?? ((q: Summary) => `${q.kind}: ${q.source} → ${q.target}`))(p),
}

export const detectionMessagesZh: { [K in keyof typeof detectionMessagesEn]: (...p: Parameters<(typeof detectionMessagesEn)[K]>) => string } = {
  'detections.summary': (p) => (ZH[p.kind] ?? ((q: Summary) => `${q.kind}：${q.source} → ${q.target}`))(p),
}
