import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeCode, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { groupBrowser, signedIn, waitUntil } from '#tests/support/browser'
import { CookieSession } from '#tests/support/cookie_session'
import { assertAccessible, choose, followMenu, save, searchList, shownValue } from '#tests/support/browser_forms'

/** Buttons and links that would change something; a reader sees none of them. */
const WRITE_CONTROLS = /^(Create|Edit|Delete|Save|編輯|新增|刪除|儲存)$/

test.group('Users and the audit log in a browser', (group) => {
  const browser = groupBrowser(group)

  test('an admin creates a user and disables another, who can then no longer log in', async ({ assert }) => {
    const admin = await makeUser('admin')
    const leaver = await makeUser('noc')
    const email = `${makeCode('new-noc')}@gsn.test`.toLowerCase()
    await signedIn(browser(), assert, admin, async (page) => {
      await followMenu(page, 'Users')
      await searchList(page, leaver.email)
      await page.getByRole('row').filter({ hasText: leaver.email }).filter({ hasText: 'Network operations (NOC)' }).waitFor()
      await assertAccessible(assert, page, 'the user list')

      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.getByRole('textbox', { name: /^Email/ }).fill(email)
      await page.getByRole('textbox', { name: /^Full name/ }).fill('陳值班')
      await choose(page, /^Role/, 'Network operations (NOC)')
      await choose(page, /^Language/, 'English')
      await page.getByLabel(/^Password/).fill('a-long-enough-passphrase')
      await assertAccessible(assert, page, 'the user form')
      await save(page)
      await page.waitForURL(/#\/users\/\d+\/show$/)
      await shownValue(page, 'Email').getByText(email, { exact: true }).waitFor()
      assert.include(await shownValue(page, 'Role').innerText(), 'Network operations (NOC)')
      await assertAccessible(assert, page, 'the user page')
      const newcomer = new CookieSession()
      assert.equal((await newcomer.logIn(email, 'a-long-enough-passphrase')).status, 200)

      // Disabling: the switch on the edit form; the password left empty is kept.
      await page.goto(`/#/users/${leaver.id}/show`)
      await page.getByRole('link', { name: 'Edit', exact: true }).click()
      const active = page.getByRole('switch', { name: 'Active' }).or(page.getByRole('checkbox', { name: 'Active' }))
      assert.isTrue(await active.isChecked())
      await active.uncheck()
      await save(page)
      await page.waitForURL(/#\/users(\?.*)?$/)
      await waitUntil(async () => (await db.from('users').where('id', leaver.id).first()).active === false)
      const refused = await new CookieSession().logIn(leaver.email, TEST_PASSWORD)
      assert.notEqual(refused.status, 200)
    })
  })

  test('an auditor reads the users but sees nothing to create, edit or delete', async ({ assert }) => {
    const auditor = await makeUser('auditor')
    const someone = await makeUser('analyst')
    await signedIn(browser(), assert, auditor, async (page) => {
      await followMenu(page, 'Users')
      await searchList(page, someone.email)
      const row = page.getByRole('row').filter({ hasText: someone.email })
      await row.filter({ hasText: 'Security analyst (G-ISAC)' }).waitFor()
      assert.equal(await page.getByRole('link', { name: WRITE_CONTROLS }).count(), 0)
      assert.equal(await page.getByRole('button', { name: WRITE_CONTROLS }).count(), 0)
      assert.equal(await page.getByRole('checkbox').count(), 0, 'no rows to select for bulk deletion')
      await assertAccessible(assert, page, "the auditor's user list")

      await row.click()
      await shownValue(page, 'Email').getByText(someone.email, { exact: true }).waitFor()
      assert.equal(await page.getByRole('link', { name: WRITE_CONTROLS }).count(), 0)
      assert.equal(await page.getByRole('button', { name: WRITE_CONTROLS }).count(), 0)
      await assertAccessible(assert, page, "the auditor's user page")
    })
  })

  test('the auditor finds who changed what in the audit log, filters it, and cannot edit inventory', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const auditor = await makeUser('auditor')
    const noc = new CookieSession()
    const nocUser = await makeUser('noc')
    await noc.logIn(nocUser.email, TEST_PASSWORD)
    const device = (
      await noc.request('POST', '/api/devices', {
        hostname: makeCode('sw').toLowerCase(), kind: 'switch', management_address: '10.1.2.3', region: 'north',
        agency_id: ministry.id, snmp_version: '2c',
      })
    ).json()
    const renamed = `${ministry.name} 改名`

    // The admin renames the ministry in the browser: that is the row the auditor looks for.
    await signedIn(browser(), assert, admin, async (page) => {
      await page.goto(`/#/agencies/${ministry.id}`)
      const name = page.getByRole('textbox', { name: /^Name/ })
      await waitUntil(async () => (await name.inputValue()) === ministry.name)
      await name.fill(renamed)
      await save(page)
      await page.waitForURL(/#\/agencies(\?.*)?$/)
    })

    await signedIn(browser(), assert, auditor, async (page, { context }) => {
      await followMenu(page, 'Audit log')
      await choose(page, /^Entity/, 'Agency')
      await page.getByRole('textbox', { name: /^Actor/ }).fill(admin.email)
      const rows = page.locator('tbody tr')
      await waitUntil(async () => (await rows.count()) === 1 && (await rows.first().innerText()).includes(String(ministry.id)))
      const line = await rows.first().innerText()
      assert.include(line, admin.email)
      assert.include(line, 'Update')
      assert.include(line, 'Agency')
      assert.notInclude(line, '||||', 'the entity is named in one form, not as the catalogue writes both')
      assert.equal(await page.getByRole('link', { name: WRITE_CONTROLS }).count(), 0)
      await assertAccessible(assert, page, 'the audit log')

      // Only creations of agencies by the admin: there are none.
      await choose(page, /^Action/, 'Create')
      await page.getByText(/^No .* found/).waitFor()

      // The NOC operator's device, by its creator.
      await choose(page, /^Entity/, 'Device')
      await page.getByRole('textbox', { name: /^Actor/ }).fill(nocUser.email)
      await waitUntil(async () => (await rows.count()) === 1 && (await rows.first().innerText()).includes(String(device.id)))
      assert.include(await rows.first().innerText(), 'Create')

      // The entry shows the agency before and after the rename.
      await page.getByRole('textbox', { name: /^Actor/ }).fill(admin.email)
      await choose(page, /^Entity/, 'Agency')
      await choose(page, /^Action/, 'Update')
      await waitUntil(async () => (await rows.count()) === 1 && (await rows.first().innerText()).includes('Update'))
      await rows.first().click()
      const before = await shownValue(page, 'Before').innerText()
      const after = await shownValue(page, 'After').innerText()
      assert.include(before, ministry.name)
      assert.notInclude(before, renamed)
      assert.include(after, renamed)
      assert.equal(await page.getByRole('link', { name: WRITE_CONTROLS }).count(), 0)
      await page.screenshot({ path: 'tmp/ui-audit-entry.png', fullPage: true })
      await assertAccessible(assert, page, 'an audit entry')

      // Inventory is read-only for the auditor: no Edit on the agency, and the API refuses a write.
      await page.goto(`/#/agencies/${ministry.id}/show`)
      await shownValue(page, 'Name').getByText(renamed, { exact: true }).waitFor()
      assert.equal(await page.getByRole('link', { name: WRITE_CONTROLS }).count(), 0)
      assert.equal(await page.getByRole('button', { name: WRITE_CONTROLS }).count(), 0)
      const xsrf = (await context.cookies()).find((c) => c.name === 'XSRF-TOKEN')!.value
      const write = await page.request.put(`/api/agencies/${ministry.id}`, {
        headers: { 'X-XSRF-TOKEN': decodeURIComponent(xsrf) },
        data: { ...ministry, name: 'auditor was here' },
      })
      assert.equal(write.status(), 403)
      assert.equal((await db.from('agencies').where('id', ministry.id).first()).name, renamed)
    })
  })

  test('in 繁體中文 the audit log speaks Chinese and still passes the accessibility checks', async ({ assert }) => {
    const auditor = await makeUser('auditor')
    await signedIn(browser(), assert, auditor, async (page) => {
      await followMenu(page, 'Audit log')
      await page.locator('thead th.column-actor_email').filter({ hasText: 'Actor' }).waitFor()

      await page.getByRole('button', { name: /^English/ }).click()
      await page.getByRole('menuitem', { name: '繁體中文' }).click()
      await page.locator('thead th.column-actor_email').filter({ hasText: '操作者' }).waitFor()
      for (const [column, label] of [['at', '時間'], ['action', '動作'], ['entity', '資料類別']]) {
        assert.include(await page.locator(`thead th.column-${column}`).innerText(), label)
      }
      assert.isTrue(await page.getByRole('menuitem', { name: '稽核紀錄' }).isVisible())
      assert.isTrue(await page.getByRole('combobox', { name: /^資料類別/ }).isVisible())
      assert.equal(await page.evaluate(() => (globalThis as any).document.documentElement.lang), 'zh-Hant-TW')
      await page.screenshot({ path: 'tmp/ui-audit-zh-TW.png', fullPage: true })
      await assertAccessible(assert, page, 'the audit log in 繁體中文')
    })
  })
})
