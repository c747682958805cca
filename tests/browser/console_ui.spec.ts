import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser, Page } from 'playwright-core'
import User from '#app/access/user'
import { makeAgencyTree, makeCode, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { assertUiBuilt, launchBrowser, logIn, openPage } from '#tests/support/browser'

async function makeLink(agencyId: number, attrs: Record<string, unknown> = {}) {
  const circuit = makeCode('CKT')
  const [row] = await db
    .table('links')
    .insert({
      circuit_id: circuit,
      name: `線路 ${circuit}`,
      kind: 'legacy',
      agency_id: agencyId,
      a_end: '台北市',
      z_end: 'GSN 台北節點',
      bandwidth_kbps: 10240,
      status: 'active',
      ...attrs,
    })
    .returning('*')
  return row
}

/** Errors the app raised, minus the browser's own log of refused requests (tests provoke those). */
function appErrors(errors: string[]) {
  return errors.filter((e) => !e.startsWith('Failed to load resource'))
}

/** Polls a condition the browser brings about asynchronously (a request it sends after a click). */
async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms: ${check}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** A list's column header (its accessible name is the sort button's "Sort by …" label). */
function header(page: Page, source: string) {
  return page.locator(`thead th.column-${source}`)
}

async function searchList(page: Page, text: string) {
  await page.getByRole('textbox', { name: /^(Search|搜尋)$/ }).fill(text)
}

test.group('Console UI in a browser', (group) => {
  let browser: Browser

  group.setup(async () => {
    assertUiBuilt()
    browser = await launchBrowser()
    return () => browser.close()
  })

  test('a NOC operator renames a link; the list and the API show the new name', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const link = await makeLink(ministry.id)
    const other = await makeLink(ministry.id)
    const { page, context, errors } = await openPage(browser)
    try {
      await logIn(page, noc.email, TEST_PASSWORD)

      await page.goto(`/#/links/${link.id}/show`)
      await page.getByText(link.circuit_id, { exact: true }).waitFor()
      await page.getByRole('link', { name: 'Edit', exact: true }).click()
      const name = page.getByRole('textbox', { name: /^Name/ })
      await assert.equal(await name.inputValue(), link.name)

      // A circuit ID that another link holds: the API's 422 lands on that field, nothing is saved.
      const circuit = page.getByRole('textbox', { name: /^Circuit ID/ })
      await circuit.fill(other.circuit_id)
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page.locator('input[aria-invalid="true"]').first().waitFor()
      assert.equal(await circuit.getAttribute('aria-invalid'), 'true')
      const helperId = await circuit.getAttribute('aria-describedby')
      assert.match(await page.locator(`[id="${helperId}"]`).innerText(), /already been taken/)
      assert.equal((await db.from('links').where('id', link.id).first()).circuit_id, link.circuit_id)

      await circuit.fill(link.circuit_id)
      const newName = `改名線路 ${makeCode('N')}`
      await name.fill(newName)
      await page.getByRole('button', { name: 'Save', exact: true }).click()

      // Saving returns to the list, where the renamed link shows.
      await page.waitForURL(/#\/links(\?.*)?$/)
      await searchList(page, link.circuit_id)
      await page.getByRole('cell', { name: newName, exact: true }).waitFor()
      await page.screenshot({ path: 'tmp/ui-links-en.png', fullPage: true })

      const answer = await page.request.get(`/api/links/${link.id}`)
      assert.equal(answer.status(), 200)
      assert.equal((await answer.json()).name, newName)
      assert.deepEqual(appErrors(errors), [])
    } finally {
      await context.close()
    }
  })

  test('switching to 繁體中文 shows Chinese labels, and the choice sticks to the account', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const link = await makeLink(ministry.id, { kind: 'uplink', bandwidth_kbps: 1_000_000 })
    const first = await openPage(browser)
    try {
      const { page } = first
      await logIn(page, noc.email, TEST_PASSWORD)
      await page.goto('/#/links')
      await header(page, 'circuit_id').filter({ hasText: 'Circuit ID' }).waitFor()

      await page.getByRole('button', { name: /^English/ }).click()
      await page.getByRole('menuitem', { name: '繁體中文' }).click()
      await header(page, 'circuit_id').filter({ hasText: '電路編號' }).waitFor()
      await searchList(page, link.circuit_id)
      await page.getByRole('cell', { name: '部會上連線路' }).waitFor()
      assert.isTrue(await page.getByRole('menuitem', { name: '線路' }).isVisible())
      assert.isTrue(await page.getByRole('menuitem', { name: '機關' }).isVisible())
      await page.screenshot({ path: 'tmp/ui-links-zh-TW.png', fullPage: true })

      // The account remembers it (PUT /api/auth/me) ...
      await waitUntil(async () => (await User.findOrFail(noc.id)).locale === 'zh-TW')
      await page.reload()
      await header(page, 'circuit_id').filter({ hasText: '電路編號' }).waitFor()
      assert.deepEqual(appErrors(first.errors), [])
    } finally {
      await first.context.close()
    }

    // ... so a browser that never saw the choice opens in Chinese after login.
    const second = await openPage(browser)
    try {
      await logIn(second.page, noc.email, TEST_PASSWORD)
      await second.page.getByRole('menuitem', { name: '事件單' }).waitFor()
      await second.page.goto(`/#/links/${link.id}/show`)
      await second.page.getByText('頻寬（kbps）').waitFor()
      await second.page.screenshot({ path: 'tmp/ui-link-show-zh-TW.png', fullPage: true })
    } finally {
      await second.context.close()
    }
  })

  test('an agency liaison sees only the links of their agency and cannot create one', async ({ assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const own = await makeLink(ministry.id)
    const below = await makeLink(child.id)
    const foreign = await makeLink(other.id)
    const { page, context, errors } = await openPage(browser)
    try {
      await logIn(page, liaison.email, TEST_PASSWORD)
      await page.goto('/#/links')
      await page.getByRole('cell', { name: own.circuit_id, exact: true }).waitFor()
      await page.getByRole('cell', { name: below.circuit_id, exact: true }).waitFor()
      assert.equal(await page.getByRole('cell', { name: foreign.circuit_id, exact: true }).count(), 0)
      // Searching for it by name finds nothing either.
      await searchList(page, foreign.circuit_id)
      await page.getByText(/^No .* found/).waitFor()

      assert.equal(await page.getByRole('link', { name: 'Create', exact: true }).count(), 0)
      assert.equal(await page.getByRole('button', { name: 'Create', exact: true }).count(), 0)
      // Data centres are the liaison's to keep, so the button shows there: the test can see it.
      await page.goto('/#/data_centres')
      await page.getByRole('link', { name: 'Create', exact: true }).waitFor()
      // Neither the audit log nor the users are in the menu.
      assert.equal(await page.getByRole('menuitem', { name: /Audit log|Users/ }).count(), 0)
      assert.isTrue(await page.getByRole('menuitem', { name: 'Links' }).isVisible())
      assert.deepEqual(appErrors(errors), [])
    } finally {
      await context.close()
    }
  })
})
