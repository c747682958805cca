import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgency, makeCode, makeUser } from '#tests/support/fixtures'
import { groupBrowser, signedIn, waitUntil } from '#tests/support/browser'
import { assertAccessible, choose, chooseReference, followMenu, save } from '#tests/support/browser_forms'

test.group('Assignment groups and the priority matrix in a browser', (group) => {
  const browser = groupBrowser(group)

  test("an admin adds an agency's IT team; the form asks for an agency only for that kind", async ({ assert }) => {
    const admin = await makeUser('admin')
    const agency = await makeAgency({ level: 2, name: makeCode('測試部') })
    const code = makeCode('IT')
    await signedIn(browser(), assert, admin, async (page) => {
      await followMenu(page, 'Assignment groups')
      await page.waitForURL(/#\/assignment_groups/)
      await assertAccessible(assert, page, 'the group list')
      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.getByRole('textbox', { name: /^Code/ }).fill(code)
      await page.getByRole('textbox', { name: /^Name/ }).first().fill('測試部資訊處')
      await choose(page, /^Kind/, 'Regional joint-defence team')
      await page.getByText('Regional joint-defence teams only').waitFor()
      await choose(page, /^Kind/, 'Agency IT team')
      await chooseReference(page, /^Agency/, agency.name)
      await assertAccessible(assert, page, 'the group form')
      await save(page)
      await waitUntil(async () => Boolean(await db.from('assignment_groups').where('code', code).first()))
      const stored = await db.from('assignment_groups').where('code', code).first()
      assert.include(stored, { kind: 'agency_it', agency_id: agency.id, region: null })
    })
  })

  test('in 繁體中文 an admin changes a cell of the priority matrix', async ({ assert, cleanup }) => {
    const admin = await makeUser('admin')
    await db.from('users').where('id', admin.id).update({ locale: 'zh-TW' })
    const cell = await db.from('priority_matrix').where({ impact: 'low', urgency: 'low' }).firstOrFail()
    cleanup(async () => {
      await db.from('priority_matrix').where('id', cell.id).update({ priority: cell.priority })
    })
    await signedIn(browser(), assert, admin, async (page) => {
      await followMenu(page, '優先等級矩陣')
      await page.waitForURL(/#\/priority_matrix/)
      await page.getByText('已開立者維持原等級').waitFor()
      await assertAccessible(assert, page, 'the matrix')
      await page.goto(`/#/priority_matrix/${cell.id}`)
      await page.getByRole('combobox', { name: /^優先等級/ }).waitFor()
      await assertAccessible(assert, page, 'a cell of the matrix')
      await choose(page, /^優先等級/, /^P3/)
      await save(page)
      await waitUntil(async () => (await db.from('priority_matrix').where('id', cell.id).first()).priority === 'P3')
    }, { locale: 'zh-TW' })
  })
})
