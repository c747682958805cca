import { test } from '@japa/runner'
import { envelope, headline } from '#app/notifications/events'
import { message } from '#app/core/messages'
import { alarmJobId, alarmsOf } from '#app/service_levels/sla_alarm_jobs'
import { slaClock } from '#app/service_levels/sla_clock'
import { AROUND_THE_CLOCK } from '#app/service_levels/business_calendar'
import { storedSla } from '#app/service_levels/incident_sla'

const policy = { type: 'service' as const, priority: 'P2' as const, respondMinutes: 30, resolveMinutes: 480, calendar: '24x7' as const }
const t0 = new Date('2026-03-02T01:00:00Z')
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000)

test.group('SLA alarms: what is scheduled and stored', () => {
  test('a running clock schedules its four alarms; on hold only the respond clock has any', ({ assert }) => {
    const open = slaClock(policy, AROUND_THE_CLOCK, { openedAt: t0, changes: [] }, at(5))
    assert.deepEqual(
      alarmsOf(7, open).map((a) => [a.clock, a.kind, a.at]),
      [
        ['respond', 'warning', at(22.5).toISOString()],
        ['respond', 'breach', at(30).toISOString()],
        ['resolve', 'warning', at(360).toISOString()],
        ['resolve', 'breach', at(480).toISOString()],
      ]
    )
    assert.equal(alarmJobId({ incidentId: 7, clock: 'resolve', kind: 'breach', at: at(480) }), `sla-7-resolve-breach-${at(480).getTime()}`)
    assert.deepEqual(storedSla(open), {
      respond_due_at: at(30), resolve_due_at: at(480), sla_due_at: at(30), sla_paused: false, sla_breached: false,
    })

    const held = slaClock(policy, AROUND_THE_CLOCK, { openedAt: t0, changes: [{ at: at(10), to: 'in_progress' }, { at: at(60), to: 'on_hold' }] }, at(90))
    assert.deepEqual(alarmsOf(7, held), [])
    assert.include(storedSla(held), { sla_due_at: null, sla_paused: true, sla_breached: false })
    assert.deepEqual(alarmsOf(7, null), [])
    assert.include(storedSla(null), { respond_due_at: null, sla_due_at: null, sla_breached: false })
  })

  test('an SLA alarm travels in the envelope with its incident as the subject', ({ assert }) => {
    const event = envelope({
      type: 'incident.sla_breach',
      at: '2026-03-02T09:00:00Z',
      subject: { kind: 'incident', id: 5 },
      agency_id: 3,
      priority: 'P1',
      summary: message('sla.breach', { clock: 'resolve', due: '2026-03-02T09:00:00Z', minutes: 240 }),
      payload: { incident: { id: 5, number: 'INC-2026-000005' } },
    })
    assert.include(event, { agency_id: 3, priority: 'P1', key: 'incident.sla_breach-incident5-1772442000000' })
    assert.deepEqual(event.subject, { kind: 'incident', id: 5 })
    assert.equal(
      headline(event),
      '[GSN P1] SLA 逾時：解決時限（240 分鐘）已於 2026-03-02 17:00 屆滿 / SLA breached: the resolution time (240 min) ran out at 2026-03-02 17:00 Taipei time'
    )
  })
})
