import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgency, makeCode, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'

/**
 * The search box as a Taiwanese reader uses it: 台北 and 臺北 are one place, and the English
 * name of a line's agency finds its lines although their own names are Chinese only (issue 12).
 */
test.group('search: variant characters and English names', () => {
  async function seed() {
    const token = makeCode('q').replace(/[^0-9]/g, '')
    const agency = await makeAgency({ level: 2, name: `臺北市試驗處${token}` })
    await db.from('agencies').where('id', agency.id).update({ name_en: `Taipei Trial Office ${token}` })
    const admin = await makeUser('admin')
    const link = { ...validBody('links', agency.id), name: `臺北${token}專線`, a_end: `臺北市${token}` }
    const created = await db.table('links').insert({ ...link, created_at: new Date(), updated_at: new Date() }).returning('id')
    return { token, agency, admin, linkId: created[0].id as number }
  }

  test('links, the board and agencies find 臺 by 台 and the reverse', async ({ client, assert }) => {
    const { token, agency, admin, linkId } = await seed()
    const search = (path: string, q: string) => client.get(path).qs({ filter: JSON.stringify({ q }), range: '[0,49]' }).loginAs(admin)
    for (const q of [`台北${token}`, `臺北${token}`]) {
      const links = await search('/api/links', q)
      links.assertStatus(200)
      assert.deepEqual(links.body().map((r: any) => r.id), [linkId], q)
      const board = await search('/api/link_states', q)
      board.assertStatus(200)
      assert.deepEqual(board.body().map((r: any) => r.link_id ?? r.id), [linkId], `board ${q}`)
      const agencies = await search('/api/agencies', `台北市試驗處${token}`)
      assert.deepEqual(agencies.body().map((r: any) => r.id), [agency.id])
    }
    // Unrelated spellings still find nothing.
    assert.lengthOf((await search('/api/links', `台中${token}`)).body(), 0)
  })

  test("a line is found by its agency's English name, in any case", async ({ client, assert }) => {
    const { token, admin, linkId } = await seed()
    for (const q of [`taipei trial office ${token}`, `TAIPEI TRIAL OFFICE ${token}`]) {
      const links = await client.get('/api/links').qs({ filter: JSON.stringify({ q }), range: '[0,49]' }).loginAs(admin)
      links.assertStatus(200)
      assert.deepEqual(links.body().map((r: any) => r.id), [linkId], q)
      assert.match(links.header('content-range') ?? '', /\/1$/)
    }
  })

  test("a liaison's search stays in its scope: another agency's English name finds nothing", async ({ client, assert }) => {
    const { token } = await seed()
    const own = await makeAgency({ level: 2 })
    const liaison = await makeUser('agency_liaison', own.id)
    const links = await client.get('/api/links').qs({ filter: JSON.stringify({ q: `taipei trial office ${token}` }) }).loginAs(liaison)
    links.assertStatus(200)
    assert.lengthOf(links.body(), 0)
  })
})
