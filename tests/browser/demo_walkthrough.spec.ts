import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Page } from 'playwright-core'
import { alarmService } from '#app/monitoring/alarm_service'
import type { Observation } from '#app/monitoring/link_health/link_state'
import { clearInventory, seedDemo } from '#app/demo/loader'
import { assertUiBuilt, groupBrowserWithLiveEvents, signedIn, waitUntil } from '#tests/support/browser'
import { assertAccessible, choose, followMenu } from '#tests/support/browser_forms'

/**
 * Issue 9's "Done when", walked in Chromium on the demo data as `demo:seed` loads it: the demo
 * accounts (in 繁體中文, as seeded), the north team's queue, the national CAB of the demo.
 */

const PASSWORD = 'demo-password-for-browser-tests'

const down = (linkId: number, at: Date): Observation => ({
  linkId, at, reachable: true, operStatus: 'down', adminStatus: 'up', inUtil: null, outUtil: null, errorRate: 0,
})

/** Clicks a workflow button of the incident page and confirms its dialog with the same words. */
async function incidentCommand(page: Page, button: string, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>) {
  await page.getByRole('group', { name: '處理動作' }).getByRole('button', { name: button, exact: true }).click()
  const dialog = page.getByRole('dialog')
  await dialog.waitFor()
  await fill?.(dialog)
  await dialog.getByRole('button', { name: button, exact: true }).click()
  await dialog.waitFor({ state: 'detached' })
}

