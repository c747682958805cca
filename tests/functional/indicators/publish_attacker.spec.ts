import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { Enricher } from '#app/flows/enrichment'
import { loadSnapshot } from '#app/flows/inventory_cache'
import { ensureStandardGroups } from '#app/incidents/standard_groups'
import { timelineOf } from '#app/incidents/incident_timeline'
import { fromEveAlert } from '#app/security/security_event'
import { fileSecurityEvent } from '#app/security/security_service'
import { readEveLine, type EveAlert } from '#collectors/security/eve'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'

/**
 * Publishing a security incident's attacker as an indicator (POST /api/incidents/:id/publish_attacker):
 * the indicator through the write pipeline, its sighting naming the incident, the timeline
 * entry and the audit rows; then who may and who may not, as an attacker of the console would try.
 */

/** An EVE alert from `src` against `dest`, filed as security:work files it. */
async function fileAlert(src: string, dest: string, signature: string) {
  const line = JSON.stringify({
    timestamp: '2026-12-06T21:10:05.000001+0800', flow_id: 4242, event_type: 'alert', src_ip: src, src_port: 51515, dest_ip: dest, dest_port: 22, proto: 'TCP',
    alert: { action: 'allowed', gid: 1, signature_id: 2001219, rev: 20, signature, category: 'Attempted Administrator Privilege Gain', severity: 2 },
  })
  return fileSecurityEvent(fromEveAlert((readEveLine(line) as { alert: EveAlert }).alert, line), new Enricher(await loadSnapshot()))
}

/** Attackers of this run, each another address (the indicators of one test must not be another's). */
let nextAttacker = Math.floor(Math.random() * 200)

/** Two ministries with prefixes, an attack on the first, a sharing group the first is in and the second is not. */
async function scene() {
  await ensureStandardGroups(db.connection())
  const member = (await makeAgencyTree()).ministry
  const outsider = (await makeAgencyTree()).ministry
  const octet = 30 + Math.floor(Math.random() * 200)
  const third = Math.floor(Math.random() * 250)
  await db.table('agency_prefixes').multiInsert([
    { agency_id: member.id, prefix: `10.${octet}.${third}.0/25`, description: 'member' },
    { agency_id: outsider.id, prefix: `10.${octet}.${third}.128/25`, description: 'outsider' },
  ])
  const attacker = `198.51.100.${1 + (nextAttacker++ % 250)}`
  const filed = await fileAlert(attacker, `10.${octet}.${third}.9`, makeCode('ET SCAN SSH brute force'))
  if (filed.outcome !== 'opened') throw new Error(`not opened: ${JSON.stringify(filed)}`)
  const analyst = await makeUser('analyst')
  const group = await sharingGroup([member.id])
  return { member, outsider, attacker, incidentId: filed.incidentId, analyst, group }
}

/** A sharing group made as an analyst makes it (straight in the tables: its API is tested elsewhere). */
async function sharingGroup(memberIds: number[]) {
  const [group] = await db.table('sharing_groups').insert({ name: makeCode('ISAC finance'), created_at: new Date(), updated_at: new Date() }).returning('*')
  await db.table('sharing_group_members').multiInsert(memberIds.map((id) => ({ sharing_group_id: group.id, agency_id: id })))
  return group as { id: number; name: string }
}

const publish = (client: any, user: any, id: number | string, body: object) => client.post(`/api/incidents/${id}/publish_attacker`).json(body).loginAs(user).withCsrfToken()

