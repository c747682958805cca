import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { makeLink } from '#tests/functional/changes/support'
import { raise } from '#tests/functional/service_desk/support'

const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id)

/** An uplink of the ministry carrying a line of its child agency and one of another agency, and a system of the child. */
async function uplinkWithLines() {
  const { ministry, child, other } = await makeAgencyTree()
  const uplink = await makeLink(ministry.id, { kind: 'uplink' })
  const childLine = await makeLink(child.id, { consolidated_into_id: uplink.id })
  const otherLine = await makeLink(other.id, { consolidated_into_id: uplink.id })
  const [system] = await db
    .table('information_systems')
    .insert({ code: makeCode('SYS'), name: makeCode('系統'), agency_id: child.id, category: 'payroll', status: 'active' })
    .returning('*')
  return { ministry, child, other, uplink, childLine, otherLine, system }
}

test.group('incident impact', () => {
  test("an incident on an uplink shows the lines behind it, their agencies and systems; a liaison sees only what their scope holds", async ({ client, assert }) => {
    const { ministry, child, other, uplink, childLine, otherLine, system } = await uplinkWithLines()
    const noc = await makeUser('noc')
    const incident = await raise(client, noc, ministry.id, { items: [{ item_type: 'link', item_id: uplink.id }] })

    const whole = await client.get(`/api/incidents/${incident.id}/impact`).loginAs(noc)
    whole.assertStatus(200)
    const impact = whole.body()
    assert.deepEqual(ids(impact.links), [uplink.id])
    assert.sameMembers(ids(impact.lines_behind), [childLine.id, otherLine.id])
    assert.sameMembers(ids(impact.agencies), [ministry.id, child.id, other.id])
    assert.deepEqual(ids(impact.information_systems), [system.id])
    assert.deepEqual(impact.counts, { links: 1, lines_behind: 2, devices: 0, agencies: 3, information_systems: 1 })

    // The ministry's liaison reads the incident; the other agency's line behind the uplink is
    // neither listed nor counted, so not even its existence reaches them.
    const liaison = await makeUser('agency_liaison', ministry.id)
    const scoped = await client.get(`/api/incidents/${incident.id}/impact`).loginAs(liaison)
    scoped.assertStatus(200)
    assert.deepEqual(ids(scoped.body().lines_behind), [childLine.id])
    assert.sameMembers(ids(scoped.body().agencies), [ministry.id, child.id])
    assert.equal(scoped.body().counts.lines_behind, 1)
    assert.notInclude(scoped.text(), otherLine.circuit_id)
  })

  test("another agency's liaison gets 404, even with a line behind the uplink; a bad id is 422; an incident without items has none", async ({ client, assert }) => {
    const { ministry, other, uplink } = await uplinkWithLines()
    const noc = await makeUser('noc')
    const incident = await raise(client, noc, ministry.id, { items: [{ item_type: 'link', item_id: uplink.id }] })

    const outsider = await client.get(`/api/incidents/${incident.id}/impact`).loginAs(await makeUser('agency_liaison', other.id))
    outsider.assertStatus(404)
    assert.notInclude(outsider.text(), uplink.circuit_id)
    ;(await client.get('/api/incidents/99999999999/impact').loginAs(noc)).assertStatus(404)

    for (const bad of ['abc', '-1', '0', '1.5']) {
      const refused = await client.get(`/api/incidents/${bad}/impact`).loginAs(noc)
      assert.equal(refused.status(), 422, bad)
      assert.equal(refused.body().errors[0].field, 'id')
    }
    ;(await client.get(`/api/incidents/${incident.id}/impact`)).assertStatus(401)

    const bare = await raise(client, noc, ministry.id)
    const none = (await client.get(`/api/incidents/${bare.id}/impact`).loginAs(noc)).body()
    assert.deepEqual(none.counts, { links: 0, lines_behind: 0, devices: 0, agencies: 0, information_systems: 0 })
  })
})
