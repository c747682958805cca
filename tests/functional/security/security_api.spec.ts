import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { Enricher } from '#app/flows/enrichment'
import { loadSnapshot } from '#app/flows/inventory_cache'
import { ensureStandardGroups } from '#app/incidents/standard_groups'
import { fromEveAlert } from '#app/security/security_event'
import { fileSecurityEvent } from '#app/security/security_service'
import { readEveLine, type EveAlert } from '#collectors/security/eve'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'

/**
 * The security event routes as an attacker would try them: another agency's liaison (404 as
 * for missing, nothing in lists or exports), mistyped values (422 naming the field), a header
 * claiming another agency, a report naming another agency's system.
 */

const alertLine = (src: string, dest: string, signature: string, second: number) =>
  JSON.stringify({
    timestamp: `2026-12-06T20:00:${String(second).padStart(2, '0')}.000001+0800`, flow_id: 77 + second, event_type: 'alert', src_ip: src, src_port: 50000 + second,
    dest_ip: dest, dest_port: 3389, proto: 'TCP',
    alert: { action: 'allowed', gid: 1, signature_id: 2023753, rev: 3, signature, category: 'Attempted Information Leak', severity: 1 },
  })

async function fileAlert(src: string, dest: string, signature: string, second = 0) {
  const line = alertLine(src, dest, signature, second)
  const enricher = new Enricher(await loadSnapshot())
  return fileSecurityEvent(fromEveAlert((readEveLine(line) as { alert: EveAlert }).alert, line), enricher)
}

async function twoAgencies() {
  await ensureStandardGroups(db.connection())
  const a = (await makeAgencyTree()).ministry
  const b = (await makeAgencyTree()).ministry
  const octet = 30 + Math.floor(Math.random() * 200)
  const second = Math.floor(Math.random() * 250)
  await db.table('agency_prefixes').multiInsert([
    { agency_id: a.id, prefix: `10.${octet}.${second}.0/25`, description: 'A' },
    { agency_id: b.id, prefix: `10.${octet}.${second}.128/25`, description: 'B' },
  ])
  const attacker = `203.0.113.${1 + Math.floor(Math.random() * 250)}`
  const signature = makeCode('ET SCAN RDP')
  const hostA = `10.${octet}.${second}.5`
  const hostB = `10.${octet}.${second}.133`
  const eventA = await fileAlert(attacker, hostA, `${signature} A`)
  const eventB = await fileAlert(attacker, hostB, `${signature} B`)
  if (eventA.outcome !== 'opened' || eventB.outcome !== 'opened') throw new Error(`not opened: ${JSON.stringify([eventA, eventB])}`)
  const liaisonA = await makeUser('agency_liaison', a.id)
  const liaisonB = await makeUser('agency_liaison', b.id)
  return { a, b, attacker, signature, hostA, hostB, eventA, eventB, liaisonA, liaisonB }
}

