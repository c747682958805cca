import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser } from 'playwright-core'
import { defaultRuleRows } from '#app/detections/rule_settings'
import { makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { assertUiBuilt, launchBrowser, logIn, openPage } from '#tests/support/browser'
import { assertAccessible, fieldError, followMenu, save } from '#tests/support/browser_forms'
import { until } from '#tests/support/wait'

async function restoreDefaults() {
  for (const row of defaultRuleRows()) {
    await db.from('detection_rules').where('rule', row.rule).update({ enabled: row.enabled, settings: JSON.stringify(row.settings) })
  }
}

test.group('Detection rules in a browser', (group) => {
  let browser: Browser

  group.setup(async () => {
    assertUiBuilt()
    browser = await launchBrowser()
    return async () => {
      await browser.close()
      await restoreDefaults()
    }
  })

  test('an admin tunes the port scan threshold (an impossible one refused); an analyst reads the rules in Chinese', async ({ assert }) => {
    const admin = await makeUser('admin')
    const { page, context } = await openPage(browser)
    try {
      await logIn(page, admin.email, TEST_PASSWORD)
      await followMenu(page, 'Detection rules')
      await page.getByRole('row').filter({ hasText: 'Port scan' }).click()
      const ports = page.getByRole('spinbutton', { name: /^Distinct ports/ })
      await ports.waitFor()
      assert.equal(await ports.inputValue(), '100')
      await assertAccessible(assert, page, 'the port scan rule form')
      await ports.fill('1')
      await save(page)
      assert.match((await fieldError(page, ports)) ?? '', /2/)
      await ports.fill('120')
      await save(page)
      await until('the threshold stored', async () => (await db.from('detection_rules').where('rule', 'port_scan').firstOrFail()).settings.distinctPorts === 120)
      const stored = await db.from('detection_rules').where('rule', 'port_scan').firstOrFail()
      assert.equal(stored.settings.windowSeconds, 60, 'the other settings stay')
      await page.getByRole('row').filter({ hasText: 'Port scan' }).filter({ hasText: '120' }).waitFor()
      await assertAccessible(assert, page, 'the rules list')
    } finally {
      await context.close()
    }

    const analyst = await makeUser('analyst')
    await db.from('users').where('id', analyst.id).update({ locale: 'zh-TW' })
    const second = await openPage(browser)
    try {
      await logIn(second.page, analyst.email, TEST_PASSWORD)
      await followMenu(second.page, '偵測規則')
      await second.page.getByRole('row').filter({ hasText: '暴力破解' }).waitFor()
      await second.page.getByRole('row').filter({ hasText: '連接埠掃描' }).filter({ hasText: '120' }).waitFor()
      await assertAccessible(assert, second.page, 'the rules list in Chinese')
      await second.page.getByRole('row').filter({ hasText: '連接埠掃描' }).click()
      // Rows do not open for a reader who may not change them.
      assert.notMatch(second.page.url(), /detection_rules\/\d+/)
    } finally {
      await second.context.close()
    }
  }).timeout(180_000)
})
