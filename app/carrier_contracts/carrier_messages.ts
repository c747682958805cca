/**
 * What the carrier contracts and the carrier report say, in each language: refusals, the CSV's
 * column names and its verdicts (the report is handed to the carrier in the reader's language).
 */
const COLUMNS_EN: Record<
  | 'contract_ref' | 'circuit_id' | 'link_name' | 'agency' | 'availability_promised' | 'availability_delivered' | 'down_minutes' | 'coverage'
  | 'latency_promised' | 'latency_percentile' | 'latency_delivered' | 'rtt_p50' | 'rtt_p95' | 'loss_promised' | 'loss_delivered' | 'loss_p95' | 'verdict',
  string
> = {
  contract_ref: 'Contract reference',
  circuit_id: 'Circuit',
  link_name: 'Line',
  agency: 'Agency',
  availability_promised: 'Availability promised (%)',
  availability_delivered: 'Availability delivered (%)',
  down_minutes: 'Minutes down',
  coverage: 'Minutes measured (% of month outside windows)',
  latency_promised: 'Round trip promised (ms)',
  latency_percentile: 'At percentile',
  latency_delivered: 'Round trip delivered (ms)',
  rtt_p50: 'Round trip p50 (ms)',
  rtt_p95: 'Round trip p95 (ms)',
  loss_promised: 'Loss promised (%)',
  loss_delivered: 'Loss delivered (%)',
  loss_p95: 'Loss p95 of 5 minutes (%)',
  verdict: 'Verdict',
}
type Column = keyof typeof COLUMNS_EN

const COLUMNS_ZH: Record<Column, string> = {
  contract_ref: '合約編號',
  circuit_id: '電路編號',
  link_name: '線路',
  agency: '機關',
  availability_promised: '約定可用率（%）',
  availability_delivered: '實際可用率（%）',
  down_minutes: '中斷分鐘數',
  coverage: '量測涵蓋率（維護時段外之 %）',
  latency_promised: '約定往返延遲（毫秒）',
  latency_percentile: '百分位數',
  latency_delivered: '實際往返延遲（毫秒）',
  rtt_p50: '往返延遲 p50（毫秒）',
  rtt_p95: '往返延遲 p95（毫秒）',
  loss_promised: '約定封包遺失率（%）',
  loss_delivered: '實際封包遺失率（%）',
  loss_p95: '5 分鐘封包遺失率 p95（%）',
  verdict: '判定',
}

const VERDICTS_EN: Record<'met' | 'missed' | 'no_data', string> = { met: 'met', missed: 'missed', no_data: 'no data' }
const VERDICTS_ZH: Record<keyof typeof VERDICTS_EN, string> = { met: '達成', missed: '未達成', no_data: '無資料' }

/** The CSV's columns, in order. */
export const CARRIER_REPORT_COLUMNS = Object.keys(COLUMNS_EN) as Column[]

export const carrierMessagesEn = {
  'carrier_contracts.link_missing': () => 'the line of this contract does not exist',
  'carrier_contracts.ends_before_start': () => 'a contract ends on or after the day it starts',
  'carrier_report.column': (p: { column: Column }) => COLUMNS_EN[p.column],
  'carrier_report.verdict': (p: { verdict: keyof typeof VERDICTS_EN }) => VERDICTS_EN[p.verdict],
  'carrier_report.title': (p: { carrier: string; month: string }) => `Service levels delivered by ${p.carrier}, ${p.month}`,
  'carrier_report.basis': () =>
    'Availability: minutes the polls saw the line down, of the minutes measured, outside maintenance windows. ' +
    'Round trip and loss: ICMP echo bursts every minute, 5-minute medians, nearest-rank percentiles; loss leaves out minutes the line was down. Times in Asia/Taipei.',
}

export const carrierMessagesZh: { [K in keyof typeof carrierMessagesEn]: (...p: Parameters<(typeof carrierMessagesEn)[K]>) => string } = {
  'carrier_contracts.link_missing': () => '此合約的線路不存在',
  'carrier_contracts.ends_before_start': () => '合約的結束日須在開始日當天或之後',
  'carrier_report.column': (p) => COLUMNS_ZH[p.column],
  'carrier_report.verdict': (p) => VERDICTS_ZH[p.verdict],
  'carrier_report.title': (p) => `${p.carrier} 服務水準達成報表（${p.month}）`,
  'carrier_report.basis': () =>
    '可用率：維護時段以外，輪詢量測到線路中斷的分鐘數占量測分鐘數之比例。' +
    '往返延遲與封包遺失：每分鐘一組 ICMP 探測，取 5 分鐘中位數之最近序位百分位數；封包遺失不計線路中斷期間。時間為台北時間（Asia/Taipei）。',
}
