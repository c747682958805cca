import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgency, makeCode, makeUser } from '#tests/support/fixtures'
import { groupBrowser, signedIn, waitUntil } from '#tests/support/browser'
import { assertAccessible, choose, fieldError, followMenu, save } from '#tests/support/browser_forms'
import { P2_AROUND_THE_CLOCK, usePolicies } from '#tests/functional/service_levels/support'

async function restoreHours() {
  await db.from('business_hours').where('id', 1).update({ weekdays: [1, 2, 3, 4, 5], opens_at: '08:30', closes_at: '17:30' })
}

test.group('SLA policies, office calendar and office hours in a browser', (group) => {
  const browser = groupBrowser(group)
  group.each.setup(async () => {
    await usePolicies([P2_AROUND_THE_CLOCK])
    await restoreHours()
    return restoreHours
  })

  test('an admin adds a policy, sees a duplicate refused on its field, and changes the office hours', async ({ assert }) => {
    const admin = await makeUser('admin')
    await signedIn(browser(), assert, admin, async (page) => {
      await followMenu(page, 'SLA policies')
      await page.getByRole('row').filter({ hasText: 'Around the clock' }).waitFor()
      await assertAccessible(assert, page, 'the policy list')

      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.waitForURL(/#\/sla_policies\/create/)
      await choose(page, /^Priority/, 'P2 (high)')
      await page.getByRole('spinbutton', { name: /^Respond within/ }).fill('20')
      await page.getByRole('spinbutton', { name: /^Resolve within/ }).fill('300')
      await assertAccessible(assert, page, 'the policy form')
      await save(page)
      // Service P2 exists: the API's 422 lands on the priority field.
      assert.match((await fieldError(page, page.getByRole('combobox', { name: /^Priority/ })))!, /already a policy for service incidents of priority P2/)
      await choose(page, /^Priority/, 'P1 (critical)')
      await choose(page, /^Counted on/, 'Around the clock')
      await save(page)
      await waitUntil(async () => Boolean(await db.from('sla_policies').where({ type: 'service', priority: 'P1' }).first()))
      assert.include(await db.from('sla_policies').where({ type: 'service', priority: 'P1' }).first(), {
        respond_minutes: 20, resolve_minutes: 300, calendar: '24x7',
      })

      await followMenu(page, 'Office hours')
      await page.getByRole('row').filter({ hasText: 'Monday, Tuesday, Wednesday, Thursday, Friday' }).click()
      await page.getByRole('checkbox', { name: 'Saturday' }).check()
      await page.getByLabel(/^Closes/).fill('18:00')
      await assertAccessible(assert, page, 'the office hours form')
      await save(page)
      await waitUntil(async () => (await db.from('business_hours').where('id', 1).first()).closes_at === '18:00:00')
      assert.deepEqual((await db.from('business_hours').where('id', 1).first()).weekdays, [1, 2, 3, 4, 5, 6])
    })
  })

  test('in 繁體中文 an admin adds a make-up working day; a NOC reads the calendar, a liaison sees none of it', async ({ assert }) => {
    const admin = await makeUser('admin')
    await db.from('users').where('id', admin.id).update({ locale: 'zh-TW' })
    const name = makeCode('補行上班')
    await signedIn(browser(), assert, admin, async (page) => {
      await followMenu(page, '辦公日曆')
      await page.getByRole('link', { name: '新增', exact: true }).click()
      await page.getByLabel(/^日期/).fill('2031-02-15')
      await choose(page, /^類別/, '補行上班日')
      await page.getByRole('textbox', { name: /^英文名稱/ }).fill(`Make-up day ${name}`)
      await page.getByRole('textbox', { name: /^中文名稱/ }).fill(name)
      await assertAccessible(assert, page, 'the calendar form in 繁體中文')
      await save(page)
      await waitUntil(async () => Boolean(await db.from('calendar_days').where('name_zh', name).first()))
      const day = await db.from('calendar_days').where('name_zh', name).first()
      assert.include(day, { kind: 'working_day' })
      assert.equal((await db.rawQuery(`SELECT to_char(date, 'YYYY-MM-DD') AS d FROM calendar_days WHERE id = ?`, [day.id])).rows[0].d, '2031-02-15')
    }, { locale: 'zh-TW' })

    const noc = await makeUser('noc')
    await signedIn(browser(), assert, noc, async (page) => {
      await followMenu(page, 'Office calendar')
      await page.getByRole('row').filter({ hasText: name }).waitFor()
      assert.equal(await page.getByRole('link', { name: 'Create', exact: true }).count(), 0)
      await assertAccessible(assert, page, "the NOC's calendar list")
    }, { errors: 'allowed' })

    const liaison = await makeUser('agency_liaison', (await makeAgency()).id)
    await signedIn(browser(), assert, liaison, async (page) => {
      await page.getByRole('menuitem', { name: 'Incidents' }).waitFor()
      for (const entry of ['SLA policies', 'Office calendar', 'Office hours']) {
        assert.equal(await page.getByRole('menuitem', { name: entry }).count(), 0, entry)
      }
    }, { errors: 'allowed' })
  })
})
