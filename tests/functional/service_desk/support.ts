import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { validBody } from '#tests/support/bodies'
import { makeCode } from '#tests/support/fixtures'
import { ensureStandardGroups } from '#app/incidents/standard_groups'

/** Raises an incident through the API as `user` (a service one, a security one for analysts). */
export async function raise(client: ApiClient, user: User, agencyId: number, extra: object = {}) {
  const role = user.role === 'analyst' ? 'analyst' : 'noc'
  const created = await client.post('/api/incidents').json({ ...validBody('incidents', agencyId, role), ...extra }).loginAs(user).withCsrfToken()
  if (created.status() !== 201) throw new Error(`raise: ${created.status()} ${created.text()}`)
  return created.body() as Record<string, any>
}

export const command = (client: ApiClient, user: User, id: number, name: string, json: object = {}) =>
  client.post(`/api/incidents/${id}/${name}`).json(json).loginAs(user).withCsrfToken()

/** The standard groups by code, made if a demo reset took them. */
export const standardGroups = () => ensureStandardGroups(db.connection())

/** A group made directly (admins make them through the API; that is tested on its own). */
export async function makeGroup(attrs: { kind: string; agencyId?: number | null; region?: string | null; members?: number[] }) {
  const [group] = await db
    .table('assignment_groups')
    .insert({ code: makeCode('GRP'), name: makeCode('群組'), kind: attrs.kind, region: attrs.region ?? null, agency_id: attrs.agencyId ?? null })
    .returning('*')
  if (attrs.members?.length) await db.table('assignment_group_members').multiInsert(attrs.members.map((u) => ({ group_id: group.id, user_id: u })))
  return group as { id: number; code: string; name: string }
}
