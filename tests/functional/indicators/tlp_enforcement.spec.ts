import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { makeAgency, makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { TLPS, type Tlp } from '#app/indicators/visibility'

/**
 * TLP 2.0 across every role and every route that hands indicators out: the list, the record,
 * the CSV export, the plain feeds, the STIX and MISP exports. The expected readers are written
 * out here on their own (not read from visibility.ts), so a change to the rule fails this file.
 *
 * Agencies: a ministry, the source agency under it and one under that; a member agency of the
 * sharing group and one under it; an outsider. The source agency's liaison publishes one
 * indicator per marking, shared with the group.
 */
type Who = 'isac' | 'admin' | 'noc' | 'cio' | 'auditor' | 'source' | 'under_source' | 'above_source' | 'member' | 'under_member' | 'outsider'
const EVERYONE: Who[] = ['isac', 'admin', 'noc', 'cio', 'auditor', 'source', 'under_source', 'above_source', 'member', 'under_member', 'outsider']
const SEES: Record<Tlp, Who[]> = {
  clear: EVERYONE,
  green: EVERYONE,
  amber: ['isac', 'source', 'under_source', 'member', 'under_member'],
  amber_strict: ['source', 'member'],
  red: ['source', 'member'],
}
/** Files and feeds: the same, but TLP:RED never. */
const RECEIVES: Record<Tlp, Who[]> = { ...SEES, red: [] }

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
  const group = await client.post('/api/sharing_groups').json({ name: `sector ${Math.random()}`, member_ids: [source.id, member.id] }).loginAs(readers.isac).withCsrfToken()
  group.assertStatus(201)
  const byTlp = {} as Record<Tlp, { id: number; value: string }>
  const n = Math.floor(Math.random() * 60000)
  for (const [i, tlp] of TLPS.entries()) {
    const value = `2001:db8:${(n + i).toString(16)}::7`
    const made = await client.post('/api/indicators').json({ type: 'ipv6', value, tlp, sharing_group_id: group.body().id, confidence: 80 }).loginAs(readers.source).withCsrfToken()
    made.assertStatus(201)
    byTlp[tlp] = { id: made.body().id, value: made.body().value }
  }
  return { readers, group: group.body().id as number, byTlp }
}

const expectedValues = (byTlp: Record<Tlp, { value: string }>, table: Record<Tlp, Who[]>, who: Who) =>
  TLPS.filter((tlp) => table[tlp].includes(who)).map((tlp) => byTlp[tlp].value).sort()

