import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Page } from 'playwright-core'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { groupBrowser, signedIn } from '#tests/support/browser'
import { CookieSession } from '#tests/support/cookie_session'
import { assertAccessible, chooseReference, shownValue } from '#tests/support/browser_forms'

const stored = (id: number) => db.from('incidents').where('id', id).firstOrFail()

async function openIncident(session: CookieSession, agencyId: number, title: string) {
  const answer = await session.request('POST', '/api/incidents', { title, type: 'service', priority: 'P2', agency_id: agencyId })
  if (answer.status !== 201) throw new Error(answer.text)
  return answer.json() as { id: number; number: string }
}

/** The child incidents' rows as shown on the major incident's page (the header row left out). */
function childRows(page: Page, heading = 'Child incidents') {
  return page.getByRole('region', { name: heading }).getByRole('row').filter({ has: page.getByRole('cell') })
}

/** Links the incident on the page to a parent through the dialog, picking it by its number. */
async function linkTo(page: Page, parent: { number: string }) {
  await page.getByRole('button', { name: 'Link to major incident' }).click()
  const dialog = page.getByRole('dialog', { name: /^Link to major incident: INC-/ })
  await dialog.waitFor()
  await chooseReference(page, /^Major incident/, parent.number, new RegExp(`^${parent.number} `))
  await dialog.getByRole('button', { name: 'Link', exact: true }).click()
  await dialog.waitFor({ state: 'detached' })
  await shownValue(page, 'Major incident').getByRole('link', { name: parent.number }).waitFor()
}

