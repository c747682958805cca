import db from '@adonisjs/lucid/services/db'
import { makeCode } from '#tests/support/fixtures'

/** A link row straight in the database (the link API is not what these tests are about). */
export async function makeLink(agencyId: number, kind: 'legacy' | 'uplink' = 'legacy') {
  const [row] = await db
    .table('links')
    .insert({
      circuit_id: makeCode('CKT'), name: makeCode('線路'), kind, agency_id: agencyId, a_end: '機關端', z_end: 'GSN-TPE',
      bandwidth_kbps: 1_000_000, status: 'active',
    })
    .returning('*')
  return row as { id: number; agency_id: number; circuit_id: string; name: string; kind: string }
}
