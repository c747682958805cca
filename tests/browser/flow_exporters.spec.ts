import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser, Locator, Page } from 'playwright-core'
import { makeAgency, makeCode, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { appErrors, assertUiBuilt, launchBrowser, logIn, openPage } from '#tests/support/browser'
import { assertAccessible, followMenu } from '#tests/support/browser_forms'
import { clearReports, storeReport } from '#app/flow_exporters/exporter_counters'
import { emptyCounters } from '#collectors/flow/flow_record'

/** The text of a row's cell under the column headed `header` (the table has no per-cell labels). */
async function cellUnder(page: Page, row: Locator, header: string) {
  const headers = (await page.getByRole('columnheader').allInnerTexts()).map((h) => h.trim())
  const column = headers.indexOf(header)
  if (column < 0) throw new Error(`no column headed ${header} among ${headers.join(', ')}`)
  return (await row.getByRole('cell').nth(column).innerText()).trim()
}

/**
 * The Flow exporters page: a liaison reads their own routers' counters (and no one else's), in
 * English and in Traditional Chinese, on an accessible page.
 */
test.group('Flow exporters in a browser', (group) => {
  let browser: Browser

  group.setup(async () => {
    assertUiBuilt()
    browser = await launchBrowser()
    return () => browser.close()
  })

  test("a liaison sees their routers' exporters with received, lost and dropped counts", async ({ assert }) => {
    await clearReports()
    const mine = await makeAgency({ level: 2 })
    const theirs = await makeAgency({ level: 2 })
    const ownHost = makeCode('fx-r1a').toLowerCase()
    const otherHost = makeCode('fx-r9a').toLowerCase()
    const device = (hostname: string, agencyId: number, address: string) => ({
      hostname, kind: 'router', management_address: address, region: 'north', agency_id: agencyId, snmp_version: '2c', snmp_port: 161,
    })
    await db.table('devices').insert([device(ownHost, mine.id, '127.78.1.1'), device(otherHost, theirs.id, '127.78.1.2')])
    const now = new Date().toISOString()
    await storeReport({
      collector: '127.0.0.1:2055', startedAt: now, reportedAt: now, receiveBuffer: 8 << 20, kernelDrops: 4321,
      exporters: [
        { exporter: '127.78.1.1', counters: { ...emptyCounters(), datagrams: 1234, flows: 34567, lostRecords: 89, unknownTemplate: 2 }, firstSeen: now, lastSeen: now },
        { exporter: '127.78.1.2', counters: { ...emptyCounters(), datagrams: 999, flows: 4242 }, firstSeen: now, lastSeen: now },
      ],
    })
    const liaison = await makeUser('agency_liaison', mine.id)
    const { page, context, errors } = await openPage(browser)
    try {
      await logIn(page, liaison.email, TEST_PASSWORD)
      await followMenu(page, 'Flow exporters')
      const row = page.getByRole('row').filter({ hasText: ownHost })
      await row.filter({ hasText: '127.78.1.1' }).filter({ hasText: '34,567' }).filter({ hasText: '89 / 0' }).filter({ hasText: 'Reporting' }).waitFor()
      assert.include(await row.innerText(), '1,234')
      // The socket's drops are the collector's, shown on each exporter it hears.
      assert.equal(await cellUnder(page, row, 'Dropped by the kernel'), '4,321')
      assert.equal(await page.getByRole('row').filter({ hasText: otherHost }).count(), 0)
      assert.equal(await page.getByText('127.78.1.2').count(), 0)
      await assertAccessible(assert, page, 'the flow exporters list')
      assert.deepEqual(appErrors(errors), [])
    } finally {
      await context.close()
    }

    await db.from('users').where('id', liaison.id).update({ locale: 'zh-TW' })
    const zh = await openPage(browser, { locale: 'zh-TW' })
    try {
      await logIn(zh.page, liaison.email, TEST_PASSWORD)
      await followMenu(zh.page, '流量匯出設備')
      await zh.page.getByRole('columnheader', { name: '最後收到' }).waitFor()
      const zhRow = zh.page.getByRole('row').filter({ hasText: ownHost }).filter({ hasText: '回報中' })
      await zhRow.waitFor()
      assert.equal(await cellUnder(zh.page, zhRow, '核心丟棄'), '4,321')
      await assertAccessible(assert, zh.page, 'the flow exporters list in Chinese')
      assert.deepEqual(appErrors(zh.errors), [])
    } finally {
      await zh.context.close()
    }
  }).timeout(180_000)
})
