import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Page } from 'playwright-core'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { makeGroup } from '#tests/functional/service_desk/support'
import { groupBrowserWithLiveEvents, signedIn, waitUntil } from '#tests/support/browser'
import { CookieSession } from '#tests/support/cookie_session'
import { assertAccessible, followMenu } from '#tests/support/browser_forms'

/**
 * A group's queue, the one live stream a tab holds, and My notifications, in Chromium against
 * the real server, database, Redis and notification worker (which publishes the live events).
 */

async function openIncident(session: CookieSession, agencyId: number, fields: Record<string, unknown>) {
  const answer = await session.request('POST', '/api/incidents', { type: 'service', priority: 'P3', agency_id: agencyId, ...fields })
  if (answer.status !== 201) throw new Error(answer.text)
  return answer.json() as { id: number; number: string }
}

async function command(session: CookieSession, id: number, name: string, body: Record<string, unknown> = {}) {
  const answer = await session.request('POST', `/api/incidents/${id}/${name}`, body)
  if (answer.status !== 200) throw new Error(`${name}: ${answer.text}`)
}

/** The incident numbers of the queue's rows, top to bottom. */
async function rowNumbers(page: Page) {
  const rows = await page.locator('tbody tr').allInnerTexts()
  return rows.map((text) => text.match(/INC-[\w-]+/)?.[0] ?? text)
}

/** Every request the page sends for the live stream. */
function countStreams(page: Page) {
  const opened: string[] = []
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/events') opened.push(request.url())
  })
  return opened
}

