import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import ace from '@adonisjs/core/services/ace'
import { randomUUID } from 'node:crypto'
import { SYSTEM_ACTOR } from '#app/audit/audit_log'
import { applyCommand, findForUpdate, openIncident } from '#app/incidents/incident_service'
import { expireSecurityRecords } from '#app/security/security_retention'
import { makeAgencyTree } from '#tests/support/fixtures'

const DAY = 86_400_000

/** One stored security event, last seen `daysAgo` days ago, under `incidentId`. */
async function event(daysAgo: number, incidentId: number | null, agencyId: number) {
  const at = new Date(Date.now() - daysAgo * DAY)
  const [row] = await db
    .table('security_events')
    .insert({
      event_key: `retention-${randomUUID()}`,
      origin: 'detection',
      kind: 'port_scan',
      source: '203.0.113.66',
      target: '10.9.9.9',
      severity: 2,
      first_seen: at,
      last_seen: at,
      summary: JSON.stringify({ key: 'detections.summary', params: {} }),
      summary_text: 'retention test',
      agency_ids: [agencyId],
      incident_id: incidentId,
    })
    .returning('id')
  return Number(row.id)
}

async function sighting(daysAgo: number, indicatorId: number, incidentId: number | null, agencyId: number) {
  const [row] = await db
    .table('indicator_sightings')
    .insert({ indicator_id: indicatorId, agency_id: agencyId, source: 'event', incident_id: incidentId, seen_at: new Date(Date.now() - daysAgo * DAY) })
    .returning('id')
  return Number(row.id)
}

async function incident(agencyId: number, status: 'open' | 'closed' | 'cancelled' | 'resolved') {
  const at = new Date(Date.now() - 100 * DAY)
  const row = await db.transaction((trx) =>
    openIncident(trx, { title: `retention ${status}`, description: null, type: 'security', priority: 'P3', agencyId, items: [], at })
  )
  if (status === 'open') return row.id
  await db.transaction(async (trx) => {
    const stored = (await findForUpdate(trx, row.id))!
    if (status === 'cancelled') return applyCommand(trx, SYSTEM_ACTOR, stored, { command: 'cancel', reason: 'retention test' }, at)
    await applyCommand(trx, SYSTEM_ACTOR, stored, { command: 'resolve', resolution: 'retention test' }, at)
    if (status === 'closed') await applyCommand(trx, SYSTEM_ACTOR, (await findForUpdate(trx, row.id))!, { command: 'close' }, at)
  })
  return row.id
}

const exists = async (table: string, id: number) => Boolean(await db.from(table).where('id', id).first())

/**
 * Retention of the security tables that grow without bound (issue 11, lead's brief): events and
 * sightings past the days kept are deleted, those of an incident still open are not, whatever
 * their age; the command deletes the same as the function, with the days given or configured.
 */
test.group('security retention', () => {
  test('old events and sightings go; recent ones and those of open incidents stay', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const open = await incident(ministry.id, 'open')
    const resolved = await incident(ministry.id, 'resolved')
    const closed = await incident(ministry.id, 'closed')
    const cancelled = await incident(ministry.id, 'cancelled')
    const statuses = await db.from('incidents').whereIn('id', [open, resolved, closed, cancelled]).orderBy('id').select('status')
    assert.deepEqual(statuses.map((r) => r.status), ['new', 'resolved', 'closed', 'cancelled'])

    const [indicator] = await db
      .table('indicators')
      .insert({ type: 'ipv4', value: '203.0.113.66', tlp: 'clear', confidence: 50, stix_id: randomUUID() })
      .returning('id')
    const indicatorId = Number(indicator.id)

    const kept = {
      recent: await event(10, null, ministry.id),
      ofOpen: await event(90, open, ministry.id),
      ofResolved: await event(90, resolved, ministry.id),
      sightingRecent: await sighting(10, indicatorId, null, ministry.id),
      sightingOfOpen: await sighting(90, indicatorId, open, ministry.id),
    }
    const gone = {
      old: await event(31, null, ministry.id),
      ofClosed: await event(90, closed, ministry.id),
      ofCancelled: await event(90, cancelled, ministry.id),
      sightingOld: await sighting(31, indicatorId, null, ministry.id),
      sightingOfClosed: await sighting(90, indicatorId, closed, ministry.id),
    }

    const done = await expireSecurityRecords(new Date(), 30)
    assert.isAtLeast(done.events, 3)
    assert.isAtLeast(done.sightings, 2)
    for (const [name, id] of Object.entries(kept)) {
      assert.isTrue(await exists(name.startsWith('sighting') ? 'indicator_sightings' : 'security_events', id), `${name} kept`)
    }
    for (const [name, id] of Object.entries(gone)) {
      assert.isFalse(await exists(name.startsWith('sighting') ? 'indicator_sightings' : 'security_events', id), `${name} deleted`)
    }
    // The incidents themselves are records, not telemetry.
    assert.lengthOf(await db.from('incidents').whereIn('id', [open, resolved, closed, cancelled]), 4)

    // Once the open incident is closed, the next run takes its old evidence too.
    await db.transaction(async (trx) => {
      const at = new Date()
      await applyCommand(trx, SYSTEM_ACTOR, (await findForUpdate(trx, open))!, { command: 'cancel', reason: 'done' }, at)
    })
    await expireSecurityRecords(new Date(), 30)
    assert.isFalse(await exists('security_events', kept.ofOpen))
    assert.isFalse(await exists('indicator_sightings', kept.sightingOfOpen))
    assert.isTrue(await exists('security_events', kept.recent))
  })

  test('security:maintain applies the days given, and refuses none', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const fortyDays = await event(40, null, ministry.id)
    const twentyDays = await event(20, null, ministry.id)
    const run = await ace.exec('security:maintain', ['--days', '60'])
    assert.equal(run.exitCode, 0)
    assert.isTrue(await exists('security_events', fortyDays))
    const tighter = await ace.exec('security:maintain', ['--days', '30'])
    assert.equal(tighter.exitCode, 0)
    assert.isFalse(await exists('security_events', fortyDays))
    assert.isTrue(await exists('security_events', twentyDays))
    const refused = await ace.exec('security:maintain', ['--days', '0'])
    assert.equal(refused.exitCode, 1)
    assert.isTrue(await exists('security_events', twentyDays))
  })
})