test.group('Security events API', () => {
  test("a liaison sees its agency's events and evidence and none of another's: lists, filters, shows, exports, evidence", async ({ client, assert }) => {
    const s = await twoAgencies()
    const list = await client.get('/api/security_events').qs({ filter: JSON.stringify({ source: s.attacker }) }).loginAs(s.liaisonA)
    assert.equal(list.status(), 200)
    assert.deepEqual(list.body().map((e: any) => e.target), [s.hostA])
    assert.equal(list.header('x-total-count'), '1')
    assert.include(list.body()[0].summary, 'Suricata alert')
    // Asking for B's agency by filter is asking for nothing.
    const asked = await client.get('/api/security_events').qs({ filter: JSON.stringify({ agency_id: s.b.id }) }).loginAs(s.liaisonA)
    assert.deepEqual(asked.body(), [])
    // A header claiming another agency changes nothing.
    const spoofed = await client.get('/api/security_events').qs({ filter: JSON.stringify({ source: s.attacker }) }).header('X-Agency-Id', String(s.b.id)).header('X-Forwarded-For', s.hostB).loginAs(s.liaisonA)
    assert.deepEqual(spoofed.body().map((e: any) => e.target), [s.hostA])

    const own = await client.get(`/api/security_events/${s.eventA.outcome === 'opened' && s.eventA.eventId}`).loginAs(s.liaisonA)
    assert.equal(own.status(), 200)
    assert.equal(own.body().raw.alert.signature, `${s.signature} A`)
    const other = await client.get(`/api/security_events/${s.eventB.outcome === 'opened' && s.eventB.eventId}`).loginAs(s.liaisonA)
    const missing = await client.get('/api/security_events/999999999').loginAs(s.liaisonA)
    assert.equal(other.status(), 404)
    assert.equal(missing.status(), 404)
    assert.equal(other.body().errors[0].message.replace(/\d+/g, 'N'), missing.body().errors[0].message.replace(/\d+/g, 'N'))

    const incidentA = s.eventA.outcome === 'opened' ? s.eventA.incidentId : 0
    const incidentB = s.eventB.outcome === 'opened' ? s.eventB.incidentId : 0
    const evidence = await client.get(`/api/incidents/${incidentA}/security_events`).loginAs(s.liaisonA)
    assert.equal(evidence.status(), 200)
    assert.deepInclude(evidence.body().counts, { events: 1, occurrences: 1, sources: 1, targets: 1, agencies: 1 })
    assert.equal(evidence.body().events[0].target, s.hostA)
    assert.equal((await client.get(`/api/incidents/${incidentB}/security_events`).loginAs(s.liaisonA)).status(), 404)

    const csv = await client.get('/api/security_events/export.csv').qs({ filter: JSON.stringify({ source: s.attacker }) }).loginAs(s.liaisonA)
    assert.equal(csv.status(), 200)
    assert.include(csv.text(), s.hostA)
    assert.notInclude(csv.text(), s.hostB)
    const national = await client.get('/api/security_events').qs({ filter: JSON.stringify({ source: s.attacker }) }).loginAs(await makeUser('analyst'))
    assert.sameMembers(national.body().map((e: any) => e.target), [s.hostA, s.hostB])
  }).timeout(60_000)

  test('a signature that reads as a spreadsheet formula is escaped in the CSV export', async ({ client, assert }) => {
    const s = await twoAgencies()
    await fileAlert(s.attacker, s.hostA, '=HYPERLINK("http://evil.example","x")', 5)
    const csv = await client.get('/api/security_events/export.csv').qs({ filter: JSON.stringify({ source: s.attacker }) }).loginAs(s.liaisonA)
    assert.include(csv.text(), `"'=HYPERLINK(""http://evil.example"",""x"")"`)
    assert.notMatch(csv.text(), /(^|,)=HYPERLINK/m)
  }).timeout(60_000)

  test('mistyped filters, sorts and ids answer 422 naming the field, never 500', async ({ client, assert }) => {
    const analyst = await makeUser('analyst')
    const cases: Array<[string, Record<string, string>, string]> = [
      ['/api/security_events', { filter: JSON.stringify({ incident_id: 'abc' }) }, 'incident_id'],
      ['/api/security_events', { filter: JSON.stringify({ last_seen_gte: 'yesterday' }) }, 'last_seen_gte'],
      ['/api/security_events', { filter: JSON.stringify({ agency_id: '1; DROP TABLE x' }) }, 'agency_id'],
      ['/api/security_events', { filter: JSON.stringify({ password: 'x' }) }, 'password'],
      ['/api/security_events', { sort: JSON.stringify(['raw', 'ASC']) }, 'sort'],
      ['/api/security_events', { filter: '{not json' }, 'filter'],
      ['/api/security_events/export.csv', { filter: JSON.stringify({ severity: 'high' }) }, 'severity'],
    ]
    for (const [path, qs, field] of cases) {
      const answer = await client.get(path).qs(qs).loginAs(analyst)
      assert.equal(answer.status(), 422, `${path} ${JSON.stringify(qs)} ${answer.text()}`)
      assert.equal(answer.body().errors[0].field, field)
    }
    for (const id of ['abc', '-1', '0', '1e3']) {
      const answer = await client.get(`/api/security_events/${id}`).loginAs(analyst)
      assert.equal(answer.status(), 422, `${id} ${answer.text()}`)
    }
    assert.equal((await client.get('/api/incidents/abc/security_events').loginAs(analyst)).status(), 422)
  }).timeout(60_000)
})