test.group('Group queues and My notifications in a browser', (group) => {
  const browser = groupBrowserWithLiveEvents(group)

  test("a member's group queue lists its open incidents nearest breach first with SLA bars, a held one paused and last; the tab holds one event stream", async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const team = await makeGroup({ kind: 'agency_it', agencyId: ministry.id, members: [noc.id] })
    const admin = new CookieSession()
    await admin.logIn((await makeUser('admin')).email, TEST_PASSWORD)
    // Bars show when the incidents run a clock: service P3 gets a policy if none has one yet.
    const policy = await admin.request('POST', '/api/sla_policies', { type: 'service', priority: 'P3', respond_minutes: 240, resolve_minutes: 1620, calendar: 'business' })
    assert.oneOf(policy.status, [201, 422], policy.text)
    const me = new CookieSession()
    await me.logIn(noc.email, TEST_PASSWORD)
    const later = await openIncident(me, ministry.id, { title: `較晚到期 ${ministry.code}`, group_id: team.id })
    const held = await openIncident(me, ministry.id, { title: `等候廠商 ${ministry.code}`, group_id: team.id })
    const sooner = await openIncident(me, ministry.id, { title: `即將逾期 ${ministry.code}`, group_id: team.id })
    const done = await openIncident(me, ministry.id, { title: `已解決 ${ministry.code}`, group_id: team.id })
    await command(me, held.id, 'start')
    await command(me, held.id, 'hold', { reason: 'supplier' })
    await command(me, done.id, 'resolve', { resolution: '已修復' })
    // The stored next breach the queue sorts by, set apart so the order cannot come from opening.
    const inMinutes = (m: number) => new Date(Date.now() + m * 60_000)
    await db.from('incidents').where('id', later.id).update({ sla_due_at: inMinutes(600) })
    await db.from('incidents').where('id', sooner.id).update({ sla_due_at: inMinutes(20) })
    assert.include(await db.from('incidents').where('id', held.id).first(), { sla_paused: true, sla_due_at: null })

    let streams: string[] = []
    await signedIn(browser(), assert, noc, async (page) => {
      await followMenu(page, 'Group queues')
      await page.waitForURL(/#\/group_queues/)
      await page.getByRole('combobox', { name: 'Assignment group' }).getByText(team.name).waitFor()
      await page.locator('tbody tr').filter({ hasText: sooner.number }).waitFor()
      assert.deepEqual(await rowNumbers(page), [sooner.number, later.number, held.number])
      const headers = (await page.getByRole('columnheader').allInnerTexts()).map((h) => h.trim()).filter(Boolean)
      assert.deepEqual(headers, ['Number', 'Title', 'Priority', 'Status', 'Agency', 'Assignee', 'Age', 'SLA'])

      // A bar per incident, named in words; the held one paused, the others counting.
      const bars = page.getByRole('meter', { name: /time used/ })
      assert.equal(await bars.count(), 3)
      const heldRow = page.locator('tbody tr').filter({ hasText: held.number })
      assert.equal(await heldRow.getByRole('meter').getAttribute('data-sla-state'), 'paused')
      assert.match((await heldRow.getByRole('meter').getAttribute('aria-label'))!, /^Resolve: paused/)
      await heldRow.getByText('Resolve: paused').waitFor()
      const soonerRow = page.locator('tbody tr').filter({ hasText: sooner.number })
      assert.equal(await soonerRow.getByRole('meter').getAttribute('data-sla-state'), 'running')
      await soonerRow.getByText(/^Respond: due/).waitFor()
      await assertAccessible(assert, page, 'the group queue')

      // An incident of the group assigned while the page is open shows its assignee by itself,
      // and the toast (group_queues is live until changed) comes over the same stream.
      const laterRow = page.locator('tbody tr').filter({ hasText: later.number })
      assert.notInclude(await laterRow.innerText(), 'Test noc')
      await command(me, later.id, 'assign', { assignee_id: noc.id })
      await laterRow.filter({ hasText: 'Test noc' }).waitFor({ timeout: 20_000 })
      await page.locator('.MuiSnackbar-root').filter({ hasText: later.number }).first().waitFor({ timeout: 20_000 })

      // A row opens the incident; the NOC board and the queue again: still the one stream.
      await page.locator('tbody tr').getByText(sooner.number, { exact: true }).click()
      await page.waitForURL(new RegExp(`#/incidents/${sooner.id}/show`))
      await page.goto('/#/noc')
      await page.locator('[data-testid=live-status][data-status=live]').waitFor()
      await page.goto(`/#/group_queues/${team.id}`)
      await page.locator('tbody tr').filter({ hasText: later.number }).waitFor()
      assert.lengthOf(streams, 1, `requests to /api/events: ${streams.join(', ')}`)

      // A group the reader may not see, or none at all, says so rather than showing another.
      await page.goto('/#/group_queues/2147483647')
      await page.getByText('This group does not exist or is not open to you.').waitFor()
    }, {
      beforeLogIn: ({ page }) => {
        streams = countStreams(page)
      },
    })
  }).timeout(120_000)

  test('in 繁體中文 a person turns on SLA alarms by e-mail at My notifications; the group queue is worded too', async ({ assert }) => {
    const noc = await makeUser('noc')
    await db.from('users').where('id', noc.id).update({ locale: 'zh-TW' })
    await signedIn(browser(), assert, noc, async (page) => {
      await followMenu(page, '我的通知')
      await page.waitForURL(/#\/notification_subscriptions/)
      const slaByMail = page.getByLabel('SLA 預警與逾時: 電子郵件', { exact: true })
      await slaByMail.waitFor()
      // A topic never chosen: live on, e-mail off.
      assert.isFalse(await slaByMail.isChecked())
      assert.isTrue(await page.getByLabel('SLA 預警與逾時: 即時通知', { exact: true }).isChecked())
      assert.equal(await page.getByRole('row').count(), 6, 'a heading row and the five topics')
      await assertAccessible(assert, page, 'My notifications')
      await slaByMail.click()
      await page.getByText('已儲存').first().waitFor()
      await waitUntil(async () => Boolean(await db.from('notification_subscriptions').where({ user_id: noc.id, topic: 'sla', email: true, live: true }).first()))
      await page.reload()
      await page.getByLabel('SLA 預警與逾時: 電子郵件', { exact: true }).waitFor()
      assert.isTrue(await page.getByLabel('SLA 預警與逾時: 電子郵件', { exact: true }).isChecked())
      // Turning it off again is stored as off, not as the default.
      await page.getByLabel('SLA 預警與逾時: 電子郵件', { exact: true }).click()
      await waitUntil(async () => Boolean(await db.from('notification_subscriptions').where({ user_id: noc.id, topic: 'sla', email: false }).first()))

      await followMenu(page, '群組待辦')
      await page.getByRole('heading', { name: '群組待辦' }).waitFor()
      await page.getByRole('combobox', { name: '處理群組' }).waitFor()
      await assertAccessible(assert, page, 'a group queue in Chinese')
    }, { locale: 'zh-TW' })
  })
})
