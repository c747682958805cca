import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Page, Response } from 'playwright-core'
import NotificationChannel from '#app/notifications/notification_channel'
import { makeCode, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { appErrors, groupBrowser, logIn, openPage, signedIn, waitUntil } from '#tests/support/browser'
import { assertAccessible, choose, followMenu, save, searchList } from '#tests/support/browser_forms'

const SIGNING_KEY = 'a-signing-key-of-some-length-1'
const NEW_KEY = 'another-signing-key-of-length-2'

/** Every answer the page received from the channels API, as text, to look for a key in. */
function channelAnswers(page: Page) {
  const bodies: Promise<string>[] = []
  page.on('response', (response: Response) => {
    if (response.url().includes('/api/notification_channels')) bodies.push(response.text().catch(() => ''))
  })
  return async () => (await Promise.all(bodies)).join('\n')
}

test.group('Notification channels in a browser', (group) => {
  const browser = groupBrowser(group)

  test('an admin adds a signed webhook, whose key is never shown back, and replaces the key', async ({ assert }) => {
    const admin = await makeUser('admin')
    const name = makeCode('SOC webhook')
    const { page, context, errors } = await openPage(browser())
    const answers = channelAnswers(page)
    try {
      await logIn(page, admin.email, TEST_PASSWORD)
      await followMenu(page, 'Notification channels')
      await page.waitForURL(/#\/notification_channels/)
      await assertAccessible(assert, page, 'the channel list')

      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.getByRole('textbox', { name: /^Name/ }).fill(name)
      await choose(page, /^Kind/, 'Webhook')
      await page.getByRole('textbox', { name: /^Send to/ }).fill('https://soc.gsn.test/hooks/gsn')
      await page.getByLabel(/^Signing key/).fill(SIGNING_KEY)
      await page.getByRole('checkbox', { name: 'Link down' }).check()
      await page.getByRole('checkbox', { name: 'Incident opened' }).check()
      await choose(page, /^Lowest priority/, 'P2 (high)')
      await assertAccessible(assert, page, 'the channel form')
      await save(page)

      await waitUntil(async () => Boolean(await NotificationChannel.findBy('name', name)))
      const stored = await NotificationChannel.findByOrFail('name', name)
      assert.equal(stored.kind, 'webhook')
      assert.sameMembers(stored.eventTypes, ['link.down', 'incident.opened'])
      assert.equal(stored.minPriority, 'P2')
      assert.equal(stored.openSecret(), SIGNING_KEY)

      // Edited: the key field starts empty and says a key is set; left empty, the key stays.
      await page.goto(`/#/notification_channels/${stored.id}`)
      const key = page.getByLabel(/^Signing key/)
      await key.waitFor()
      assert.equal(await key.inputValue(), '')
      await page.getByText('A key is set and is never shown again').waitFor()
      await assertAccessible(assert, page, 'the channel edit form')
      await choose(page, /^Lowest priority/, 'P1 (critical)')
      await save(page)
      await waitUntil(async () => (await NotificationChannel.findOrFail(stored.id)).minPriority === 'P1')
      assert.equal((await NotificationChannel.findOrFail(stored.id)).openSecret(), SIGNING_KEY)

      // A new key typed replaces it, which the audit log shows as the time it was set.
      const setAt = (await db.from('notification_channels').where('id', stored.id).first()).secret_set_at
      await page.goto(`/#/notification_channels/${stored.id}`)
      await page.getByLabel(/^Signing key/).fill(NEW_KEY)
      await save(page)
      await waitUntil(async () => (await NotificationChannel.findOrFail(stored.id)).openSecret() === NEW_KEY)
      assert.notEqual(String((await db.from('notification_channels').where('id', stored.id).first()).secret_set_at), String(setAt))

      // The list shows that a key is set and never the key.
      await page.goto('/#/notification_channels')
      await searchList(page, name)
      await page.getByRole('row').filter({ hasText: name }).filter({ hasText: 'Webhook' }).waitFor()
      const text = await answers()
      assert.include(text, '"secret_set":true')
      assert.notInclude(text, SIGNING_KEY)
      assert.notInclude(text, NEW_KEY)
      assert.notInclude(await page.content(), NEW_KEY)
      assert.deepEqual(appErrors(errors), [])
    } finally {
      await context.close()
    }
  })

  test('in 繁體中文 an e-mail channel is added with its own words, and only the roles the matrix names see the page', async ({ assert }) => {
    const admin = await makeUser('admin')
    await db.from('users').where('id', admin.id).update({ locale: 'zh-TW' })
    const name = makeCode('NOC 信箱')
    await signedIn(browser(), assert, admin, async (page) => {
      await followMenu(page, '通知管道')
      await page.getByRole('link', { name: '新增', exact: true }).click()
      await page.getByRole('textbox', { name: /^名稱/ }).fill(name)
      await page.getByRole('textbox', { name: /^傳送對象/ }).fill('noc@gsn.test, soc@gsn.test')
      await page.getByText('電子郵件地址，以逗號分隔').waitFor()
      // An e-mail channel has no signing key to give.
      assert.equal(await page.getByLabel(/^簽章金鑰/).count(), 0)
      await page.getByRole('checkbox', { name: '線路中斷' }).check()
      await assertAccessible(assert, page, 'the channel form in 繁體中文')
      await save(page)
      await waitUntil(async () => Boolean(await NotificationChannel.findBy('name', name)))
      const stored = await NotificationChannel.findByOrFail('name', name)
      assert.equal(stored.kind, 'email')
      assert.equal(stored.target, 'noc@gsn.test, soc@gsn.test')
      assert.isNull(stored.secret)
    }, { locale: 'zh-TW' })

    // The analyst has no row for channels in the matrix: no menu entry; the auditor reads only.
    for (const [role, sees] of [['analyst', false], ['auditor', true]] as const) {
      const user = await makeUser(role)
      await signedIn(browser(), assert, user, async (page) => {
        await page.getByRole('menuitem', { name: 'Users' }).or(page.getByRole('menuitem', { name: 'Agencies' })).first().waitFor()
        assert.equal(await page.getByRole('menuitem', { name: 'Notification channels' }).count(), sees ? 1 : 0, role)
        if (sees) {
          await followMenu(page, 'Notification channels')
          await page.getByRole('row').filter({ hasText: name }).waitFor()
          assert.equal(await page.getByRole('link', { name: 'Create', exact: true }).count(), 0)
          await assertAccessible(assert, page, "the auditor's channel list")
        }
      }, { errors: 'allowed' })
    }
  })
})
