import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { AlarmService } from '#app/monitoring/alarm_service'
import { clock, downAt, incidentsOf, makeDevice, makeLink, upAt } from '#tests/functional/monitoring/support'
import { makePolledDevice } from '#tests/functional/pipeline/support'

const quiet = new AlarmService({ emit: () => {} })

test.group('link monitoring API', () => {
  test('the NOC board lists link states with faults first, filters, counts and agency scope', async ({ client, assert }) => {
    const t = clock()
    const { ministry, child, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const core = await makeDevice(ministry.id, { region: 'south' })
    const uplink = await makeLink(ministry.id, { kind: 'uplink', deviceId: core.id })
    const healthy = await makeLink(child.id, { deviceId: core.id, consolidatedIntoId: uplink.id })
    const broken = await makeLink(child.id, { deviceId: core.id })
    const neverPolled = await makeLink(child.id)
    const retired = await makeLink(child.id, { status: 'decommissioned' })
    const foreign = await makeLink(other.id, { deviceId: (await makeDevice(other.id)).id })
    await quiet.observe([
      upAt(uplink, t(0)), upAt(healthy, t(0)), upAt(broken, t(0)), upAt(foreign, t(0)),
      { ...upAt(uplink, t(60)), inUtil: 0.42, outUtil: 0.17 }, upAt(healthy, t(60)), downAt(broken, t(60)), downAt(foreign, t(60)),
    ])

    const board = await client.get('/api/link_states').qs({ filter: JSON.stringify({ agency_id: ministry.id }) }).loginAs(noc)
    board.assertStatus(200)
    assert.equal(board.header('content-range'), 'link_states 0-3/4', 'the decommissioned line is left off')
    const rows = board.body()
    assert.deepEqual(rows[0].id, broken.id, 'faults first')
    assert.equal(rows[1].id, neverPolled.id, 'then what cannot be seen')
    const byId = new Map<number, any>(rows.map((r: any) => [r.id, r]))
    assert.include(byId.get(broken.id), { state: 'down', suppressed: false, in_maintenance: false, flapping: false, region: 'south', ministry_id: ministry.id })
    assert.isNotNull(byId.get(broken.id).open_incident_number, 'the board shows the outage ticket')
    assert.include(byId.get(neverPolled.id), { state: 'unknown', last_poll_at: null })
    assert.include(byId.get(uplink.id), { state: 'up', in_util: 0.42, out_util: 0.17, kind: 'uplink' })
    assert.equal(new Date(byId.get(uplink.id).last_poll_at).getTime(), t(60).getTime())

    const down = await client.get('/api/link_states').qs({ filter: JSON.stringify({ agency_id: ministry.id, state: 'down' }) }).loginAs(noc)
    assert.deepEqual(down.body().map((r: any) => r.id), [broken.id])
    const uplinks = await client.get('/api/link_states').qs({ filter: JSON.stringify({ agency_id: ministry.id, kind: 'uplink', region: 'south' }) }).loginAs(noc)
    assert.deepEqual(uplinks.body().map((r: any) => r.id), [uplink.id])
    const withRetired = await client.get('/api/link_states').qs({ filter: JSON.stringify({ agency_id: child.id, link_status: ['active', 'decommissioned'] }) }).loginAs(noc)
    assert.include(withRetired.body().map((r: any) => r.id), retired.id)
    const byName = await client.get('/api/link_states').qs({ filter: JSON.stringify({ q: broken.circuit_id }) }).loginAs(noc)
    assert.deepEqual(byName.body().map((r: any) => r.id), [broken.id])

    const summary = await client.get('/api/link_states/summary').qs({ filter: JSON.stringify({ agency_id: ministry.id, state: 'up' }) }).loginAs(noc)
    summary.assertStatus(200)
    assert.deepEqual(summary.body().by_state, { up: 2, down: 1, degraded: 0, unknown: 1 }, 'the state filter does not narrow the counts')
    assert.include(summary.body(), { total: 4, never_polled: 1, suppressed: 0 })
    assert.deepInclude(summary.body().by_region, { region: 'south', up: 2, down: 1, degraded: 0, unknown: 0 })

    const mine = await client.get('/api/link_states').qs({ range: '[0,999]' }).loginAs(liaison)
    mine.assertStatus(200)
    const ids = mine.body().map((r: any) => r.id)
    assert.includeMembers(ids, [uplink.id, healthy.id, broken.id])
    assert.notInclude(ids, foreign.id)
    const theirs = await client.get('/api/link_states/summary').loginAs(liaison)
    assert.equal(theirs.body().total, ids.length)

    const badFilter = await client.get('/api/link_states').qs({ filter: JSON.stringify({ colour: 'red' }) }).loginAs(noc)
    badFilter.assertStatus(422)
  })

  test('the board summary says whether the pollers keep up: unreachable, overdue, late and skipped, in scope', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const credentials = { version: '2c' as const, community: 'gsn-ro' }
    const polled = (agencyId: number, intervalS = 60) =>
      makePolledDevice(agencyId, { host: '192.0.2.1', port: 161, credentials, intervalS })
    const fresh = await polled(ministry.id)
    const silent = await polled(child.id)
    const stale = await polled(child.id, 30)
    await polled(child.id) // never polled at all: overdue
    await makeDevice(child.id) // no credentials: nothing to poll, not counted
    const foreign = await polled(other.id)
    const ago = (s: number) => new Date(Date.now() - s * 1000)
    const newest = ago(20)
    await db.table('device_status').insert([
      { device_id: fresh.id, reachable: true, last_poll_at: newest, polls_total: 100, polls_late: 3, polls_skipped: 1 },
      { device_id: silent.id, reachable: false, last_poll_at: ago(50), polls_total: 10, polls_late: 0, polls_skipped: 0 },
      // 30 s interval: two intervals and half a minute are 90 s.
      { device_id: stale.id, reachable: true, last_poll_at: ago(120), polls_total: 40, polls_late: 2, polls_skipped: 4 },
      { device_id: foreign.id, reachable: false, last_poll_at: ago(3600), polls_total: 7, polls_late: 7, polls_skipped: 7 },
    ])
    const theirs = await client.get('/api/link_states/summary').loginAs(liaison)
    theirs.assertStatus(200)
    assert.deepInclude(theirs.body().polling, {
      devices: 4,
      unreachable: 1,
      overdue: 2,
      polls_total: 150,
      polls_late: 5,
      polls_skipped: 5,
    })
    assert.equal(new Date(theirs.body().polling.last_poll_at).getTime(), newest.getTime())

    const national = await client.get('/api/link_states/summary').loginAs(await makeUser('noc'))
    const all = national.body().polling
    assert.isAtLeast(all.devices, 5, 'the other agency\'s device counts for national roles')
    assert.isAtLeast(all.overdue, 3)
  })

  test('the device list and record carry what the pollers last found; the record goes back unchanged through an update', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const credentials = { version: '2c' as const, community: 'gsn-ro' }
    const answering = await makePolledDevice(ministry.id, { host: '192.0.2.2', port: 161, credentials, intervalS: 60 })
    const silent = await makePolledDevice(ministry.id, { host: '192.0.2.3', port: 161, credentials, intervalS: 60 })
    const fresh = await makePolledDevice(ministry.id, { host: '192.0.2.4', port: 161, credentials, intervalS: 60 })
    const polledAt = new Date(Date.now() - 30_000)
    await db.table('device_status').insert([
      { device_id: answering.id, reachable: true, last_poll_at: polledAt },
      { device_id: silent.id, reachable: false, last_poll_at: polledAt },
    ])
    const list = await client.get('/api/devices').qs({ filter: JSON.stringify({ agency_id: ministry.id }), range: '[0,9]' }).loginAs(noc)
    list.assertStatus(200)
    const byId = new Map<number, any>(list.body().map((d: any) => [d.id, d]))
    assert.include(byId.get(answering.id), { reachable: true })
    assert.equal(new Date(byId.get(answering.id).last_poll_at).getTime(), polledAt.getTime())
    assert.include(byId.get(silent.id), { reachable: false })
    assert.include(byId.get(fresh.id), { reachable: null, last_poll_at: null })

    // react-admin's edit form sends the record it read, these fields included.
    const record = (await client.get(`/api/devices/${silent.id}`).loginAs(noc)).body()
    assert.include(record, { reachable: false })
    const saved = await client.put(`/api/devices/${silent.id}`).json({ ...record, vendor: 'Juniper' }).loginAs(noc).withCsrfToken()
    saved.assertStatus(200)
    assert.include(saved.body(), { vendor: 'Juniper', reachable: false })
  })

  test("a link's state history, newest first, inside the user's scope", async ({ client, assert }) => {
    const t = clock()
    const { ministry, other } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const link = await makeLink(ministry.id, { deviceId: (await makeDevice(ministry.id)).id })
    const foreign = await makeLink(other.id)
    await quiet.observe([upAt(link, t(0)), downAt(link, t(60)), downAt(link, t(120)), upAt(link, t(180))])

    const history = await client.get(`/api/links/${link.id}/state_changes`).loginAs(liaison)
    history.assertStatus(200)
    assert.equal(history.header('content-range'), 'state_changes 0-2/3')
    assert.deepEqual(history.body().map((c: any) => `${c.from_state}>${c.to_state}`), ['down>up', 'up>down', 'unknown>up'])
    assert.equal(new Date(history.body()[1].at).getTime(), t(60).getTime())
    const page = await client.get(`/api/links/${link.id}/state_changes`).qs({ range: '[1,1]' }).loginAs(liaison)
    assert.deepEqual(page.body().map((c: any) => c.to_state), ['down'])

    ;(await client.get(`/api/links/${foreign.id}/state_changes`).loginAs(liaison)).assertStatus(404)
    ;(await client.get('/api/links/2147483000/state_changes').loginAs(liaison)).assertStatus(404)
  })

  test("a device's status and an incident's timeline answer, scoped", async ({ client, assert }) => {
    const t = clock()
    const { ministry, other } = await makeAgencyTree()
    const cio = await makeUser('cio')
    const liaison = await makeUser('agency_liaison', other.id)
    const device = await makeDevice(ministry.id)
    const link = await makeLink(ministry.id, { deviceId: device.id })
    const never = await makeDevice(ministry.id)

    await quiet.recordDevicePoll(device.id, { ok: true, at: t(0) })
    await quiet.observe([upAt(link, t(0)), downAt(link, t(30))])
    await quiet.recordDevicePoll(device.id, { ok: false, error: 'no answer', late: true, at: t(60) })

    const status = await client.get(`/api/devices/${device.id}/status`).loginAs(cio)
    status.assertStatus(200)
    assert.include(status.body(), {
      device_id: device.id, polled: true, reachable: true, consecutive_failures: 1, last_error: 'no answer',
      polls_total: 2, polls_late: 1, polls_skipped: 0, unreachable_after: 2, in_maintenance: false,
    })
    assert.deepEqual(status.body().links_by_state, { up: 0, down: 1, degraded: 0, unknown: 0 })
    const unpolled = await client.get(`/api/devices/${never.id}/status`).loginAs(cio)
    assert.include(unpolled.body(), { polled: false, reachable: null, polls_total: 0 })
    ;(await client.get(`/api/devices/${device.id}/status`).loginAs(liaison)).assertStatus(404)

    await quiet.observe([upAt(link, t(90))])
    const [incident] = await incidentsOf('link', link.id)
    const timeline = await client.get(`/api/incidents/${incident.id}/timeline`).loginAs(cio)
    timeline.assertStatus(200)
    const settled = timeline.body().filter((e: any) => e.kind === 'moved')
    assert.lengthOf(settled, 1)
    assert.deepInclude(settled[0], { kind: 'moved', to_status: 'resolved', actor: { id: null, email: 'system', name: null } })
    ;(await client.get(`/api/incidents/${incident.id}/timeline`).loginAs(liaison)).assertStatus(404)
  })

  test('maintenance windows: validated, scoped item by item, written by noc and admin, read by all', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const localNoc = await makeUser('noc', ministry.id)
    const cio = await makeUser('cio')
    const admin = await makeUser('admin')
    const link = await makeLink(child.id)
    const foreign = await makeLink(other.id)
    const device = await makeDevice(ministry.id)
    const now = Date.now()
    const body = {
      title: 'Core router reload',
      starts_at: new Date(now - 600_000).toISOString(),
      ends_at: new Date(now + 3600_000).toISOString(),
      reason: 'IOS XE upgrade',
      change_ref: 'CHG-2026-0042',
      agency_id: ministry.id,
      items: [{ item_type: 'device', item_id: device.id }, { item_type: 'link', item_id: link.id }, { item_type: 'link', item_id: link.id }],
    }
    const created = await client.post('/api/maintenance_windows').json(body).loginAs(localNoc).withCsrfToken()
    created.assertStatus(201)
    assert.include(created.body(), { created_by_id: localNoc.id, active: true, change_ref: 'CHG-2026-0042' })
    assert.deepEqual(created.body().items, [{ item_type: 'device', item_id: device.id }, { item_type: 'link', item_id: link.id }])
    const audit = await db.from('audit_log').where({ entity: 'maintenance_windows', entity_id: String(created.body().id) }).first()
    assert.equal(audit.actor_email, localNoc.email)

    const backwards = await client.post('/api/maintenance_windows').json({ ...body, ends_at: body.starts_at }).loginAs(noc).withCsrfToken()
    backwards.assertStatus(422)
    backwards.assertBodyContains({ errors: [{ field: 'ends_at' }] })
    const endless = await client.post('/api/maintenance_windows').json({ ...body, ends_at: new Date(now + 40 * 86400_000).toISOString() }).loginAs(noc).withCsrfToken()
    endless.assertStatus(422)
    const notADate = await client.post('/api/maintenance_windows').json({ ...body, starts_at: 'next tuesday' }).loginAs(noc).withCsrfToken()
    notADate.assertStatus(422)
    notADate.assertBodyContains({ errors: [{ field: 'starts_at' }] })
    const missing = await client.post('/api/maintenance_windows').json({ ...body, items: [{ item_type: 'link', item_id: 2147483000 }] }).loginAs(noc).withCsrfToken()
    missing.assertStatus(422)
    missing.assertBodyContains({ errors: [{ field: 'items.0.item_id' }] })
    const outside = await client.post('/api/maintenance_windows').json({ ...body, items: [{ item_type: 'link', item_id: foreign.id }] }).loginAs(localNoc).withCsrfToken()
    // Another agency's link reads as one that does not exist.
    outside.assertStatus(422)
    outside.assertBodyContains({ errors: [{ field: 'items.0.item_id' }] })
    assert.equal(await db.from('maintenance_windows').where('title', body.title).count('* as n').then((r) => Number(r[0].n)), 1, 'refused windows leave nothing behind')

    ;(await client.post('/api/maintenance_windows').json(body).loginAs(cio).withCsrfToken()).assertStatus(403)
    ;(await client.get(`/api/maintenance_windows/${created.body().id}`).loginAs(cio)).assertStatus(200)
    const ended = await client.put(`/api/maintenance_windows/${created.body().id}`).json({ ends_at: new Date(now - 60_000).toISOString() }).loginAs(noc).withCsrfToken()
    ended.assertStatus(200)
    assert.isFalse(ended.body().active)
    assert.lengthOf(ended.body().items, 2, 'items stay when the body does not name them')
    ;(await client.delete(`/api/maintenance_windows/${created.body().id}`).loginAs(noc).withCsrfToken()).assertStatus(403)
    ;(await client.delete(`/api/maintenance_windows/${created.body().id}`).loginAs(admin).withCsrfToken()).assertStatus(200)
    assert.lengthOf(await db.from('maintenance_window_items').where('window_id', created.body().id), 0)
  })

  test('a window entered through the API silences the alarm path at once', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const device = await makeDevice(ministry.id)
    const link = await makeLink(ministry.id, { deviceId: device.id })
    const now = Date.now()
    await client
      .post('/api/maintenance_windows')
      .json({
        title: 'Swap the line card', starts_at: new Date(now - 60_000).toISOString(), ends_at: new Date(now + 3600_000).toISOString(),
        reason: 'RMA', agency_id: ministry.id, items: [{ item_type: 'device', item_id: device.id }],
      })
      .loginAs(noc)
      .withCsrfToken()
    await quiet.observe([upAt(link, new Date(now - 30_000)), downAt(link, new Date(now))])
    assert.lengthOf(await incidentsOf('link', link.id), 0)
    const board = await client.get('/api/link_states').qs({ filter: JSON.stringify({ in_maintenance: true, agency_id: ministry.id }) }).loginAs(noc)
    assert.deepEqual(board.body().map((r: any) => r.id), [link.id])
  })
})