test.group('Security reports', () => {
  test("a liaison's report opens a security incident for its agency, routed to G-ISAC, naming the systems affected", async ({ client, assert }) => {
    await ensureStandardGroups(db.connection())
    const { ministry } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const [system] = await db.table('information_systems').insert(validBody('information_systems', ministry.id)).returning('*')
    const noticed = new Date(Date.now() - 3_600_000).toISOString()
    const answer = await client
      .post('/api/security_reports')
      .json({ what: 'Ransom note on the document server', noticed_at: noticed, system_ids: [system.id] })
      .loginAs(liaison)
      .withCsrfToken()
    assert.equal(answer.status(), 201, answer.text())
    const incident = await db.from('incidents').where('id', answer.body().incident_id).first()
    assert.deepInclude(incident, { type: 'security', agency_id: ministry.id, reported_by_id: liaison.id, number: answer.body().incident_number })
    assert.equal(incident.title, 'Security incident reported by the agency: Ransom note on the document server')
    assert.equal((await db.from('assignment_groups').where('id', incident.group_id).first()).code, 'G-ISAC')
    const items = await db.from('incident_items').where('incident_id', incident.id).select('item_type', 'item_id')
    assert.deepEqual(items, [{ item_type: 'information_system', item_id: system.id }])
    const event = await db.from('security_events').where('id', answer.body().id).first()
    assert.deepInclude(event, { origin: 'manual', kind: 'manual_report', reported_by_id: liaison.id, incident_id: incident.id })
    assert.deepEqual(event.system_ids, [system.id])
    const audit = await db.from('audit_log').where({ entity: 'incidents', entity_id: String(incident.id), action: 'create' }).first()
    assert.equal(audit.actor_email, liaison.email)
    // The liaison reads the incident and its evidence.
    const evidence = await client.get(`/api/incidents/${incident.id}/security_events`).loginAs(liaison)
    assert.equal(evidence.body().counts.events, 1)
  }).timeout(60_000)

  test("another agency's system or agency, a time in the future, a missing field: refused, nothing opened", async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const other = (await makeAgencyTree()).ministry
    const liaison = await makeUser('agency_liaison', ministry.id)
    const [theirs] = await db.table('information_systems').insert(validBody('information_systems', other.id)).returning('*')
    const before = Number((await db.from('security_events').count('* as n'))[0].n)
    const post = (body: Record<string, unknown>) => client.post('/api/security_reports').json(body).loginAs(liaison).withCsrfToken()
    const good = { what: 'Phishing mail opened', noticed_at: new Date(Date.now() - 60_000).toISOString() }

    const system = await post({ ...good, system_ids: [theirs.id] })
    assert.equal(system.status(), 422)
    assert.equal(system.body().errors[0].field, 'system_ids')
    const nonexistent = await post({ ...good, system_ids: [2147483647] })
    assert.equal(nonexistent.status(), 422)
    assert.equal(nonexistent.body().errors[0].message.replace(/\d+/g, 'N'), system.body().errors[0].message.replace(/\d+/g, 'N'))
    assert.equal((await post({ ...good, agency_id: other.id })).status(), 403)
    const future = await post({ ...good, noticed_at: new Date(Date.now() + 3_600_000).toISOString() })
    assert.equal(future.status(), 422)
    assert.equal(future.body().errors[0].field, 'noticed_at')
    const bad = await post({ what: 'x', noticed_at: 'tuesday', system_ids: ['one'] })
    assert.equal(bad.status(), 422)
    assert.sameMembers(bad.body().errors.map((e: any) => e.field), ['what', 'noticed_at', 'system_ids.0'])
    // A header naming another agency is not who the writer is.
    const spoofed = await client.post('/api/security_reports').json(good).header('X-Agency-Id', String(other.id)).loginAs(liaison).withCsrfToken()
    assert.equal(spoofed.status(), 201)
    assert.equal((await db.from('incidents').where('id', spoofed.body().incident_id).first()).agency_id, ministry.id)
    assert.equal(Number((await db.from('security_events').count('* as n'))[0].n), before + 1)
    // Without its CSRF header a session's write is refused.
    assert.equal((await client.post('/api/security_reports').json(good).loginAs(liaison)).status(), 403)
    // A national writer must name the agency.
    const analyst = await makeUser('analyst')
    const unnamed = await client.post('/api/security_reports').json(good).loginAs(analyst).withCsrfToken()
    assert.equal(unnamed.status(), 422)
    assert.equal(unnamed.body().errors[0].field, 'agency_id')
  }).timeout(60_000)
})
