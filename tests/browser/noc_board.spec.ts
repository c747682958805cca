import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Page } from 'playwright-core'
import type { Worker } from 'bullmq'
import { alarmService } from '#app/monitoring/alarm_service'
import type { Observation } from '#app/monitoring/link_health/link_state'
import { recordSamples } from '#app/samples/record_samples'
import { startNotificationWorker } from '#app/notifications/worker'
import { eventHub } from '#app/notifications/event_hub'
import { queue } from '#app/platform/queues'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { makeDevice, makeLink } from '#tests/functional/monitoring/support'
import { groupBrowser, signedIn } from '#tests/support/browser'
import { assertAccessible, followMenu } from '#tests/support/browser_forms'

/**
 * The NOC screens in Chromium against the real server, database, Redis and notification worker:
 * link states come from the alarm service (observe), traffic from recordSamples, and the board
 * hears of a link going down through the server-sent events that the worker publishes.
 */

const MINUTE = 60_000

const seen = (link: { id: number }, at: Date, attrs: Partial<Observation> = {}): Observation => ({
  linkId: link.id,
  at,
  reachable: true,
  operStatus: 'up',
  adminStatus: 'up',
  inUtil: 0.3,
  outUtil: 0.2,
  errorRate: 0,
  ...attrs,
})
const down = (link: { id: number }, at: Date) => seen(link, at, { operStatus: 'down', inUtil: null, outUtil: null })

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** The number a count box of the board shows. */
async function countOf(page: Page, key: string) {
  return Number(await page.getByTestId(`count-${key}`).locator('[data-value]').getAttribute('data-value'))
}

function row(page: Page, link: { id: number }) {
  return page.locator(`[data-testid=link-states] tr[data-link-id="${link.id}"]`)
}

async function chipColour(page: Page, link: { id: number }) {
  return row(page, link)
    .locator('.MuiChip-root[data-look]')
    .evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor)
}

/** A ministry with two devices (north and south) and six links in every state the board draws. */
async function seedMinistry() {
  const { ministry, child } = await makeAgencyTree()
  const north = await makeDevice(ministry.id, { region: 'north' })
  const south = await makeDevice(ministry.id, { region: 'south' })
  const uplink = await makeLink(ministry.id, { kind: 'uplink', deviceId: north.id })
  const folded = await makeLink(child.id, { deviceId: north.id, consolidatedIntoId: uplink.id })
  const congested = await makeLink(child.id, { deviceId: south.id })
  const broken = await makeLink(child.id, { deviceId: south.id })
  const healthy = await makeLink(ministry.id, { deviceId: south.id })
  const unpolled = await makeLink(child.id)
  const t0 = new Date(Date.now() - 10 * MINUTE)
  await alarmService.observe([
    seen(uplink, t0, { inUtil: 0.42, outUtil: 0.3 }),
    seen(folded, t0),
    seen(congested, t0, { inUtil: 0.93 }),
    down(broken, t0),
    seen(healthy, t0),
  ])
  // Above 80% for six minutes: degraded (the rule wants five).
  for (const m of [3, 6]) await alarmService.observe([seen(congested, new Date(t0.getTime() + m * MINUTE), { inUtil: 0.93 })])
  return { ministry, child, north, south, uplink, folded, congested, broken, healthy, unpolled }
}

