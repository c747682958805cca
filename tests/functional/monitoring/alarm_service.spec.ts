import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { alarmService, AlarmService } from '#app/monitoring/alarm_service'
import { queue } from '#app/platform/queues'
import {
  captureEvents,
  clock,
  downAt,
  incidentsOf,
  makeDevice,
  makeLink,
  notesOf,
  stateOf,
  upAt,
} from '#tests/functional/monitoring/support'

test.group('link monitoring: incidents from observations', () => {
  test('one incident per outage however many polls; recovery resolves it when nobody took it', async ({ assert, cleanup }) => {
    const events = captureEvents(cleanup)
    const startedAt = Date.now()
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const device = await makeDevice(ministry.id)
    const link = await makeLink(ministry.id, { deviceId: device.id })

    await alarmService.observe([upAt(link, t(0))])
    for (let s = 60; s <= 600; s += 60) {
      const report = await alarmService.observe([downAt(link, t(s))])
      assert.equal(report.applied, 1)
    }

    const incidents = await incidentsOf('link', link.id)
    assert.lengthOf(incidents, 1)
    const [incident] = incidents
    assert.match(incident.number, /^INC-\d{4}-\d{6}$/)
    assert.include(incident, { type: 'service', priority: 'P3', status: 'new', agency_id: ministry.id, reported_by_id: null })
    assert.equal(new Date(incident.opened_at).getTime(), t(60).getTime())
    assert.include(incident.title, link.circuit_id)

    const audit = await db.from('audit_log').where({ entity: 'incidents', entity_id: String(incident.id) }).orderBy('id')
    assert.deepEqual(audit.map((a) => [a.action, a.actor_email, a.actor_id]), [['create', 'system', null]])

    const state = await stateOf(link.id)
    assert.include(state, { state: 'down', open_incident_id: incident.id, suppressed: false, in_maintenance: false, flapping: false })
    assert.equal(new Date(state.since).getTime(), t(60).getTime())
    assert.equal(new Date(state.last_poll_at).getTime(), t(600).getTime())
    const changes = await db.from('link_state_changes').where('link_id', link.id).orderBy('at')
    assert.deepEqual(changes.map((c) => `${c.from_state}>${c.to_state}`), ['unknown>up', 'up>down'])

    await alarmService.observe([upAt(link, t(660))])
    const resolved = await db.from('incidents').where('id', incident.id).first()
    assert.equal(resolved.status, 'resolved')
    assert.match(resolved.resolution, /up again/)
    assert.equal(new Date(resolved.resolved_at).getTime(), t(660).getTime())
    // Nobody took it: the recovery is no acknowledgement (time-to-acknowledge would count it).
    assert.isNull(resolved.acknowledged_at)
    const notes = await notesOf(incident.id)
    assert.lengthOf(notes, 1)
    assert.equal(notes[0].author_email, 'system')
    assert.match(notes[0].body, /Resolved automatically/)
    assert.isNull((await stateOf(link.id)).open_incident_id)

    assert.deepEqual(events.ofLink(link.id), ['link.down', 'incident.opened', 'link.recovered', 'incident.resolved'])
    const opened = events.seen.find((e) => e.type === 'incident.opened' && e.link?.id === link.id)!
    assert.deepInclude(opened, { detail: 'ifOperStatus down', incident: { id: incident.id, number: incident.number, title: incident.title, priority: 'P3', status: 'new', agency_id: ministry.id } })
    assert.equal(opened.at, t(60).toISOString())
    const jobs = await queue('notifications').getJobs(['waiting', 'delayed', 'active', 'completed'])
    // Earlier runs left jobs in this Redis database whose link ids repeat; only this run's count.
    const mine = jobs.filter((j) => j.timestamp >= startedAt && j.data?.link?.id === link.id).map((j) => j.name).sort()
    assert.deepEqual(mine, ['incident.opened', 'incident.resolved', 'link.down', 'link.recovered'])
  })

  test('recovery only notes an incident someone has taken; the next outage opens a new one', async ({ assert, client }) => {
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const device = await makeDevice(ministry.id)
    const link = await makeLink(ministry.id, { deviceId: device.id })

    await alarmService.observe([upAt(link, t(0)), downAt(link, t(60))])
    const [incident] = await incidentsOf('link', link.id)
    const taken = await client.post(`/api/incidents/${incident.id}/start`).json({}).loginAs(noc).withCsrfToken()
    taken.assertStatus(200)

    await alarmService.observe([downAt(link, t(120)), upAt(link, t(180))])
    const after = await db.from('incidents').where('id', incident.id).first()
    assert.equal(after.status, 'in_progress')
    assert.isNull(after.resolution)
    const notes = await notesOf(incident.id)
    assert.lengthOf(notes, 1)
    assert.match(notes[0].body, /up again.*Left in_progress/)
    // The system's note is audited like a person's.
    const audited = await db.from('audit_log').where({ entity: 'incident_timeline', action: 'create' }).whereRaw("after->>'incident_id' = ?", [String(incident.id)]).whereRaw("after->>'kind' = 'monitoring'")
    assert.lengthOf(audited, 1)
    assert.isNull((await stateOf(link.id)).open_incident_id)

    await alarmService.observe([downAt(link, t(240))])
    const all = await incidentsOf('link', link.id)
    assert.lengthOf(all, 2)
    assert.equal(all[1].status, 'new')
  })

  test('an incident closed by hand during the outage is not opened again until the link has recovered', async ({ assert }) => {
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id, { deviceId: (await makeDevice(ministry.id)).id })
    await alarmService.observe([upAt(link, t(0)), downAt(link, t(60))])
    const [incident] = await incidentsOf('link', link.id)
    await db.from('incidents').where('id', incident.id).update({ status: 'cancelled' })
    await alarmService.observe([downAt(link, t(120)), downAt(link, t(180))])
    assert.lengthOf(await incidentsOf('link', link.id), 1)
  })

  test('an uplink down is P1; the lines behind it are suppressed, open nothing and are listed on its incident', async ({ assert, cleanup }) => {
    const events = captureEvents(cleanup)
    const t = clock()
    const { ministry, child } = await makeAgencyTree()
    const core = await makeDevice(ministry.id)
    const edge = await makeDevice(child.id)
    // Lines made before their uplink, so neither id order nor batch order favours the uplink.
    const lineA = await makeLink(child.id, { deviceId: edge.id })
    const lineB = await makeLink(child.id, { deviceId: edge.id })
    const uplink = await makeLink(ministry.id, { kind: 'uplink', deviceId: core.id })
    await db.from('links').whereIn('id', [lineA.id, lineB.id]).update({ consolidated_into_id: uplink.id })

    await alarmService.observe([upAt(lineA, t(0)), upAt(lineB, t(0)), upAt(uplink, t(0))])
    // Lines first in the batch: the service still judges the uplink first.
    await alarmService.observe([downAt(lineA, t(60)), downAt(lineB, t(60)), downAt(uplink, t(60))])
    await alarmService.observe([downAt(lineA, t(120)), downAt(lineB, t(120)), downAt(uplink, t(120))])

    const [uplinkIncident, ...more] = await incidentsOf('link', uplink.id)
    assert.lengthOf(more, 0)
    assert.equal(uplinkIncident.priority, 'P1')
    const items = await db.from('incident_items').where('incident_id', uplinkIncident.id).orderBy(['item_type', 'item_id'])
    assert.sameDeepMembers(
      items.map((i) => [i.item_type, i.item_id]),
      [['link', uplink.id], ['link', lineA.id], ['link', lineB.id]]
    )
    for (const line of [lineA, lineB]) {
      const state = await stateOf(line.id)
      assert.include(state, { state: 'down', suppressed: true, open_incident_id: null })
      assert.deepInclude(state.suppressed_by, { type: 'link', id: uplink.id, reason: 'uplink down' })
      assert.deepEqual(events.ofLink(line.id), [])
      // Only the uplink's own incident names the line.
      assert.deepEqual((await incidentsOf('link', line.id)).map((i) => i.id), [uplinkIncident.id])
    }
    const change = await db.from('link_state_changes').where({ link_id: lineA.id, to_state: 'down' }).first()
    assert.isTrue(change.suppressed)

    // The uplink comes back and line A is still down: now its own fault opens its own incident.
    await alarmService.observe([upAt(uplink, t(180)), downAt(lineA, t(180)), upAt(lineB, t(180))])
    const lineIncidents = (await incidentsOf('link', lineA.id)).filter((i) => i.id !== uplinkIncident.id)
    assert.lengthOf(lineIncidents, 1)
    assert.equal(lineIncidents[0].priority, 'P3')
    assert.include(await stateOf(lineB.id), { state: 'up', suppressed: false })
    assert.equal((await db.from('incidents').where('id', uplinkIncident.id).first()).status, 'resolved')
  })

  test('an unreachable device: one incident after two failed polls, its links unknown, what sits behind suppressed', async ({ assert, cleanup }) => {
    const events = captureEvents(cleanup)
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const core = await makeDevice(ministry.id)
    const edge = await makeDevice(ministry.id)
    const uplink = await makeLink(ministry.id, { kind: 'uplink', deviceId: core.id })
    const line = await makeLink(ministry.id, { deviceId: edge.id, consolidatedIntoId: uplink.id })

    await alarmService.recordDevicePoll(core.id, { ok: true, at: t(0) })
    await alarmService.observe([upAt(uplink, t(0)), upAt(line, t(0))])

    const first = await alarmService.recordDevicePoll(core.id, { ok: false, error: 'timeout after 3 tries', at: t(60) })
    assert.include(first, { reachable: true, consecutive_failures: 1 })
    assert.lengthOf(await incidentsOf('device', core.id), 0)
    assert.equal((await stateOf(uplink.id)).state, 'up', 'one failed poll leaves the links as they were')

    const second = await alarmService.recordDevicePoll(core.id, { ok: false, error: 'timeout after 3 tries', at: t(120) })
    assert.include(second, { reachable: false, consecutive_failures: 2, last_error: 'timeout after 3 tries' })
    assert.equal(new Date(second.failing_since).getTime(), t(60).getTime())
    const deviceIncidents = await incidentsOf('device', core.id)
    assert.lengthOf(deviceIncidents, 1)
    assert.equal(deviceIncidents[0].priority, 'P2', 'it carries an uplink')
    const uplinkState = await stateOf(uplink.id)
    assert.include(uplinkState, { state: 'unknown', suppressed: true })
    assert.deepInclude(uplinkState.suppressed_by, { type: 'device', id: core.id })

    // The line's own device still answers, and its line drops: behind an uplink nobody can see.
    await alarmService.observe([downAt(line, t(130))])
    const lineState = await stateOf(line.id)
    assert.include(lineState, { state: 'down', suppressed: true, open_incident_id: null })
    assert.deepInclude(lineState.suppressed_by, { type: 'link', id: uplink.id, reason: "uplink's device unreachable" })

    await alarmService.recordDevicePoll(core.id, { ok: false, error: 'timeout after 3 tries', at: t(180) })
    assert.lengthOf(await incidentsOf('device', core.id), 1)

    const back = await alarmService.recordDevicePoll(core.id, { ok: true, late: true, at: t(240) })
    assert.include(back, { reachable: true, consecutive_failures: 0, polls_late: 1, open_incident_id: null })
    assert.equal((await db.from('incidents').where('id', deviceIncidents[0].id).first()).status, 'resolved')
    const skipped = await alarmService.recordDevicePoll(core.id, { ok: false, skipped: true, at: t(300) })
    assert.include(skipped, { polls_skipped: 1, polls_total: 5, consecutive_failures: 0, reachable: true })
    assert.deepEqual(events.ofDevice(core.id), ['device.unreachable', 'incident.opened', 'device.reachable', 'incident.resolved'])
    assert.deepEqual(events.ofLink(line.id), [])
  })

  test('a maintenance window silences a link and its device; an alarm outlasting it opens an incident', async ({ assert, client, cleanup }) => {
    const events = captureEvents(cleanup)
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const device = await makeDevice(ministry.id)
    const otherDevice = await makeDevice(ministry.id)
    const link = await makeLink(ministry.id, { deviceId: device.id })
    const byDevice = await makeLink(ministry.id, { deviceId: otherDevice.id })

    const created = await client
      .post('/api/maintenance_windows')
      .json({
        title: 'Carrier splices the fibre',
        starts_at: t(30).toISOString(),
        ends_at: t(600).toISOString(),
        reason: 'Chunghwa Telecom ticket 4711',
        agency_id: ministry.id,
        items: [{ item_type: 'link', item_id: link.id }, { item_type: 'device', item_id: otherDevice.id }],
      })
      .loginAs(noc)
      .withCsrfToken()
    created.assertStatus(201)
    const windowId = created.body().id

    await alarmService.observe([upAt(link, t(0)), upAt(byDevice, t(0))])
    for (let s = 60; s < 600; s += 60) await alarmService.observe([downAt(link, t(s)), downAt(byDevice, t(s))])

    assert.lengthOf(await incidentsOf('link', link.id), 0)
    assert.lengthOf(await incidentsOf('link', byDevice.id), 0)
    for (const l of [link, byDevice]) {
      assert.include(await stateOf(l.id), { state: 'down', in_maintenance: true, maintenance_window_id: windowId })
      assert.deepEqual(events.ofLink(l.id), [])
    }
    const change = await db.from('link_state_changes').where({ link_id: link.id, to_state: 'down' }).first()
    assert.isTrue(change.in_maintenance)

    // The window ends at 600 s (excluded): the fault is still there, so now it is an incident.
    await alarmService.observe([downAt(link, t(600)), upAt(byDevice, t(600))])
    assert.lengthOf(await incidentsOf('link', link.id), 1)
    assert.include(await stateOf(link.id), { in_maintenance: false, maintenance_window_id: null })
    assert.deepEqual(events.ofLink(link.id), ['link.down', 'incident.opened'])
    assert.lengthOf(await incidentsOf('link', byDevice.id), 0, 'it came back before the window ended')
  })

  test('a device in maintenance that stops answering opens nothing', async ({ assert }) => {
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const device = await makeDevice(ministry.id)
    await db.table('maintenance_windows').insert({
      title: 'IOS upgrade', starts_at: t(0), ends_at: t(3600), reason: 'reload', agency_id: ministry.id, created_by_id: admin.id,
    }).returning('id').then(async ([w]) => {
      await db.table('maintenance_window_items').insert({ window_id: w.id, item_type: 'device', item_id: device.id })
    })
    for (const s of [60, 120, 180]) await alarmService.recordDevicePoll(device.id, { ok: false, error: 'timeout', at: t(s) })
    const status = await db.from('device_status').where('device_id', device.id).first()
    assert.include(status, { reachable: false, open_incident_id: null })
    assert.lengthOf(await incidentsOf('device', device.id), 0)
  })

  test('a flapping link opens few incidents, says so once, and settles when stable', async ({ assert, cleanup }) => {
    const events = captureEvents(cleanup)
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id, { deviceId: (await makeDevice(ministry.id)).id })
    const bounce = [upAt(link, t(0))]
    for (let i = 1; i <= 20; i++) bounce.push(i % 2 ? downAt(link, t(i * 30)) : upAt(link, t(i * 30)))
    await alarmService.observe(bounce)

    const state = await stateOf(link.id)
    assert.isTrue(state.flapping)
    const incidents = await incidentsOf('link', link.id)
    // Two short outages before the flap count is reached, then one for the flapping.
    assert.lengthOf(incidents, 3)
    assert.match(incidents[2].title, /flapping/)
    assert.equal(events.ofLink(link.id).filter((e) => e === 'link.flapping').length, 1)
    assert.equal((await db.from('link_state_changes').where('link_id', link.id).count('* as n'))[0].n, '21')

    // Up since 600 s; stable for the 600 s hold at 1200 s.
    await alarmService.observe([upAt(link, t(1199))])
    assert.isTrue((await stateOf(link.id)).flapping)
    await alarmService.observe([upAt(link, t(1200))])
    assert.isFalse((await stateOf(link.id)).flapping)
    assert.equal((await db.from('incidents').where('id', incidents[2].id).first()).status, 'resolved')
  })

  test('degraded after five minutes above 80%, one incident, P2 on an uplink', async ({ assert }) => {
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const uplink = await makeLink(ministry.id, { kind: 'uplink', deviceId: (await makeDevice(ministry.id)).id })
    for (let s = 0; s <= 240; s += 60) await alarmService.observe([{ ...upAt(uplink, t(s)), outUtil: 0.93 }])
    assert.equal((await stateOf(uplink.id)).state, 'up')
    await alarmService.observe([{ ...upAt(uplink, t(300)), outUtil: 0.93 }])
    const state = await stateOf(uplink.id)
    assert.equal(state.state, 'degraded')
    assert.closeTo(state.out_util, 0.93, 1e-9)
    const [incident] = await incidentsOf('link', uplink.id)
    assert.equal(incident.priority, 'P2')

    await alarmService.observe([downAt(uplink, t(360))])
    const worse = await db.from('incidents').where('id', incident.id).first()
    assert.equal(worse.priority, 'P1', 'raised when the uplink went down')
    assert.lengthOf(await incidentsOf('link', uplink.id), 1)
    assert.match((await notesOf(incident.id))[0].body, /now down/)
  })

  test('a decommissioned line that falls silent raises nothing', async ({ assert }) => {
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const line = await makeLink(ministry.id, { deviceId: (await makeDevice(ministry.id)).id, status: 'decommissioned' })
    await alarmService.observe([upAt(line, t(0)), downAt(line, t(60))])
    assert.include(await stateOf(line.id), { state: 'down', open_incident_id: null })
    assert.lengthOf(await incidentsOf('link', line.id), 0)
  })

  test('two collector processes reporting the same link at once: the later poll wins, none is lost or doubled', async ({ assert }) => {
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id, { deviceId: (await makeDevice(ministry.id)).id })
    await alarmService.observe([upAt(link, t(0))])
    for (let round = 1; round <= 5; round++) {
      const early = { ...upAt(link, t(round * 120 - 60)), inUtil: 0.3 }
      const late = { ...upAt(link, t(round * 120)), inUtil: 0.6 }
      // The later poll is sent first, so without a guard the earlier one would land on top of it.
      const reports = await Promise.all([new AlarmService({ emit: () => {} }).observe([late]), new AlarmService({ emit: () => {} }).observe([early])])
      assert.equal(reports.reduce((n, r) => n + r.applied + r.stale, 0), 2)
      const state = await stateOf(link.id)
      assert.equal(new Date(state.last_poll_at).getTime(), late.at.getTime())
      assert.equal(state.in_util, 0.6)
    }
    assert.deepEqual((await stateOf(link.id)).recent_changes, [])
  })

  test('bad, unknown and stale observations are reported; the good ones beside them are applied', async ({ assert }) => {
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const service = new AlarmService({ emit: () => {} })
    const report = await service.observe([
      upAt(link, t(60)),
      { ...upAt(link, t(0)), linkId: 'x' as any },
      { ...upAt(link, t(0)), at: 'yesterday' },
      { ...upAt(link, t(0)), inUtil: -1 },
      upAt({ id: 2147483000 }, t(0)),
    ])
    assert.equal(report.applied, 1)
    assert.deepEqual(report.rejected.map((r) => r.index), [1, 2, 3])
    assert.match(report.rejected[1].message, /at must be a date/)
    assert.deepEqual(report.unknownLinks, [2147483000])
    const again = await service.observe([upAt(link, t(30)), upAt(link, t(60))])
    assert.equal(again.stale, 2)
    assert.equal(again.applied, 0)
  })
})
