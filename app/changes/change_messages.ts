import { DateTime } from 'luxon'

/**
 * What the change service writes and refuses, in each language: stored as a key and parameters
 * (timeline entries) or answered as an error, worded for whoever reads it. Times are read in
 * Taipei time.
 */

const ZONE = 'Asia/Taipei'
const when = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')

const STATUS_ZH: Record<string, string> = {
  draft: '草稿', submitted: '已送出', assessed: '已評估', approved: '已核准', rejected: '已否決', scheduled: '已排程',
  implementing: '實施中', implemented: '已實施', reviewed: '已檢討', closed: '已結案', failed: '實施失敗',
  backed_out: '已回復', cancelled: '已取消',
}
const COMMAND_ZH: Record<string, string> = {
  submit: '送出', assess: '評估', schedule: '排程', start: '開始實施', complete: '完成實施', fail: '實施失敗',
  back_out: '回復', review: '實施後檢討', close: '結案', cancel: '取消',
}
const TYPE_ZH: Record<string, string> = { standard: '標準', normal: '一般', emergency: '緊急' }

type Overlap = { number: string; items: string[] }
type Freeze = { name: string }

export const changeMessagesEn = {
  'changes.command_refused': (p: { command: string; from: string; allowed: string[] }) =>
    `a change that is ${p.from} cannot be given "${p.command}" (it offers: ${p.allowed.join(', ') || 'nothing: it is final'})`,
  'changes.status_by_command': () => "a change's status moves through its commands and its board's votes, not by editing",
  'changes.edit_locked': (p: { status: string }) => `a change that is ${p.status} is no longer edited: cancel it and raise a new one`,
  'changes.ends_after_start': () => 'a change ends after it starts',
  'changes.template_needed': () => 'a standard change is raised from a pre-approved template',
  'changes.template_only_standard': () => 'only a standard change is raised from a template',
  'changes.field_needed': (p: { field: string }) => `${p.field} is needed for a change without a template`,
  'changes.no_board': (p: { type: string }) => `no change advisory board decides ${p.type} changes for this agency: ask an administrator to set one up`,
  'changes.voting_closed': (p: { status: string }) => `the board does not vote on a change that is ${p.status}`,
  'changes.not_on_board': () => 'only the members of the board that decides this change may approve or reject it',
  'changes.own_change': () => 'a board member does not vote on a change they raised',
  'changes.comment_needed': () => 'a rejection says why (comment)',
  'changes.board_quorum': (p: { members: number }) => `the quorum cannot exceed the board's ${p.members} members`,
  'changes.board_member_missing': (p: { id: number }) => `user ${p.id} is not an active account that can sit on a board`,
  'changes.timeline_opened': () => 'Change raised',
  'changes.timeline_moved': (p: { from: string; to: string }) => `Status ${p.from} → ${p.to}`,
  'changes.timeline_vote': (p: { decision: string; who: string }) => `${p.who} voted to ${p.decision}`,
  'changes.timeline_decided': (p: { outcome: string; approvals: number; rejections: number; quorum: number }) =>
    `Board decision: ${p.outcome} (${p.approvals} approve, ${p.rejections} reject, quorum ${p.quorum})`,
  'changes.timeline_board': (p: { board: string }) => `Sent to ${p.board}`,
  'changes.timeline_window_opened': (p: { id: number; from: string; to: string; links: number; devices: number }) =>
    `Maintenance window ${p.id} opened, ${when(p.from)} – ${when(p.to)} Taipei time: alarms of ${p.links} links and ${p.devices} devices silenced`,
  'changes.timeline_window_closed': (p: { id: number; at: string }) => `Maintenance window ${p.id} ended at ${when(p.at)} Taipei time`,
  'changes.timeline_overlap': (p: Overlap) => `Warning: overlaps change ${p.number} on ${p.items.join(', ')}`,
  'changes.timeline_freeze': (p: Freeze) => `Warning: falls in the freeze period "${p.name}"`,
}

export const changeMessagesZh: { [K in keyof typeof changeMessagesEn]: (...p: Parameters<(typeof changeMessagesEn)[K]>) => string } = {
  'changes.command_refused': (p) =>
    `「${STATUS_ZH[p.from] ?? p.from}」的變更單無法執行「${COMMAND_ZH[p.command] ?? p.command}」` +
    `（${p.allowed.length ? `可執行：${p.allowed.map((c) => COMMAND_ZH[c] ?? c).join('、')}` : '此變更單已結束'}）`,
  'changes.status_by_command': () => '變更單狀態須以處理動作及審議委員會投票變更，不能直接編輯',
  'changes.edit_locked': (p) => `「${STATUS_ZH[p.status] ?? p.status}」的變更單不能再編輯：請取消後重新提出`,
  'changes.ends_after_start': () => '變更的結束時間須晚於開始時間',
  'changes.template_needed': () => '標準變更須以預先核准的範本提出',
  'changes.template_only_standard': () => '只有標準變更以範本提出',
  'changes.field_needed': (p) => `未使用範本的變更須填寫 ${p.field}`,
  'changes.no_board': (p) => `此機關沒有審議${TYPE_ZH[p.type] ?? p.type}變更的變更審議委員會：請系統管理員設定`,
  'changes.voting_closed': (p) => `「${STATUS_ZH[p.status] ?? p.status}」的變更單不在審議中`,
  'changes.not_on_board': () => '只有審議此變更的委員會成員可以核准或否決',
  'changes.own_change': () => '委員不能審議自己提出的變更',
  'changes.comment_needed': () => '否決須說明理由（comment）',
  'changes.board_quorum': (p) => `法定人數不能超過委員會的 ${p.members} 位成員`,
  'changes.board_member_missing': (p) => `使用者 ${p.id} 不是可擔任委員的啟用帳號`,
  'changes.timeline_opened': () => '提出變更',
  'changes.timeline_moved': (p) => `狀態：${STATUS_ZH[p.from] ?? p.from} → ${STATUS_ZH[p.to] ?? p.to}`,
  'changes.timeline_vote': (p) => `${p.who} 投票${p.decision === 'approve' ? '核准' : '否決'}`,
  'changes.timeline_decided': (p) =>
    `審議結果：${p.outcome === 'approved' ? '核准' : '否決'}（核准 ${p.approvals}、否決 ${p.rejections}，法定人數 ${p.quorum}）`,
  'changes.timeline_board': (p) => `送交 ${p.board} 審議`,
  'changes.timeline_window_opened': (p) =>
    `開啟維護時段 ${p.id}（${when(p.from)} – ${when(p.to)}）：${p.links} 條線路及 ${p.devices} 台設備的告警暫停`,
  'changes.timeline_window_closed': (p) => `維護時段 ${p.id} 已於 ${when(p.at)} 結束`,
  'changes.timeline_overlap': (p) => `注意：與變更 ${p.number} 在 ${p.items.join('、')} 時段重疊`,
  'changes.timeline_freeze': (p) => `注意：落在凍結期「${p.name}」內`,
}
