import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser, Page } from 'playwright-core'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { appErrors, assertUiBuilt, launchBrowser, logIn, openPage } from '#tests/support/browser'
import { CookieSession } from '#tests/support/cookie_session'
import { assertAccessible, choose, chooseReference, fieldError, save, shownValue } from '#tests/support/browser_forms'

/** Opens the incident's edit page from its show page, as a person does. */
async function editIncident(page: Page, id: number) {
  await page.goto(`/#/incidents/${id}/show`)
  await page.getByRole('link', { name: 'Edit', exact: true }).click()
  await page.getByRole('combobox', { name: /^Status/ }).waitFor()
}

/** Moves the incident on its edit form and waits for the list the save returns to. */
async function moveTo(page: Page, id: number, status: string, fill?: () => Promise<void>) {
  await editIncident(page, id)
  await choose(page, /^Status/, status)
  await fill?.()
  await save(page)
  await page.waitForURL(/#\/incidents(\?.*)?$/)
}

const stored = (id: number) => db.from('incidents').where('id', id).firstOrFail()

test.group('Incidents in a browser', (group) => {
  let browser: Browser

  group.setup(async () => {
    assertUiBuilt()
    browser = await launchBrowser()
    return () => browser.close()
  })

  test('a NOC operator opens a service incident and walks it to closed; refused moves say why', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const title = `上連線路中斷 ${ministry.code}`
    const { page, context, errors } = await openPage(browser)
    try {
      await logIn(page, noc.email, TEST_PASSWORD)
      await page.getByRole('menuitem', { name: 'Incidents' }).click()
      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.getByRole('textbox', { name: /^Title/ }).fill(title)
      await page.getByRole('textbox', { name: /^Description/ }).fill('台北節點上連線路無回應')
      await choose(page, /^Priority/, 'P2 (high)')
      await chooseReference(page, /^Agency/, ministry.name)
      await assertAccessible(assert, page, 'the incident form')
      await save(page)

      await page.waitForURL(/#\/incidents\/\d+\/show$/)
      const id = Number(page.url().match(/incidents\/(\d+)\/show/)![1])
      await shownValue(page, 'Number').getByText(/^INC-\d{4}-\d{6}$/).waitFor()
      assert.include(await shownValue(page, 'Status').innerText(), 'New')
      assert.include(await shownValue(page, 'Type').innerText(), 'Service')
      await assertAccessible(assert, page, 'the incident page')
      const opened = await stored(id)
      assert.deepEqual([opened.status, opened.type, opened.reported_by_id], ['new', 'service', noc.id])

      // The list shows it with its number, priority and status.
      await page.getByRole('menuitem', { name: 'Incidents' }).click()
      const row = page.getByRole('row').filter({ hasText: opened.number })
      await row.filter({ hasText: title }).waitFor()
      assert.include(await row.innerText(), 'P2 (high)')
      await assertAccessible(assert, page, 'the incident list')

      // Assigned needs an assignee: the API refuses and names the field. NOC may not read users,
      // so the assignee is typed as an id.
      await editIncident(page, id)
      await choose(page, /^Status/, 'Assigned')
      await save(page)
      const assignee = page.getByRole('spinbutton', { name: /^Assignee/ })
      assert.equal(await fieldError(page, assignee), 'an assigned incident needs its assignee')
      assert.equal((await stored(id)).status, 'new')
      await assignee.fill(String(noc.id))
      await save(page)
      await page.waitForURL(/#\/incidents(\?.*)?$/)
      assert.deepEqual([(await stored(id)).status, (await stored(id)).assignee_id], ['assigned', noc.id])

      await moveTo(page, id, 'In progress')
      assert.equal((await stored(id)).status, 'in_progress')

      // Resolved needs the resolution.
      await editIncident(page, id)
      await choose(page, /^Status/, 'Resolved')
      await save(page)
      const resolution = page.getByRole('textbox', { name: /^Resolution/ })
      assert.equal(await fieldError(page, resolution), 'say how the incident was resolved')
      await page.screenshot({ path: 'tmp/ui-incident-refused.png', fullPage: true })
      await assertAccessible(assert, page, 'the incident form showing an error')
      assert.equal((await stored(id)).status, 'in_progress')
      await resolution.fill('更換台北節點光模組後恢復')
      await save(page)
      await page.waitForURL(/#\/incidents(\?.*)?$/)
      assert.equal((await stored(id)).status, 'resolved')

      // From resolved the form offers only where the workflow goes next.
      await editIncident(page, id)
      await page.getByRole('combobox', { name: /^Status/ }).click()
      assert.deepEqual(await page.getByRole('option').allInnerTexts(), ['In progress', 'Resolved', 'Closed'])
      await page.keyboard.press('Escape')
      await moveTo(page, id, 'Closed')

      const closed = await stored(id)
      assert.equal(closed.status, 'closed')
      assert.isNotNull(closed.acknowledged_at)
      assert.isNotNull(closed.resolved_at)
      assert.isNotNull(closed.closed_at)
      await page.goto(`/#/incidents/${id}/show`)
      await shownValue(page, 'Status').getByText('Closed', { exact: true }).waitFor()
      assert.include(await shownValue(page, 'Resolution').innerText(), '更換台北節點光模組後恢復')
      for (const stamp of ['Acknowledged', 'Resolved', 'Closed']) {
        assert.notEqual((await shownValue(page, stamp).innerText()).split('\n').pop(), '—', stamp)
      }
      await page.screenshot({ path: 'tmp/ui-incident-closed.png', fullPage: true })
      assert.deepEqual(appErrors(errors), [])
    } finally {
      await context.close()
    }
  })

  test('a move the incident no longer allows (closed meanwhile) shows the API\'s message on Status', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const colleague = new CookieSession()
    await colleague.logIn((await makeUser('noc')).email, TEST_PASSWORD)
    const incident = (
      await colleague.request('POST', '/api/incidents', {
        title: '機房電力異常', type: 'service', priority: 'P3', status: 'in_progress', agency_id: ministry.id,
      })
    ).json()
    const { page, context } = await openPage(browser)
    try {
      await logIn(page, noc.email, TEST_PASSWORD)
      await editIncident(page, incident.id)
      // A colleague resolves and closes it while this form is open.
      for (const body of [{ status: 'resolved', resolution: '市電恢復' }, { status: 'closed', resolution: '市電恢復' }]) {
        const moved = await colleague.request('PUT', `/api/incidents/${incident.id}`, { ...incident, ...body })
        assert.equal(moved.status, 200, moved.text)
      }
      await choose(page, /^Status/, 'On hold')
      await save(page)
      const status = page.getByRole('combobox', { name: /^Status/ })
      await page.getByText('cannot move from closed to on_hold (allowed: none: the incident is final)').waitFor()
      assert.equal(await status.getAttribute('aria-invalid'), 'true')
      assert.equal((await stored(incident.id)).status, 'closed')
    } finally {
      await context.close()
    }
  })

  test('a NOC operator cannot take a security incident: the API refuses and nothing changes', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const analyst = new CookieSession()
    await analyst.logIn((await makeUser('analyst')).email, TEST_PASSWORD)
    const incident = (
      await analyst.request('POST', '/api/incidents', {
        title: '疑似勒索軟體', type: 'security', priority: 'P1', agency_id: ministry.id,
      })
    ).json()
    const { page, context } = await openPage(browser)
    try {
      await logIn(page, noc.email, TEST_PASSWORD)
      await editIncident(page, incident.id)
      await choose(page, /^Status/, 'Assigned')
      await page.getByRole('spinbutton', { name: /^Assignee/ }).fill(String(noc.id))
      const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'PUT'), save(page)])
      assert.equal(refused.status(), 403)
      // The API's reason is what the page says, not a generic "form is not valid".
      await page.getByText('role noc does not handle security incidents').waitFor()
      const kept = await stored(incident.id)
      assert.deepEqual([kept.status, kept.assignee_id], ['new', null])
      // Still on the form: nothing looked saved.
      assert.match(page.url(), new RegExp(`#/incidents/${incident.id}$`))
    } finally {
      await context.close()
    }
  })
})
