import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import ace from '@adonisjs/core/services/ace'
import AuditVerify from '#commands/audit_verify'
import { verifyAuditChain } from '#app/audit/audit_log'
import { chainHash } from '#app/audit/hash_chain'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import type { ApiClient } from '@japa/api-client'

/** The schema owner's connection: what an attacker with the database's keys could do, not the app. */
const owner = () => db.connection('owner')

/** A link made, then changed, by an admin over the API: two audit rows of this test's own. */
async function auditedChange(client: ApiClient) {
  const { ministry } = await makeAgencyTree()
  const admin = await makeUser('admin')
  const created = await client.post('/api/links').json(validBody('links', ministry.id)).loginAs(admin).withCsrfToken()
  created.assertStatus(201)
  const id = String(created.body().id)
  ;(await client.put(`/api/links/${id}`).json({ bandwidth_kbps: 20480 }).loginAs(admin).withCsrfToken()).assertStatus(200)
  const rows = await db.from('audit_log').where({ entity: 'links', entity_id: id }).orderBy('id')
  return { id, rows }
}

/**
 * Rewrites an audit row as a superuser would (guard off, row changed, guard on). What it changed
 * is put back by `restore()`, or at the latest when the test ends, passed, failed or timed out,
 * so the chain the other tests verify is intact whatever happened here.
 */
async function tamper(cleanup: (handler: () => Promise<void>) => void, row: Record<string, any>, changes: Record<string, unknown>) {
  const asStored = (values: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v !== null && typeof v === 'object' ? JSON.stringify(v) : v]))
  const original = Object.fromEntries(Object.keys(changes).map((k) => [k, row[k]]))
  const rewrite = async (values: Record<string, unknown>) => {
    await owner().rawQuery('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
    try {
      await owner().from('audit_log').where('id', row.id).update(asStored(values))
    } finally {
      await owner().rawQuery('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')
    }
  }
  let restored = false
  const restore = async () => {
    if (restored) return
    restored = true
    await rewrite(original)
  }
  cleanup(restore)
  await rewrite(changes)
  return restore
}

