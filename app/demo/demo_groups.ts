import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { AuditChange } from '#app/audit/audit_log'
import type { DemoDataSet } from '#app/demo/data_set'
import { ensureStandardGroups } from '#app/incidents/standard_groups'
import { DEFAULT_MATRIX, type Priority } from '#app/incidents/priority_matrix'
import type { Impact, Urgency } from '#shared/service_desk'

/**
 * The demo's service desk: the default priority matrix, the standard groups (NOC, G-ISAC, the
 * four regional teams) and an IT team for each ministry and local government, with the demo
 * accounts as members: the NOC engineer in the NOC and every regional team (so the team an
 * incident is routed to can hand it to them), the analyst in G-ISAC, the liaison in their
 * ministry's IT team.
 */

/** The impact and urgency a demo incident states for the priority it is shown with (default matrix). */
export const ASSESSMENT_OF: Record<Priority, { impact: Impact; urgency: Urgency }> = {
  P1: { impact: 'high', urgency: 'high' },
  P2: { impact: 'high', urgency: 'medium' },
  P3: { impact: 'medium', urgency: 'medium' },
  P4: { impact: 'low', urgency: 'low' },
}

const MEMBERSHIPS: Record<string, string[]> = {
  'noc@gsn.demo': ['NOC', 'JDT-NORTH', 'JDT-CENTRAL', 'JDT-SOUTH', 'JDT-EAST'],
  'analyst@gsn.demo': ['G-ISAC'],
}

export const itTeamCode = (agencyCode: string) => `IT-${agencyCode}`

export async function seedGroups(
  trx: TransactionClientContract,
  data: Pick<DemoDataSet, 'agencies' | 'users'>,
  agencyOf: (code: string) => number | null,
  userOf: (email: string) => number | null
): Promise<AuditChange[]> {
  await trx
    .insertQuery()
    .table('priority_matrix')
    .multiInsert(DEFAULT_MATRIX.map((c) => ({ ...c })))
    .onConflict(['impact', 'urgency'])
    .merge(['priority'])
  const ids = await ensureStandardGroups(trx)
  const teams = data.agencies
    .filter((a) => a.level === 2)
    .map((a) => ({ code: itTeamCode(a.code), name: `${a.name}資訊單位`, name_en: `${a.name_en} IT team`, kind: 'agency_it', region: null, agency_id: agencyOf(a.code) }))
  const saved: Array<{ id: number; code: string }> = teams.length
    ? await trx.insertQuery().table('assignment_groups').multiInsert(teams).onConflict('code').merge(['name', 'name_en', 'agency_id']).returning(['id', 'code'])
    : []
  for (const t of saved) ids.set(t.code, t.id)

  const members: Array<{ group_id: number; user_id: number }> = []
  for (const user of data.users) {
    const codes = MEMBERSHIPS[user.email] ?? (user.role === 'agency_liaison' && user.agency_code ? [itTeamCode(user.agency_code)] : [])
    const userId = userOf(user.email)
    for (const code of codes) if (ids.has(code) && userId) members.push({ group_id: ids.get(code)!, user_id: userId })
  }
  if (members.length) await trx.insertQuery().table('assignment_group_members').multiInsert(members).onConflict(['group_id', 'user_id']).ignore()
  return [
    { action: 'create', entity: 'assignment_groups', entityId: '*', before: null, after: { rows: ids.size, reason: 'demo:seed' } },
    { action: 'create', entity: 'assignment_group_members', entityId: '*', before: null, after: { rows: members.length, reason: 'demo:seed' } },
  ]
}
