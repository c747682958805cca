import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { verifyAuditChain } from '#app/audit/audit_log'
import { indicatorsWithheld } from '#app/indicators/audit_redaction'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'

/**
 * The audit log of TLP:RED indicators (issue 11: "TLP:RED never leaves its group"): the log is
 * read by admins and auditors, national roles outside every sharing group, so the entries of a
 * RED indicator (its creation, each change, an import, its removal) answer its value and
 * description as withheld, in the list, the record and the CSV export, while the stored entries
 * (and the hash chain over them) stay whole. A reader the marking reaches has them in full
 * (checked on the same rule for an account of the group, as the log's routes have no such reader).
 */

const read = (client: ApiClient, user: User, path: string, qs: Record<string, string> = {}) => client.get(path).qs(qs).loginAs(user)

async function world(client: ApiClient) {
  const { child: source, other: member, ministry } = await makeAgencyTree()
  const liaison = await makeUser('agency_liaison', source.id)
  const analyst = await makeUser('analyst')
  const group = await client.post('/api/sharing_groups').json({ name: `audit sector ${Math.random()}`, member_ids: [source.id, member.id] }).loginAs(analyst).withCsrfToken()
  group.assertStatus(201)
  const n = Math.floor(Math.random() * 60000)
  const value = `2001:db8:${n.toString(16)}::66`
  const secret = `seen beaconing from the minister's office ${n}`
  const made = await client.post('/api/indicators').json({ type: 'ipv6', value, tlp: 'red', sharing_group_id: group.body().id, confidence: 90, description: secret }).loginAs(liaison).withCsrfToken()
  made.assertStatus(201)
  const changed = await client.patch(`/api/indicators/${made.body().id}`).json({ description: `${secret}, and the finance office` }).loginAs(liaison).withCsrfToken()
  changed.assertStatus(200)
  // A STIX bundle imported by the liaison: the import writes through the same pipeline, audited.
  const imported = `2001:db8:${n.toString(16)}::67`
  const bundle = {
    type: 'bundle',
    id: `bundle--${crypto.randomUUID()}`,
    objects: [
      {
        type: 'indicator', spec_version: '2.1', id: `indicator--${crypto.randomUUID()}`, created: '2026-01-05T00:00:00.000Z', modified: '2026-01-05T00:00:00.000Z',
        pattern: `[ipv6-addr:value = '${imported}']`, pattern_type: 'stix', valid_from: '2026-01-05T00:00:00.000Z', name: secret,
      },
    ],
  }
  const imports = await client.post('/api/indicators/import').qs({ tlp: 'red', sharing_group_id: String(group.body().id) }).json(bundle).loginAs(liaison).withCsrfToken()
  imports.assertStatus(200)
  const importedRow = await db.from('indicators').where('value', imported).firstOrFail()
  // And one CLEAR indicator: its entries are shown in full to everyone who reads the log.
  const clear = `2001:db8:${n.toString(16)}::68`
  const open = await client.post('/api/indicators').json({ type: 'ipv6', value: clear, tlp: 'clear', confidence: 50 }).loginAs(liaison).withCsrfToken()
  open.assertStatus(201)
  return { source, member, ministry, liaison, analyst, value, secret, imported, clear, red: made.body().id as number, importedId: Number(importedRow.id), clearId: open.body().id as number }
}

