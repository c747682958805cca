import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import ace from '@adonisjs/core/services/ace'
import AuditVerify from '#commands/audit_verify'
import { verifyAuditChain } from '#app/audit/audit_log'
import { chainHash } from '#app/audit/hash_chain'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'

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

  test('the table refuses updates and deletes', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    void ministry
    const row = await db.from('audit_log').orderBy('id', 'desc').first()
    assert.exists(row, 'earlier tests wrote audit rows')
    await assert.rejects(() => db.from('audit_log').where('id', row.id).update({ actor_email: 'mallory' }), /append-only/)
    await assert.rejects(() => db.from('audit_log').where('id', row.id).delete(), /append-only/)
  })

  test('auditors read and filter it; noc may not', async ({ client, assert }) => {
    const auditor = await makeUser('auditor')
    const noc = await makeUser('noc')
    const list = await client
      .get('/api/audit_log')
      .qs({ filter: JSON.stringify({ entity: 'links', action: 'update' }), range: '[0,4]', sort: '["at","DESC"]' })
      .loginAs(auditor)
    list.assertStatus(200)
    assert.isAbove(list.body().length, 0)
    assert.isTrue(list.body().every((r: any) => r.entity === 'links' && r.action === 'update'))
    const refused = await client.get('/api/audit_log').loginAs(noc)
    refused.assertStatus(403)
    const noWrite = await client.post('/api/audit_log').json({}).loginAs(auditor).withCsrfToken()
    assert.oneOf(noWrite.status(), [404, 405])
  })

  test('audit:verify passes an intact chain and names the first broken row', async ({ assert, cleanup }) => {
    const intact = await ace.exec('audit:verify', [])
    assert.equal(intact.exitCode, 0)
    assert.isNull((await verifyAuditChain()).broken)

    // Tamper as a superuser would: switch the guard off, rewrite one row.
    const rows = await db.from('audit_log').orderBy('id').limit(3)
    const victim = rows[1]
    await db.rawQuery('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
    cleanup(() => db.rawQuery('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update'))
    await db.from('audit_log').where('id', victim.id).update({ actor_email: 'mallory@evil.test' })
    await db.rawQuery('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')

    const verdict = await verifyAuditChain()
    assert.equal(verdict.broken?.id, String(victim.id))
    const command = await ace.exec('audit:verify', [])
    assert.equal(command.exitCode, 1)
    assert.instanceOf(command, AuditVerify)
    // Restore so later tests see an intact chain.
    await db.rawQuery('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
    await db.from('audit_log').where('id', victim.id).update({ actor_email: victim.actor_email })
    await db.rawQuery('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')
    assert.isNull((await verifyAuditChain()).broken)
  })

  test('a rewritten head with a recomputed hash is caught by a recorded anchor', async ({ assert, cleanup }) => {
    const { head } = await verifyAuditChain()
    assert.exists(head)
    const anchor = `${head!.id}:${head!.hash}`
    assert.equal((await ace.exec('audit:verify', ['--anchor', anchor])).exitCode, 0)

    const row = await db.from('audit_log').where('id', head!.id).first()
    const forged = { ...row, after: { forged: true } }
    const hash = chainHash(row.prev_hash, {
      id: row.id, at: new Date(row.at), actorId: row.actor_id, actorEmail: row.actor_email, action: row.action,
      entity: row.entity, entityId: row.entity_id, before: row.before, after: forged.after,
    })
    await db.rawQuery('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update')
    cleanup(() => db.rawQuery('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update'))
    await db.from('audit_log').where('id', row.id).update({ after: JSON.stringify(forged.after), hash })
    assert.isNull((await verifyAuditChain()).broken, 'the chain alone cannot see it')
    assert.equal((await ace.exec('audit:verify', ['--anchor', anchor])).exitCode, 1)
    await db.from('audit_log').where('id', row.id).update({ after: JSON.stringify(row.after), hash: row.hash })
    await db.rawQuery('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update')
  })
})
