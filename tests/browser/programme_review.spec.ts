import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser } from 'playwright-core'
import { makeAgency, makeCode, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { assertUiBuilt, launchBrowser, logIn, openPage } from '#tests/support/browser'
import { assertAccessible, followMenu } from '#tests/support/browser_forms'
import { takeSnapshot } from '#app/programme/programme_snapshots'

const LONG_NAME = 'Directorate General of Highways, Ministry of Transportation and Communications'

test.group("The CIO's programme review in a browser", (group) => {
  let browser: Browser

  group.setup(async () => {
    assertUiBuilt()
    browser = await launchBrowser()
    return () => browser.close()
  })

  test('the CIO drills from the ministry to the agency furthest behind, writes a comment, reads it in Chinese', async ({ assert }) => {
    const ministry = await makeAgency({ level: 2, name: makeCode('交通部') })
    const behind = await makeAgency({ parentId: ministry.id, name: makeCode('公路局') })
    await db.from('agencies').where('id', behind.id).update({ name_en: LONG_NAME })
    const ahead = await makeAgency({ parentId: ministry.id })
    const row = (agencyId: number, status: string) => ({
      code: makeCode('DC'), name: makeCode('機房'), agency_id: agencyId, region: 'north', status, closure_date: status === 'closed' ? '2020-01-15' : null, racks: 1, servers: 1,
    })
    await db.table('data_centres').insert([
      ...Array.from({ length: 8 }, () => row(behind.id, 'operating')), row(behind.id, 'closed'),
      row(ahead.id, 'operating'), ...Array.from({ length: 5 }, () => row(ahead.id, 'closed')),
    ])
    await takeSnapshot('2018-04', { replace: true })
    const cio = await makeUser('cio', ministry.id)

    const { page, context } = await openPage(browser)
    try {
      await logIn(page, cio.email, TEST_PASSWORD)
      await followMenu(page, 'Programme review')
      await page.getByLabel('Month').fill('2018-04')
      const ranking = page.getByTestId('programme-ranking')
      await ranking.waitFor()
      const first = ranking.getByRole('row').nth(1)
      // The long English name is shown whole, not cut.
      assert.include(await first.innerText(), `${LONG_NAME} (${behind.code})`)
      await page.getByTestId('programme-data_centres').getByText('Baseline 15').waitFor()
      await assertAccessible(assert, page, 'the programme review of a ministry')

      await first.getByRole('button').click()
      await page.getByRole('heading', { level: 1 }).filter({ hasText: LONG_NAME }).waitFor()
      await page.getByTestId('programme-data_centres').getByText('8', { exact: true }).waitFor()
      await page.getByRole('textbox', { name: "The CIO's comment" }).fill('Eight data centres still open: the closure plan is due next month')
      await page.getByRole('button', { name: 'Save the comment' }).click()
      await page.getByText('Comment saved').waitFor()
      const stored = await db.from('programme_comments').where({ month: '2018-04', agency_id: behind.id }).firstOrFail()
      assert.equal(stored.body, 'Eight data centres still open: the closure plan is due next month')
      const pdf = page.getByRole('link', { name: 'Download PDF' })
      assert.include(await pdf.getAttribute('href'), `agency_id=${behind.id}`)
      // Back up to the ministry by the trail.
      await page.getByRole('navigation', { name: 'Scope' }).getByRole('button', { name: ministry.name }).click()
      await ranking.waitFor()
    } finally {
      await context.close()
    }

    await db.from('users').where('id', cio.id).update({ locale: 'zh-TW' })
    const second = await openPage(browser)
    try {
      await logIn(second.page, cio.email, TEST_PASSWORD)
      await followMenu(second.page, '計畫月報')
      await second.page.getByLabel('月份').fill('2018-04')
      await second.page.getByTestId('programme-ranking').waitFor()
      await second.page.getByText('落後計畫排名（最落後者在前）').waitFor()
      await second.page.getByText('與計畫比較的趨勢').waitFor()
      await assertAccessible(assert, second.page, 'the programme review in Chinese')
    } finally {
      await second.context.close()
    }
  }).timeout(180_000)
})
