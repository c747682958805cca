/**
 * What the problem service writes and refuses, in each language. Timeline entries are stored as
 * a key and its parameters and worded when read; what people type (root cause, workaround,
 * resolution, reasons) is kept as typed.
 */

const STATUS_ZH: Record<string, string> = {
  new: '新開立', investigating: '調查中', known_error: '已知錯誤', resolved: '已解決', closed: '已結案', cancelled: '已取消',
}
const COMMAND_ZH: Record<string, string> = {
  investigate: '開始調查', identify: '記錄已知錯誤', resolve: '解決', close: '結案', reopen: '重新開啟', cancel: '取消',
}
const STATUS_EN: Record<string, string> = { known_error: 'a known error', in_progress: 'in progress', on_hold: 'on hold' }
const statusEn = (s: string) => STATUS_EN[s] ?? s

export const problemMessagesEn = {
  'problems.command_refused': (p: { command: string; from: string; allowed: string[] }) =>
    `a problem that is ${statusEn(p.from)} cannot be given "${p.command}" (it offers: ${p.allowed.join(', ') || 'nothing: it is final'})`,
  'problems.by_command': (p: { field: string }) =>
    `a problem's ${p.field.replace('_', ' ')} changes through its commands (investigate, identify, resolve, close, reopen, cancel), not by editing`,
  'problems.incident_unknown': (p: { id: number }) => `incident ${p.id} not found`,
  'problems.incident_outside': (p: { incident: string; problem: string }) =>
    `incident ${p.incident} belongs to an agency outside problem ${p.problem}'s agency`,
  'problems.not_grouping': (p: { status: string }) =>
    `a problem that is ${statusEn(p.status)} groups no more incidents: reopen it first`,
  'problems.incident_not_linked': (p: { incident: number; problem: string }) => `incident ${p.incident} is not linked to problem ${p.problem}`,
  'problems.timeline_opened': () => 'Problem opened',
  'problems.timeline_moved': (p: { from: string; to: string }) => `Status ${p.from} → ${p.to}`,
  'problems.timeline_known_error': () => 'Root cause and workaround recorded: a known error',
  'problems.timeline_linked': (p: { incident: string }) => `Incident ${p.incident} linked`,
  'problems.timeline_unlinked': (p: { incident: string }) => `Incident ${p.incident} unlinked`,
  'problems.timeline_incidents_resolved': (p: { open: number; resolved: number }) =>
    `Resolved ${p.resolved} of the ${p.open} open incident${p.open === 1 ? '' : 's'} with the problem's resolution`,
}

export const problemMessagesZh: { [K in keyof typeof problemMessagesEn]: (...p: Parameters<(typeof problemMessagesEn)[K]>) => string } = {
  'problems.command_refused': (p) =>
    `「${STATUS_ZH[p.from] ?? p.from}」的問題單無法執行「${COMMAND_ZH[p.command] ?? p.command}」` +
    `（${p.allowed.length ? `可執行：${p.allowed.map((c) => COMMAND_ZH[c] ?? c).join('、')}` : '此問題單已結束'}）`,
  'problems.by_command': () => '問題單的狀態、根本原因、暫行解決方式與解決方式須以處理動作變更，不能直接編輯',
  'problems.incident_unknown': (p) => `找不到事件單 ${p.id}`,
  'problems.incident_outside': (p) => `事件單 ${p.incident} 所屬機關不在問題單 ${p.problem} 的機關範圍內`,
  'problems.not_grouping': (p) => `「${STATUS_ZH[p.status] ?? p.status}」的問題單不再歸併事件單：請先重新開啟`,
  'problems.incident_not_linked': (p) => `事件單 ${p.incident} 未歸併於問題單 ${p.problem}`,
  'problems.timeline_opened': () => '開立問題單',
  'problems.timeline_moved': (p) => `狀態：${STATUS_ZH[p.from] ?? p.from} → ${STATUS_ZH[p.to] ?? p.to}`,
  'problems.timeline_known_error': () => '已記錄根本原因與暫行解決方式：列為已知錯誤',
  'problems.timeline_linked': (p) => `歸併事件單 ${p.incident}`,
  'problems.timeline_unlinked': (p) => `取消歸併事件單 ${p.incident}`,
  'problems.timeline_incidents_resolved': (p) => `以問題單的解決方式解決 ${p.open} 件未結事件單中的 ${p.resolved} 件`,
}
