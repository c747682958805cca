import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { AlarmService } from '#app/monitoring/alarm_service'
import { clock, makeDevice, makeLink, upAt } from '#tests/functional/monitoring/support'

const quiet = new AlarmService({ emit: () => {} })

/**
 * GET /api/unreachable_devices: the wall screen's devices that no longer answer, as the board
 * reads links: in the reader's scope, under the board's agency and region filters.
 */
test.group('unreachable devices for the wall screen', () => {
  test('lists the devices not answering, longest silent first, with their links, incident and window', async ({ client, assert }) => {
    const t = clock()
    const { ministry, child, other } = await makeAgencyTree()
    await db.from('agencies').where('id', child.id).update({ name_en: 'Child Agency' })
    const noc = await makeUser('noc')
    const first = await makeDevice(child.id, { region: 'south' })
    const second = await makeDevice(ministry.id, { region: 'north' })
    const answering = await makeDevice(ministry.id)
    const foreign = await makeDevice(other.id)
    const carried = [await makeLink(child.id, { deviceId: first.id }), await makeLink(child.id, { deviceId: first.id })]
    await makeLink(child.id, { deviceId: first.id, status: 'decommissioned' })
    await quiet.observe(carried.map((l) => upAt(l, t(0))))
    const fail = (id: number, s: number) => quiet.recordDevicePoll(id, { ok: false, error: 'Timeout', at: t(s) })
    for (const s of [60, 120, 180]) await fail(first.id, s)
    for (const s of [240, 300]) await fail(second.id, s)
    for (const s of [240, 300]) await fail(foreign.id, s)
    await quiet.recordDevicePoll(answering.id, { ok: true, at: t(300) })
    // A window over the second device, now.
    const [window] = await db
      .table('maintenance_windows')
      .insert({ title: 'router swap', starts_at: new Date(Date.now() - 3600_000), ends_at: new Date(Date.now() + 3600_000), reason: 'swap', agency_id: ministry.id })
      .returning('id')
    await db.table('maintenance_window_items').insert({ window_id: window.id, item_type: 'device', item_id: second.id })

    const listed = await client.get('/api/unreachable_devices').qs({ filter: JSON.stringify({ agency_id: ministry.id }) }).loginAs(noc)
    listed.assertStatus(200)
    assert.equal(listed.header('content-range'), 'unreachable_devices 0-1/2')
    const [a, b] = listed.body()
    assert.include(a, { id: first.id, agency_id: child.id, agency_name_en: 'Child Agency', region: 'south', links: 2, consecutive_failures: 3, maintenance_window_id: null })
    assert.equal(new Date(a.failing_since).getTime(), t(60).getTime())
    assert.isNotNull(a.open_incident_number, 'the device incident is named')
    assert.include(b, { id: second.id, maintenance_window_id: window.id, links: 0 })

    // The board's region filter; a page of one with the total.
    const south = await client.get('/api/unreachable_devices').qs({ filter: JSON.stringify({ agency_id: ministry.id, region: 'south' }) }).loginAs(noc)
    assert.deepEqual(south.body().map((d: any) => d.id), [first.id])
    const page = await client.get('/api/unreachable_devices').qs({ filter: JSON.stringify({ agency_id: ministry.id }), range: '[1,1]' }).loginAs(noc)
    assert.equal(page.header('content-range'), 'unreachable_devices 1-1/2')
    assert.deepEqual(page.body().map((d: any) => d.id), [second.id])

    // Another ministry's liaison never learns of these devices, even by naming the ministry.
    const stranger = await makeUser('agency_liaison', other.id)
    const theirs = await client.get('/api/unreachable_devices').qs({ range: '[0,999]' }).loginAs(stranger)
    theirs.assertStatus(200)
    assert.deepEqual(theirs.body().map((d: any) => d.id), [foreign.id])
    const asked = await client.get('/api/unreachable_devices').qs({ filter: JSON.stringify({ agency_id: ministry.id }) }).loginAs(stranger)
    assert.deepEqual(asked.body(), [])
  })

  test('is refused without a session, and answers 422 with the field to mistyped filters and sorts', async ({ client }) => {
    const noc = await makeUser('noc')
    ;(await client.get('/api/unreachable_devices')).assertStatus(401)
    const typed = await client.get('/api/unreachable_devices').qs({ filter: JSON.stringify({ agency_id: 'ministry' }) }).loginAs(noc)
    typed.assertStatus(422)
    typed.assertBodyContains({ errors: [{ field: 'agency_id' }] })
    const unknown = await client.get('/api/unreachable_devices').qs({ filter: JSON.stringify({ hostname: 'core' }) }).loginAs(noc)
    unknown.assertStatus(422)
    const sorted = await client.get('/api/unreachable_devices').qs({ sort: '["hostname","ASC"]' }).loginAs(noc)
    sorted.assertStatus(422)
    const range = await client.get('/api/unreachable_devices').qs({ range: 'all' }).loginAs(noc)
    range.assertStatus(422)
  })
})
