import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import User from '#app/access/user'
import { makeAgency, makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { TLPS, type Tlp } from '#app/indicators/visibility'

/**
 * The TAXII 2.1 server as an agency's tool uses it: an access token as the password of HTTP Basic
 * (or as a Bearer token), discovery → API root → collections → objects paged with limit and next
 * until more is false, then polled again with added_after. Who receives what is written out here
 * on its own (as in tlp_enforcement.spec.ts), not read from visibility.ts.
 */
const TAXII = 'application/taxii+json;version=2.1'
const AMBER = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421'

type Who = 'isac' | 'admin' | 'noc' | 'cio' | 'auditor' | 'source' | 'under_source' | 'above_source' | 'member' | 'under_member' | 'outsider'
const EVERYONE: Who[] = ['isac', 'admin', 'noc', 'cio', 'auditor', 'source', 'under_source', 'above_source', 'member', 'under_member', 'outsider']
/** Who may pass each marking on (files, feeds, TAXII): TLP:RED nobody. */
const RECEIVES: Record<Tlp, Who[]> = {
  clear: EVERYONE,
  green: EVERYONE,
  amber: ['isac', 'source', 'under_source', 'member', 'under_member'],
  amber_strict: ['source', 'member'],
  red: [],
}
/** Who is given the group's collection: national accounts, and accounts of a member agency or of one under it. */
const HAS_GROUP: Who[] = ['isac', 'admin', 'noc', 'cio', 'auditor', 'source', 'under_source', 'member', 'under_member']

const basic = (token: string, user = 'agency-tool') => `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`
async function tokenOf(user: User) {
  return (await User.accessTokens.create(user)).value!.release()
}

/** A TAXII request as a tool sends it; the answer's JSON read from its text, whatever its type. */
async function taxii(client: ApiClient, path: string, options: { auth?: string | null; accept?: string | null; qs?: Record<string, string>; headers?: Record<string, string> } = {}) {
  const request = client.get(path).qs(options.qs ?? {})
  if (options.accept !== null) request.header('Accept', options.accept ?? TAXII)
  if (options.auth) request.header('Authorization', options.auth)
  for (const [name, value] of Object.entries(options.headers ?? {})) request.header(name, value)
  const response = await request
  let body: any = null
  try {
    body = JSON.parse(response.text())
  } catch {}
  return { status: response.status(), body, text: response.text(), header: (name: string) => response.header(name.toLowerCase()) as string | undefined }
}

/** Follows a collection's objects from added_after (or the start) through next until more is false. */
async function pullAll(client: ApiClient, auth: string, objectsPath: string, qs: Record<string, string> = {}) {
  const pages: any[] = []
  let next: string | undefined
  do {
    const page = await taxii(client, objectsPath, { auth, qs: { ...qs, ...(next ? { next } : {}) } })
    if (page.status !== 200) throw new Error(`${objectsPath} answered ${page.status} ${page.text}`)
    pages.push(page)
    next = page.body.more ? page.body.next : undefined
    if (pages.length > 50) throw new Error('paging never ends')
  } while (next)
  return { pages, objects: pages.flatMap((p) => p.body.objects ?? []) }
}

async function world(client: ApiClient) {
  const { ministry, child: source, other: member } = await makeAgencyTree()
  const underSource = await makeAgency({ parentId: source.id })
  const underMember = await makeAgency({ parentId: member.id })
  const outsider = await makeAgency()
  const readers: Record<Who, User> = {
    isac: await makeUser('analyst'),
    admin: await makeUser('admin'),
    noc: await makeUser('noc'),
    cio: await makeUser('cio'),
    auditor: await makeUser('auditor'),
    source: await makeUser('agency_liaison', source.id),
    under_source: await makeUser('agency_liaison', underSource.id),
    above_source: await makeUser('agency_liaison', ministry.id),
    member: await makeUser('agency_liaison', member.id),
    under_member: await makeUser('agency_liaison', underMember.id),
    outsider: await makeUser('agency_liaison', outsider.id),
  }
  const groupName = `taxii sector ${Math.random().toString(36).slice(2, 8)}`
  const group = await client.post('/api/sharing_groups').json({ name: groupName, member_ids: [source.id, member.id] }).loginAs(readers.isac).withCsrfToken()
  group.assertStatus(201)
  // A second group the member agency is also in: the first group's indicators must not be in its collection.
  const other = await client.post('/api/sharing_groups').json({ name: `${groupName} other`, member_ids: [member.id, outsider.id] }).loginAs(readers.isac).withCsrfToken()
  other.assertStatus(201)
  const n = Math.floor(Math.random() * 60000)
  const byTlp = {} as Record<Tlp, { id: number; value: string; stixId: string }>
  const publish = async (tlp: Tlp, i: number) => {
    const value = `2001:db8:${(n + i).toString(16)}::${i + 1}`
    const made = await client.post('/api/indicators').json({ type: 'ipv6', value, tlp, sharing_group_id: group.body().id, confidence: 80 }).loginAs(readers.source).withCsrfToken()
    made.assertStatus(201)
    return { id: made.body().id as number, value: made.body().value as string, stixId: `indicator--${made.body().stix_id}` }
  }
  for (const [i, tlp] of TLPS.entries()) byTlp[tlp] = await publish(tlp, i)
  const secondAmber = await publish('amber', 7)
  return { readers, groupId: group.body().id as number, groupName, otherName: `${groupName} other`, byTlp, secondAmber, publish }
}

/** Discovery → API root → collections, as a tool finds its way; returns the collections by title. */
async function discover(client: ApiClient, auth: string, assert: any) {
  const discovery = await taxii(client, '/taxii2/', { auth })
  assert.equal(discovery.status, 200, discovery.text)
  assert.equal(discovery.header('content-type'), TAXII)
  const root = new URL(discovery.body.api_roots[0]).pathname
  assert.equal(root, '/taxii2/gsn/')
  assert.equal(discovery.body.default, discovery.body.api_roots[0])
  const apiRoot = await taxii(client, root, { auth })
  assert.equal(apiRoot.status, 200, apiRoot.text)
  assert.deepEqual(apiRoot.body.versions, [TAXII])
  const collections = await taxii(client, `${root}collections/`, { auth })
  assert.equal(collections.status, 200, collections.text)
  return { root, collections: collections.body.collections as Array<{ id: string; title: string; can_read: boolean; can_write: boolean; media_types: string[] }> }
}

test.group('Indicators: TAXII 2.1 server', () => {
  test("a member agency's tool discovers its group's collection, pages through it and polls for what was added", async ({ client, assert }) => {
    const w = await world(client)
    const auth = basic(await tokenOf(w.readers.member))
    const { root, collections } = await discover(client, auth, assert)
    const group = collections.find((c) => c.title === w.groupName)!
    assert.exists(group, JSON.stringify(collections))
    assert.include(group, { can_read: true, can_write: false })
    assert.deepEqual(group.media_types, ['application/stix+json;version=2.1'])
    assert.isTrue(collections.some((c) => c.title === w.otherName))
    const one = await taxii(client, `${root}collections/${group.id}/`, { auth })
    assert.deepEqual(one.body, group)

    const objectsPath = `${root}collections/${group.id}/objects/`
    const { pages, objects } = await pullAll(client, auth, objectsPath, { limit: '2' })
    assert.lengthOf(pages, 3, 'five objects two to a page')
    assert.deepEqual(pages.map((p) => p.body.more), [true, true, false])
    assert.isUndefined(pages[2].body.next)
    const names = objects.map((o: any) => o.name)
    assert.sameMembers(names, [w.byTlp.clear.value, w.byTlp.green.value, w.byTlp.amber.value, w.byTlp.amber_strict.value, w.secondAmber.value])
    assert.notInclude(names, w.byTlp.red.value)
    assert.equal(new Set(objects.map((o: any) => o.id)).size, objects.length, 'no object twice across pages')
    // The objects are the STIX exporter's: pattern, marking, producer.
    const amber = objects.find((o: any) => o.name === w.byTlp.amber.value)
    assert.include(amber, { type: 'indicator', spec_version: '2.1', id: w.byTlp.amber.stixId, pattern: `[ipv6-addr:value = '${w.byTlp.amber.value}']`, pattern_type: 'stix' })
    assert.deepEqual(amber.object_marking_refs, [AMBER])
    // Date-added headers bound each page, in order.
    for (const page of pages) {
      assert.equal(page.header('content-type'), TAXII)
      // Both written alike (UTC, microseconds), so their text orders as their times.
      assert.match(page.header('x-taxii-date-added-first')!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
      assert.isTrue(page.header('x-taxii-date-added-first')! <= page.header('x-taxii-date-added-last')!)
    }
    assert.isTrue(pages[0].header('x-taxii-date-added-last')! <= pages[1].header('x-taxii-date-added-first')!)

    // Polling again from the last date added: nothing new, then the one published since.
    const last = pages[2].header('x-taxii-date-added-last')!
    const nothing = await taxii(client, objectsPath, { auth, qs: { added_after: last } })
    assert.deepEqual(nothing.body, { more: false })
    const later = await w.publish('amber', 9)
    const polled = await pullAll(client, auth, objectsPath, { added_after: last })
    assert.deepEqual(polled.objects.map((o: any) => o.name), [later.value])

    // The manifest, one object, its versions, and the filters.
    const manifest = await pullAll(client, auth, `${root}collections/${group.id}/manifest/`, { limit: '4' })
    const records = manifest.pages.flatMap((p) => p.body.objects)
    assert.sameMembers(records.map((r: any) => r.id), [...objects.map((o: any) => o.id), later.stixId])
    const record = records.find((r: any) => r.id === w.byTlp.amber.stixId)
    assert.equal(record.version, amber.modified)
    assert.equal(record.media_type, 'application/stix+json;version=2.1')
    const single = await taxii(client, `${objectsPath}${w.byTlp.amber.stixId}/`, { auth })
    assert.equal(single.status, 200, single.text)
    assert.deepEqual(single.body.objects, [amber])
    const versions = await taxii(client, `${objectsPath}${w.byTlp.amber.stixId}/versions/`, { auth })
    assert.deepEqual(versions.body, { more: false, versions: [amber.modified] })
    const byId = await taxii(client, objectsPath, { auth, qs: { 'match[id]': `${w.byTlp.green.stixId},${w.byTlp.amber.stixId}` } })
    assert.sameMembers(byId.body.objects.map((o: any) => o.name), [w.byTlp.green.value, w.byTlp.amber.value])
    const byType = await taxii(client, objectsPath, { auth, qs: { 'match[type]': 'malware,report' } })
    assert.deepEqual(byType.body, { more: false })
    const byVersion = await taxii(client, objectsPath, { auth, qs: { 'match[version]': amber.modified, 'match[id]': w.byTlp.amber.stixId } })
    assert.deepEqual(byVersion.body.objects, [amber])
    const otherVersion = await taxii(client, objectsPath, { auth, qs: { 'match[version]': '2001-01-01T00:00:00Z', 'match[id]': w.byTlp.amber.stixId } })
    assert.deepEqual(otherVersion.body, { more: false })

    // A Bearer token works as the Basic password does; the user name of Basic is not what decides.
    const bearer = await taxii(client, objectsPath, { auth: `Bearer ${await tokenOf(w.readers.member)}`, qs: { 'match[id]': w.byTlp.amber.stixId } })
    assert.deepEqual(bearer.body.objects, [amber])
    const otherName = await taxii(client, objectsPath, { auth: basic(await tokenOf(w.readers.member), w.readers.isac.email), qs: { 'match[id]': w.byTlp.amber.stixId } })
    assert.deepEqual(otherName.body.objects, [amber])
  }).timeout(120_000)

  test('each reader receives exactly what TLP 2.0 lets it pass on; RED is in no collection, nor one group in another', async ({ client, assert }) => {
    const w = await world(client)
    const ours = new Map(TLPS.map((tlp) => [w.byTlp[tlp].value, tlp]))
    const ids = TLPS.map((tlp) => w.byTlp[tlp].stixId).join(',')
    for (const who of EVERYONE) {
      const auth = basic(await tokenOf(w.readers[who]))
      const { root, collections } = await discover(client, auth, assert)
      const group = collections.find((c) => c.title === w.groupName)
      assert.equal(Boolean(group), HAS_GROUP.includes(who), `${who}: the group's collection listed`)
      const seen: Record<string, string[]> = {}
      for (const collection of collections) {
        // Only our indicators: the community collection holds every test's CLEAR and GREEN.
        const { objects } = await pullAll(client, auth, `${root}collections/${collection.id}/objects/`, { 'match[id]': ids, 'limit': '3' })
        seen[collection.title] = objects.map((o: any) => o.name).filter((v: string) => ours.has(v))
        assert.notInclude(seen[collection.title], w.byTlp.red.value, `${who}: RED in ${collection.title}`)
      }
      const receives = TLPS.filter((tlp) => RECEIVES[tlp].includes(who)).map((tlp) => w.byTlp[tlp].value)
      if (group) assert.sameMembers(seen[w.groupName], receives, `${who}: the group's collection`)
      const community = collections[0]
      assert.sameMembers(seen[community.title], [w.byTlp.clear.value, w.byTlp.green.value], `${who}: the community collection`)
      if (seen[w.otherName]) assert.deepEqual(seen[w.otherName], [], `${who}: the other group's collection`)
      // Asked by id, what the reader may not have is answered as a missing object.
      if (group) {
        for (const tlp of TLPS) {
          const answer = await taxii(client, `${root}collections/${group.id}/objects/${w.byTlp[tlp].stixId}/`, { auth })
          assert.equal(answer.status, RECEIVES[tlp].includes(who) ? 200 : 404, `${who}: ${tlp} by id`)
        }
      }
    }
  }).timeout(180_000)

  test('refused correctly: outsiders, other agencies, no token, a wrong token, spoofed headers, a wrong Accept', async ({ client, assert }) => {
    const w = await world(client)
    const member = basic(await tokenOf(w.readers.member))
    const { root, collections } = await discover(client, member, assert)
    const group = collections.find((c) => c.title === w.groupName)!
    const objectsPath = `${root}collections/${group.id}/objects/`
    const missing = `${root}collections/6f0c1e0a-0000-4000-8000-000000000000/objects/`

    // A liaison of an agency outside the group: the collection is not listed and answers as one that does not exist.
    const outsider = basic(await tokenOf(w.readers.outsider))
    const theirs = await discover(client, outsider, assert)
    assert.notInclude(theirs.collections.map((c) => c.title), w.groupName)
    const refused = await taxii(client, objectsPath, { auth: outsider })
    const none = await taxii(client, missing, { auth: outsider })
    assert.equal(refused.status, 404)
    assert.deepEqual(refused.body, none.body)
    assert.equal(refused.body.http_status, '404')
    assert.equal(refused.header('content-type'), TAXII)
    for (const path of [`${root}collections/${group.id}/`, `${root}collections/${group.id}/manifest/`, `${objectsPath}${w.byTlp.amber.stixId}/`, `${objectsPath}${w.byTlp.amber.stixId}/versions/`]) {
      assert.equal((await taxii(client, path, { auth: outsider })).status, 404, path)
    }
    // Spoofed headers change nothing: the token decides.
    const spoofed = await taxii(client, objectsPath, { auth: outsider, headers: { 'X-Forwarded-For': '127.0.0.1', 'X-Agency-Id': String(w.readers.member.agencyId), 'X-User-Role': 'analyst' } })
    assert.equal(spoofed.status, 404)
    const community = await taxii(client, `${root}collections/${theirs.collections[0].id}/objects/`, { auth: outsider, qs: { 'match[id]': w.byTlp.amber.stixId } })
    assert.deepEqual(community.body, { more: false })

    // A user of an agency under a member: AMBER yes, AMBER+STRICT (the recipient agency only) no.
    const under = basic(await tokenOf(w.readers.under_member))
    const underPull = await pullAll(client, under, objectsPath)
    const underNames = underPull.objects.map((o: any) => o.name)
    assert.include(underNames, w.byTlp.amber.value)
    assert.notInclude(underNames, w.byTlp.amber_strict.value)
    assert.equal((await taxii(client, `${objectsPath}${w.byTlp.amber_strict.stixId}/`, { auth: under })).status, 404)

    // No token, a wrong one, a malformed one: 401 with a TAXII error and a Basic challenge.
    const token = await tokenOf(w.readers.member)
    const wrongSecret = `${token.slice(0, token.indexOf('.') + 1)}not-the-secret`
    for (const auth of [null, basic('oat_not-a-token'), basic(wrongSecret), `Bearer ${wrongSecret}`, 'Basic !!!not-base64', `Basic ${Buffer.from('no-colon').toString('base64')}`, basic('')]) {
      for (const path of ['/taxii2/', objectsPath]) {
        const answer = await taxii(client, path, { auth, headers: { 'X-Forwarded-For': '127.0.0.1' } })
        assert.equal(answer.status, 401, `${auth} ${path}: ${answer.text}`)
        assert.equal(answer.header('content-type'), TAXII)
        assert.equal(answer.body.http_status, '401')
        assert.isString(answer.body.title)
        assert.match(answer.header('www-authenticate') ?? '', /^Basic /)
        assert.notInclude(answer.text, w.byTlp.green.value)
      }
    }
    // A disabled account's token is refused.
    const disabled = await makeUser('agency_liaison', w.readers.member.agencyId)
    const disabledAuth = basic(await tokenOf(disabled))
    await db.from('users').where('id', disabled.id).update({ active: false })
    const off = await taxii(client, objectsPath, { auth: disabledAuth })
    assert.equal(off.status, 403)
    assert.equal(off.body.http_status, '403')

    // Accept: TAXII 2.1, its unversioned name or a wildcard; anything else 406.
    for (const accept of ['application/json', 'application/taxii+json;version=2.0', 'text/html', 'application/taxii+json;version=2.1;q=0']) {
      const answer = await taxii(client, objectsPath, { auth: member, accept })
      assert.equal(answer.status, 406, accept)
      assert.equal(answer.body.http_status, '406')
      assert.equal(answer.header('content-type'), TAXII)
    }
    for (const accept of [null, '*/*', 'application/taxii+json', 'text/html;q=0.9, application/taxii+json; version=2.1']) {
      assert.equal((await taxii(client, objectsPath, { auth: member, accept })).status, 200, String(accept))
    }
  }).timeout(120_000)

  test('mistyped parameters are a TAXII 400 naming the parameter, in the reader\'s language, never a 500 or a stack', async ({ client, assert }) => {
    const w = await world(client)
    const member = basic(await tokenOf(w.readers.member))
    const { root, collections } = await discover(client, member, assert)
    const group = collections.find((c) => c.title === w.groupName)!
    const objectsPath = `${root}collections/${group.id}/objects/`
    const bad: Array<[Record<string, string>, string]> = [
      [{ added_after: 'yesterday' }, 'added_after'],
      [{ added_after: '2026-02-30T00:00:00Z' }, 'added_after'],
      [{ added_after: '2026-03-01' }, 'added_after'],
      [{ added_after: "2026-03-01T00:00:00Z' OR 1=1 --" }, 'added_after'],
      [{ limit: 'abc' }, 'limit'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '-5' }, 'limit'],
      [{ limit: '2.5' }, 'limit'],
      [{ limit: '99999999999' }, 'limit'],
      [{ next: 'not a cursor' }, 'next'],
      [{ next: Buffer.from('2026-03-01T00:00:00.000000Z|x').toString('base64url') }, 'next'],
      [{ 'match[version]': 'soon' }, 'match[version]'],
    ]
    for (const path of [objectsPath, `${root}collections/${group.id}/manifest/`]) {
      for (const [qs, parameter] of bad) {
        const answer = await taxii(client, path, { auth: member, qs })
        const said = `${path} ${JSON.stringify(qs)}: ${answer.text}`
        assert.equal(answer.status, 400, said)
        assert.equal(answer.header('content-type'), TAXII, said)
        assert.equal(answer.body.http_status, '400', said)
        assert.isString(answer.body.title, said)
        assert.include(JSON.stringify(answer.body).replace('match.', 'match['), parameter.replace(']', ''), said)
        assert.notMatch(answer.text, /\bat \S+\.(ts|js):\d+|stack|SELECT|syntax error/i, said)
      }
    }
    // Limits above what a page holds are lowered, not refused.
    assert.equal((await taxii(client, objectsPath, { auth: member, qs: { limit: '100000' } })).status, 200)

    // In the account's language.
    await db.from('users').where('id', w.readers.member.id).update({ locale: 'zh-TW' })
    const zh = await taxii(client, objectsPath, { auth: member, qs: { added_after: 'yesterday' } })
    assert.equal(zh.status, 400)
    assert.equal(zh.body.title, '請求有誤')
    assert.include(zh.body.description, 'RFC 3339')
    const collectionsZh = await taxii(client, `${root}collections/`, { auth: member })
    assert.equal(collectionsZh.body.collections[0].title, 'GSN 社群：TLP:CLEAR 與 TLP:GREEN')
  }).timeout(120_000)
})
