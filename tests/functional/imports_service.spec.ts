import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { importCsv } from '#app/imports/import_service'
import { agencyResource } from '#app/agencies/agency_resource'
import { linkResource } from '#app/links/link_resource'
import { makeAgency, makeCode, makeUser } from '#tests/support/fixtures'
import type { ResourceDefinition } from '#app/core/resource'
import User from '#app/access/user'
import { verifyAuditChain } from '#app/audit/audit_log'

/** The import service itself, with small batches, so batch edges fall between related lines. */
async function run(def: unknown, user: User, text: string, batchSize: number) {
  // Fed in small pieces too, so lines are split across reads.
  const bytes = Buffer.from(text)
  const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7))
  const seen: number[] = []
  const result = await importCsv({
    def: def as ResourceDefinition,
    user,
    source: chunks,
    batchSize,
    onProgress: (p) => {
      seen.push(p.bytesRead)
    },
  })
  return { ...result, errors: result.errors.toJSON(), seen }
}

test.group('CSV import service', () => {
  test('a hierarchy imports the same whatever the batch size, with parents above or below', async ({ assert }) => {
    const admin = await makeUser('admin')
    for (const batchSize of [1, 2, 3, 1000]) {
      const top = await makeAgency({ level: 1 })
      const [m, b1, b2, o1, late] = [1, 2, 3, 4, 5].map(() => makeCode('AG'))
      const text = [
        'code,name,level,kind,region,parent_code,hub_code',
        `${m},部,2,central,north,${top.code},`,
        `${b1},署一,3,central,north,${m},${m}`,
        `${o1},辦事處,4,central,north,${late},${m}`,
        `${b2},署二,3,central,north,${m},${m}`,
        `${late},署三,3,central,north,${b2},${m}`,
      ].join('\r\n')
      const result = await run(agencyResource, admin, text, batchSize)
      assert.include(result, { status: 'done', inserted: 5, rejected: 0 }, `batch size ${batchSize}`)
      const rows = await db.from('agencies').whereIn('code', [m, b1, b2, o1, late])
      const by = Object.fromEntries(rows.map((r) => [r.code, r]))
      const pathOf = (code: string): string => {
        const row = by[code]
        return row.parent_id === top.id ? `${top.path}${row.id}/` : `${pathOf(rows.find((r) => r.id === row.parent_id).code)}${row.id}/`
      }
      for (const code of [m, b1, b2, o1, late]) assert.equal(by[code].path, pathOf(code), `${code} at batch size ${batchSize}`)
      assert.equal(by[o1].parent_id, by[late].id)
      assert.equal(result.seen[result.seen.length - 1], Buffer.byteLength(text))
    }
  })

  test('a line naming a rejected line is rejected and says why', async ({ assert }) => {
    const admin = await makeUser('admin')
    const top = await makeAgency({ level: 1 })
    const [bad, child, grandchild] = [1, 2, 3].map(() => makeCode('AG'))
    for (const batchSize of [1, 1000]) {
      const text = [
        'code,name,level,kind,region,parent_code',
        `${bad}-${batchSize},部,9,central,north,${top.code}`,
        `${child}-${batchSize},署,3,central,north,${bad}-${batchSize}`,
        `${grandchild}-${batchSize},處,4,central,north,${child}-${batchSize}`,
      ].join('\n')
      const result = await run(agencyResource, admin, text, batchSize)
      assert.include(result, { inserted: 0, rejected: 3 }, `batch size ${batchSize}`)
      assert.deepEqual(result.errors.map((e) => e.line), [2, 3, 4])
      assert.deepEqual(result.errors.map((e) => e.field), ['level', 'parent_code', 'parent_code'])
      assert.match(result.errors[1].message, new RegExp(`"${bad}-${batchSize}" on line 2 was rejected`))
      assert.match(result.errors[2].message, new RegExp(`"${child}-${batchSize}" on line 3 was rejected`))
    }
  })

  test('a later line for a key whose earlier line waits for its reference still wins', async ({ assert }) => {
    const admin = await makeUser('admin')
    const top = await makeAgency({ level: 1 })
    const [k, later] = [1, 2].map(() => makeCode('AG'))
    const text = [
      'code,name,level,kind,region,parent_code',
      `${k},first,3,central,north,${later}`,
      `${k},second,3,central,north,${later}`,
      `${later},parent,2,central,north,${top.code}`,
    ].join('\n')
    const result = await run(agencyResource, admin, text, 1000)
    assert.include(result, { inserted: 2, updated: 1, rejected: 0 })
    const row = await db.from('agencies').where('code', k).first()
    assert.equal(row.name, 'second')
  })

  test('more errors than the cap are counted, not listed', async ({ assert }) => {
    const admin = await makeUser('admin')
    const header = 'circuit_id,name,kind,agency_code,a_end,z_end,bandwidth_kbps,status'
    const lines = Array.from({ length: 1203 }, (_, i) => `${makeCode('CKT')}-${i},x,legacy,NOPE,a,z,1,active`)
    const result = await run(linkResource, admin, [header, ...lines].join('\n'), 1000)
    assert.include(result, { rejected: 1203, inserted: 0 })
    assert.lengthOf(result.errors, 1001)
    assert.deepInclude(result.errors[1000], { line: null, omitted: 203 })
    assert.equal(result.errors[999].line, 1001)
  })

  test('an import run as the system (no saved user) is audited as the system, and the chain holds', async ({ assert }) => {
    // What `node ace inventory:import` does without --as.
    const system = new User()
    system.email = 'system'
    system.role = 'admin'
    system.agencyId = null
    const top = await makeAgency({ level: 1 })
    const code = makeCode('AG')
    const result = await run(agencyResource, system, `code,name,level,kind,region,parent_code,hub_code\n${code},部,2,central,north,${top.code},\n`, 1000)
    assert.equal(result.inserted, 1)
    const id = (await db.from('agencies').where('code', code).select('id').firstOrFail()).id
    const audit = await db.from('audit_log').where({ entity: 'agencies', entity_id: String(id) }).select('actor_id', 'actor_email')
    assert.deepEqual(audit, [{ actor_id: null, actor_email: 'system' }])
    assert.isNull((await verifyAuditChain()).broken)
  })
})
