import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Locator, Page } from 'playwright-core'
import { alarmService } from '#app/monitoring/alarm_service'
import type { Observation } from '#app/monitoring/link_health/link_state'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { makeDevice, makeLink } from '#tests/functional/monitoring/support'
import { groupBrowser, signedIn, waitUntil } from '#tests/support/browser'
import { assertAccessible, fieldError, followMenu, save } from '#tests/support/browser_forms'
import { ANALYST_LANDING, CIO_LANDING } from '../../ui/src/layout/landings.js'

/**
 * The operator's screens as people use them: where each role lands after logging in, the wall
 * screen at 1920×1080 (measured, not looked at), agencies' English names for English readers,
 * and one way of writing dates per language in lists and inputs alike.
 */

const MINUTE = 60_000
const WALL = { width: 1920, height: 1080 }

const observed = (link: { id: number }, at: Date, attrs: Partial<Observation> = {}): Observation => ({
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

/** Where a box ends on the page, right and bottom, in CSS pixels. */
async function edges(locator: Locator) {
  const box = await locator.boundingBox()
  if (!box) throw new Error(`${locator} is not on the page`)
  return { left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height }
}

/**
 * A ministry with English and Chinese names, an uplink and thirteen legacy lines down, and a
 * router that no longer answers (its own line is suppressed behind it, so only the device
 * itself can say that something is wrong there).
 */
async function seedFaults() {
  const { ministry, child } = await makeAgencyTree()
  const nameEn = `Ministry of Wall Screens ${ministry.id}`
  await db.from('agencies').where('id', ministry.id).update({ name_en: nameEn })
  await db.from('agencies').where('id', child.id).update({ name_en: `Wall Screen Agency ${child.id}` })
  const core = await makeDevice(ministry.id, { region: 'north' })
  const dead = await makeDevice(ministry.id, { region: 'south' })
  const uplink = await makeLink(ministry.id, { kind: 'uplink', deviceId: core.id })
  const broken = []
  for (let i = 0; i < 13; i++) broken.push(await makeLink(child.id, { deviceId: core.id }))
  const behind = await makeLink(child.id, { deviceId: dead.id })
  const t0 = new Date(Date.now() - 20 * MINUTE)
  await alarmService.observe([observed(uplink, t0, { inUtil: 0.42 }), observed(behind, t0), ...broken.map((l) => observed(l, t0))])
  await alarmService.observe(broken.map((l) => observed(l, new Date(t0.getTime() + 5 * MINUTE), { operStatus: 'down', inUtil: null, outUtil: null })))
  for (const ago of [3, 2, 1]) {
    await alarmService.recordDevicePoll(dead.id, { ok: false, error: 'Timeout: no answer from 127.0.0.9:161', at: new Date(Date.now() - ago * MINUTE) })
  }
  return { ministry, child, nameEn, dead, uplink, broken, behind }
}

/** The wall screen at 1920×1080 holds its whole list of faults, the dead router among them, and cuts off no column. */
async function assertWallFits(assert: any, page: Page, seeded: Awaited<ReturnType<typeof seedFaults>>, language: string) {
  await page.setViewportSize(WALL)
  await page.goto(`/#/noc?wall=1&agency=${seeded.ministry.id}`)
  const faults = page.getByTestId('wall-faults')
  const table = faults.locator('[data-testid=link-states]')
  const deviceRow = table.locator(`tr[data-device-id="${seeded.dead.id}"]`)
  await deviceRow.waitFor()
  // The device first, then the links down as far as the list goes (12 rows in all).
  await waitUntil(async () => (await table.locator('tbody tr').count()) === 12)
  assert.equal(await table.locator('tbody tr').first().getAttribute('data-device-id'), String(seeded.dead.id))
  assert.include(await deviceRow.innerText(), (await db.from('devices').where('id', seeded.dead.id).first()).hostname)
  // Its link is not listed on its own: its alarm stands behind the device's.
  assert.equal(await table.locator(`tr[data-link-id="${seeded.behind.id}"]`).count(), 0)
  // 13 links down and one device: two more than the list shows, and the list says so.
  assert.match(await faults.innerText(), language === 'en' ? /\(14\)[\s\S]*2 more faults/ : /（14）[\s\S]*另有 2 筆異常/)

  await page.screenshot({ path: `tmp/noc-wall-1080-${language}.png` })
  // All of it on the screen as it opens: nothing scrolled, the list's last row above the bottom edge.
  assert.equal(await page.getByTestId('wall-screen').evaluate((el) => el.scrollTop), 0)
  const list = await edges(faults)
  assert.isAtMost(list.bottom, WALL.height, `${language}: the faults end at ${list.bottom}px`)
  assert.isAtMost(list.right, WALL.width)
  // Every column inside the card, the last two (why, incident) included.
  const card = await edges(faults.locator('.MuiCardContent-root'))
  const headers = table.locator('thead th')
  for (let i = 0; i < (await headers.count()); i++) {
    const header = await edges(headers.nth(i))
    assert.isAtMost(header.right, card.right + 0.5, `${language}: column ${i + 1} (${await headers.nth(i).innerText()}) is cut off`)
  }
  const lastRow = await edges(table.locator('tbody tr').last())
  assert.isAtMost(lastRow.bottom, WALL.height)
  await assertAccessible(assert, page, `the wall screen in ${language}`)
}

test.group('Operator screens', (group) => {
  const browser = groupBrowser(group)

  test('each role lands on its own work after logging in', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    await db.from('agencies').where('id', ministry.id).update({ name_en: `Ministry of Landings ${ministry.id}` })
    const expected: Array<[Parameters<typeof makeUser>[0], RegExp, (page: Page) => Promise<unknown>]> = [
      ['noc', /#\/noc$/, (page) => page.getByRole('heading', { name: 'NOC board', level: 1 }).waitFor()],
      ['admin', /#\/noc$/, (page) => page.getByTestId('board-counts').waitFor()],
      ['analyst', new RegExp(`#${ANALYST_LANDING}(\\?.*)?$`), (page) => page.getByRole('heading', { level: 1, name: /^Analyst's queue/ }).waitFor()],
      ['cio', new RegExp(`#${CIO_LANDING}$`), (page) => page.getByTestId(/^programme-/).first().waitFor()],
      ['auditor', /#\/overview$/, (page) => page.getByTestId('kpi-agency_lines').waitFor()],
      ['agency_liaison', new RegExp(`#/agencies/${ministry.id}/show$`), (page) => page.getByText(`Ministry of Landings ${ministry.id}`).first().waitFor()],
    ]
    for (const [role, landing, shows] of expected) {
      const user = await makeUser(role, role === 'agency_liaison' ? ministry.id : null)
      await signedIn(browser(), assert, user, async (page) => {
        await page.waitForURL(landing)
        await shows(page)
        // The overview stays a menu entry away for everyone.
        await followMenu(page, 'Overview')
        await page.getByTestId('kpi-agency_lines').waitFor()
        assert.match(page.url(), /#\/overview$/)
      })
    }

    // An address asked for before logging in is where the login goes, whatever the role.
    const noc = await makeUser('noc')
    await signedIn(
      browser(),
      assert,
      noc,
      async (page) => {
        await page.waitForURL(/#\/noc$/)
        await page.getByRole('button', { name: /^Test noc/ }).click()
        await page.getByRole('menuitem', { name: 'Logout' }).click()
        await page.waitForURL(/#\/login/)
        await page.goto('/#/devices')
        await page.waitForURL(/#\/login/)
        await page.getByRole('textbox', { name: /^Email/ }).fill(noc.email)
        await page.getByLabel(/^Password/).fill(TEST_PASSWORD)
        await page.getByRole('button', { name: 'Sign in' }).click()
        await page.waitForURL(/#\/devices$/)
      },
      { errors: 'allowed' }
    )
  }).timeout(420_000)

  test('the wall screen at 1920×1080 shows every fault on the screen with an unreachable device among them in English and Chinese', async ({ assert }) => {
    const seeded = await seedFaults()
    const english = await makeUser('noc')
    await signedIn(browser(), assert, english, (page) => assertWallFits(assert, page, seeded, 'en'))
    const chinese = await makeUser('noc')
    await db.from('users').where('id', chinese.id).update({ locale: 'zh-TW' })
    await signedIn(browser(), assert, chinese, async (page) => {
      // The account's language is applied after the login: on the board, before the wall opens.
      await page.getByRole('heading', { name: '網路維運看板', level: 1 }).waitFor()
      await assertWallFits(assert, page, seeded, 'zh-TW')
    })
  }).timeout(300_000)

  test("the board's table fits its card at 1920×1080 and the states keep a shape besides their colour", async ({ assert }) => {
    const seeded = await seedFaults()
    const noc = await makeUser('noc')
    await signedIn(browser(), assert, noc, async (page) => {
      await page.setViewportSize(WALL)
      await page.goto(`/#/noc?agency=${seeded.ministry.id}`)
      const table = page.getByTestId('link-states')
      await table.locator(`tr[data-link-id="${seeded.broken[0].id}"]`).waitFor()
      const card = await edges(page.locator('.MuiCard-root', { has: table }).locator('.MuiCardContent-root'))
      const headers = table.locator('thead th')
      assert.isAtLeast(await headers.count(), 9)
      for (let i = 0; i < (await headers.count()); i++) {
        assert.isAtMost((await edges(headers.nth(i))).right, card.right + 0.5, `column ${i + 1} (${await headers.nth(i).innerText()}) is cut off`)
      }
      // Nothing to scroll sideways inside the card either.
      const container = table.locator('xpath=..')
      assert.isAtMost(await container.evaluate((el) => el.scrollWidth - el.clientWidth), 0)
      // A down link's chip says it in words and in a shape, not in red alone.
      const chip = table.locator(`tr[data-link-id="${seeded.broken[0].id}"] .MuiChip-root`)
      assert.equal((await chip.innerText()).replace(/\s+/g, ' ').trim(), '▼ Down')
      assert.equal(await chip.locator('[data-mark]').getAttribute('aria-hidden'), 'true')
      assert.include(await page.getByTestId('count-down').innerText(), '▼')
      await page.screenshot({ path: 'tmp/noc-board-1080.png' })
    })
  })

  test("agencies' English names are shown to English readers and their Chinese names to Chinese readers", async ({ assert }) => {
    const seeded = await seedFaults()
    const chineseName = (await db.from('agencies').where('id', seeded.ministry.id).first()).name as string
    const noc = await makeUser('noc')
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/noc?agency=${seeded.ministry.id}`)
      const tile = page.getByTestId(`uplink-${seeded.uplink.id}`)
      await tile.waitFor()
      await waitUntil(async () => (await tile.innerText()).includes(seeded.nameEn))
      assert.notInclude(await tile.innerText(), chineseName)
      const row = page.locator(`[data-testid=link-states] tr[data-link-id="${seeded.broken[0].id}"]`)
      assert.include(await row.innerText(), `Wall Screen Agency ${seeded.child.id}`)
      // Wherever a record names its agency.
      await page.goto(`/#/links/${seeded.uplink.id}/show`)
      await page.getByRole('link', { name: new RegExp(`^${seeded.nameEn}`) }).first().waitFor()

      await page.getByRole('button', { name: /^English/ }).click()
      await page.getByRole('menuitem', { name: '繁體中文' }).click()
      await page.getByRole('link', { name: new RegExp(`^${chineseName}`) }).first().waitFor()
      await page.goto(`/#/noc?agency=${seeded.ministry.id}`)
      await waitUntil(async () => (await page.getByTestId(`uplink-${seeded.uplink.id}`).innerText()).includes(chineseName))
    })
  })

  test('lists and pages and inputs write dates one way per language in Taipei time whatever the browser zone', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const title = `Splice ${ministry.id}`
    const [window] = await db
      .table('maintenance_windows')
      .insert({ title, starts_at: '2026-12-01T14:00:00Z', ends_at: '2026-12-01T16:30:00Z', reason: 'Carrier fibre work', agency_id: ministry.id })
      .returning('*')
    const noc = await makeUser('noc')
    await signedIn(
      browser(),
      assert,
      noc,
      async (page) => {
        const check = async (language: string, start: string, end: string) => {
          await page.goto(`/#/maintenance_windows?filter=${encodeURIComponent(JSON.stringify({ q: title }))}`)
          const row = page.getByRole('row').filter({ hasText: title })
          await row.waitFor()
          assert.include(await row.innerText(), start, `${language} list`)
          assert.include(await row.innerText(), end, `${language} list`)
          await page.goto(`/#/maintenance_windows/${window.id}`)
          const starts = page.getByRole('textbox', { name: /^(Starts|開始)/ })
          await waitUntil(async () => (await starts.inputValue()) === start)
          assert.equal(await page.getByRole('textbox', { name: /^(Ends|結束)/ }).inputValue(), end)
          await assertAccessible(assert, page, `the window's form in ${language}`)
          return starts
        }
        // 14:00Z is 22:00 in Taipei; the browser sits in New York, where it is 09:00.
        const starts = await check('en', '2026-12-01 22:00', '2026-12-02 00:30')
        // What is typed is Taipei time, in either separator.
        await starts.fill('2026/12/01 23:15')
        await save(page)
        await waitUntil(async () => new Date((await db.from('maintenance_windows').where('id', window.id).first()).starts_at).toISOString() === '2026-12-01T15:15:00.000Z')

        await page.goto(`/#/maintenance_windows/${window.id}`)
        await page.getByRole('button', { name: /^English/ }).click()
        await page.getByRole('menuitem', { name: '繁體中文' }).click()
        const startsZh = await check('zh-TW', '2026/12/01 23:15', '2026/12/02 00:30')
        // A day that does not exist is refused at the field, with the convention to follow.
        await startsZh.fill('2026/02/31 08:00')
        await save(page)
        assert.match((await fieldError(page, startsZh)) ?? '', /請依格式 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 填寫日期/)
      },
      { timezoneId: 'America/New_York' }
    )
  })
})
