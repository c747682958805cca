import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { flow } from '#tests/unit/detections/flows'
import { DetectionEngine } from '#app/detections/engine'
import { PostgresFlowStore } from '#app/flows/postgres_store'
import { flowIndicators, retroHunt } from '#app/indicators/indicator_service'

const n = () => Math.floor(Math.random() * 250) + 1

/** A document of tests/fixtures/indicators/ (see its SOURCES.md), parsed afresh for each use. */
const fixture = async (name: string) => JSON.parse(await readFile(app.makePath('tests/fixtures/indicators', name), 'utf8'))

test.group('Indicators: STIX and MISP exchange, matching', () => {
  test('a STIX 2.1 bundle and a MISP event go out and come back as the same indicators', async ({ client, assert }) => {
    const { child } = await makeAgencyTree()
    const analyst = await makeUser('analyst')
    const liaison = await makeUser('agency_liaison', child.id)
    const tag = randomUUID().slice(0, 8)
    const bodies = [
      { type: 'ipv4', value: `203.0.113.${n()}`, tlp: 'amber', description: `c2 ${tag}` },
      { type: 'ipv6_prefix', value: `2001:db8:${n().toString(16)}::/48`, tlp: 'green', description: `range ${tag}` },
      { type: 'domain', value: `c2-${tag}.example.org`, tlp: 'clear', description: `domain ${tag}` },
      { type: 'url', value: `https://evil-${tag}.example.org/drop?x=1`, tlp: 'amber_strict', description: `url ${tag}` },
      { type: 'sha256', value: 'a'.repeat(56) + tag, tlp: 'green', description: `hash ${tag}` },
      { type: 'email', value: `phish-${tag}@example.org`, tlp: 'green', description: `mail ${tag}` },
    ]
    for (const body of bodies) (await client.post('/api/indicators').json({ ...body, confidence: 70 }).loginAs(analyst).withCsrfToken()).assertStatus(201)
    const search = { filter: JSON.stringify({ q: tag }) }

    const stix = await client.get('/api/indicators/export.stix.json').qs(search).loginAs(analyst)
    stix.assertStatus(200)
    assert.include(stix.header('content-type'), 'application/stix+json')
    const bundle = stix.body()
    const exported = bundle.objects.filter((o: any) => o.type === 'indicator')
    assert.lengthOf(exported, bodies.length, exported.map((o: any) => o.name).join(' '))
    const amber = exported.find((o: any) => o.name === bodies[0].value)
    assert.equal(amber.pattern, `[ipv4-addr:value = '${bodies[0].value}']`)
    assert.deepEqual(amber.object_marking_refs, ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'])
    assert.isTrue(bundle.objects.some((o: any) => o.type === 'marking-definition' && o.name === 'TLP:AMBER+STRICT'))

    // Back in as the G-ISAC: the same STIX ids and publisher, so nothing is new.
    const again = await client.post('/api/indicators/import').json(bundle).loginAs(analyst).withCsrfToken()
    again.assertStatus(200)
    assert.deepInclude(again.body(), { created: 0, updated: 0, unchanged: bodies.length, skipped: [] })

    // An agency imports it: its own copies, with the markings they came with.
    const copied = await client.post('/api/indicators/import').json(bundle).loginAs(liaison).withCsrfToken()
    copied.assertStatus(200)
    assert.equal(copied.body().created, bodies.length, copied.text())
    const theirs = await client.get('/api/indicators').qs({ filter: JSON.stringify({ q: tag, source_agency_id: child.id }) }).loginAs(liaison)
    assert.sameMembers(theirs.body().map((r: any) => `${r.type} ${r.value} ${r.tlp}`), bodies.map((b) => `${b.type} ${b.value} ${b.tlp}`))

    // The G-ISAC's own (the agency's copies, but for their AMBER+STRICT one, are the analyst's to read too).
    const misp = await client.get('/api/indicators/export.misp.json').qs({ filter: JSON.stringify({ q: tag, source_agency_id: null }) }).loginAs(analyst)
    misp.assertStatus(200)
    const event = misp.body()
    assert.lengthOf(event.Event.Attribute, bodies.length)
    assert.deepEqual(event.Event.Tag, [{ name: 'tlp:amber+strict' }])
    await db.from('indicators').whereILike('description', `%${tag}%`).whereNull('source_agency_id').delete()
    const fromMisp = await client.post('/api/indicators/import').json(event).loginAs(analyst).withCsrfToken()
    fromMisp.assertStatus(200)
    assert.equal(fromMisp.body().created, bodies.length, fromMisp.text())
    const back = await client.get('/api/indicators').qs({ filter: JSON.stringify({ q: tag }) }).loginAs(analyst)
    const national = back.body().filter((r: any) => r.source_agency_id === null)
    assert.sameMembers(national.map((r: any) => `${r.type} ${r.value} ${r.tlp}`), bodies.map((b) => `${b.type} ${b.value} ${b.tlp}`))
  }).timeout(120_000)

  test('a malformed document is refused naming the path; bad objects are passed over with theirs and the rest imported', async ({ client, assert }) => {
    const analyst = await makeUser('analyst')
    for (const [doc, path] of [
      [[1, 2], '$'],
      [{ type: 'report' }, '$'],
      [{ type: 'bundle', objects: {} }, '$.objects'],
      [{ Event: { Attribute: 'x' } }, '$.Event.Attribute'],
    ] as const) {
      const answer = await client.post('/api/indicators/import').json(doc).loginAs(analyst).withCsrfToken()
      assert.equal(answer.status(), 422, JSON.stringify(doc))
      assert.equal(answer.body().errors[0].field, path, answer.text())
    }
    const tag = randomUUID()
    const good = (value: string, extra: Record<string, unknown> = {}) => ({
      type: 'indicator', spec_version: '2.1', id: `indicator--${randomUUID()}`, created: '2026-03-01T00:00:00Z', modified: '2026-03-01T00:00:00Z',
      pattern: `[ipv4-addr:value = '${value}']`, pattern_type: 'stix', valid_from: '2026-03-01T00:00:00Z', description: tag, ...extra,
    })
    const bundle = {
      type: 'bundle', id: `bundle--${randomUUID()}`,
      objects: [
        good(`198.51.100.${n()}`, { object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'] }),
        good('198.51.100.300'),
        good('192.0.2.1', { pattern: "[ipv4-addr:value = '192.0.2.1'] AND [domain-name:value = 'x.example']" }),
        good('192.0.2.2', { pattern_type: 'snort' }),
        good('192.0.2.3', { id: 'indicator--not-a-uuid' }),
        good('192.0.2.4', { valid_from: undefined }),
        'not an object',
        { type: 'malware', id: `malware--${randomUUID()}`, name: 'context, not counted' },
      ],
    }
    const answer = await client.post('/api/indicators/import').json(bundle).loginAs(analyst).withCsrfToken()
    answer.assertStatus(200)
    assert.equal(answer.body().created, 1)
    assert.sameMembers(answer.body().skipped.map((s: any) => `${s.path} ${s.reason}`), [
      '$.objects[1].pattern value_not_of_type',
      '$.objects[2].pattern pattern_unsupported',
      '$.objects[3].pattern_type pattern_type_unsupported',
      '$.objects[4].id bad_id',
      '$.objects[5].valid_from missing_field',
      '$.objects[6] not_an_object',
    ])
    const stored = await db.from('indicators').where('description', tag)
    assert.lengthOf(stored, 1)
    // TLP 1.0's GREEN read as TLP 2.0's.
    assert.equal(stored[0].tlp, 'green')
  })

  test('foreign STIX 2.1 bundles and a MISP event from public sources import; malformed variants are refused with the reason', async ({ client, assert }) => {
    // A fresh agency each run: its copies are its own, so nothing is already held.
    const { child } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', child.id)
    const importing = (doc: unknown, qs: Record<string, string> = {}) => client.post('/api/indicators/import').qs(qs).json(doc).loginAs(liaison).withCsrfToken()
    const reasons = (answer: any) => answer.body().skipped.map((s: any) => `${s.path} ${s.reason}`)

    const apt1 = await importing(await fixture('oasis-apt1.json'))
    apt1.assertStatus(200)
    assert.equal(apt1.body().created, 10, apt1.text())
    assert.lengthOf(apt1.body().skipped, 2)
    assert.deepEqual([...new Set(apt1.body().skipped.map((s: any) => s.reason))], ['pattern_unsupported'])
    assert.isTrue(apt1.body().skipped.every((s: any) => /^\$\.objects\[\d+\]\.pattern$/.test(s.path) && s.message.includes('only patterns of one comparison')))
    const held = await db.from('indicators').where('source_agency_id', child.id).select('type', 'value', 'tlp')
    assert.includeDeepMembers(held, [
      { type: 'ipv4_prefix', value: '223.166.0.0/15', tlp: 'amber' },
      { type: 'domain', value: 'hugesoft.org', tlp: 'amber' },
      { type: 'md5', value: '001dd76872d80801692ff942308c64e6', tlp: 'amber' },
    ])

    const c2 = await importing(await fixture('oasis-indicators-for-C2-with-COA.json'), { tlp: 'green' })
    c2.assertStatus(200)
    assert.deepInclude(c2.body(), { created: 2, skipped: [] })
    const mail = await importing(await fixture('oasis-malicious-email-indicator-with-attachment.json'))
    mail.assertStatus(200)
    assert.equal(mail.body().created, 0)
    assert.sameMembers(reasons(mail).map((r: string) => r.replace(/\d+/, 'N')), ['$.objects[N].pattern pattern_unsupported', '$.objects[N].pattern pattern_unsupported'])

    const xorist = await importing(await fixture('pymisp-57c4445b-c548-4654-af0b-4be3950d210f.json'))
    xorist.assertStatus(200)
    assert.equal(xorist.body().created, 3, xorist.text())
    assert.sameMembers(reasons(xorist), ['$.Event.Attribute[4].type type_unsupported', '$.Event.Attribute[8].type type_unsupported'])
    const hashes = await db.from('indicators').where('source_agency_id', child.id).whereIn('type', ['md5', 'sha1', 'sha256']).where('tlp', 'clear').select('type', 'value')
    assert.sameDeepMembers(hashes, [
      { type: 'md5', value: '0749bae92ca336a02c83d126e04ec628' },
      { type: 'sha1', value: '77b0c41b7d340b8a3d903f21347bbf06aa766b5b' },
      { type: 'sha256', value: 'b3c4ae251f8094fa15b510051835c657eaef2a6cea46075d3aec964b14a99f68' },
    ])

    // Malformed variants of the same documents: refused whole with the path and the reason, in words.
    const refusals: Array<[unknown, Record<string, string>, string, string]> = []
    const notBundle = await fixture('oasis-apt1.json')
    notBundle.type = 'report'
    refusals.push([notBundle, { format: 'stix' }, '$.type', 'not a STIX bundle'])
    refusals.push([notBundle, {}, '$', 'neither a STIX 2.1 bundle, a MISP event'])
    const objectsNotList = await fixture('oasis-indicators-for-C2-with-COA.json')
    objectsNotList.objects = { ...objectsNotList.objects }
    refusals.push([objectsNotList, {}, '$.objects', 'must be a list of objects'])
    const bareEvent = (await fixture('pymisp-57c4445b-c548-4654-af0b-4be3950d210f.json')).Event
    refusals.push([bareEvent, { format: 'misp' }, '$.Event', 'not a MISP event'])
    const attributesNotList = await fixture('pymisp-57c4445b-c548-4654-af0b-4be3950d210f.json')
    attributesNotList.Event.Attribute = 'md5'
    refusals.push([attributesNotList, {}, '$.Event.Attribute', 'must be a list'])
    for (const [doc, qs, path, words] of refusals) {
      const answer = await importing(doc, qs)
      assert.equal(answer.status(), 422, answer.text())
      assert.equal(answer.body().errors[0].field, path, answer.text())
      assert.include(answer.body().errors[0].message, words)
    }

    // Broken objects inside a real bundle and event: those are passed over, each with its reason.
    const broken = await fixture('oasis-indicators-for-C2-with-COA.json')
    const indicatorsAt = broken.objects.flatMap((o: any, i: number) => (o.type === 'indicator' ? [i] : []))
    broken.objects[indicatorsAt[0]].pattern = "[ipv4-addr:value = '10.0.0.300']"
    broken.objects[indicatorsAt[1]].id = 'indicator--not-a-uuid'
    const brokenAnswer = await importing(broken)
    brokenAnswer.assertStatus(200)
    assert.equal(brokenAnswer.body().created, 0)
    assert.sameMembers(reasons(brokenAnswer), [`$.objects[${indicatorsAt[0]}].pattern value_not_of_type`, `$.objects[${indicatorsAt[1]}].id bad_id`])
    const brokenEvent = await fixture('pymisp-57c4445b-c548-4654-af0b-4be3950d210f.json')
    brokenEvent.Event.Attribute[5].value = 'not-a-hash'
    brokenEvent.Event.Attribute[6].uuid = 'xyz'
    brokenEvent.Event.Attribute[7].first_seen = 'last tuesday'
    const eventAnswer = await importing(brokenEvent)
    eventAnswer.assertStatus(200)
    assert.includeMembers(reasons(eventAnswer), ['$.Event.Attribute[5].value value_not_of_type', '$.Event.Attribute[6].uuid bad_id', '$.Event.Attribute[7].first_seen bad_time'])
    assert.include(eventAnswer.body().skipped.find((s: any) => s.reason === 'bad_time').message, 'not an RFC 3339 time')
  }).timeout(120_000)

  test("the flow loader's indicators make the detection engine report traffic to them; an agency's RED is not loaded", async ({ client, assert }) => {
    const { child } = await makeAgencyTree()
    const analyst = await makeUser('analyst')
    const liaison = await makeUser('agency_liaison', child.id)
    const c2 = `203.0.113.${n()}`
    const published = await client.post('/api/indicators').json({ type: 'ipv4', value: c2, tlp: 'amber' }).loginAs(analyst).withCsrfToken()
    published.assertStatus(201)
    const secret = `192.0.2.${n()}`
    ;(await client.post('/api/indicators').json({ type: 'ipv4', value: secret, tlp: 'red' }).loginAs(liaison).withCsrfToken()).assertStatus(201)
    const expired = await client.post('/api/indicators').json({ type: 'ipv4_prefix', value: '100.64.0.0/10', tlp: 'green', expires_at: '2020-01-01T00:00:00Z' }).loginAs(analyst).withCsrfToken()
    expired.assertStatus(201)

    const loaded = await flowIndicators()
    assert.isTrue(loaded.some((i) => i.value === c2 && i.id === String(published.body().id)))
    assert.isFalse(loaded.some((i) => i.value === secret))
    assert.isFalse(loaded.some((i) => i.value === '100.64.0.0/10'))

    const engine = new DetectionEngine()
    assert.deepEqual(engine.setIndicators(loaded), [])
    const events = engine.observeAll([flow({ srcAddr: '10.1.0.5', dstAddr: c2, dstPort: 443 }), flow({ srcAddr: '10.1.0.6', dstAddr: '198.51.100.1', dstPort: 443, at: 1 })])
    assert.lengthOf(events, 1)
    assert.equal(events[0].kind, 'indicator')
    assert.equal(events[0].detail.indicator_id, String(published.body().id))
  })

  test('a retro-hunt finds the stored flows of the last days, each once, as sightings readers see in their scope', async ({ client, assert }) => {
    const { child, other } = await makeAgencyTree()
    const analyst = await makeUser('analyst')
    const liaison = await makeUser('agency_liaison', child.id)
    const outsider = await makeUser('agency_liaison', other.id)
    const c2 = `2001:db8:ffff:${n().toString(16)}::9`
    const now = new Date()
    const at = (minutesAgo: number, src: string, dst: string, agency: number | null) => ({
      ...flow({ srcAddr: src, dstAddr: dst, dstPort: 443 }),
      first: new Date(now.getTime() - minutesAgo * 60_000),
      last: new Date(now.getTime() - minutesAgo * 60_000 + 1000),
      deviceId: null, linkId: null, srcAgencyId: agency, dstAgencyId: null,
    })
    await new PostgresFlowStore().write(randomUUID(), [
      at(10, '2001:db8:1::5', c2, child.id),
      at(60 * 24 * 3, '2001:db8:1::6', c2, child.id),
      at(60 * 24 * 20, '2001:db8:1::7', c2, child.id),
      at(5, '2001:db8:1::5', '2001:db8:eeee::1', child.id),
    ])
    const made = await client.post('/api/indicators').json({ type: 'ipv6', value: c2, tlp: 'green' }).loginAs(analyst).withCsrfToken()
    made.assertStatus(201)
    const id = made.body().id

    const hunt = await client.post(`/api/indicators/${id}/retro_hunt`).json({ days: 7 }).loginAs(analyst).withCsrfToken()
    hunt.assertStatus(200)
    assert.deepEqual(hunt.body(), { flows: 2, sightings: 2 })
    assert.deepEqual(await retroHunt(id, 7), { flows: 2, sightings: 0 })
    ;(await client.post(`/api/indicators/${id}/retro_hunt`).json({ days: 500 }).loginAs(analyst).withCsrfToken()).assertStatus(422)

    const mine = await client.get('/api/indicator_sightings').qs({ filter: JSON.stringify({ indicator_id: id }) }).loginAs(liaison)
    assert.lengthOf(mine.body(), 2)
    assert.equal(mine.body()[0].source, 'retro_hunt')
    const theirs = await client.get('/api/indicator_sightings').qs({ filter: JSON.stringify({ indicator_id: id }) }).loginAs(outsider)
    assert.lengthOf(theirs.body(), 0)
  })
})