test.group('Major incidents in a browser', (group) => {
  const browser = groupBrowser(group)

  test('a NOC operator links two incidents to a major incident, sees them listed, and resolves all three from the parent', async ({ assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const session = new CookieSession()
    await session.logIn(noc.email, TEST_PASSWORD)
    const parent = await openIncident(session, ministry.id, `骨幹中斷 ${ministry.code}`)
    const first = await openIncident(session, ministry.id, `北區線路中斷 ${ministry.code}`)
    const second = await openIncident(session, other.id, `中區線路中斷 ${other.code}`)

    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/incidents/${first.id}/show`)
      await page.getByRole('button', { name: 'Link to major incident' }).click()
      const dialog = page.getByRole('dialog', { name: /^Link to major incident: INC-/ })
      await dialog.waitFor()
      // The incident itself is not offered as its own parent.
      const field = dialog.getByRole('combobox', { name: /^Major incident/ })
      await field.fill(first.number)
      await page.getByText(/^No (options|results)/i).first().waitFor()
      assert.equal(await page.getByRole('option', { name: new RegExp(first.number) }).count(), 0)
      await field.fill('')
      await page.getByRole('listbox').waitFor()
      await assertAccessible(assert, page, 'the link dialog with its choices')
      // Escape closes the choices first, which would cover the dialog's buttons.
      await field.press('Escape')
      await page.getByRole('listbox').waitFor({ state: 'detached' })
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click()
      await dialog.waitFor({ state: 'detached' })

      await linkTo(page, parent)
      assert.equal((await stored(first.id)).parent_id, parent.id)
      // Once a child, the button changes what the parent is.
      await page.getByRole('button', { name: 'Change major incident' }).waitFor()

      await page.goto(`/#/incidents/${second.id}/show`)
      await page.getByRole('button', { name: 'Link to major incident' }).click()
      // A child cannot be a parent: once the search is answered afresh, the first incident is not offered.
      await page.getByRole('combobox', { name: /^Major incident/ }).fill(first.number)
      await page.getByRole('option', { name: new RegExp(first.number) }).waitFor({ state: 'detached' })
      await page.getByText(/^No (options|results)/i).first().waitFor()
      await page.getByRole('combobox', { name: /^Major incident/ }).press('Escape')
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel', exact: true }).click()
      await linkTo(page, parent)
      assert.equal((await stored(second.id)).parent_id, parent.id)

      // The child's page leads to its major incident, which lists both children with a link to each.
      await shownValue(page, 'Major incident').getByRole('link', { name: parent.number }).click()
      await page.waitForURL(new RegExp(`#/incidents/${parent.id}/show$`))
      await childRows(page).nth(1).waitFor()
      const rows = await childRows(page).allInnerTexts()
      assert.lengthOf(rows, 2)
      for (const [row, child, title] of [[rows[0], first, `北區線路中斷 ${ministry.code}`], [rows[1], second, `中區線路中斷 ${other.code}`]] as const) {
        assert.include(row, child.number)
        assert.include(row, title)
        assert.include(row, 'New')
      }
      assert.equal(await childRows(page).getByRole('link', { name: second.number }).getAttribute('href'), `#/incidents/${second.id}/show`)
      // A major incident with children cannot become a child itself.
      assert.equal(await page.getByRole('button', { name: 'Link to major incident' }).count(), 0)
      await assertAccessible(assert, page, 'the major incident page')

      await page.getByRole('group', { name: 'Workflow' }).getByRole('button', { name: 'Resolve', exact: true }).click()
      const resolving = page.getByRole('dialog', { name: /^Resolve: INC-/ })
      await resolving.waitFor()
      const both = resolving.getByRole('checkbox', { name: 'Also resolve its 2 open child incidents with this resolution' })
      assert.isTrue(await both.isChecked(), 'offered ticked')
      await resolving.getByRole('textbox', { name: /^How it was resolved/ }).fill('中華電信修復骨幹光纖')
      await assertAccessible(assert, page, 'the resolve dialog with its children')
      await resolving.getByRole('button', { name: 'Resolve', exact: true }).click()
      await resolving.waitFor({ state: 'detached' })
      await shownValue(page, 'Status').getByText('Resolved', { exact: true }).waitFor()
      await childRows(page).filter({ hasText: 'New' }).first().waitFor({ state: 'detached' })
      assert.deepEqual((await childRows(page).allInnerTexts()).map((row) => row.includes('Resolved')), [true, true])

      for (const id of [parent.id, first.id, second.id]) {
        const row = await stored(id)
        assert.deepEqual([row.status, row.resolution], ['resolved', '中華電信修復骨幹光纖'], `incident ${id}`)
      }
    })
  })

  test('unticked, the resolve dialog leaves the children open', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const session = new CookieSession()
    await session.logIn(noc.email, TEST_PASSWORD)
    const parent = await openIncident(session, ministry.id, `機房停電 ${ministry.code}`)
    const child = await openIncident(session, ministry.id, `機房停電回報 ${ministry.code}`)
    assert.equal((await session.request('POST', `/api/incidents/${child.id}/link_parent`, { parent_id: parent.id })).status, 200)

    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/incidents/${parent.id}/show`)
      await page.getByRole('group', { name: 'Workflow' }).getByRole('button', { name: 'Resolve', exact: true }).click()
      const resolving = page.getByRole('dialog', { name: /^Resolve: INC-/ })
      await resolving.getByRole('checkbox', { name: 'Also resolve its open child incident with this resolution' }).uncheck()
      await resolving.getByRole('textbox', { name: /^How it was resolved/ }).fill('市電恢復')
      await resolving.getByRole('button', { name: 'Resolve', exact: true }).click()
      await shownValue(page, 'Status').getByText('Resolved', { exact: true }).waitFor()
      assert.deepEqual([(await stored(parent.id)).status, (await stored(child.id)).status], ['resolved', 'new'])
    })
  })

  test("a liaison sees only their agency's children of a major incident, and the resolve dialog counts only those", async ({ assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const noc = new CookieSession()
    await noc.logIn((await makeUser('noc')).email, TEST_PASSWORD)
    const liaison = await makeUser('agency_liaison', ministry.id)
    const parent = await openIncident(noc, ministry.id, `骨幹中斷 ${ministry.code}`)
    const ours = await openIncident(noc, ministry.id, `本機關線路中斷 ${ministry.code}`)
    const theirs = await openIncident(noc, other.id, `他機關線路中斷 ${other.code}`)
    for (const child of [ours, theirs]) {
      assert.equal((await noc.request('POST', `/api/incidents/${child.id}/link_parent`, { parent_id: parent.id })).status, 200)
    }

    await signedIn(browser(), assert, liaison, async (page) => {
      await page.goto(`/#/incidents/${parent.id}/show`)
      await childRows(page).first().waitFor()
      const rows = await childRows(page).allInnerTexts()
      assert.lengthOf(rows, 1)
      assert.include(rows[0], ours.number)
      const children = page.getByRole('region', { name: 'Child incidents' })
      assert.equal(await children.getByText(theirs.number).count(), 0)
      assert.equal(await page.getByText(`他機關線路中斷 ${other.code}`).count(), 0)

      await page.getByRole('group', { name: 'Workflow' }).getByRole('button', { name: 'Resolve', exact: true }).click()
      const resolving = page.getByRole('dialog', { name: /^Resolve: INC-/ })
      await resolving.getByRole('checkbox', { name: 'Also resolve its open child incident with this resolution' }).waitFor()
      await assertAccessible(assert, page, "the liaison's resolve dialog")
      await resolving.getByRole('button', { name: 'Cancel' }).click()
      await resolving.waitFor({ state: 'detached' })

      // The parent's timeline tells that another agency's incident joined, without its number.
      await page.getByText(`Incident ${ours.number} linked as a child`).waitFor()
      await page.getByText('An incident of another agency was linked as a child').waitFor()
      assert.equal(await page.getByText(theirs.number).count(), 0)
    })

    // The other agency's liaison reads their child: part of a major incident, neither named nor linked.
    await signedIn(browser(), assert, await makeUser('agency_liaison', other.id), async (page) => {
      await page.goto(`/#/incidents/${theirs.id}/show`)
      const shown = shownValue(page, 'Major incident')
      await shown.getByText("Part of another agency's major incident").waitFor()
      assert.equal(await shown.getByRole('link').count(), 0)
      await page.getByText("Listed under another agency's major incident").waitFor()
      assert.equal(await page.getByText(parent.number).count(), 0)
      await assertAccessible(assert, page, "a child of another agency's major incident")
    })
  })
})