test.group('audit log', () => {
  test('create, update and delete are recorded with who, before and after', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const created = await client.post('/api/links').json(validBody('links', ministry.id)).loginAs(noc).withCsrfToken()
    const id = String(created.body().id)
    await client.put(`/api/links/${id}`).json({ bandwidth_kbps: 20480 }).loginAs(noc).withCsrfToken()
    await client.delete(`/api/links/${id}`).loginAs(noc).withCsrfToken()

    const rows = await db.from('audit_log').where({ entity: 'links', entity_id: id }).orderBy('id')
    assert.deepEqual(rows.map((r) => r.action), ['create', 'update', 'delete'])
    assert.isTrue(rows.every((r) => r.actor_id === noc.id && r.actor_email === noc.email))
    assert.equal(rows[0].after.circuit_id, created.body().circuit_id)
    assert.deepEqual(rows[1].before, { bandwidth_kbps: 10240 })
    assert.deepEqual(rows[1].after, { bandwidth_kbps: 20480 })
    assert.equal(rows[2].before.bandwidth_kbps, 20480)
    assert.isNull(rows[2].after)
  })

  test('an update that changes nothing writes nothing', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const created = await client.post('/api/links').json(validBody('links', ministry.id)).loginAs(noc).withCsrfToken()
    const before = await db.from('audit_log').count('* as n')
    await client.put(`/api/links/${created.body().id}`).json({ name: created.body().name }).loginAs(noc).withCsrfToken()
    const after = await db.from('audit_log').count('* as n')
    assert.equal(after[0].n, before[0].n)
  })

  test('the table refuses updates and deletes', async ({ assert, client }) => {
    const [row] = (await auditedChange(client)).rows
    // The console's own role may not touch a row, nor switch the triggers off…
    await assert.rejects(() => db.from('audit_log').where('id', row.id).update({ actor_email: 'mallory' }), /permission denied/)
    await assert.rejects(() => db.from('audit_log').where('id', row.id).delete(), /permission denied/)
    await assert.rejects(() => db.rawQuery('TRUNCATE audit_log'), /permission denied/)
    await assert.rejects(() => db.rawQuery('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update'), /must be owner/)
    const [{ rolsuper }] = (await db.rawQuery('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows
    assert.isFalse(rolsuper)
    // …and the schema's owner still meets the triggers.
    await assert.rejects(() => owner().from('audit_log').where('id', row.id).update({ actor_email: 'mallory' }), /append-only/)
    await assert.rejects(() => owner().from('audit_log').where('id', row.id).delete(), /append-only/)
  })

  test('auditors read and filter it; noc may not', async ({ client, assert }) => {
    const { id, rows } = await auditedChange(client)
    const auditor = await makeUser('auditor')
    const noc = await makeUser('noc')
    const list = await client
      .get('/api/audit_log')
      .qs({ filter: JSON.stringify({ entity: 'links', entity_id: id, action: 'update' }), range: '[0,4]', sort: '["at","DESC"]' })
      .loginAs(auditor)
    list.assertStatus(200)
    assert.deepEqual(list.body().map((r: any) => [String(r.id), r.entity, r.entity_id, r.action]), [[String(rows[1].id), 'links', id, 'update']])
    const all = await client.get('/api/audit_log').qs({ filter: JSON.stringify({ entity: 'links', entity_id: id }) }).loginAs(auditor)
    assert.deepEqual(all.body().map((r: any) => r.action).sort(), ['create', 'update'])
    const refused = await client.get('/api/audit_log').loginAs(noc)
    refused.assertStatus(403)
    const noWrite = await client.post('/api/audit_log').json({}).loginAs(auditor).withCsrfToken()
    assert.oneOf(noWrite.status(), [404, 405])
  })

  test('audit:verify passes an intact chain and names the first broken row', async ({ assert, client, cleanup }) => {
    const [, victim] = (await auditedChange(client)).rows
    const intact = await ace.exec('audit:verify', [])
    assert.equal(intact.exitCode, 0)
    assert.isNull((await verifyAuditChain()).broken)

    const restore = await tamper(cleanup, victim, { actor_email: 'mallory@evil.test' })
    const verdict = await verifyAuditChain()
    assert.equal(verdict.broken?.id, String(victim.id))
    const command = await ace.exec('audit:verify', [])
    assert.equal(command.exitCode, 1)
    assert.instanceOf(command, AuditVerify)

    await restore()
    assert.isNull((await verifyAuditChain()).broken, 'put back, the chain holds again')
  })

  test('a rewritten head with a recomputed hash is caught by a recorded anchor', async ({ assert, client, cleanup }) => {
    const { rows } = await auditedChange(client)
    const { head } = await verifyAuditChain()
    assert.equal(head?.id, String(rows[1].id), "this test's own change is the head")
    const anchor = `${head!.id}:${head!.hash}`
    assert.equal((await ace.exec('audit:verify', ['--anchor', anchor])).exitCode, 0)

    const row = rows[1]
    const after = { forged: true }
    const hash = chainHash(row.prev_hash, {
      id: row.id, at: new Date(row.at), actorId: row.actor_id, actorEmail: row.actor_email, action: row.action,
      entity: row.entity, entityId: row.entity_id, before: row.before, after,
    })
    const restore = await tamper(cleanup, row, { after, hash })
    assert.isNull((await verifyAuditChain()).broken, 'the chain alone cannot see it')
    assert.equal((await ace.exec('audit:verify', ['--anchor', anchor])).exitCode, 1)

    await restore()
    assert.equal((await ace.exec('audit:verify', ['--anchor', anchor])).exitCode, 0, 'put back, the anchor matches again')
  })
})
