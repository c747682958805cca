import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser } from 'playwright-core'
import { makeAgency, makeCode, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { assertUiBuilt, launchBrowser, logIn, openPage } from '#tests/support/browser'
import { assertAccessible, followMenu } from '#tests/support/browser_forms'
import { takeSnapshot } from '#app/programme/programme_snapshots'
import { pdfText } from '#tests/support/pdf'
import { readFileSync } from 'node:fs'

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
      await page.getByLabel('Month').selectOption('2018-04')
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
      await second.page.getByLabel('月份').selectOption('2018-04')
      await second.page.getByTestId('programme-ranking').waitFor()
      await second.page.getByText('落後計畫排名（最落後者在前）').waitFor()
      await second.page.getByText('與計畫比較的趨勢').waitFor()
      await assertAccessible(assert, second.page, 'the programme review in Chinese')
    } finally {
      await second.context.close()
    }
  }).timeout(300_000)
  test('done when: a CIO in Chinese drills into the ministry furthest behind, down to a data centre, opens the late closure project and downloads the PDF with the page\'s figures', async ({ assert }) => {
    const month = '2019-06'
    const behind = await makeAgency({ level: 2, name: makeCode('落後部') })
    const agency = await makeAgency({ parentId: behind.id, name: makeCode('落後署') })
    const ahead = await makeAgency({ level: 2, name: makeCode('超前部') })
    const room = (agencyId: number, status: string, name = makeCode('機房')) => ({
      code: makeCode('DC'), name, agency_id: agencyId, region: 'north', status, closure_date: status === 'closed' ? '2018-01-15' : null, racks: 1, servers: 1,
    })
    const closing = room(agency.id, 'consolidating', makeCode('北區機房'))
    const sharedName = makeCode('共構機房')
    const [shared] = await db.table('data_centres').insert(room(ahead.id, 'operating', sharedName)).returning('id')
    const [closingRow] = await db.table('data_centres').insert({ ...closing, consolidated_into_id: shared.id }).returning('id')
    await db.table('data_centres').insert([room(agency.id, 'operating'), room(ahead.id, 'closed')])
    const systemName = makeCode('公文系統')
    await db.table('information_systems').insert({ code: makeCode('SYS'), name: systemName, agency_id: agency.id, data_centre_id: closingRow.id, category: 'document_management', status: 'active' })
    // Nine more, none retired: with one system its pro-rata plan (ceil(15%)) asks for none to go and the ministry
    // read 0% behind on systems, 50% in all, below the suite's other ministries with rooms and no systems (100%).
    await db.table('information_systems').multiInsert(Array.from({ length: 9 }, () => ({
      code: makeCode('SYS'), name: makeCode('業務系統'), agency_id: agency.id, data_centre_id: closingRow.id, category: 'agency_specific', status: 'active',
    })))
    const project = { code: makeCode('PRJ'), name: makeCode('北區機房裁撤') }
    await db.table('consolidation_projects').insert({
      ...project, kind: 'data_centre_closure', agency_id: agency.id, source_data_centre_id: closingRow.id, receiving_data_centre_id: shared.id, wave: 1,
      status: 'blocked', owner: '資訊室', blockers: '電力擴充未完成', systems: '公文系統', planned_date: '2019-03-15', created_at: new Date('2018-06-01T09:00:00+08:00'),
    })
    await takeSnapshot(month, { replace: true })
    const cio = await makeUser('cio', null)
    await db.from('users').where('id', cio.id).update({ locale: 'zh-TW' })

    const { page, context } = await openPage(browser, { locale: 'zh-TW' })
    try {
      await logIn(page, cio.email, TEST_PASSWORD)
      await page.getByRole('menuitem', { name: '計畫月報' }).click()
      await page.getByLabel('月份').selectOption(month)
      const ranking = page.getByTestId('programme-ranking')
      await ranking.getByRole('button', { name: new RegExp(ahead.code) }).waitFor()
      // The ministry furthest behind: ours, with nothing closed, first in the ranking or tied with
      // the first (the suite's other ministries with rooms and nothing closed are as far behind).
      const behindOf = async (row: ReturnType<typeof ranking.getByRole>) => (await row.innerText()).split('\t').at(-1)
      const first = ranking.getByRole('row').nth(1)
      const ours = ranking.getByRole('row').filter({ hasText: behind.name })
      assert.equal(await behindOf(ours), await behindOf(first), 'ours is as far behind as the first')
      await ours.getByRole('button').click()
      await page.getByRole('heading', { level: 1 }).filter({ hasText: behind.name }).waitFor()

      // Its late closure project, marked in words on the timeline.
      const late = page.getByTestId('programme-late')
      await late.getByText(project.code, { exact: false }).waitFor()
      const timelineRow = page.getByTestId('programme-timeline').locator(`[data-project="${project.code}"]`)
      assert.include(await timelineRow.innerText(), '⚠ 落後')
      assert.include(await timelineRow.innerText(), '2018-06-01 → 2019-03-15')
      await assertAccessible(assert, page, 'the review with its timeline, in Chinese')

      // Down to the agency, then to the data centre: its closure project and the system to move.
      await page.getByTestId('programme-ranking').getByRole('row').nth(1).getByRole('button').click()
      await page.getByRole('heading', { level: 1 }).filter({ hasText: agency.name }).waitFor()
      await page.getByTestId('programme-data-centres').getByRole('button', { name: new RegExp(closing.code) }).click()
      const card = page.getByTestId('programme-data-centre')
      await card.getByText(systemName, { exact: false }).waitFor()
      assert.include(await card.getByTestId('programme-timeline').innerText(), project.code)
      assert.include(await card.innerText(), '移入')
      await assertAccessible(assert, page, 'a data centre of the drill-down, in Chinese')
      // Back to the ministry by the trail, by keyboard.
      const trail = page.getByRole('navigation', { name: '範圍' })
      await trail.getByRole('button', { name: behind.name }).focus()
      await page.keyboard.press('Enter')
      await page.getByRole('heading', { level: 1 }).filter({ hasText: behind.name }).waitFor()
      await late.waitFor()

      // The figures the page shows, and the month's PDF in Chinese.
      const shown: string[] = []
      for (const measure of ['data_centres', 'information_systems', 'agency_lines']) {
        shown.push((await page.getByTestId(`programme-${measure}`).getByRole('paragraph').first().innerText()).trim())
      }
      for (const row of await page.getByTestId('programme-ranking').getByRole('row').all()) {
        const cells = await row.getByRole('cell').allInnerTexts()
        if (cells.length) shown.push(...cells.map((c) => c.trim()))
      }
      const pdfLink = page.getByRole('link', { name: '下載 PDF' })
      assert.include(await pdfLink.getAttribute('href'), 'lang=zh-TW')
      // The PDF is printed while the click waits: a loaded machine takes a while.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 150_000 }), pdfLink.click({ timeout: 150_000 })])
      const text = pdfText(readFileSync((await download.path())!))
      assert.include(text, '資訊長計畫月報')
      assert.include(text, behind.name)
      assert.include(text, project.code)
      for (const value of shown.filter((v) => v !== '–')) assert.include(text, value, `the page's ${value} in the PDF`)

      // The late closure project opens from the review.
      await late.getByRole('link', { name: new RegExp(project.code) }).click()
      await page.waitForURL(/#\/consolidation_projects\/\d+\/show$/)
      await page.locator('.RaShow-main').getByText('電力擴充未完成').waitFor()
      assert.include(await page.locator('.RaShow-main').innerText(), project.code)
      // The rooms it closes and moves into, named (the references drawn once fetched).
      await page.locator('.RaShow-main').getByRole('link', { name: new RegExp(closing.name) }).waitFor()
      await page.locator('.RaShow-main').getByRole('link', { name: new RegExp(sharedName) }).waitFor()
      await assertAccessible(assert, page, 'the late project opened from the review')
    } finally {
      await context.close()
    }
  }).timeout(300_000)
})
