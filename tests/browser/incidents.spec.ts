import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type { Page } from 'playwright-core'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { groupBrowser, signedIn } from '#tests/support/browser'
import { CookieSession } from '#tests/support/cookie_session'
import { assertAccessible, choose, chooseReference, fieldError, followMenu, save, shownValue } from '#tests/support/browser_forms'

const stored = (id: number) => db.from('incidents').where('id', id).firstOrFail()
const timelineRows = (id: number) => db.from('incident_timeline').where('incident_id', id).orderBy('id')

/** The dialogs' checks: assertAccessible waits for their fade-in (tests/support/browser_forms.ts). */
const settled = (page: Page, where: string, assert: Parameters<typeof assertAccessible>[0]) => assertAccessible(assert, page, where)

/** The workflow buttons the incident page offers, in order. */
async function offered(page: Page, group = 'Workflow') {
  const buttons = page.getByRole('group', { name: group }).getByRole('button')
  await buttons.first().waitFor()
  return buttons.allInnerTexts()
}

/** Clicks a workflow button and answers its dialog; `fill` types the command's body. */
async function command(page: Page, button: string, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>, submit = button) {
  await page.getByRole('group', { name: /Workflow|處理動作/ }).getByRole('button', { name: button, exact: true }).click()
  const dialog = page.getByRole('dialog')
  await dialog.waitFor()
  await fill?.(dialog)
  await dialog.getByRole('button', { name: submit, exact: true }).click()
  return dialog
}

async function statusShown(page: Page, status: string) {
  await page.getByRole('dialog').waitFor({ state: 'detached' })
  await shownValue(page, 'Status').getByText(status, { exact: true }).waitFor()
}

/** The timeline's entries as shown, top to bottom. */
function timelineItems(page: Page, heading = 'Timeline') {
  return page.getByRole('list', { name: heading }).getByRole('listitem')
}

async function openIncident(session: CookieSession, agencyId: number, fields: Record<string, unknown> = {}) {
  const answer = await session.request('POST', '/api/incidents', {
    title: '機房電力異常', type: 'service', priority: 'P3', agency_id: agencyId, ...fields,
  })
  if (answer.status !== 201) throw new Error(answer.text)
  return answer.json() as { id: number; number: string }
}