test.group('TLP:RED in the audit log', () => {
  test('admins and auditors read a RED indicator\u2019s entries without its value, in lists, records and exports', async ({ client, assert }) => {
    const w = await world(client)
    // Removed at the end: its last entry holds the whole record as it was.
    const removed = await client.delete(`/api/indicators/${w.red}`).loginAs(w.liaison).withCsrfToken()
    removed.assertStatus(200)

    const stored = await db.from('audit_log').where('entity', 'indicators').whereIn('entity_id', [String(w.red), String(w.importedId)]).orderBy('id')
    assert.deepEqual(stored.map((e) => e.action), ['create', 'update', 'create', 'delete'])
    // What is stored is whole: the value is in the log, under the hash chain.
    assert.include(JSON.stringify(stored), w.value)
    assert.isNull((await verifyAuditChain()).broken)

    for (const reader of [await makeUser('admin'), await makeUser('auditor')]) {
      for (const id of [w.red, w.importedId]) {
        const list = await read(client, reader, '/api/audit_log', { filter: JSON.stringify({ entity: 'indicators', entity_id: String(id) }), range: '[0,99]' })
        list.assertStatus(200)
        assert.isAtLeast(list.body().length, 1)
        for (const entry of list.body()) {
          assert.notInclude(JSON.stringify(entry), w.value, `${reader.role}: list entry ${entry.id}`)
          assert.notInclude(JSON.stringify(entry), w.imported)
          assert.notInclude(JSON.stringify(entry), w.secret)
          assert.isAbove(entry.redacted.length, 0)
          // What happened stays readable: which action, on which indicator, by whom, its marking.
          assert.equal(entry.entity_id, String(id))
          if (entry.action !== 'update') assert.equal((entry.after ?? entry.before).tlp, 'red')
          const shown = await read(client, reader, `/api/audit_log/${entry.id}`)
          shown.assertStatus(200)
          assert.notInclude(shown.text(), w.value)
          assert.notInclude(shown.text(), w.secret)
          assert.deepEqual(shown.body().redacted, entry.redacted)
        }
      }
      const csv = await read(client, reader, '/api/audit_log/export.csv', { filter: JSON.stringify({ entity: 'indicators' }) })
      csv.assertStatus(200)
      assert.notInclude(csv.text(), w.value, `${reader.role}: CSV`)
      assert.notInclude(csv.text(), w.imported)
      assert.notInclude(csv.text(), w.secret)
      // The search box does not find an entry by the value either.
      const searched = await read(client, reader, '/api/audit_log', { filter: JSON.stringify({ q: w.value }) })
      assert.notInclude(searched.text(), w.value)

      // A CLEAR indicator's entry is shown whole: the rule withholds by marking, not by kind.
      const clear = await read(client, reader, '/api/audit_log', { filter: JSON.stringify({ entity: 'indicators', entity_id: String(w.clearId) }) })
      assert.equal(clear.body()[0].after.value, w.clear)
      assert.isUndefined(clear.body()[0].redacted)
      assert.include((await read(client, reader, '/api/audit_log/export.csv', { filter: JSON.stringify({ entity: 'indicators', entity_id: String(w.clearId) }) })).text(), w.clear)
    }
  })

  test('inside the group the rule lets the entries through; outside, and once RED, never', async ({ client, assert }) => {
    const w = await world(client)
    const ids = [String(w.red), String(w.importedId), String(w.clearId)]
    // The same rule as the log's routes, for readers the log's routes do not have (its readers are national).
    const inside = await makeUser('agency_liaison', w.member.id)
    const source = w.liaison
    const outsider = await makeUser('agency_liaison', w.ministry.id)
    assert.deepEqual([...(await indicatorsWithheld(ids, inside, 'view'))], [])
    assert.deepEqual([...(await indicatorsWithheld(ids, source, 'view'))], [])
    assert.sameMembers([...(await indicatorsWithheld(ids, outsider, 'view'))], [String(w.red), String(w.importedId)])
    // Files: RED is never distributed, not even to the group.
    assert.sameMembers([...(await indicatorsWithheld(ids, inside, 'distribute'))], [String(w.red), String(w.importedId)])

    // Downgraded to GREEN later, its RED entries stay withheld: the marking it had still covers what they hold.
    const greened = await client.patch(`/api/indicators/${w.red}`).json({ tlp: 'green', sharing_group_id: null }).loginAs(w.liaison).withCsrfToken()
    greened.assertStatus(200)
    const admin = await makeUser('admin')
    const list = await read(client, admin, '/api/audit_log', { filter: JSON.stringify({ entity: 'indicators', entity_id: String(w.red) }) })
    assert.lengthOf(list.body(), 3)
    assert.notInclude(list.text(), w.value)
    assert.notInclude(list.text(), w.secret)
    assert.include((await read(client, admin, `/api/indicators/${w.red}`)).text(), w.value, 'now GREEN, the indicator itself is everyone\u2019s')
  })
})
