import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { recordAudit, type Actor } from '#app/audit/audit_log'
import Change from '#app/changes/change'
import { applyChangeCommand, numberChange, recordRaised, type ChangeCommandBody } from '#app/changes/change_service'
import { applyVote } from '#app/changes/change_votes'
import type { ChangeType, Decision, Level } from '#shared/change_lifecycle'

/**
 * The demo's change management: a national board and a smaller emergency board, two
 * standard-change templates, a year-end freeze, and changes in every
 * state around the moment of seeding, raised and moved through the change service like anyone's.
 * One runs now on the busiest uplink (its lines' alarms are silenced); one on a line behind it
 * overlaps it; one falls in the freeze.
 */

type Person = Actor & { id: number }
type Step = { at: number; by: Person; body: ChangeCommandBody } | { at: number; by: Person; vote: Decision; comment: string | null }

interface DemoChange {
  title: string
  description: string
  type: ChangeType
  risk: Level
  impact: Level
  backOutPlan: string
  agencyId: number
  templateId?: number
  items: Array<{ item_type: string; item_id: number }>
  /** Hours from now. */
  start: number
  end: number
  raisedAt: number
  by: Person
  steps: Step[]
}

const HOUR = 3_600_000

async function insertRows<T extends Record<string, unknown>>(trx: TransactionClientContract, table: string, rows: T[]) {
  return trx.insertQuery().table(table).multiInsert(rows).returning('*') as Promise<Array<T & { id: number }>>
}

