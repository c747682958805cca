import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { appErrors, groupBrowser, logIn, openPage, signedIn, waitUntil } from '#tests/support/browser'
import { assertAccessible } from '#tests/support/browser_forms'
import Change from '#app/changes/change'
import { makeBoard, makeLink } from '#tests/functional/changes/support'

/** A change raised by `noc` through the API's rules, in its draft, over hours from now or a span of its own. */
async function draftChange(ministryId: number, nocId: number, linkId: number, title: string, hours: [number, number] | { start: Date; end: Date }) {
  const now = Date.now()
  const span = Array.isArray(hours) ? { start: new Date(now + hours[0] * 3_600_000), end: new Date(now + hours[1] * 3_600_000) } : hours
  const { rows } = await db.rawQuery(`SELECT nextval('change_number_seq') AS n`)
  const [row] = await db
    .table('changes')
    .insert({
      number: `CHG-2026-${String(rows[0].n).padStart(6, '0')}`, title, type: 'normal', status: 'draft', risk: 'medium',
      impact: 'medium', back_out_plan: 'Restore the saved configuration', agency_id: ministryId, requested_by_id: nocId,
      planned_start: span.start, planned_end: span.end,
    })
    .returning('*')
  await db.table('change_items').insert({ change_id: row.id, item_type: 'link', item_id: linkId })
  return row as { id: number; number: string }
}

/** Hour `h` of today in Taipei (UTC+8), where the calendar's days are: today is in its month and its week. */
function taipeiToday(h: number) {
  const day = Math.floor((Date.now() + 8 * 3_600_000) / 86_400_000)
  return new Date(day * 86_400_000 - 8 * 3_600_000 + h * 3_600_000)
}

/**
 * Two changes on one uplink overlapping today 11:00–12:00 (Taipei), and a freeze of the
 * ministry's from 10:00 to 11:00 that only the first falls in: the first conflicts twice (the
 * other change, the freeze), the second once.
 */
async function conflictingChanges(ministryId: number, nocId: number, titles: [string, string], freezeName: string) {
  const uplink = await makeLink(ministryId, { kind: 'uplink' })
  const first = await draftChange(ministryId, nocId, uplink.id, titles[0], { start: taipeiToday(10), end: taipeiToday(12) })
  const second = await draftChange(ministryId, nocId, uplink.id, titles[1], { start: taipeiToday(11), end: taipeiToday(13) })
  await db.table('freeze_periods').insert({ name: freezeName, reason: 'Budget closing', agency_id: ministryId, starts_at: taipeiToday(10), ends_at: taipeiToday(11) })
  return { first, second }
}

test.group('Changes in a browser', (group) => {
  const browser = groupBrowser(group)

  test('a change is submitted and assessed with buttons, approved from the approval panel, and shown on the calendar with its conflict', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const noc = await makeUser('noc')
    const { members } = await makeBoard(ministry.id, { size: 1, quorum: 1 })
    const change = await draftChange(ministry.id, noc.id, link.id, 'Swap the core router', [2, 4])
    const other = await draftChange(ministry.id, noc.id, link.id, 'Fibre splice', [3, 5])
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/changes/${change.id}/show`)
      await page.getByText(`Overlaps on link:${link.id} with`).waitFor()
      await page.getByRole('button', { name: 'Submit' }).click()
      await page.getByRole('button', { name: 'Assess' }).click()
      await page.getByRole('textbox', { name: /^Assessment/ }).fill('One line, off-peak')
      await assertAccessible(assert, page, 'the assess dialog')
      await page.getByRole('button', { name: 'Confirm' }).click()
      await waitUntil(async () => (await Change.findOrFail(change.id)).status === 'assessed', 30_000)
      await page.getByText('No votes yet').waitFor()
      assert.equal(await page.getByRole('button', { name: 'Approve' }).count(), 0, 'the requester is not on the board')
      await assertAccessible(assert, page, 'the change page')
    })

    // The board's member, in a session of their own.
    const member = await openPage(browser())
    try {
      const page = member.page
      await logIn(page, members[0].email, TEST_PASSWORD)
      await page.goto(`/#/changes/${change.id}/show`)
      await page.getByRole('textbox', { name: 'Comment' }).fill('Fine by me')
      await page.getByRole('button', { name: 'Approve' }).click()
      await waitUntil(async () => (await Change.findOrFail(change.id)).status === 'approved', 30_000)
      await page.getByRole('cell', { name: 'Fine by me' }).waitFor()

      await page.goto('/#/change_calendar')
      await page.getByRole('link', { name: change.number }).first().waitFor()
      await page.getByRole('link', { name: other.number }).first().waitFor()
      await assertAccessible(assert, page, 'the change calendar, month')
      await page.getByRole('button', { name: 'Week' }).click()
      await page.getByText('Swap the core router').first().waitFor()
      await assertAccessible(assert, page, 'the change calendar, week')
      assert.deepEqual(appErrors(member.errors), [])
    } finally {
      await member.context.close()
    }
  }).timeout(180_000)

  test('the calendar shows a freeze and marks two changes colliding on one uplink, in the month and the week view', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const freeze = `Closing freeze ${ministry.id}`
    const { first, second } = await conflictingChanges(ministry.id, noc.id, ['Uplink firmware', 'Uplink fibre splice'], freeze)
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto('/#/change_calendar')
      for (const view of ['month', 'week'] as const) {
        if (view === 'week') await page.getByRole('button', { name: 'Week' }).click()
        // Today's cell: the only one the freeze covers, holding both changes.
        const today = page.getByRole('cell').filter({ hasText: `Freeze: ${freeze}` })
        await today.waitFor()
        assert.equal(await today.count(), 1, `${view}: the freeze covers one day`)
        const entry = (change: { number: string }) => today.getByRole('listitem').filter({ has: page.getByRole('link', { name: change.number }) })
        await entry(first).getByText('2 conflicts').waitFor()
        await entry(second).getByText('1 conflict', { exact: false }).waitFor()
        assert.notInclude(await entry(second).innerText(), '2 conflicts', view)
        if (view === 'week') await entry(first).getByText('Uplink firmware').waitFor()
        await assertAccessible(assert, page, `the change calendar with a freeze and conflicts, ${view}`)
      }
    })
  }).timeout(120_000)

  test('in 繁體中文 the change list and calendar speak Chinese', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const noc = await makeUser('noc')
    await db.from('users').where('id', noc.id).update({ locale: 'zh-TW' })
    const change = await draftChange(ministry.id, noc.id, link.id, '更換核心路由器', [1, 2])
    const freeze = `年底凍結 ${ministry.id}`
    const { first } = await conflictingChanges(ministry.id, noc.id, ['上行線路韌體更新', '上行光纖熔接'], freeze)
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/changes/${change.id}/show`)
      await page.getByRole('button', { name: '送出' }).waitFor()
      await page.getByText('草稿').first().waitFor()
      await page.goto('/#/change_calendar')
      await page.getByRole('button', { name: '週' }).click()
      const today = page.getByRole('cell').filter({ hasText: `凍結期： ${freeze}` })
      await today.getByRole('listitem').filter({ has: page.getByRole('link', { name: first.number }) }).getByText('2 項衝突').waitFor()
      await assertAccessible(assert, page, 'the change calendar in 繁體中文')
    }, { locale: 'zh-TW' })
  })
})
