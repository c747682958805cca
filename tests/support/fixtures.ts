import db from '@adonisjs/lucid/services/db'
import User from '#app/access/user'
import type { Role } from '#app/access/roles'

let serial = 0
const unique = (prefix: string) => `${prefix}-${process.pid}-${++serial}`

export const TEST_PASSWORD = 'correct-horse-battery'

export async function makeAgency(attrs: { parentId?: number | null; name?: string; level?: number } = {}) {
  const parent = attrs.parentId ? await db.from('agencies').where('id', attrs.parentId).first() : null
  const [row] = await db
    .table('agencies')
    .insert({
      code: unique('AG'),
      name: attrs.name ?? unique('機關'),
      level: attrs.level ?? (parent ? parent.level + 1 : 2),
      kind: 'central',
      region: 'north',
      parent_id: attrs.parentId ?? null,
    })
    .returning('*')
  const path = `${parent?.path ?? '/'}${row.id}/`
  await db.from('agencies').where('id', row.id).update({ path })
  return { ...row, path }
}

/** A ministry with one agency under it and one beside it, for scope tests. */
export async function makeAgencyTree() {
  const ministry = await makeAgency({ level: 2, name: unique('部') })
  const child = await makeAgency({ parentId: ministry.id, name: unique('署') })
  const other = await makeAgency({ level: 2, name: unique('會') })
  return { ministry, child, other }
}

export async function makeUser(role: Role, agencyId: number | null = null) {
  return User.create({
    email: `${unique(role)}@gsn.test`.toLowerCase(),
    fullName: `Test ${role}`,
    password: TEST_PASSWORD,
    role,
    agencyId,
    locale: 'en',
    active: true,
  })
}

export function makeCode(prefix: string) {
  return unique(prefix)
}