test.group('Indicators: TLP and sharing groups on every route', () => {
  test('each reader gets exactly what TLP 2.0 allows, through every route', async ({ client, assert }) => {
    const { readers, group, byTlp } = await world(client)
    const ours = new Set(TLPS.map((t) => byTlp[t].value))
    const filter = { filter: JSON.stringify({ sharing_group_id: group }), range: '[0,99]' }
    const only = (values: string[]) => [...new Set(values.filter((v) => ours.has(v)))].sort()

    for (const who of EVERYONE) {
      const user = readers[who]
      const sees = expectedValues(byTlp, SEES, who)
      const receives = expectedValues(byTlp, RECEIVES, who)

      const list = await client.get('/api/indicators').qs(filter).loginAs(user)
      list.assertStatus(200)
      assert.deepEqual(only(list.body().map((r: any) => r.value)), sees, `${who}: list`)
      assert.equal(list.header('content-range'), `indicators 0-${Math.max(sees.length - 1, 0)}/${sees.length}`.replace('0-0/0', '0-0/0'), `${who}: count`)

      for (const tlp of TLPS) {
        const show = await client.get(`/api/indicators/${byTlp[tlp].id}`).loginAs(user)
        assert.equal(show.status(), SEES[tlp].includes(who) ? 200 : 404, `${who}: show ${tlp}`)
      }

      const csv = await client.get('/api/indicators/export.csv').qs(filter).loginAs(user)
      csv.assertStatus(200)
      assert.deepEqual(only(csv.text().match(/2001:db8:[0-9a-f]+::7/g) ?? []), receives, `${who}: export.csv`)

      const txt = await client.get('/api/indicators/feed.txt').qs(filter).loginAs(user)
      txt.assertStatus(200)
      assert.deepEqual(only(txt.text().split('\n')), receives, `${who}: feed.txt`)

      const feedCsv = await client.get('/api/indicators/feed.csv').qs(filter).loginAs(user)
      feedCsv.assertStatus(200)
      assert.deepEqual(only(feedCsv.text().match(/2001:db8:[0-9a-f]+::7/g) ?? []), receives, `${who}: feed.csv`)

      const stix = await client.get('/api/indicators/export.stix.json').qs(filter).loginAs(user)
      stix.assertStatus(200)
      assert.deepEqual(only(stix.body().objects.filter((o: any) => o.type === 'indicator').map((o: any) => o.name)), receives, `${who}: STIX`)

      const misp = await client.get('/api/indicators/export.misp.json').qs(filter).loginAs(user)
      misp.assertStatus(200)
      assert.deepEqual(only(misp.body().Event.Attribute.map((a: any) => a.value)), receives, `${who}: MISP`)
    }
  }).timeout(240_000)

  test("another agency's liaison cannot change, delete or hunt with what they cannot see, and may not publish into a group they are not in", async ({ client, assert }) => {
    const { readers, group, byTlp } = await world(client)
    for (const [method, path] of [['put', ''], ['patch', ''], ['delete', ''], ['post', '/retro_hunt']] as const) {
      const answer = await client[method](`/api/indicators/${byTlp.red.id}${path}`).json({ confidence: 1 }).loginAs(readers.outsider).withCsrfToken()
      assert.equal(answer.status(), 404, `${method}${path} ${answer.text()}`)
    }
    // Seen (GREEN) but not theirs: refused, not hidden.
    const green = await client.put(`/api/indicators/${byTlp.green.id}`).json({ confidence: 1 }).loginAs(readers.outsider).withCsrfToken()
    green.assertStatus(403)
    const intoGroup = await client.post('/api/indicators').json({ type: 'domain', value: 'evil.example.net', tlp: 'amber', sharing_group_id: group }).loginAs(readers.outsider).withCsrfToken()
    intoGroup.assertStatus(422)
    assert.equal(intoGroup.body().errors[0].field, 'sharing_group_id')
    const groupShow = await client.get(`/api/sharing_groups/${group}`).loginAs(readers.outsider)
    groupShow.assertStatus(404)
    const memberSees = await client.get(`/api/sharing_groups/${group}`).loginAs(readers.under_member)
    memberSees.assertStatus(200)
  })

  test('mistyped values are answered 422 with the field, in the reader\'s language', async ({ client, assert }) => {
    const { readers } = await world(client)
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'ipv4', value: '192.0.2.300', tlp: 'green' }, 'value'],
      [{ type: 'ipv4_prefix', value: '192.0.2.7/24', tlp: 'green' }, 'value'],
      [{ type: 'sha256', value: 'abc', tlp: 'green' }, 'value'],
      [{ type: 'ipv4', value: '192.0.2.1', tlp: 'purple' }, 'tlp'],
      [{ type: 'ipv4', value: '192.0.2.1', tlp: 'green', confidence: 101 }, 'confidence'],
      [{ type: 'ipv4', value: '192.0.2.1', tlp: 'green', sharing_group_id: 'x' }, 'sharing_group_id'],
      [{ type: 'ipv4', value: '192.0.2.1', tlp: 'green', first_seen_at: '2026-02-01T00:00:00Z', last_seen_at: '2026-01-01T00:00:00Z' }, 'first_seen_at'],
    ]
    for (const [body, field] of cases) {
      const answer = await client.post('/api/indicators').json(body).loginAs(readers.source).withCsrfToken()
      assert.equal(answer.status(), 422, `${JSON.stringify(body)} ${answer.text()}`)
      assert.equal(answer.body().errors[0].field, field, JSON.stringify(body))
    }
    readers.source.locale = 'zh-TW'
    await readers.source.save()
    const zh = await client.post('/api/indicators').json({ type: 'ipv4_prefix', value: '192.0.2.7/24', tlp: 'green' }).loginAs(readers.source).withCsrfToken()
    assert.include(zh.body().errors[0].message, '請寫成 192.0.2.0/24')
  })
})
