import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { appErrors, groupBrowser, logIn, openPage, signedIn, waitUntil } from '#tests/support/browser'
import { assertAccessible } from '#tests/support/browser_forms'
import Change from '#app/changes/change'
import { makeBoard, makeLink } from '#tests/functional/changes/support'

/** A change raised by `noc` through the API's rules, in its draft. */
async function draftChange(ministryId: number, nocId: number, linkId: number, title: string, hours: [number, number]) {
  const now = Date.now()
  const { rows } = await db.rawQuery(`SELECT nextval('change_number_seq') AS n`)
  const [row] = await db
    .table('changes')
    .insert({
      number: `CHG-2026-${String(rows[0].n).padStart(6, '0')}`, title, type: 'normal', status: 'draft', risk: 'medium',
      impact: 'medium', back_out_plan: 'Restore the saved configuration', agency_id: ministryId, requested_by_id: nocId,
      planned_start: new Date(now + hours[0] * 3_600_000), planned_end: new Date(now + hours[1] * 3_600_000),
    })
    .returning('*')
  await db.table('change_items').insert({ change_id: row.id, item_type: 'link', item_id: linkId })
  return row as { id: number; number: string }
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

  test('in 繁體中文 the change list and calendar speak Chinese', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const noc = await makeUser('noc')
    await db.from('users').where('id', noc.id).update({ locale: 'zh-TW' })
    const change = await draftChange(ministry.id, noc.id, link.id, '更換核心路由器', [1, 2])
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/changes/${change.id}/show`)
      await page.getByRole('button', { name: '送出' }).waitFor()
      await page.getByText('草稿').first().waitFor()
      await page.goto('/#/change_calendar')
      await page.getByRole('button', { name: '週' }).waitFor()
      await assertAccessible(assert, page, 'the change calendar in 繁體中文')
    }, { locale: 'zh-TW' })
  })
})