test.group('Publishing an attacker of a security incident', () => {
  test('an analyst publishes the attacker as TLP:AMBER to a group: sighting, timeline, audit; members read it, others do not', async ({ client, assert }) => {
    const s = await scene()
    const answer = await publish(client, s.analyst, s.incidentId, { value: s.attacker, sharing_group_id: s.group.id })
    answer.assertStatus(201)
    const indicator = answer.body().indicator
    assert.include(indicator, { type: 'ipv4', value: s.attacker, tlp: 'amber', source_agency_id: null, sharing_group_id: s.group.id, sightings_count: 1 })
    assert.isNotNull(indicator.first_seen_at)

    const sighting = await db.from('indicator_sightings').where('id', answer.body().sighting_id).first()
    assert.include(sighting, { indicator_id: indicator.id, source: 'incident', incident_id: s.incidentId, agency_id: s.member.id, src_addr: s.attacker, count: 1 })

    const [en] = (await timelineOf(s.incidentId, 'en')).filter((e) => e.kind === 'indicator')
    assert.equal(en.text, `Attacker ${s.attacker} published as indicator ${indicator.id}, TLP:AMBER, to the sharing group ${s.group.name}`)
    assert.equal(en.actor.id, s.analyst.id)
    const [zh] = (await timelineOf(s.incidentId, 'zh-TW')).filter((e) => e.kind === 'indicator')
    assert.equal(zh.text, `已將攻擊來源 ${s.attacker} 發布為指標 ${indicator.id}（TLP:AMBER），分享給群組「${s.group.name}」`)
    const audited = async (entity: string, id: number | string) => (await db.from('audit_log').where({ entity, entity_id: String(id) }).select('action')).map((a) => a.action)
    assert.deepEqual(await audited('indicators', indicator.id), ['create'])
    assert.deepEqual(await audited('indicator_sightings', sighting.id), ['create'])

    // A member agency's tool (an API token) reads it; a non-member's does not, by list or by id.
    const tokenOf = async (agencyId: number) => {
      const admin = await makeUser('admin')
      const liaison = await makeUser('agency_liaison', agencyId)
      const issued = await client.post('/api/access_tokens').json({ user_id: liaison.id, name: makeCode('isac pull') }).loginAs(admin).withCsrfToken()
      issued.assertStatus(201)
      return `Bearer ${issued.body().token}`
    }
    const filter = { filter: JSON.stringify({ value: s.attacker, sharing_group_id: s.group.id }) }
    const memberToken = await tokenOf(s.member.id)
    const seen = await client.get('/api/indicators').qs(filter).header('Authorization', memberToken)
    seen.assertStatus(200)
    assert.deepEqual(seen.body().map((r: any) => r.id), [indicator.id])
    assert.equal(seen.body()[0].sightings_count, 1, "the sighting was made in the member's agency")
    const feed = await client.get('/api/indicators/feed.txt').qs(filter).header('Authorization', memberToken)
    assert.equal(feed.text(), `${s.attacker}\n`)
    const outsiderToken = await tokenOf(s.outsider.id)
    const unseen = await client.get('/api/indicators').qs(filter).header('Authorization', outsiderToken)
    assert.deepEqual(unseen.body(), [])
    assert.equal((await client.get(`/api/indicators/${indicator.id}`).header('Authorization', outsiderToken)).status(), 404)
    assert.equal((await client.get('/api/indicators/feed.txt').qs(filter).header('Authorization', outsiderToken)).text(), '')
    const stix = await client.get('/api/indicators/export.stix.json').qs(filter).header('Authorization', outsiderToken)
    assert.notInclude(stix.text(), s.attacker)
    // The outsider's own sightings count none of the member's.
    const sightings = await client.get('/api/indicator_sightings').qs({ filter: JSON.stringify({ indicator_id: indicator.id }) }).header('Authorization', outsiderToken)
    assert.deepEqual(sightings.body(), [])

    // Publishing it again to the same audience is refused, naming the indicator.
    const again = await publish(client, s.analyst, s.incidentId, { value: s.attacker, sharing_group_id: s.group.id })
    assert.equal(again.status(), 422)
    assert.equal(again.body().errors[0].field, 'value')
    assert.include(again.body().errors[0].message, String(indicator.id))
  }).timeout(60_000)

  test('a liaison publishes for its agency into a group it is in; refusals as an attacker would meet them', async ({ client, assert }) => {
    const s = await scene()
    const liaison = await makeUser('agency_liaison', s.member.id)
    const outsiderLiaison = await makeUser('agency_liaison', s.outsider.id)
    const noc = await makeUser('noc')
    const cio = await makeUser('cio')
    const auditor = await makeUser('auditor')

    // Another agency's liaison: the incident does not exist for them, whatever the body.
    assert.equal((await publish(client, outsiderLiaison, s.incidentId, { value: s.attacker })).status(), 404)
    // Roles that may read incidents but not publish.
    for (const user of [noc, cio, auditor]) assert.equal((await publish(client, user, s.incidentId, { value: s.attacker })).status(), 403, user.role)
    // No such incident, an id past the column, a mistyped id.
    assert.equal((await publish(client, s.analyst, 2147483000, { value: s.attacker })).status(), 404)
    assert.equal((await publish(client, s.analyst, '99999999999', { value: s.attacker })).status(), 404)
    assert.equal((await publish(client, s.analyst, 'abc', { value: s.attacker })).status(), 422)

    const otherGroup = await sharingGroup([s.outsider.id])
    const cases: Array<[object, string]> = [
      [{}, 'value'],
      [{ value: '203.0.113.250' }, 'value'], // not in the evidence
      [{ value: 'not-an-address' }, 'value'],
      [{ value: s.attacker, tlp: 'amber+' }, 'tlp'],
      [{ value: s.attacker, sharing_group_id: 'finance' }, 'sharing_group_id'],
      [{ value: s.attacker, sharing_group_id: otherGroup.id }, 'sharing_group_id'], // a group the liaison's agency is not in
      [{ value: s.attacker, confidence: 101 }, 'confidence'],
      [{ value: s.attacker, expires_at: 'soon' }, 'expires_at'],
    ]
    for (const [body, field] of cases) {
      const refused = await publish(client, liaison, s.incidentId, body)
      assert.equal(refused.status(), 422, `${JSON.stringify(body)}: ${refused.text()}`)
      assert.equal(refused.body().errors[0].field, field, JSON.stringify(body))
      assert.notMatch(refused.text(), /INSERT INTO|SELECT |"stack"|\.ts:\d+/)
    }
    await db.from('users').where('id', liaison.id).update({ locale: 'zh-TW' })
    const zh = await publish(client, liaison, s.incidentId, { value: '203.0.113.250' })
    assert.equal(zh.body().errors[0].message, '203.0.113.250 不是此事件單佐證中的來源位址')

    // A service incident has no attackers to publish.
    const service = await client.post('/api/incidents').json(validBody('incidents', s.member.id)).loginAs(await makeUser('admin')).withCsrfToken()
    service.assertStatus(201)
    assert.equal((await publish(client, s.analyst, service.body().id, { value: s.attacker })).status(), 422)

    // Nothing was written by the refusals.
    assert.equal(Number((await db.from('indicator_sightings').where('incident_id', s.incidentId).count('* as n'))[0].n), 0)

    const done = await publish(client, liaison, s.incidentId, { value: s.attacker, tlp: 'amber_strict', sharing_group_id: s.group.id })
    done.assertStatus(201)
    assert.include(done.body().indicator, { tlp: 'amber_strict', source_agency_id: s.member.id, sharing_group_id: s.group.id })
    // AMBER+STRICT published by an agency: not the national analyst's to read (visibility.ts).
    assert.equal((await client.get(`/api/indicators/${done.body().indicator.id}`).loginAs(s.analyst)).status(), 404)
  }).timeout(60_000)
})