test.group('NOC screens in a browser', (group) => {
  let worker: Worker
  const browser = groupBrowser(group)

  group.setup(async () => {
    // Announcements left on this Redis database by an earlier run name links of another database.
    await queue('notifications').obliterate({ force: true })
    worker = startNotificationWorker({ concurrency: 4 })
    await worker.waitUntilReady()
    return async () => {
      await worker.close()
      await eventHub.close()
    }
  })

  test('the board counts links by state, shows a down link in red and updates itself when another goes down', async ({ assert }) => {
    const m = await seedMinistry()
    const noc = await makeUser('noc')
    await signedIn(browser(), assert, noc, async (page) => {
      // The board is the network operators' first menu entry.
      const first = page.getByRole('menuitem').first()
      assert.equal((await first.innerText()).trim(), 'NOC board')
      await first.click()
      await page.waitForURL(/#\/noc/)

      // Unfiltered, the board counts every line that is not decommissioned.
      const [{ n }] = await db.from('links').whereNot('status', 'decommissioned').count('* as n')
      await waitUntil('the total of all links', async () => (await countOf(page, 'total')) === Number(n))
      // Beside the counts, whether the pollers keep up; overdue devices are shown in red.
      const [{ n: pollable }] = await db.from('devices').whereNotNull('snmp_credentials').count('* as n')
      const polling = (key: string) => page.getByTestId(`polling-${key}`)
      await waitUntil('the polling line', async () => Number(await polling('devices').getAttribute('data-value')) === Number(pollable))
      const overdue = Number(await polling('overdue').getAttribute('data-value'))
      const overdueColour = await polling('overdue').evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor)
      assert.equal(overdueColour === 'rgb(211, 47, 47)', overdue > 0)

      // The ministry's own board, as a wall screen would be set up by its address.
      await page.goto(`/#/noc?agency=${m.ministry.id}`)
      await waitUntil('the ministry total', async () => (await countOf(page, 'total')) === 6)
      assert.equal(await countOf(page, 'up'), 3)
      assert.equal(await countOf(page, 'degraded'), 1)
      assert.equal(await countOf(page, 'down'), 1)
      assert.equal(await countOf(page, 'unknown'), 1)
      await row(page, m.broken).waitFor()
      assert.equal(await row(page, m.broken).getAttribute('data-look'), 'down')
      assert.equal(await chipColour(page, m.broken), 'rgb(211, 47, 47)')
      assert.equal(await row(page, m.congested).getAttribute('data-look'), 'degraded')
      assert.equal(await row(page, m.unpolled).getAttribute('data-look'), 'unknown')
      // Faults first: the down link heads the table.
      assert.equal(await page.locator('[data-testid=link-states] tbody tr').first().getAttribute('data-link-id'), String(m.broken.id))
      // Tiles take their worst link's colour; the uplink has a tile of its own.
      assert.equal(await page.getByTestId('region-south').getAttribute('data-worst'), 'down')
      assert.equal(await page.getByTestId('region-north').getAttribute('data-worst'), 'unknown')
      assert.equal(await page.getByTestId(`ministry-${m.ministry.id}`).getAttribute('data-worst'), 'down')
      assert.equal(await page.getByTestId(`uplink-${m.uplink.id}`).getAttribute('data-look'), 'up')
      await page.screenshot({ path: 'tmp/noc-board-en.png', fullPage: true })
      await assertAccessible(assert, page, 'the NOC board')

      // Subscribed to the events before anything changes; a reload would lose the marker.
      await page.locator('[data-testid=live-status][data-status=live]').waitFor()
      await page.evaluate(() => ((globalThis as any).__boardMarker = 'still here'))
      const report = await alarmService.observe([down(m.healthy, new Date())])
      assert.equal(report.changes, 1)

      // The safety-net refresh comes every 60 s; this must be the event, within seconds.
      await waitUntil('the board to show two down links', async () => (await countOf(page, 'down')) === 2, 15_000)
      // Red once the chip's colour transition has run.
      await waitUntil('the row to turn red', async () => (await chipColour(page, m.healthy)) === 'rgb(211, 47, 47)')
      assert.equal(await row(page, m.healthy).getAttribute('data-look'), 'down')
      assert.equal(await countOf(page, 'up'), 2)
      assert.isAbove(Number(await page.getByTestId('live-status').getAttribute('data-received')), 0)
      assert.equal(await page.evaluate(() => (globalThis as any).__boardMarker), 'still here')
      const incident = await db.from('link_states').where('link_id', m.healthy.id).select('open_incident_id').first()
      assert.isNotNull(incident.open_incident_id)
      await row(page, m.healthy).getByRole('link', { name: /^INC-/ }).waitFor()
      await page.screenshot({ path: 'tmp/noc-board-live.png', fullPage: true })

      // Clicking a count lists just those links.
      await page.getByTestId('count-down').click()
      await waitUntil('only down links listed', async () => (await page.locator('[data-testid=link-states] tbody tr[data-link-id]').count()) === 2)
      assert.match(page.url(), /look=down/)
    })
  })

  test('the wall screen fills the screen without the console chrome and lists the faults', async ({ assert }) => {
    const m = await seedMinistry()
    const noc = await makeUser('noc')
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/noc?wall=1&agency=${m.ministry.id}`)
      await page.getByTestId('wall-screen').waitFor()
      await waitUntil('the faults', async () => (await page.locator('[data-testid=link-states] tbody tr[data-link-id]').count()) === 3)
      // Down, degraded and unknown are faults; the link shut on purpose or up are not.
      const listed = await page.locator('[data-testid=link-states] tbody tr[data-link-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-look')))
      assert.deepEqual(listed, ['down', 'degraded', 'unknown'])
      // Nothing of the console shows: the top-left corner is the wall screen's, not the app bar's.
      const onTop = await page.evaluate(() => Boolean((globalThis as any).document.elementFromPoint(5, 5)?.closest('[data-testid=wall-screen]')))
      assert.isTrue(onTop)
      await page.screenshot({ path: 'tmp/noc-wall.png' })
      await assertAccessible(assert, page, 'the wall screen')
      await page.getByRole('button', { name: 'Leave wall screen' }).click()
      await page.getByRole('menuitem', { name: 'Links' }).waitFor()
    })
  })

  test('the link page charts traffic with the API 95th percentile, its state history and its incidents', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const device = await makeDevice(ministry.id)
    const link = await makeLink(ministry.id, { kind: 'uplink', deviceId: device.id })
    const noc = await makeUser('noc')

    // Two hours of one-minute samples, constant within each 5-minute bucket: bucket j (1 = the
    // latest complete one) carries j × 10 Mbit/s in and j × 5 out. 24 buckets: the nearest-rank
    // 95th percentile drops the top one (floor(0.05 × 24) = 1), so 230 and 115 Mbit/s.
    const FIVE = 5 * MINUTE
    const lastBucket = Math.floor(Date.now() / FIVE) * FIVE
    const samples = []
    for (let j = 1; j <= 24; j++) {
      for (let k = 0; k < 5; k++) {
        samples.push({
          link_id: link.id,
          at: new Date(lastBucket - j * FIVE + k * MINUTE),
          in_bps: j * 10e6,
          out_bps: j * 5e6,
          in_util: (j * 10e6) / 10e9,
          out_util: (j * 5e6) / 10e9,
          in_errors_ps: j === 3 ? 2 : 0,
          out_errors_ps: 0,
          in_discards_ps: 0,
          out_discards_ps: 0,
          oper_status: 'up' as const,
        })
      }
    }
    const written = await recordSamples(samples)
    assert.equal(written.written, 120)
    assert.deepEqual(written.rejected, [])

    const t0 = new Date(Date.now() - 30 * MINUTE)
    await alarmService.observe([seen(link, t0)])
    await alarmService.observe([down(link, new Date(t0.getTime() + 5 * MINUTE))])
    const [incident] = await db
      .from('incidents as i')
      .join('incident_items as it', 'it.incident_id', 'i.id')
      .where({ 'it.item_type': 'link', 'it.item_id': link.id })
      .select('i.number')

    await signedIn(browser(), assert, noc, async (page) => {
      const api = await (await page.request.get(`/api/links/${link.id}/traffic?range=24h`)).json()
      assert.equal(api.p95_in, 230e6)
      assert.equal(api.p95_out, 115e6)

      await page.goto(`/#/links/${link.id}/show`)
      const summary = page.getByTestId('p95-summary')
      await summary.waitFor()
      assert.include(await summary.innerText(), 'in 230 Mbps, out 115 Mbps')
      assert.include(await summary.innerText(), 'from 24 5-minute samples')
      const traffic = page.getByTestId('chart-traffic')
      const lines = traffic.locator('.MuiChartsReferenceLine-root')
      await waitUntil('two 95th percentile lines', async () => (await lines.count()) === 2)
      assert.include(await traffic.innerText(), '95th percentile in 230 Mbps')
      assert.include(await traffic.innerText(), '95th percentile out 115 Mbps')
      // The lines are drawn at the API's values: above the time axis (the chart's zero), the in
      // line stands twice as high as the out line (230 against 115 Mbit/s).
      const zeroY = await traffic.locator('[class*=directionX] .MuiChartsAxis-line').first().evaluate((el) => el.getBoundingClientRect().top)
      const ys = await lines.locator('path').evaluateAll((paths) => paths.map((p) => p.getBoundingClientRect().top))
      assert.closeTo((zeroY - ys[0]) / (zeroY - ys[1]), 2, 0.05)
      await page.getByTestId('chart-utilisation').locator('svg').first().waitFor()
      await page.getByTestId('chart-errors').locator('svg').first().waitFor()

      // Its state now, how it got there, and the incident that names it.
      assert.equal(await page.getByTestId('link-look').getAttribute('data-look'), 'down')
      const history = page.getByTestId('state-history')
      await history.locator('tbody tr').nth(1).waitFor()
      assert.deepEqual(await history.locator('tbody tr').first().locator('[data-look]').evaluateAll((els) => els.map((e) => e.getAttribute('data-look'))), ['up', 'down'])
      await page.getByTestId('link-incidents').getByRole('link', { name: incident.number }).waitFor()
      await page.screenshot({ path: 'tmp/noc-link-en.png', fullPage: true })
      await assertAccessible(assert, page, 'the link page')

      // The 1 h range reads the raw polls.
      await page.getByRole('tab', { name: '1 h' }).click()
      await page.getByText(/^Every poll/).waitFor()

      // The same page in Traditional Chinese.
      await page.getByRole('button', { name: /^English/ }).click()
      await page.getByRole('menuitem', { name: '繁體中文' }).click()
      await page.getByText('目前狀態').waitFor()
      await page.getByRole('tab', { name: '24 小時' }).click()
      await waitUntil('the Chinese 95th percentile', async () => (await page.getByTestId('p95-summary').innerText()).startsWith('第95百分位：流入 230 Mbps，流出 115 Mbps'))
      await page.getByTestId('chart-traffic').getByText('第95百分位 流入 230 Mbps').waitFor()
      await page.getByTestId('link-look').getByText('中斷').waitFor()
      await page.screenshot({ path: 'tmp/noc-link-zh-TW.png', fullPage: true })
    })
  })

  test('in 繁體中文 the board speaks Taiwan Chinese', async ({ assert }) => {
    const m = await seedMinistry()
    const noc = await makeUser('noc')
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/noc?agency=${m.ministry.id}`)
      await waitUntil('the ministry total', async () => (await countOf(page, 'total')) === 6)
      await page.getByRole('button', { name: /^English/ }).click()
      await page.getByRole('menuitem', { name: '繁體中文' }).click()
      await page.getByRole('heading', { name: '網路維運看板', level: 1 }).waitFor()
      assert.isTrue(await page.getByRole('menuitem', { name: '網路維運看板' }).isVisible())
      for (const [key, label] of [['down', '中斷'], ['degraded', '劣化'], ['up', '正常'], ['unknown', '未知'], ['suppressed', '告警抑制'], ['maintenance', '維護中']]) {
        assert.include(await page.getByTestId(`count-${key}`).innerText(), label)
      }
      await row(page, m.broken).getByText('中斷', { exact: true }).waitFor()
      assert.include(await page.getByTestId('polling-health').innerText(), '輪詢狀態')
      assert.match(await page.getByTestId('polling-devices').innerText(), /台設備$/)
      assert.include(await page.getByTestId('region-south').innerText(), '南區')
      assert.include(await page.locator('[data-testid=link-states] thead').innerText(), '頻寬使用率')
      await page.screenshot({ path: 'tmp/noc-board-zh-TW.png', fullPage: true })
      await assertAccessible(assert, page, 'the NOC board in 繁體中文')
    })
  })

  test('a NOC operator opens a maintenance window; the board then shows its link in maintenance, and an auditor may only read', async ({ assert }) => {
    const m = await seedMinistry()
    const noc = await makeUser('noc')
    const auditor = await makeUser('auditor')
    // Taipei time in the browser: the form's local times must reach the API as the right instants.
    await signedIn(browser(), assert, noc, async (page) => {
      await followMenu(page, 'Maintenance windows')
      await page.getByRole('link', { name: 'Create', exact: true }).click()
      const title = `Fibre splice ${m.healthy.circuit_id}`
      await page.getByRole('textbox', { name: /^Title/ }).fill(title)
      const start = new Date(Date.now() - 30 * MINUTE)
      const end = new Date(Date.now() + 90 * MINUTE)
      const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16)
      await page.getByLabel(/^Starts/).fill(local(start))
      await page.getByLabel(/^Ends/).fill(local(end))
      await page.getByRole('textbox', { name: /^Reason/ }).fill('Chunghwa Telecom splices the south trunk')
      await page.getByRole('combobox', { name: /^Agency/ }).fill(m.ministry.code)
      await page.getByRole('option', { name: new RegExp(m.ministry.code) }).click()
      await page.getByRole('button', { name: 'Add' }).click()
      await page.getByRole('combobox', { name: /^Kind/ }).click()
      await page.getByRole('option', { name: 'Link' }).click()
      await page.getByRole('combobox', { name: /^Link or device/ }).fill(m.healthy.circuit_id)
      await page.getByRole('option', { name: new RegExp(m.healthy.circuit_id) }).click()
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page.waitForURL(/#\/maintenance_windows\/\d+\/show/)
      await page.getByTestId('window-items').getByText(m.healthy.circuit_id, { exact: false }).waitFor()

      const stored = await db.from('maintenance_windows').where('title', title).firstOrFail()
      // Minutes only: the form has no seconds.
      assert.equal(new Date(stored.starts_at).getTime(), Math.floor(start.getTime() / MINUTE) * MINUTE)
      assert.equal(new Date(stored.ends_at).getTime(), Math.floor(end.getTime() / MINUTE) * MINUTE)
      assert.equal(stored.agency_id, m.ministry.id)
      const items = await db.from('maintenance_window_items').where('window_id', stored.id).select('item_type', 'item_id')
      assert.deepEqual(items, [{ item_type: 'link', item_id: m.healthy.id }])
      await page.screenshot({ path: 'tmp/noc-maintenance-window.png', fullPage: true })

      // The link goes down inside the window: drawn as maintenance (blue), not as a fault.
      await alarmService.observe([down(m.healthy, new Date())])
      await page.goto(`/#/noc?agency=${m.ministry.id}`)
      await waitUntil('the link in maintenance', async () => (await countOf(page, 'maintenance')) === 1)
      assert.equal(await countOf(page, 'down'), 1)
      assert.equal(await row(page, m.healthy).getAttribute('data-look'), 'maintenance')
      await waitUntil('the row to turn blue', async () => (await chipColour(page, m.healthy)) === 'rgb(21, 101, 192)')
      await row(page, m.healthy).getByRole('link', { name: `maintenance window #${stored.id}` }).waitFor()
    }, { timezoneId: 'Asia/Taipei' })

    await signedIn(browser(), assert, auditor, async (page) => {
      await followMenu(page, 'Maintenance windows')
      await page.locator('tbody tr').first().waitFor()
      assert.equal(await page.getByRole('link', { name: 'Create', exact: true }).count(), 0)
      // The auditor's menu starts with the overview and has the board.
      const entries = (await page.getByRole('menuitem').allInnerTexts()).map((e) => e.trim())
      assert.equal(entries[0], 'Overview')
      assert.include(entries, 'NOC board')
    }, { errors: 'allowed' })
  })

  test("an agency liaison's board and link pages keep to their agency", async ({ assert }) => {
    const m = await seedMinistry()
    const { ministry: foreign } = await makeAgencyTree()
    const theirs = await makeLink(foreign.id)
    await alarmService.observe([down(theirs, new Date())])
    const liaison = await makeUser('agency_liaison', m.ministry.id)
    await signedIn(browser(), assert, liaison, async (page) => {
      // Not a network operator: the menu starts with the overview, and the board is in it.
      const entries = (await page.getByRole('menuitem').allInnerTexts()).map((e) => e.trim())
      assert.equal(entries[0], 'Overview')
      assert.include(entries, 'NOC board')
      await page.goto('/#/noc')
      await waitUntil('their own links only', async () => (await countOf(page, 'total')) === 6)
      assert.equal(await page.getByTestId(`ministry-${foreign.id}`).count(), 0)
      const summary = await (await page.request.get('/api/link_states/summary')).json()
      assert.deepEqual([...new Set(summary.by_ministry.map((c: any) => c.ministry_id))], [m.ministry.id])
      // Incidents of their own link; the other ministry's link answers as one that does not exist.
      const own = await page.request.get(`/api/links/${m.broken.id}/incidents`)
      assert.equal(own.status(), 200)
      assert.lengthOf(await own.json(), 1)
      assert.equal((await page.request.get(`/api/links/${theirs.id}/incidents`)).status(), 404)
    })
  })

  test('the device page shows reachability and the state of the links it carries', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const device = await makeDevice(ministry.id)
    const link = await makeLink(ministry.id, { deviceId: device.id })
    const noc = await makeUser('noc')
    await alarmService.observe([seen(link, new Date(Date.now() - 5 * MINUTE))])
    for (const ago of [3, 2, 1]) {
      await alarmService.recordDevicePoll(device.id, { ok: false, error: 'Timeout: no answer from 127.0.0.9:161', at: new Date(Date.now() - ago * MINUTE) })
    }
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/devices/${device.id}/show`)
      const reachability = page.getByTestId('device-reachability')
      await reachability.waitFor()
      assert.equal(await reachability.getAttribute('data-reachable'), 'false')
      assert.equal(await reachability.innerText(), 'Unreachable')
      assert.include(await page.getByTestId('consecutive-failures').innerText(), '3 (unreachable after 2)')
      assert.include(await page.getByTestId('device-last-error').innerText(), 'Timeout: no answer from 127.0.0.9:161')
      // Its link cannot be seen and its alarm stands behind the device's.
      const iface = page.locator(`[data-testid=device-interfaces] tr[data-link-id="${link.id}"]`)
      await iface.waitFor()
      assert.equal(await iface.getAttribute('data-look'), 'suppressed')
      await page.screenshot({ path: 'tmp/noc-device-en.png', fullPage: true })
      await assertAccessible(assert, page, 'the device page')
      // The device list says the same at a glance.
      await page.goto(`/#/devices?filter=${encodeURIComponent(JSON.stringify({ agency_id: ministry.id }))}`)
      const chip = page.locator('[data-reachability]').first()
      await chip.waitFor()
      assert.equal(await chip.getAttribute('data-reachability'), 'unreachable')
      assert.equal(await chip.innerText(), 'Unreachable')
    })
  })
})
