import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { makeCode, makeUser } from '#tests/support/fixtures'

/** A change's planned window, in hours from now. */
export function window(fromHours: number, toHours: number) {
  const now = Date.now()
  return { planned_start: new Date(now + fromHours * 3_600_000).toISOString(), planned_end: new Date(now + toHours * 3_600_000).toISOString() }
}

export async function makeLink(agencyId: number, attrs: Record<string, unknown> = {}) {
  const [row] = await db
    .table('links')
    .insert({ circuit_id: makeCode('CKT'), name: makeCode('線路'), kind: 'legacy', agency_id: agencyId, a_end: 'A', z_end: 'Z', bandwidth_kbps: 10240, status: 'active', ...attrs })
    .returning('*')
  return row as { id: number; circuit_id: string; agency_id: number }
}

/** A board of `size` NOC members with a quorum, for the agency (national when null). */
export async function makeBoard(agencyId: number | null, options: { size?: number; quorum?: number; type?: 'normal' | 'emergency' } = {}) {
  const members: User[] = []
  for (let i = 0; i < (options.size ?? 3); i++) members.push(await makeUser('noc'))
  const [board] = await db
    .table('change_boards')
    .insert({ name: makeCode('CAB'), change_type: options.type ?? 'normal', agency_id: agencyId, quorum: options.quorum ?? 2 })
    .returning('*')
  await db.table('change_board_members').multiInsert(members.map((m) => ({ board_id: board.id, user_id: m.id })))
  return { board, members }
}

export function api(client: ApiClient, user: User) {
  const post = (path: string, body: Record<string, unknown> = {}) => client.post(path).json(body).loginAs(user).withCsrfToken()
  return {
    post,
    get: (path: string) => client.get(path).loginAs(user),
    raise: async (body: Record<string, unknown>) => {
      const response = await post('/api/changes', body)
      if (response.status() !== 201) throw new Error(`raise: ${response.status()} ${response.text()}`)
      return response.body()
    },
    command: (id: number, command: string, body: Record<string, unknown> = {}) => post(`/api/changes/${id}/${command}`, body),
  }
}

export function changeBody(agencyId: number, items: Array<{ item_type: string; item_id: number }>, span = window(1, 3), extra: Record<string, unknown> = {}) {
  return {
    title: makeCode('Change'), type: 'normal', risk: 'medium', impact: 'medium', agency_id: agencyId,
    back_out_plan: 'Restore the saved configuration', items, ...span, ...extra,
  }
}

export const windowOf = (id: number) => db.from('maintenance_windows').where('id', id).first()
export const windowItems = (id: number) => db.from('maintenance_window_items').where('window_id', id).orderBy(['item_type', 'item_id']).select('item_type', 'item_id')

/** A normal change on the uplink, taken through submit, assess and two approvals. */
export async function approvedChange(
  client: ApiClient,
  ministryId: number,
  items: Array<{ item_type: string; item_id: number }>,
  span = window(1, 3),
  board?: Awaited<ReturnType<typeof makeBoard>>
) {
  const noc = await makeUser('noc')
  const { members } = board ?? (await makeBoard(ministryId))
  const as = api(client, noc)
  const change = await as.raise(changeBody(ministryId, items, span))
  ;(await as.command(change.id, 'submit')).assertStatus(200)
  ;(await as.command(change.id, 'assess', { risk: 'high', impact: 'medium', assessment: 'Uplink carries 40 agencies' })).assertStatus(200)
  ;(await api(client, members[0]).post(`/api/changes/${change.id}/approve`, { comment: 'ok' })).assertStatus(200)
  const approved = await api(client, members[1]).post(`/api/changes/${change.id}/approve`, {})
  approved.assertStatus(200)
  return { noc, members, as, change: approved.body(), board: board ?? null }
}
