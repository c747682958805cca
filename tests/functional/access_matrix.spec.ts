import { test } from '@japa/runner'
import { ROLES, can, type Role } from '#app/access/roles'
import { writableResources } from '#app/resources'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody, updateOf } from '#tests/support/bodies'

/**
 * Every role against every resource and action, through the HTTP API. The expectation comes
 * from roles.ts; the pins at the end keep that matrix itself from drifting unnoticed.
 */
test.group('access matrix', () => {
  for (const role of ROLES) {
    for (const def of writableResources) {
      const resource = def.name
      test(`${role} × ${resource}`, async ({ client, assert }) => {
        const { ministry } = await makeAgencyTree()
        const admin = await makeUser('admin')
        const user = await makeUser(role as Role)
        const expectStatus = (action: 'read' | 'create' | 'update' | 'delete', ok: number) =>
          can(role as Role, resource, action) ? ok : 403

        const list = await client.get(`/api/${resource}`).loginAs(user)
        assert.equal(list.status(), expectStatus('read', 200), `list ${list.text()}`)

        const seeded = await client.post(`/api/${resource}`).json(validBody(resource, ministry.id, 'admin')).loginAs(admin).withCsrfToken()
        assert.equal(seeded.status(), 201, seeded.text())
        const id = seeded.body().id

        const show = await client.get(`/api/${resource}/${id}`).loginAs(user)
        assert.equal(show.status(), expectStatus('read', 200), `show ${show.text()}`)

        const created = await client.post(`/api/${resource}`).json(validBody(resource, ministry.id, role as Role)).loginAs(user).withCsrfToken()
        assert.equal(created.status(), expectStatus('create', 201), `create ${created.text()}`)

        if (resource === 'incidents' && (role === 'noc' || role === 'analyst')) {
          // Their incident type is checked on its own test; here use one of their kind.
          const own = await client.post(`/api/${resource}`).json(validBody(resource, ministry.id, role)).loginAs(admin).withCsrfToken()
          const updated = await client.put(`/api/${resource}/${own.body().id}`).json(updateOf(resource)).loginAs(user).withCsrfToken()
          assert.equal(updated.status(), expectStatus('update', 200), `update ${updated.text()}`)
        } else {
          const updated = await client.put(`/api/${resource}/${id}`).json(updateOf(resource)).loginAs(user).withCsrfToken()
          assert.equal(updated.status(), expectStatus('update', 200), `update ${updated.text()}`)
        }

        const removed = await client.delete(`/api/${resource}/${id}`).loginAs(user).withCsrfToken()
        assert.equal(removed.status(), expectStatus('delete', 200), `delete ${removed.text()}`)
      })
    }
  }

  test('the matrix itself: who may do what', ({ assert }) => {
    assert.isTrue(can('admin', 'users', 'delete'))
    assert.isTrue(can('noc', 'links', 'update'))
    assert.isFalse(can('noc', 'audit_log', 'read'))
    assert.isTrue(can('analyst', 'incidents', 'update'))
    assert.isFalse(can('analyst', 'links', 'update'))
    assert.isFalse(can('cio', 'links', 'create'))
    assert.isTrue(can('cio', 'overview', 'read'))
    assert.isTrue(can('auditor', 'audit_log', 'read'))
    assert.isFalse(can('auditor', 'incidents', 'update'))
    assert.isTrue(can('agency_liaison', 'information_systems', 'update'))
    assert.isFalse(can('agency_liaison', 'links', 'update'))
    assert.isFalse(can('agency_liaison', 'users', 'read'))
  })
})
