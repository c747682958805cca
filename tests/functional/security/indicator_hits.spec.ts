import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { defaultSite } from '#app/platform/queues'
import { ensureStandardGroups } from '#app/incidents/standard_groups'
import { startSecurityWorker } from '#app/security/security_worker'
import { FlowDetections } from '#app/security/flow_detections'
import { flow } from '#tests/unit/detections/flows'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { until } from '#tests/support/wait'

/**
 * An indicator G-ISAC publishes reaches the rules flows:work runs, and a host talking to it
 * becomes a security incident and a sighting of that indicator, through the real queue and
 * security worker (issue 11: "indicators are matched against flows as they arrive").
 */
test.group('indicators matched against flows as they arrive', () => {
  test('a published indicator: the flow to it files an incident and a sighting naming both; RED stays out of the rules', async ({ client, assert }) => {
    await ensureStandardGroups(db.connection())
    const { ministry } = await makeAgencyTree()
    const octet = 30 + Math.floor(Math.random() * 200)
    const second = Math.floor(Math.random() * 250)
    await db.table('agency_prefixes').insert({ agency_id: ministry.id, prefix: `10.${octet}.${second}.0/24`, description: 'indicator hits' })
    const host = `10.${octet}.${second}.7`
    const c2 = `203.0.113.${1 + Math.floor(Math.random() * 250)}`
    const secret = `198.51.100.${1 + Math.floor(Math.random() * 250)}`
    const analyst = await makeUser('analyst')
    const published = await client.post('/api/indicators').json({ type: 'ipv4', value: c2, tlp: 'amber', confidence: 90 }).loginAs(analyst).withCsrfToken()
    published.assertStatus(201)
    const liaison = await makeUser('agency_liaison', ministry.id)
    const red = await client.post('/api/indicators').json({ type: 'ipv4', value: secret, tlp: 'red', confidence: 90 }).loginAs(liaison).withCsrfToken()
    red.assertStatus(201)

    const site = defaultSite()
    const { worker } = startSecurityWorker(site, { concurrency: 1 })
    const detections = new FlowDetections(site)
    try {
      const now = Date.now()
      const found = await detections.observe(
        [
          { ...flow({ srcAddr: host, dstAddr: c2, dstPort: 443 }), first: new Date(now - 2000), last: new Date(now - 1000) },
          { ...flow({ srcAddr: host, dstAddr: secret, dstPort: 443 }), first: new Date(now - 2000), last: new Date(now - 1000) },
        ],
        true
      )
      assert.equal(found, 1, 'the AMBER indicator is matched, the agency\u2019s RED one is not in the rules')

      const sighting = await until(
        'a sighting of the published indicator',
        () => db.from('indicator_sightings').where('indicator_id', published.body().id).where('source', 'event').first(),
        { timeoutMs: 60_000 }
      )
      assert.equal(sighting.agency_id, ministry.id)
      assert.isNotNull(sighting.security_event_id)
      const incident = await db.from('incidents').where('id', sighting.incident_id).firstOrFail()
      assert.equal(incident.type, 'security')
      assert.equal(incident.agency_id, ministry.id)
      const event = await db.from('security_events').where('id', sighting.security_event_id).firstOrFail()
      assert.equal(event.kind, 'indicator')
      assert.equal(event.incident_id, incident.id)
      assert.isNull(await db.from('indicator_sightings').where('indicator_id', red.body().id).first())
    } finally {
      await detections.close()
      await worker.close()
    }
  }).timeout(120_000)
})