test.group('The service management walk of issue 9 on the demo', (group) => {
  group.setup(async () => {
    assertUiBuilt()
    const outcome = await seedDemo({ fresh: true, password: PASSWORD, generator: { now: new Date() } })
    if (outcome.status !== 'loaded') throw new Error(`seed did not load: ${outcome.status}`)
    // Later files start from an empty inventory, as they would without this one (run last, after
    // the browser and the worker have stopped).
    return async () => {
      await db.transaction((trx) => clearInventory(trx))
    }
  })
  const browser = groupBrowserWithLiveEvents(group)
  const asDemo = { password: PASSWORD }

  test('the demo holds problems, conflicting changes and the office calendar of this year and the next', async ({ assert }) => {
    const year = new Date().getFullYear()
    const count = async (sql: string, bindings: unknown[] = []) => Number((await db.rawQuery(sql, bindings)).rows[0].n)
    assert.isAtLeast(await count('SELECT count(*) AS n FROM problems'), 3)
    assert.isAtLeast(await count('SELECT count(*) AS n FROM changes'), 7)
    for (const y of [year, year + 1]) {
      const days = await count(`SELECT count(*) AS n FROM calendar_days WHERE kind = 'holiday' AND extract(year FROM date) = ?`, [y])
      assert.isAtLeast(days, 10, `holidays of ${y}`)
    }
    // The change on a line behind the busiest uplink overlaps the firmware upgrade of the uplink.
    const overlapping = await db
      .from('changes as a')
      .join('changes as b', (j) => j.on('a.id', '<', 'b.id').andOn('a.planned_start', '<', 'b.planned_end').andOn('b.planned_start', '<', 'a.planned_end'))
      .whereNotIn('a.status', ['closed', 'cancelled', 'rejected'])
      .whereNotIn('b.status', ['closed', 'cancelled', 'rejected'])
      .count('* as n')
    assert.isAtLeast(Number(overlapping[0].n), 1)
  }).timeout(30_000)

  test('a NOC operator sees a monitoring incident land in the north team queue with its clock running, holds it (paused) and resolves it', async ({ assert }) => {
    const north = await db.from('assignment_groups').where('code', 'JDT-NORTH').firstOrFail()
    const noc = await db.from('users').where('email', 'noc@gsn.demo').firstOrFail()
    const members = await db.from('assignment_group_members').where('group_id', north.id).select('user_id')
    assert.include(members.map((m) => m.user_id), noc.id)
    // A northern line that is up and under no change: monitoring sees it go down.
    const candidates = await db
      .from('links as l')
      .join('agencies as a', 'a.id', 'l.agency_id')
      .where({ 'a.region': 'north', 'l.kind': 'legacy', 'l.status': 'active' })
      .whereNotExists((q) => q.from('link_states as s').whereRaw('s.link_id = l.id').whereNotNull('s.open_incident_id'))
      .orderBy('l.id')
      .limit(5)
      .select('l.id', 'l.circuit_id')
    let incident: { id: number; number: string; group_id: number; status: string } | undefined
    for (const line of candidates) {
      await alarmService.observe([down(line.id, new Date())])
      const state = await db.from('link_states').where('link_id', line.id).first()
      if (state?.open_incident_id) {
        incident = await db.from('incidents').where('id', state.open_incident_id).firstOrFail()
        break
      }
    }
    assert.exists(incident, 'monitoring opened an incident for a northern line')
    assert.equal(incident!.group_id, north.id)

    await signedIn(browser(), assert, { email: 'noc@gsn.demo' }, async (page) => {
      await followMenu(page, '群組待辦')
      await choose(page, /^處理群組/, new RegExp(`^${north.name}`))
      await page.waitForURL(new RegExp(`#/group_queues/${north.id}$`))
      const row = page.locator('tbody tr').filter({ hasText: incident!.number })
      await row.waitFor()
      assert.equal(await row.getByRole('meter').getAttribute('data-sla-state'), 'running')
      await assertAccessible(assert, page, 'the north team queue')

      await row.getByText(incident!.number, { exact: true }).click()
      await page.waitForURL(new RegExp(`#/incidents/${incident!.id}/show`))
      await incidentCommand(page, '開始處理')
      await incidentCommand(page, '暫停', async () => choose(page, /^等待對象/, '廠商'))
      await waitUntil(async () => (await db.from('incidents').where('id', incident!.id).first()).status === 'on_hold', 30_000)
      // The clock stops: the page shows the resolve clock paused.
      await page.locator('[data-sla-state=paused]').first().waitFor()
      await page.getByText('解決：暫停計時').first().waitFor()
      await assertAccessible(assert, page, 'the incident on hold')

      // The queue may first draw the list react-admin kept from the last visit (running), then
      // the one it fetches again: wait for the fetched one, within the wait's deadline.
      await page.goto(`/#/group_queues/${north.id}`)
      await row.locator('[role=meter][data-sla-state=paused]').waitFor({ timeout: 30_000 })

      await row.getByText(incident!.number, { exact: true }).click()
      await incidentCommand(page, '解決', async (dialog) => dialog.getByRole('textbox', { name: /^處理結果/ }).fill('電信業者更換光纖模組後恢復'))
      await waitUntil(async () => (await db.from('incidents').where('id', incident!.id).first()).status === 'resolved', 30_000)
      await page.goto(`/#/group_queues/${north.id}`)
      await page.locator('tbody tr').first().waitFor()
      // As above: the kept list may be drawn first; the fetched one no longer holds it.
      await waitUntil(async () => (await page.locator('tbody tr').filter({ hasText: incident!.number }).count()) === 0, 30_000)
    }, { ...asDemo, locale: 'zh-TW' })
  }).timeout(180_000)

  test("an engineer raises a change on an uplink, sees its impact, the demo's CAB members approve it, and while it runs the uplink's alarms stay silent", async ({ assert }) => {
    // In English this time: the demo accounts' language is theirs to change.
    await db.from('users').whereIn('email', ['noc@gsn.demo', 'admin@gsn.demo', 'cio@gsn.demo']).update({ locale: 'en' })
    // An uplink with lines consolidated into it, and no change yet.
    const [uplink] = await db
      .from('links as u')
      .join('links as l', 'l.consolidated_into_id', 'u.id')
      .join('agencies as a', 'a.id', 'u.agency_id')
      .where('u.kind', 'uplink')
      .whereNotExists((q) => q.from('change_items as i').whereRaw("i.item_type = 'link' AND i.item_id = u.id"))
      .groupBy('u.id', 'u.circuit_id', 'a.code')
      .orderByRaw('count(*) DESC, u.id')
      .limit(1)
      .select('u.id', 'u.circuit_id', 'a.code as agency_code', db.raw('count(*)::int AS lines'))
    assert.exists(uplink)
    const title = `上連路由器板卡更換 ${uplink.circuit_id}`

    let changeId: number
    await signedIn(browser(), assert, { email: 'noc@gsn.demo' }, async (page) => {
      await page.goto('/#/changes/create')
      await page.getByRole('textbox', { name: /^Title/ }).fill(title)
      await page.getByRole('textbox', { name: /^Back-out plan/ }).fill('裝回原板卡並還原設定')
      await page.getByRole('combobox', { name: /^Agency/ }).fill(uplink.agency_code)
      await page.getByRole('option', { name: new RegExp(uplink.agency_code) }).first().click()
      await page.getByRole('button', { name: 'Add' }).click()
      await choose(page, /^Item type/, 'Link')
      await page.getByRole('combobox', { name: /^Item(?! type)/ }).fill(uplink.circuit_id)
      await page.getByRole('option', { name: new RegExp(uplink.circuit_id) }).first().click()
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page.waitForURL(/#\/changes\/\d+\/show/)
      changeId = Number(page.url().match(/changes\/(\d+)\/show/)![1])

      // Impact from the inventory: the uplink, the lines behind it, their agencies and systems.
      const impact = page.getByRole('region', { name: /^Impact/ })
      await impact.getByText('Links (1):').waitFor()
      await impact.getByText(`Lines behind (${uplink.lines}):`).waitFor()
      assert.match(await impact.innerText(), /Agencies \([1-9]\d*\):/)
      assert.match(await impact.innerText(), /Information systems \(\d+\):/)
      await assertAccessible(assert, page, 'the new change with its impact')

      await page.getByRole('button', { name: 'Submit' }).click()
      await page.getByRole('button', { name: 'Assess' }).click()
      await page.getByRole('textbox', { name: /^Assessment/ }).fill('離峰時段實施，後方線路短暫中斷')
      await page.getByRole('button', { name: 'Confirm' }).click()
      await waitUntil(async () => (await db.from('changes').where('id', changeId).first()).status === 'assessed', 30_000)
    }, asDemo)

    // The demo's national board sits admin, CIO and analyst, quorum 2: two approve.
    for (const member of ['admin@gsn.demo', 'cio@gsn.demo']) {
      await signedIn(browser(), assert, { email: member }, async (page) => {
        await page.goto(`/#/changes/${changeId!}/show`)
        await page.getByRole('textbox', { name: 'Comment' }).fill('同意，請依計畫執行')
        await page.getByRole('button', { name: 'Approve' }).click()
        await waitUntil(async () => Number((await db.from('change_votes').where('change_id', changeId!).count('* as n'))[0].n) >= (member.startsWith('admin') ? 1 : 2), 30_000)
      }, asDemo)
    }
    await waitUntil(async () => (await db.from('changes').where('id', changeId!).first()).status === 'approved', 30_000)

    await signedIn(browser(), assert, { email: 'noc@gsn.demo' }, async (page) => {
      await page.goto(`/#/changes/${changeId!}/show`)
      await page.getByRole('button', { name: 'Schedule' }).click()
      await waitUntil(async () => (await db.from('changes').where('id', changeId!).first()).status === 'scheduled', 30_000)
      await page.getByRole('button', { name: 'Start', exact: true }).click()
      await waitUntil(async () => (await db.from('changes').where('id', changeId!).first()).status === 'implementing', 30_000)
      const change = await db.from('changes').where('id', changeId!).firstOrFail()
      assert.isNotNull(change.window_id)

      // The uplink goes down while the change runs: no incident, the state says why.
      await alarmService.observe([down(uplink.id, new Date())])
      const state = await db.from('link_states').where('link_id', uplink.id).firstOrFail()
      assert.include(state, { in_maintenance: true, maintenance_window_id: change.window_id, open_incident_id: null })
      await page.goto(`/#/links/${uplink.id}/show`)
      await page.getByRole('link', { name: `maintenance window #${change.window_id}` }).first().waitFor()
      await assertAccessible(assert, page, 'the uplink in its change window')
    }, asDemo)
  }).timeout(240_000)
})
