import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import { actorOf } from '#app/incidents/incident_service'
import {
  HOUR, MINUTE, P2_AROUND_THE_CLOCK, P3_OFFICE_HOURS, commandAt, openAt, second, storedClock, usePolicies,
} from '#tests/functional/service_levels/support'

const at = (t0: Date, ms: number) => new Date(t0.getTime() + ms)
const iso = (t0: Date, ms: number) => at(t0, ms).toISOString()
/** Row columns answer with an offset (+00:00), the clock in Z: compared as instants. */
const instant = (text: string | null) => (text === null ? null : new Date(text).toISOString())

test.group('incident SLA: the clock in the API and on the row', (group) => {
  group.each.setup(async () => {
    await usePolicies([P2_AROUND_THE_CLOCK, P3_OFFICE_HOURS])
  })

  test('open, respond, hold, resume, resolve, reopen: the hold and the resolved spell never count', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const actor = actorOf(noc)
    const t0 = second(Date.now() - 10 * HOUR)
    const { id } = await openAt(ministry.id, t0)

    // Opened: both clocks run; the next breach is the response's, 30 min on.
    assert.deepEqual(await storedClock(id), {
      respond_due_at: iso(t0, 30 * MINUTE), resolve_due_at: iso(t0, 8 * HOUR), sla_due_at: iso(t0, 30 * MINUTE),
      sla_paused: false, sla_breached: true,
    }, 'opened ten hours ago: by now both targets have passed')

    await commandAt(actor, id, { command: 'start' }, at(t0, 10 * MINUTE))
    await commandAt(actor, id, { command: 'hold', reason: 'supplier' }, at(t0, 2 * HOUR))
    const held = await storedClock(id)
    assert.include(held, { respond_due_at: iso(t0, 30 * MINUTE), sla_due_at: null, sla_paused: true, sla_breached: false })

    await commandAt(actor, id, { command: 'start' }, at(t0, 4 * HOUR))
    await commandAt(actor, id, { command: 'resolve', resolution: 'Carrier replaced the SFP' }, at(t0, 5 * HOUR))
    // Resolved after 3 h counted (2 h before the hold, 1 h after): the due time it beat stays.
    assert.deepEqual(await storedClock(id), {
      respond_due_at: iso(t0, 30 * MINUTE), resolve_due_at: iso(t0, 10 * HOUR), sla_due_at: null, sla_paused: false, sla_breached: false,
    })

    await commandAt(actor, id, { command: 'reopen', reason: 'Errors again' }, at(t0, 9 * HOUR))
    // Reopened with 5 h left: due 5 h after the reopening, whatever the 4 h resolved.
    assert.deepEqual(await storedClock(id), {
      respond_due_at: iso(t0, 30 * MINUTE), resolve_due_at: iso(t0, 14 * HOUR), sla_due_at: iso(t0, 14 * HOUR),
      sla_paused: false, sla_breached: false,
    })

    const shown = await client.get(`/api/incidents/${id}`).loginAs(noc)
    shown.assertStatus(200)
    const sla = shown.body().sla
    assert.deepInclude(sla, {
      respond_due_at: iso(t0, 30 * MINUTE),
      resolve_due_at: iso(t0, 14 * HOUR),
      responded_at: iso(t0, 10 * MINUTE),
      resolved_at: null,
      paused: false,
      respond_breached: false,
      resolve_breached: false,
      respond_elapsed_share: 0.3333,
    })
    assert.include(sla.policy, { type: 'service', priority: 'P2', respond_minutes: 30, resolve_minutes: 480, calendar: '24x7' })
    // 3 h before the reopening and about 1 h since, of 8 h.
    assert.closeTo(sla.resolve_elapsed_share, 4 / 8, 0.01)
    assert.equal(instant(shown.body().resolve_due_at), iso(t0, 14 * HOUR))
    assert.equal(instant(shown.body().sla_due_at), iso(t0, 14 * HOUR))

    // The list shows the same clock, for the whole page at once.
    const listed = await client.get('/api/incidents').qs({ filter: JSON.stringify({ id: [id] }) }).loginAs(noc)
    assert.deepEqual(listed.body()[0].sla, sla)
  })

  test('a business-hours clock skips the weekend and the Lunar New Year holidays', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    await db.table('calendar_days').multiInsert(
      ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((date) => ({ date, kind: 'holiday', name_en: 'Lunar New Year', name_zh: '春節' }))
    ).onConflict('date').ignore()
    // Friday 16:00 in Taipei: 90 min that day, then nothing until Monday the 23rd at 08:30.
    const { id } = await openAt(ministry.id, new Date('2026-02-13T16:00:00+08:00'), 'P3')
    const shown = await client.get(`/api/incidents/${id}`).loginAs(noc)
    assert.deepInclude(shown.body().sla, {
      respond_due_at: new Date('2026-02-23T11:00:00+08:00').toISOString(),
      responded_at: null,
      respond_breached: true,
    })
    assert.include(await storedClock(id), { respond_due_at: '2026-02-23T03:00:00.000Z', sla_breached: true })
  })

  test('the list sorts by the next breach and filters the breached and the paused', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const now = second(Date.now())
    const soon = await openAt(ministry.id, at(now, -10 * MINUTE))
    const later = await openAt(ministry.id, at(now, -5 * MINUTE))
    const late = await openAt(ministry.id, at(now, -1 * HOUR))
    const held = await openAt(ministry.id, at(now, -20 * MINUTE))
    await commandAt(actorOf(noc), held.id, { command: 'start' }, at(now, -19 * MINUTE))
    await commandAt(actorOf(noc), held.id, { command: 'hold', reason: 'requester' }, at(now, -18 * MINUTE))
    const ids = [soon.id, later.id, late.id, held.id]

    const list = (filter: object, sort?: [string, string]) =>
      client
        .get('/api/incidents')
        .qs({ filter: JSON.stringify({ id: ids, ...filter }), ...(sort ? { sort: JSON.stringify(sort) } : {}) })
        .loginAs(noc)
    const nearestFirst = await list({}, ['sla_due_at', 'ASC'])
    nearestFirst.assertStatus(200)
    assert.deepEqual(nearestFirst.body().map((r: { id: number }) => r.id), [late.id, soon.id, later.id, held.id])
    assert.deepEqual((await list({ sla_breached: true })).body().map((r: { id: number }) => r.id), [late.id])
    assert.deepEqual((await list({ sla_paused: true })).body().map((r: { id: number }) => r.id), [held.id])
    const dueWithinTheHour = await list({ sla_due_at_lte: at(now, 30 * MINUTE).toISOString() }, ['sla_due_at', 'ASC'])
    assert.deepEqual(dueWithinTheHour.body().map((r: { id: number }) => r.id), [late.id, soon.id, later.id])
    ;(await list({ sla_breached: 'maybe' })).assertStatus(422)
  })

  test('commands through the API pause and resume the clock; an edited priority takes its policy', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const created = await client.post('/api/incidents').json({ ...validBody('incidents', ministry.id, 'noc'), priority: 'P2' }).loginAs(noc).withCsrfToken()
    created.assertStatus(201)
    const { id, sla } = created.body()
    assert.include(sla, { paused: false, responded_at: null, respond_breached: false })
    const command = (name: string, json: object = {}) => client.post(`/api/incidents/${id}/${name}`).json(json).loginAs(noc).withCsrfToken()

    const started = await command('start')
    assert.equal(started.body().sla.responded_at, instant(started.body().acknowledged_at))
    const held = await command('hold', { reason: 'supplier' })
    assert.include(held.body().sla, { paused: true })
    assert.include(held.body(), { sla_paused: true, sla_due_at: null })
    const resumed = await command('start')
    assert.include(resumed.body().sla, { paused: false })
    const resolved = await command('resolve', { resolution: 'Fixed' })
    assert.equal(resolved.body().sla.resolved_at, instant(resolved.body().resolved_at))
    const reopened = await command('reopen', { reason: 'Again' })
    assert.include(reopened.body().sla, { resolved_at: null, paused: false })
    assert.isNotNull(reopened.body().sla_due_at)

    // P3 counts office hours: the due time is where its own policy puts it.
    const edited = await client.patch(`/api/incidents/${id}`).json({ priority: 'P3' }).loginAs(noc).withCsrfToken()
    edited.assertStatus(200)
    assert.include(edited.body().sla.policy, { priority: 'P3', calendar: 'business' })
    assert.equal(instant(edited.body().resolve_due_at), edited.body().sla.resolve_due_at)

    // No policy for the type and priority: no clock, and nothing stored to sort by.
    const unruled = await client.patch(`/api/incidents/${id}`).json({ priority: 'P4' }).loginAs(noc).withCsrfToken()
    assert.isNull(unruled.body().sla)
    assert.include(unruled.body(), { respond_due_at: null, resolve_due_at: null, sla_due_at: null, sla_breached: false })
  })
})