test.group('Incidents in a browser', (group) => {
  const browser = groupBrowser(group)

  test('a NOC operator works an incident from new to closed with its buttons; the timeline tells each step', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const title = `上連線路中斷 ${ministry.code}`
    await signedIn(browser(), assert, noc, async (page) => {
      await followMenu(page, 'Incidents')
      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.getByRole('textbox', { name: /^Title/ }).fill(title)
      await chooseReference(page, /^Agency/, ministry.name)
      // The form has the descriptive fields only: the workflow is the page's buttons.
      assert.equal(await page.getByRole('combobox', { name: /^Status/ }).count(), 0)
      await save(page)
      await page.waitForURL(/#\/incidents\/\d+\/show$/)
      const id = Number(page.url().match(/incidents\/(\d+)\/show/)![1])
      await shownValue(page, 'Status').getByText('New', { exact: true }).waitFor()

      assert.deepEqual(await offered(page), ['ASSIGN', 'START WORK', 'RESOLVE', 'CANCEL INCIDENT'])
      await assertAccessible(assert, page, 'the incident page')

      // NOC may not list users: the dialog offers the operator themself.
      await page.getByRole('button', { name: 'Assign', exact: true }).click()
      await page.getByRole('dialog', { name: /^Assign: INC-/ }).waitFor()
      await settled(page, 'the assign dialog', assert)
      await page.getByRole('dialog').getByRole('button', { name: 'Assign to me' }).click()
      await statusShown(page, 'Assigned')
      assert.include(await shownValue(page, 'Assignee').innerText(), 'Test noc')
      assert.deepEqual([(await stored(id)).status, (await stored(id)).assignee_id], ['assigned', noc.id])

      await command(page, 'Start work')
      await statusShown(page, 'In progress')
      assert.deepEqual(await offered(page), ['ASSIGN', 'PUT ON HOLD', 'RESOLVE'])

      const hold = await command(page, 'Put on hold', async (dialog) => {
        await settled(page, 'the hold dialog', assert)
        await choose(page, /^Waiting for/, 'A supplier')
        await dialog.getByRole('textbox', { name: /^Note/ }).fill('等候中華電信更換光纖')
      })
      await hold.waitFor({ state: 'detached' })
      await statusShown(page, 'On hold')
      // Newest first: the hold is on top, in the reader's words, with the note under it.
      const top = timelineItems(page).first()
      await top.getByText('On hold, waiting for a supplier').waitFor()
      assert.include(await top.innerText(), '等候中華電信更換光纖')
      assert.include(await top.innerText(), 'Test noc')
      assert.deepEqual(await offered(page), ['ASSIGN', 'RESUME', 'RESOLVE'])
      for (const absent of ['Put on hold', 'Close', 'Reopen', 'Cancel incident', 'Start work']) {
        assert.equal(await page.getByRole('button', { name: absent, exact: true }).count(), 0, absent)
      }

      // Times are Taipei time whatever the browser's zone.
      const holdRow = (await timelineRows(id)).find((r) => r.to_status === 'on_hold')!
      const taipei = DateTime.fromJSDate(new Date(holdRow.at), { zone: 'Asia/Taipei' }).toFormat('HH:mm')
      assert.include(await top.locator('time').innerText(), taipei)

      await command(page, 'Resume')
      await statusShown(page, 'In progress')

      // A work log: a note with the minutes it took.
      await page.getByRole('textbox', { name: /^Note/ }).fill('更換台北節點光模組')
      const minutes = page.getByRole('spinbutton', { name: /^Minutes spent/ })
      await minutes.fill('2000')
      // More than a day is refused on the field before anything is sent (the API's limit too).
      await page.getByRole('button', { name: 'Add note' }).click()
      assert.equal(await fieldError(page, minutes), 'Must be 1440 or less')
      await minutes.fill('45')
      await page.getByRole('button', { name: 'Add note' }).click()
      await timelineItems(page).first().getByText('45 minutes spent').waitFor()
      assert.include(await timelineItems(page).first().innerText(), 'Work log')

      // The resolution is required before anything is sent.
      const resolving = await command(page, 'Resolve')
      await resolving.getByText('Required').waitFor()
      assert.equal((await stored(id)).status, 'in_progress')
      await resolving.getByRole('textbox', { name: /^How it was resolved/ }).fill('更換光模組後恢復')
      await resolving.getByRole('button', { name: 'Resolve', exact: true }).click()
      await statusShown(page, 'Resolved')
      assert.include(await shownValue(page, 'Resolution').innerText(), '更換光模組後恢復')
      assert.deepEqual(await offered(page), ['CLOSE', 'REOPEN'])

      await command(page, 'Close')
      await statusShown(page, 'Closed')
      assert.equal(await page.getByRole('group', { name: 'Workflow' }).getByRole('button').count(), 0)
      const closedAt = DateTime.fromJSDate(new Date((await stored(id)).closed_at), { zone: 'Asia/Taipei' })
      // Written as English readers' dates are, to the minute in Taipei time (ui/src/common/taipei_time.ts).
      assert.include(await shownValue(page, 'Closed').innerText(), closedAt.toFormat('yyyy-MM-dd HH:mm'))
      await page.screenshot({ path: 'tmp/ui-incident-closed.png', fullPage: true })

      const rows = await timelineRows(id)
      assert.deepEqual(
        rows.map((r) => [r.kind, r.to_status]),
        // Opening routes the incident to its region's team (an 'assigned' entry of the system's), then the operator takes it.
        [['opened', 'new'], ['assigned', null], ['assigned', null], ['moved', 'assigned'], ['moved', 'in_progress'], ['moved', 'on_hold'],
          ['moved', 'in_progress'], ['worklog', null], ['moved', 'resolved'], ['moved', 'closed']]
      )
      assert.equal(await timelineItems(page).count(), rows.length)

      // Switched to oldest first, the opening is on top; the choice stays for the next page.
      await page.getByRole('button', { name: 'Oldest first' }).click()
      assert.include(await timelineItems(page).first().innerText(), 'Incident opened')

      // The edit form no longer carries the workflow's fields.
      await page.getByRole('link', { name: 'Edit', exact: true }).click()
      await page.getByRole('textbox', { name: /^Title/ }).waitFor()
      for (const gone of [/^Status/, /^Assignee/]) assert.equal(await page.getByRole('combobox', { name: gone }).count(), 0)
      assert.equal(await page.getByRole('textbox', { name: /^Resolution/ }).count(), 0)
      // Saving the descriptive fields leaves the workflow's where it is.
      await page.getByRole('textbox', { name: /^Title/ }).fill(`${title}（已更換光模組）`)
      const [saved] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'PUT'), save(page)])
      assert.equal(saved.status(), 200)
      const edited = await stored(id)
      assert.deepEqual([edited.title, edited.status, edited.assignee_id], [`${title}（已更換光模組）`, 'closed', noc.id])
    })
  })

  test("a move the incident no longer offers (a colleague resolved it) shows the API's 422 in the dialog", async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const colleague = new CookieSession()
    await colleague.logIn((await makeUser('noc')).email, TEST_PASSWORD)
    const incident = await openIncident(colleague, ministry.id)
    assert.equal((await colleague.request('POST', `/api/incidents/${incident.id}/start`, {})).status, 200)
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/incidents/${incident.id}/show`)
      await shownValue(page, 'Status').getByText('In progress', { exact: true }).waitFor()
      const resolved = await colleague.request('POST', `/api/incidents/${incident.id}/resolve`, { resolution: '市電恢復' })
      assert.equal(resolved.status, 200, resolved.text)

      const dialog = await command(page, 'Put on hold', async () => choose(page, /^Waiting for/, 'The requester'))
      await dialog.getByRole('alert').getByText('an incident that is resolved cannot be given "hold" (it offers: close, reopen)').waitFor()
      await settled(page, 'the hold dialog showing a refusal', assert)
      assert.equal((await stored(incident.id)).status, 'resolved')
      // Leaving the dialog reloads nothing by itself; the page still reads as it was.
      await dialog.getByRole('button', { name: 'Cancel', exact: true }).click()
      await dialog.waitFor({ state: 'detached' })
    }, { errors: 'allowed' })
  })

  test('a NOC operator cannot take a security incident: the 403 is said in the dialog and nothing changes', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const analyst = new CookieSession()
    await analyst.logIn((await makeUser('analyst')).email, TEST_PASSWORD)
    const incident = await openIncident(analyst, ministry.id, { title: '疑似勒索軟體', type: 'security', priority: 'P1' })
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/incidents/${incident.id}/show`)
      await page.getByRole('button', { name: 'Assign', exact: true }).click()
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('dialog').getByRole('button', { name: 'Assign to me' }).click(),
      ])
      assert.equal(refused.status(), 403)
      await page.getByRole('dialog').getByRole('alert').getByText('role noc does not handle security incidents').waitFor()
      const kept = await stored(incident.id)
      assert.deepEqual([kept.status, kept.assignee_id], ['new', null])
    }, { errors: 'allowed' })
  })

  test('a NOC operator hands an incident to a colleague by name, from the accounts the incident may go to', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const colleague = await makeUser('noc')
    const auditor = await makeUser('auditor')
    const session = new CookieSession()
    await session.logIn(noc.email, TEST_PASSWORD)
    const incident = await openIncident(session, ministry.id)
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/incidents/${incident.id}/show`)
      await page.getByRole('button', { name: 'Assign', exact: true }).click()
      const dialog = page.getByRole('dialog')
      // An auditor only reads incidents: the API does not offer one.
      const field = dialog.getByRole('combobox', { name: /^Assign to/ })
      await field.fill(auditor.email)
      await page.getByText(/^No (options|results)/i).first().waitFor()
      assert.equal(await page.getByRole('option', { name: new RegExp(auditor.email) }).count(), 0)

      await chooseReference(page, /^Assign to/, colleague.email, new RegExp(colleague.email))
      await dialog.getByRole('textbox', { name: /^Note/ }).fill('請北區值班處理')
      await dialog.getByRole('button', { name: 'Assign', exact: true }).click()
      await statusShown(page, 'Assigned')
      assert.include(await shownValue(page, 'Assignee').innerText(), 'Test noc')
      assert.equal((await stored(incident.id)).assignee_id, colleague.id)
      // The note goes onto the timeline beside the assignment.
      await timelineItems(page).filter({ hasText: '請北區值班處理' }).waitFor()
    })
  })

  test("a zh-TW reader sees the timeline's system text, the buttons and the dialog in Chinese", async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const reader = await makeUser('noc')
    await db.from('users').where('id', reader.id).update({ locale: 'zh-TW' })
    const colleague = new CookieSession()
    await colleague.logIn((await makeUser('noc')).email, TEST_PASSWORD)
    const incident = await openIncident(colleague, ministry.id)
    for (const [move, body] of [['start', {}], ['hold', { reason: 'supplier', note: 'waiting for the carrier' }]] as const) {
      assert.equal((await colleague.request('POST', `/api/incidents/${incident.id}/${move}`, body)).status, 200)
    }
    await signedIn(browser(), assert, reader, async (page) => {
      await page.goto(`/#/incidents/${incident.id}/show`)
      const items = timelineItems(page, '處理歷程')
      await items.first().getByText('暫停處理：等待廠商').waitFor()
      // What a person wrote stays as written.
      assert.include(await items.first().innerText(), 'waiting for the carrier')
      assert.include(await items.last().innerText(), '開立事件單')
      assert.deepEqual(await offered(page, '處理動作'), ['指派', '恢復處理', '解決'])
      await command(page, '恢復處理', async () => settled(page, 'a dialog in Chinese', assert), '恢復處理')
      await shownValue(page, '狀態').getByText('處理中', { exact: true }).waitFor()
      await page.screenshot({ path: 'tmp/ui-incident-zh-TW.png', fullPage: true })
    }, { locale: 'zh-TW' })
  })

  test('the list shows assignee and age; My queue holds only what is open and assigned to me', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const me = new CookieSession()
    await me.logIn(noc.email, TEST_PASSWORD)
    // The SLA column shows when the page's incidents run a clock: service P3 gets a policy if none has one yet.
    const admin = new CookieSession()
    await admin.logIn((await makeUser('admin')).email, TEST_PASSWORD)
    const policy = await admin.request('POST', '/api/sla_policies', { type: 'service', priority: 'P3', respond_minutes: 240, resolve_minutes: 1620, calendar: 'business' })
    assert.oneOf(policy.status, [201, 422], policy.text)
    const mine = await openIncident(me, ministry.id, { title: `我的待辦 ${ministry.code}`, assignee_id: noc.id })
    const sooner = await openIncident(me, ministry.id, { title: `即將逾期 ${ministry.code}`, assignee_id: noc.id })
    const later = await openIncident(me, ministry.id, { title: `較晚到期 ${ministry.code}`, assignee_id: noc.id })
    const held = await openIncident(me, ministry.id, { title: `等候廠商 ${ministry.code}`, assignee_id: noc.id })
    assert.equal((await me.request('POST', `/api/incidents/${held.id}/hold`, { reason: 'supplier' })).status, 200)
    const done = await openIncident(me, ministry.id, { title: `已解決 ${ministry.code}`, assignee_id: noc.id })
    assert.equal((await me.request('POST', `/api/incidents/${done.id}/resolve`, { resolution: '已修復' })).status, 200)
    // The stored next breach the queue sorts by, set apart so the order cannot come from opening.
    const inMinutes = (m: number) => new Date(Date.now() + m * 60_000)
    await db.from('incidents').where('id', sooner.id).update({ sla_due_at: inMinutes(20) })
    await db.from('incidents').where('id', mine.id).update({ sla_due_at: inMinutes(300) })
    await db.from('incidents').where('id', later.id).update({ sla_due_at: inMinutes(600) })
    assert.include(await stored(held.id), { sla_paused: true, sla_due_at: null })
    const nobodys = await openIncident(me, ministry.id, { title: `無人處理 ${ministry.code}` })
    await signedIn(browser(), assert, noc, async (page) => {
      await followMenu(page, 'Incidents', { exact: true })
      const row = page.getByRole('row').filter({ hasText: mine.number })
      await row.waitFor()
      const headers = (await page.getByRole('columnheader').allInnerTexts()).map((h) => h.trim()).filter(Boolean)
      assert.deepEqual(headers, ['Number', 'Title', 'Priority', 'Status', 'Agency', 'Assignee', 'Age', 'SLA'])
      assert.include(await row.innerText(), 'Test noc')
      assert.match(await row.innerText(), /sec\. ago|min\. ago|now/)
      // Newest first.
      const numbers = await page.getByRole('row').filter({ hasText: ministry.code }).allInnerTexts()
      assert.match(numbers[0], new RegExp(nobodys.number))
      await assertAccessible(assert, page, 'the incident list')

      await page.getByRole('menuitem', { name: 'My queue' }).click()
      await page.getByRole('row').filter({ hasText: mine.number }).waitFor()
      await page.getByRole('row').filter({ hasText: nobodys.number }).waitFor({ state: 'detached' })
      assert.equal(await page.getByRole('row').filter({ hasText: done.number }).count(), 0)
      assert.equal(await page.getByRole('row').filter({ hasText: nobodys.number }).count(), 0)
      // Nearest breach first, the held one (its clock paused) last, as a group's queue.
      const queued = (await page.locator('tbody tr').allInnerTexts()).map((text) => text.match(/INC-[\w-]+/)?.[0] ?? text)
      assert.deepEqual(queued, [sooner.number, mine.number, later.number, held.number])
      // The queues' meter, named in words: the held one paused, the others counting.
      assert.equal(await page.getByRole('meter', { name: /time used/ }).count(), 4)
      const meterOf = (number: string) => page.locator('tbody tr').filter({ hasText: number }).getByRole('meter')
      assert.equal(await meterOf(held.number).getAttribute('data-sla-state'), 'paused')
      assert.match((await meterOf(held.number).getAttribute('aria-label'))!, /^Resolve: paused/)
      assert.equal(await meterOf(sooner.number).getAttribute('data-sla-state'), 'running')
      await assertAccessible(assert, page, 'my queue')
    })
  })

  test("impact and urgency on the form rank the incident by the priority matrix; its page shows them and its group", async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const title = `機房空調異常 ${ministry.code}`
    // The matrix as an admin keeps it: the form's own default (P3) must not be what is stored.
    const cell = await db.from('priority_matrix').where({ impact: 'medium', urgency: 'high' }).firstOrFail()
    assert.notEqual(cell.priority, 'P3')
    let id = 0
    await signedIn(browser(), assert, noc, async (page) => {
      await followMenu(page, 'Incidents')
      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.getByRole('textbox', { name: /^Title/ }).fill(title)
      await chooseReference(page, /^Agency/, ministry.name)
      await choose(page, /^Impact/, 'Medium (one agency)')
      assert.equal(await page.getByRole('combobox', { name: /^Priority/ }).count(), 1, 'with impact alone the priority is still typed')
      await choose(page, /^Urgency/, 'High (stopped now)')
      await page.getByText('Priority: set from impact and urgency by the priority matrix.').waitFor()
      assert.equal(await page.getByRole('combobox', { name: /^Priority/ }).count(), 0)
      await assertAccessible(assert, page, 'the incident form with impact and urgency')
      await save(page)
      await page.waitForURL(/#\/incidents\/\d+\/show$/)
      id = Number(page.url().match(/incidents\/(\d+)\/show/)![1])
      const row = await stored(id)
      assert.deepEqual([row.impact, row.urgency, row.priority], ['medium', 'high', cell.priority])
      const group = await db.from('assignment_groups').where('id', row.group_id).firstOrFail()
      await shownValue(page, 'Priority').getByText(new RegExp(`^${cell.priority} `)).waitFor()
      assert.equal((await shownValue(page, 'Impact').innerText()).replace('Impact', '').trim(), 'Medium (one agency)')
      assert.equal((await shownValue(page, 'Urgency').innerText()).replace('Urgency', '').trim(), 'High (stopped now)')
      assert.include(await shownValue(page, 'Assignment group').innerText(), group.name_en ?? group.name)
      await assertAccessible(assert, page, 'the incident page with its triage')
    })
    // The console speaks the account's language.
    await db.from('users').where('id', noc.id).update({ locale: 'zh-TW' })
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/incidents/${id}/show`)
      await shownValue(page, '影響範圍').getByText('中（單一機關）').waitFor()
      await shownValue(page, '緊急程度').getByText('高（已中斷）').waitFor()
      const group = await db.from('assignment_groups').join('incidents', 'incidents.group_id', 'assignment_groups.id').where('incidents.id', id).select('assignment_groups.name').firstOrFail()
      await shownValue(page, '處理群組').getByText(group.name).waitFor()
    }, { locale: 'zh-TW' })
  })
})
