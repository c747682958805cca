import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { openIncident } from '#app/incidents/incident_service'
import { groupBrowser, signedIn, waitUntil } from '#tests/support/browser'
import { assertAccessible, chooseReference, followMenu, save, searchList } from '#tests/support/browser_forms'

async function seedIncident(agencyId: number) {
  return db.transaction((trx) =>
    openIncident(trx, { title: makeCode('Dawn packet loss'), description: null, type: 'service', priority: 'P3', agencyId, items: [], at: new Date() })
  )
}

test.group('Problems in a browser', (group) => {
  const browser = groupBrowser(group)

  test('NOC raises a problem, files an incident under it, records the known error and resolves both', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const incident = await seedIncident(ministry.id)
    const title = makeCode('Eastern lines drop at dawn')
    const cause = makeCode('splice box takes in water')
    await signedIn(browser(), assert, noc, async (page) => {
      await followMenu(page, 'Problems')
      await page.waitForURL(/#\/problems/)
      await assertAccessible(assert, page, 'the problem list')

      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.getByRole('textbox', { name: /^Title/ }).fill(title)
      await page.getByRole('textbox', { name: /^Symptoms/ }).fill('Packet loss on rural lines before sunrise')
      await assertAccessible(assert, page, 'the problem form')
      await save(page)
      await waitUntil(async () => Boolean(await db.from('problems').where('title', title).first()))
      const stored = await db.from('problems').where('title', title).first()
      await page.waitForURL(new RegExp(`#/problems/${stored.id}/show`))

      await chooseReference(page, /^Incident/, incident.number)
      await page.getByRole('button', { name: 'Link incident' }).click()
      await waitUntil(async () => (await db.from('incidents').where('id', incident.id).first()).problem_id === stored.id)
      await page.getByRole('cell', { name: incident.number }).waitFor()

      await page.getByRole('button', { name: 'Investigate' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Investigate' }).click()
      await waitUntil(async () => (await db.from('problems').where('id', stored.id).first()).status === 'investigating')

      await page.getByRole('button', { name: 'Record known error' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('textbox', { name: 'Root cause' }).fill(cause)
      await dialog.getByRole('textbox', { name: 'Workaround' }).fill('Route over the 4G backup')
      await assertAccessible(assert, page, 'the known-error dialog')
      await dialog.getByRole('button', { name: 'Record known error' }).click()
      await waitUntil(async () => (await db.from('problems').where('id', stored.id).first()).status === 'known_error')

      await page.getByRole('button', { name: 'Resolve' }).click()
      await dialog.getByRole('textbox', { name: 'Resolution' }).fill('Carrier re-spliced the fibre')
      await dialog.getByRole('checkbox', { name: 'Also resolve its 1 open incident with this resolution' }).check()
      await dialog.getByRole('button', { name: 'Resolve' }).click()
      await page.getByText('Problem resolved; 1 of 1 open incidents resolved').waitFor()
      const resolved = await db.from('incidents').where('id', incident.id).first()
      assert.deepEqual([resolved.status, resolved.resolution], ['resolved', 'Carrier re-spliced the fibre'])
      await page.getByText('Root cause and workaround recorded: a known error').waitFor()
      await assertAccessible(assert, page, 'the problem page')

      // The service desk finds it by the words of its root cause.
      await followMenu(page, 'Known errors')
      await searchList(page, cause)
      await page.getByRole('cell', { name: title }).waitFor()
      await page.getByRole('cell', { name: 'Route over the 4G backup' }).waitFor()
      await assertAccessible(assert, page, 'the known-error search')
    })
  })

  test('a liaison reads the monthly figures in 繁體中文, printable, and works no problem', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    await seedIncident(ministry.id)
    const liaison = await makeUser('agency_liaison', ministry.id)
    liaison.locale = 'zh-TW'
    await liaison.save()
    await signedIn(browser(), assert, liaison, async (page) => {
      await followMenu(page, '月報統計')
      await page.getByRole('heading', { name: /^服務管理月報/, level: 1 }).waitFor()
      await page.getByRole('row', { name: /^開立 1$/ }).first().waitFor()
      await page.getByRole('button', { name: '列印' }).waitFor()
      await assertAccessible(assert, page, 'the monthly figures')
      // Printed, the console's menu and the controls are left out.
      await page.emulateMedia({ media: 'print' })
      assert.isFalse(await page.getByRole('button', { name: '列印' }).isVisible())
      await page.emulateMedia({ media: 'screen' })

      await followMenu(page, '問題單')
      await page.waitForURL(/#\/problems/)
      assert.equal(await page.getByRole('link', { name: '新增' }).count(), 0)
      await assertAccessible(assert, page, 'the problem list in 繁體中文')
    }, { locale: 'zh-TW' })
  })
})
