import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { request, type Page } from 'playwright-core'
import User from '#app/access/user'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { appUrl, groupBrowser, signedIn, waitUntil } from '#tests/support/browser'
import { followMenu, searchList } from '#tests/support/browser_forms'

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

/** A list's column header (its accessible name is the sort button's "Sort by …" label). */
function header(page: Page, source: string) {
  return page.locator(`thead th.column-${source}`)
}

test.group('Console UI in a browser', (group) => {
  const browser = groupBrowser(group)

  test('a NOC operator renames a link; the list and the API show the new name', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const link = await makeLink(ministry.id)
    const other = await makeLink(ministry.id)
    await signedIn(browser(), assert, noc, async (page) => {

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
    })
  })

  test('switching to 繁體中文 shows Chinese labels, and the choice sticks to the account', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const link = await makeLink(ministry.id, { kind: 'uplink', bandwidth_kbps: 1_000_000 })
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto('/#/links')
      await header(page, 'circuit_id').filter({ hasText: 'Circuit ID' }).waitFor()

      await page.getByRole('button', { name: /^English/ }).click()
      await page.getByRole('menuitem', { name: '繁體中文' }).click()
      await header(page, 'circuit_id').filter({ hasText: '電路編號' }).waitFor()
      await searchList(page, link.circuit_id)
      // Its row, once the search has narrowed the list (other uplinks may be on the first page).
      await page.getByRole('row').filter({ hasText: link.circuit_id }).getByRole('cell', { name: '部會上連線路' }).waitFor()
      assert.isTrue(await page.getByRole('menuitem', { name: '線路', exact: true }).isVisible())
      assert.isTrue(await page.getByRole('menuitem', { name: '機關', exact: true }).isVisible())
      await page.screenshot({ path: 'tmp/ui-links-zh-TW.png', fullPage: true })

      // The account remembers it (PUT /api/auth/me) ...
      await waitUntil(async () => (await User.findOrFail(noc.id)).locale === 'zh-TW')
      await page.reload()
      await header(page, 'circuit_id').filter({ hasText: '電路編號' }).waitFor()
    })

    // ... so a browser that never saw the choice opens in Chinese after login.
    await signedIn(browser(), assert, noc, async (page) => {
      await page.getByRole('menuitem', { name: '事件單' }).waitFor()
      await page.goto(`/#/links/${link.id}/show`)
      await page.getByText('頻寬（kbps）').waitFor()
      await page.screenshot({ path: 'tmp/ui-link-show-zh-TW.png', fullPage: true })
    })
  })

  test('an agency liaison sees only the links of their agency and cannot create one', async ({ assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const own = await makeLink(ministry.id)
    const below = await makeLink(child.id)
    const foreign = await makeLink(other.id)
    await signedIn(browser(), assert, liaison, async (page) => {
      await page.goto('/#/links')
      await page.getByRole('cell', { name: own.circuit_id, exact: true }).waitFor()
      await page.getByRole('cell', { name: below.circuit_id, exact: true }).waitFor()
      assert.equal(await page.getByRole('cell', { name: foreign.circuit_id, exact: true }).count(), 0)
      // The CSV export is the server's, with the same scope.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ])
      assert.equal(download.suggestedFilename(), 'links.csv')
      const csv = await readFile((await download.path())!, 'utf8')
      assert.include(csv, own.circuit_id)
      assert.include(csv, below.circuit_id)
      assert.notInclude(csv, foreign.circuit_id)
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
    })
  })

  test('a CSV import shows its progress, counts and the rejected lines', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const prefix = makeCode('IMP')
    const header =
      'circuit_id,name,kind,agency_code,a_end,z_end,bandwidth_kbps,device_hostname,if_index,status,consolidated_into_circuit,decommission_date'
    const rows = [header]
    for (let i = 0; i < 40; i++) {
      // Line 12 (the file's 12th line, header included) has no number for its bandwidth.
      const bandwidth = i === 10 ? 'fast' : 2048
      rows.push(`${prefix}-${i},匯入線路 ${i},legacy,${ministry.code},台北,GSN,${bandwidth},,,active,,`)
    }
    await signedIn(browser(), assert, noc, async (page) => {
      await followMenu(page, 'Import')
      await page.getByRole('combobox', { name: /Import into/ }).click()
      await page.getByRole('option', { name: 'Links' }).click()
      await page.getByTestId('import-file').setInputFiles({
        name: 'links.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(rows.join('\n') + '\n'),
      })
      await page.getByRole('button', { name: 'Upload and import' }).click()
      await page.getByTestId('import-job').getByText('Done', { exact: true }).waitFor()

      const count = async (name: string) => (await page.getByTestId(`import-${name}`).innerText()).split('\n').pop()
      assert.equal(await count('rows_read'), '40')
      assert.equal(await count('inserted'), '39')
      assert.equal(await count('rejected'), '1')
      const errorRows = page.getByTestId('import-errors').locator('tbody tr')
      assert.equal(await errorRows.count(), 1)
      assert.deepEqual(await errorRows.first().locator('td').allInnerTexts(), [
        '12',
        'bandwidth_kbps',
        'The bandwidth_kbps field must be a number',
      ])
      assert.equal(Number((await db.from('links').whereILike('circuit_id', `${prefix}-%`).count('* as n'))[0].n), 39)
      await page.screenshot({ path: 'tmp/ui-import.png', fullPage: true })
    })
  })

  test('the overview shows what /api/overview reports, with its charts', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    await makeLink(ministry.id)
    await makeLink(ministry.id, { status: 'decommissioned', decommission_date: '2026-03-15' })
    const cio = await makeUser('cio')
    await signedIn(browser(), assert, cio, async (page) => {
      // A CIO lands on the programme review; the overview is the menu's first entry.
      await followMenu(page, 'Overview')
      const overview = await (await page.request.get('/api/overview')).json()
      for (const measure of overview.measures) {
        const card = page.getByTestId(`kpi-${measure.key}`)
        await card.waitFor()
        const text = await card.innerText()
        assert.include(text, measure.remaining.toLocaleString('en-US'))
        assert.include(text, `to ${measure.target.toLocaleString('en-US')}`)
      }
      // The bar chart names the ministry (it has lines only); the timeline has the month of the
      // decommissioned line.
      await page.getByRole('button', { name: 'Agency lines' }).click()
      await page.getByText(ministry.name_en ?? ministry.code, { exact: true }).first().waitFor()
      await page.getByText('2026-03', { exact: true }).first().waitFor()
      await page.screenshot({ path: 'tmp/ui-overview.png', fullPage: true })
    })
  })

  test('an admin issues an access token, sees it once, and revokes it', async ({ assert }) => {
    const admin = await makeUser('admin')
    const collector = await makeUser('noc')
    const name = makeCode('collector')
    await signedIn(browser(), assert, admin, async (page) => {
      await followMenu(page, 'Access tokens')
      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.waitForURL(/access_tokens\/create/)
      // The user comes in the form's address, as a link from a user's page would bring it: typed
      // into the autocomplete among the suite's hundreds of users, the list kept redrawing as late
      // answers arrived and the choice was lost on a loaded machine.
      await page.goto(`/#/access_tokens/create?source=${encodeURIComponent(JSON.stringify({ user_id: collector.id }))}`)
      const user = page.getByRole('combobox', { name: /^User/ })
      await page.waitForFunction(
        (email) => [...(globalThis as any).document.querySelectorAll('input[role=combobox]')].some((i: any) => i.value.includes(email)),
        collector.email
      )
      assert.include(await user.inputValue(), collector.email)
      await page.getByRole('textbox', { name: /^Name/ }).fill(name)
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      const secret = await page.getByTestId('issued-token').locator('input').inputValue()
      assert.match(secret, /^oat_/)

      // The token works as a machine credential, on its own: a client without the browser's cookies.
      const machine = await request.newContext({ baseURL: appUrl() })
      const me = (token: string) => machine.get('/api/auth/me', { headers: { Authorization: `Bearer ${token}` } })
      assert.equal((await (await me(secret)).json()).email, collector.email)

      await page.getByRole('button', { name: 'Done' }).click()
      const row = page.getByRole('row').filter({ hasText: name })
      await row.waitFor()
      assert.notInclude(await page.locator('body').innerText(), secret)
      await row.getByRole('button', { name: 'Revoke' }).click()
      const [revoked] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'DELETE' && r.url().includes('/api/access_tokens/')),
        page.getByRole('button', { name: 'Confirm' }).click(),
      ])
      assert.equal(revoked.status(), 200)
      // While the confirmation is open the table is aria-hidden, so look for the row only after.
      await page.getByRole('dialog').waitFor({ state: 'detached' })
      await waitUntil(async () => (await row.count()) === 0)
      assert.equal((await me(secret)).status(), 401)
      await machine.dispose()
    })
  })
})