export async function seedDemoChanges(trx: TransactionClientContract, people: Record<'admin' | 'noc' | 'analyst' | 'cio', Person>, now: Date) {
  const system: Actor = { id: null, email: 'system' }
  const at = (hours: number) => new Date(now.getTime() + hours * HOUR)
  const boards = await insertRows(trx, 'change_boards', [
    { name: '國家骨幹網路變更審議委員會', change_type: 'normal', agency_id: null, quorum: 2 },
    { name: '緊急變更審議小組', change_type: 'emergency', agency_id: null, quorum: 1 },
  ])
  const members = [
    ...[people.admin, people.cio, people.analyst].map((p) => ({ board_id: boards[0].id, user_id: p.id })),
    ...[people.admin, people.cio].map((p) => ({ board_id: boards[1].id, user_id: p.id })),
  ]
  await trx.insertQuery().table('change_board_members').multiInsert(members)
  const templates = await insertRows(trx, 'change_templates', [
    { name: '更換故障線路卡', description: '以備品更換已確認故障的線路卡，不變更設定。', risk: 'low', back_out_plan: '裝回原線路卡並確認介面恢復。', active: true },
    { name: '路由器設定備份還原演練', description: '於維護時段內還原前一版設定並比對。', risk: 'low', back_out_plan: '載入演練前儲存的設定。', active: true },
  ])
  const [freeze] = await insertRows(trx, 'freeze_periods', [
    { name: '年終結帳封網期', starts_at: at(24 * 20), ends_at: at(24 * 27), reason: '各機關年終結帳與預算系統作業期間，暫停非緊急變更。', agency_id: null },
  ])
  await recordAudit(trx, system, [
    ...boards.map((b) => ({ action: 'create' as const, entity: 'change_boards', entityId: b.id, before: null, after: { ...b, source: 'demo:seed' } })),
    ...templates.map((t) => ({ action: 'create' as const, entity: 'change_templates', entityId: t.id, before: null, after: { ...t, source: 'demo:seed' } })),
    { action: 'create', entity: 'freeze_periods', entityId: freeze.id, before: null, after: { ...freeze, source: 'demo:seed' } },
  ])

  // The busiest uplinks: many legacy lines were consolidated into them.
  const busiest = await trx
    .from('links as u')
    .join('links as l', 'l.consolidated_into_id', 'u.id')
    .where('u.kind', 'uplink')
    .groupBy('u.id', 'u.agency_id', 'u.device_id')
    .orderByRaw('count(*) DESC, u.id')
    .limit(2)
    .select('u.id', 'u.agency_id', 'u.device_id', trx.raw('min(l.id) AS line_id'), trx.raw('min(l.agency_id) AS line_agency_id'))
  if (busiest.length < 2) return
  const [first, second] = busiest
  const link = (id: number) => [{ item_type: 'link', item_id: id }]
  const cab = (by: Person, hours: number, assessment: string, voters: Person[]): Step[] => [
    { at: hours, by, body: { command: 'submit', note: null } },
    { at: hours + 1, by, body: { command: 'assess', risk: 'medium', impact: 'high', assessment } },
    ...voters.map((v, i) => ({ at: hours + 2 + i, by: v, vote: 'approve' as const, comment: '同意，請依計畫執行並通報受影響機關。' })),
  ]
  const { noc, admin, cio, analyst } = people
  const plans: DemoChange[] = [
    {
      title: '骨幹上連路由器韌體升級', description: '升級上連路由器韌體以修補已知弱點，期間上連及其後方機關線路可能中斷。', type: 'normal',
      risk: 'medium', impact: 'high', backOutPlan: '以備援映像檔開機並還原升級前設定。', agencyId: first.agency_id, items: link(first.id),
      start: -1, end: 3, raisedAt: -72, by: noc,
      steps: [...cab(noc, -70, '上連承載多個機關線路，需於離峰時段實施。', [admin, cio]), { at: -24, by: noc, body: { command: 'schedule', note: null } }, { at: -1, by: noc, body: { command: 'start', note: null } }],
    },
    {
      title: '機關專線端點設備更換', description: '更換上連後方一條機關專線的端點設備。', type: 'normal', risk: 'low', impact: 'medium',
      backOutPlan: '裝回原設備。', agencyId: first.line_agency_id, items: link(first.line_id), start: 1, end: 2, raisedAt: -20, by: noc,
      steps: [{ at: -19, by: noc, body: { command: 'submit', note: null } }, { at: -18, by: noc, body: { command: 'assess', risk: 'low', impact: 'medium', assessment: '與上連韌體升級時段重疊，待委員會決定。' } }],
    },
    {
      title: '年終前骨幹路由調整', description: '調整上連路由政策以分散流量。', type: 'normal', risk: 'high', impact: 'high',
      backOutPlan: '還原原路由政策。', agencyId: second.agency_id, items: link(second.id), start: 24 * 21, end: 24 * 21 + 4, raisedAt: -5, by: noc,
      steps: [{ at: -4, by: noc, body: { command: 'submit', note: null } }],
    },
    {
      title: '光纖中斷緊急改接', description: '承商光纖遭挖斷，緊急改接至備援路由。', type: 'emergency', risk: 'high', impact: 'high',
      backOutPlan: '光纖修復後改回原路由。', agencyId: second.agency_id, items: link(second.id), start: -30, end: -28, raisedAt: -31, by: noc,
      steps: [
        { at: -30.9, by: noc, body: { command: 'submit', note: null } },
        { at: -30.8, by: cio, vote: 'approve', comment: '同意緊急改接，事後檢討。' },
        { at: -30.7, by: noc, body: { command: 'schedule', note: null } },
        { at: -30, by: noc, body: { command: 'start', note: null } },
        { at: -28.5, by: noc, body: { command: 'complete', note: '改接完成，流量正常。' } },
        { at: -6, by: noc, body: { command: 'review', review: '緊急變更合理；承商已補強施工告示。' } },
        { at: -5, by: noc, body: { command: 'close', note: null } },
      ],
    },
    {
      title: '更換故障線路卡', description: '以備品更換已確認故障的線路卡，不變更設定。', type: 'standard', risk: 'low', impact: 'low',
      backOutPlan: '裝回原線路卡並確認介面恢復。', agencyId: second.agency_id, templateId: templates[0].id, items: link(second.line_id),
      start: 26, end: 27, raisedAt: -3, by: noc,
      steps: [{ at: -2, by: noc, body: { command: 'submit', note: null } }, { at: -1.5, by: noc, body: { command: 'schedule', note: null } }],
    },
    {
      title: '核心交換器作業系統大改版', description: '於上班時段升級核心交換器作業系統。', type: 'normal', risk: 'high', impact: 'high',
      backOutPlan: '未提供完整回復演練紀錄。', agencyId: second.agency_id, items: link(second.id), start: 48, end: 52, raisedAt: -50, by: noc,
      steps: [
        ...cab(noc, -49, '回復計畫不足。', []),
        { at: -46, by: analyst, vote: 'reject', comment: '回復計畫未經演練，且時段與上班時間重疊。' },
        { at: -45, by: admin, vote: 'reject', comment: '請補回復演練後重新提出。' },
      ],
    },
    {
      title: '機關線路頻寬調整', description: '將機關專線頻寬自 10 Mbps 調整為 20 Mbps。', type: 'normal', risk: 'medium', impact: 'medium',
      backOutPlan: '請承商還原原頻寬設定。', agencyId: first.line_agency_id, items: link(first.line_id), start: -170, end: -168, raisedAt: -200, by: noc,
      steps: [
        ...cab(noc, -199, '僅影響單一機關。', [admin, cio]),
        { at: -190, by: noc, body: { command: 'schedule', note: null } },
        { at: -170, by: noc, body: { command: 'start', note: null } },
        { at: -169, by: noc, body: { command: 'fail', reason: '承商設定錯誤導致線路中斷。' } },
        { at: -168.5, by: noc, body: { command: 'back_out', note: '已還原原頻寬，線路恢復。' } },
        { at: -150, by: noc, body: { command: 'review', review: '承商需於下次施工前提交設定檢核表。' } },
      ],
    },
  ]
  for (const plan of plans) await raise(trx, plan, at)
}

async function raise(trx: TransactionClientContract, plan: DemoChange, at: (hours: number) => Date) {
  const row = new Change()
  row.useTransaction(trx)
  await numberChange(trx, row, at(plan.raisedAt))
  row.merge({
    title: plan.title, description: plan.description, type: plan.type, status: 'draft', risk: plan.risk, impact: plan.impact,
    assessment: null, backOutPlan: plan.backOutPlan, agencyId: plan.agencyId, templateId: plan.templateId ?? null, boardId: null,
    requestedById: plan.by.id, plannedStart: DateTime.fromJSDate(at(plan.start)), plannedEnd: DateTime.fromJSDate(at(plan.end)), windowId: null,
    submittedAt: null, decidedAt: null, implementedAt: null, closedAt: null,
  })
  await row.save()
  await trx.insertQuery().table('change_items').multiInsert(plan.items.map((item) => ({ change_id: row.id, ...item })))
  await recordAudit(trx, plan.by, [{ action: 'create', entity: 'changes', entityId: row.id, before: null, after: { ...row.serialize(), items: plan.items } }])
  await recordRaised(trx, plan.by, row, at(plan.raisedAt))
  for (const step of plan.steps) {
    if ('vote' in step) await applyVote(trx, step.by, row, step.vote, step.comment, at(step.at))
    else await applyChangeCommand(trx, step.by, row, step.body, at(step.at))
  }
}
