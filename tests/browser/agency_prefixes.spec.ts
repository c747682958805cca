import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser } from 'playwright-core'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { assertUiBuilt, launchBrowser, logIn, openPage } from '#tests/support/browser'
import { assertAccessible, chooseReference, fieldError, followMenu, save, searchList } from '#tests/support/browser_forms'

test.group('Agency address prefixes in a browser', (group) => {
  let browser: Browser

  group.setup(async () => {
    assertUiBuilt()
    browser = await launchBrowser()
    return () => browser.close()
  })

  test('the NOC adds a prefix (a host address is refused with the network to write); the liaison reads it in Chinese', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const third = 1 + Math.floor(Math.random() * 250)
    const network = `198.18.${third}.0/24`
    const { page, context } = await openPage(browser)
    try {
      await logIn(page, noc.email, TEST_PASSWORD)
      await followMenu(page, 'Address prefixes')
      await page.getByRole('link', { name: 'Create', exact: true }).click()
      const prefix = page.getByRole('textbox', { name: /^Prefix/ })
      await prefix.fill(`198.18.${third}.9/24`)
      await chooseReference(page, /^Agency/, ministry.name)
      await page.getByRole('textbox', { name: /^Description/ }).fill('Office LAN')
      await assertAccessible(assert, page, 'the prefix form')
      await save(page)
      assert.include(await fieldError(page, prefix), network)
      await prefix.fill(network)
      await save(page)
      await page.waitForURL(/#\/agency_prefixes\/\d+$/)
      const stored = await db.from('agency_prefixes').where('agency_id', ministry.id).firstOrFail()
      assert.equal(stored.prefix, network)
    } finally {
      await context.close()
    }

    const liaison = await makeUser('agency_liaison', ministry.id)
    await db.from('users').where('id', liaison.id).update({ locale: 'zh-TW' })
    const second = await openPage(browser)
    try {
      await logIn(second.page, liaison.email, TEST_PASSWORD)
      await followMenu(second.page, '機關網段')
      await searchList(second.page, network.split('/')[0])
      await second.page.getByRole('row').filter({ hasText: network }).filter({ hasText: ministry.name }).waitFor()
      assert.equal(await second.page.getByRole('link', { name: '新增', exact: true }).count(), 0, 'a liaison cannot add one')
      await assertAccessible(assert, second.page, 'the prefix list in Chinese')
    } finally {
      await second.context.close()
    }
  }).timeout(180_000)
})
