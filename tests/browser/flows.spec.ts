import { readFile } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser, Page } from 'playwright-core'
import type { FlowRecord } from '#collectors/flow/flow_record'
import { Enricher } from '#app/flows/enrichment'
import { loadSnapshot } from '#app/flows/inventory_cache'
import { flowStore } from '#app/flows/flow_store'
import { recordSamples } from '#app/samples/record_samples'
import { makeAgencyTree, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { makeDevice, makeLink } from '#tests/functional/monitoring/support'
import { appErrors, assertUiBuilt, launchBrowser, logIn, openPage, waitUntil } from '#tests/support/browser'
import { assertAccessible, followMenu } from '#tests/support/browser_forms'
import { toTaipeiInput } from '../../ui/src/flows/criteria.js'

/**
 * The traffic explorer and the link page's Flows tab in Chromium against the real server and
 * PostgreSQL: flows are placed by the real enrichment (exporter → device → link, address →
 * agency by prefix) and written through the real flow store, then read back through the UI.
 * Byte counts are large enough that nothing another test stores can outrank them.
 */

const GB = 1e9

/** Three agencies on their own address plans: north and east talk to each other, west to itself. */
async function seedNetwork() {
  const north = (await makeAgencyTree()).ministry
  const east = (await makeAgencyTree()).ministry
  const west = (await makeAgencyTree()).ministry
  // Each run's plans differ, so flows another run or test left behind never share an address.
  const octet = 10 + Math.floor(Math.random() * 200)
  const plan = (agency: number) => `10.${octet}.${agency}`
  await db.table('agency_prefixes').insert([
    { agency_id: north.id, prefix: `${plan(1)}.0/24`, description: 'north LAN' },
    { agency_id: east.id, prefix: `${plan(2)}.0/24`, description: 'east LAN' },
    { agency_id: west.id, prefix: `${plan(3)}.0/24`, description: 'west LAN' },
  ])
  const exporter = `198.51.100.${1 + Math.floor(Math.random() * 250)}`
  const router = await makeDevice(north.id, { management_address: exporter })
  const uplink = await makeLink(north.id, { kind: 'uplink', deviceId: router.id })
  const ifIndex = (await db.from('links').where('id', uplink.id).first()).if_index as number
  // West's own uplink on the same router: the per-link matrix tells the two apart.
  const westLink = await makeLink(west.id, { kind: 'uplink', deviceId: router.id })
  const westIfIndex = (await db.from('links').where('id', westLink.id).first()).if_index as number

  // The uplink's SNMP counters over the last hour, for the Flows tab to set the flows beside.
  const minute = Math.floor(Date.now() / 60_000) * 60_000
  const samples = Array.from({ length: 60 }, (_, k) => ({
    link_id: uplink.id,
    at: new Date(minute - (60 - k) * 60_000),
    in_bps: 2e9,
    out_bps: 1e9,
    in_util: 0.2,
    out_util: 0.1,
    in_errors_ps: 0,
    out_errors_ps: 0,
    in_discards_ps: 0,
    out_discards_ps: 0,
    oper_status: 'up' as const,
  }))
  if ((await recordSamples(samples)).written !== samples.length) throw new Error('SNMP samples refused')

  const started = Date.now() - 20 * 60_000
  const flow = (i: number, src: string, dst: string, protocol: number, dstPort: number, bytes: number, inputIf = ifIndex): FlowRecord => ({
    exporter,
    version: 9,
    observationDomain: 0,
    srcAddr: src,
    dstAddr: dst,
    srcPort: 40_000 + i,
    dstPort,
    protocol,
    packets: Math.round(bytes / 1000),
    bytes,
    first: new Date(started + i * 1000),
    last: new Date(started + i * 1000 + 30_000),
    tcpFlags: protocol === 6 ? 0x1b : 0,
    inputIf,
    outputIf: 0,
    samplingRate: 1,
  })
  const web = `${plan(1)}.10`
  const resolver = `${plan(1)}.20`
  const portal = `${plan(2)}.5`
  const westHost = `${plan(3)}.7`
  const records = [
    // north's web server sends the most: 900 GB to east's portal over HTTPS in three flows.
    flow(1, web, portal, 6, 443, 300 * GB),
    flow(2, web, portal, 6, 443, 300 * GB),
    flow(3, web, portal, 6, 443, 300 * GB),
    // its resolver 500 GB of DNS in two flows.
    flow(4, resolver, portal, 17, 53, 250 * GB),
    flow(5, resolver, portal, 17, 53, 250 * GB),
    // east answers with 200 GB.
    flow(6, portal, web, 6, 40_001, 200 * GB),
    // west talks to itself only, over its own link.
    flow(7, westHost, `${plan(3)}.8`, 6, 22, 50 * GB, westIfIndex),
  ]
  const enricher = new Enricher(await loadSnapshot())
  const stored = await (await flowStore()).write(randomUUID(), records.map((r) => ({ ...r, ...enricher.place(r) })))
  if (stored !== records.length) throw new Error(`stored ${stored} of ${records.length} flows`)
  return { north, east, west, uplink, westLink, web, resolver, portal, westHost, started }
}

async function firstCells(page: Page, testId: string, column = 1) {
  const rows = page.getByTestId(testId).getByTestId(`${testId}-row`)
  await rows.first().waitFor()
  return rows.evaluateAll((trs, c) => trs.map((tr) => (tr as any).children[c].textContent as string), column)
}

test.group('Traffic explorer in a browser', (group) => {
  let browser: Browser
  let net: Awaited<ReturnType<typeof seedNetwork>>

  group.setup(async () => {
    assertUiBuilt()
    browser = await launchBrowser()
    net = await seedNetwork()
    return () => browser.close()
  })

  test('a NOC operator sees the top talkers the stored flows make, searches one address, exports its flows and reads a link\'s Flows tab', async ({ assert }) => {
    const noc = await makeUser('noc')
    const { page, context, errors } = await openPage(browser)
    try {
      await logIn(page, noc.email, TEST_PASSWORD)
      await followMenu(page, 'Traffic explorer')
      await page.waitForURL(/#\/flows/)
      await page.getByRole('heading', { name: 'Traffic explorer', level: 1 }).waitFor()

      // Senders by bytes: web 900 GB, resolver 500 GB, portal 200 GB; receivers: portal 1.4 TB first.
      assert.deepEqual((await firstCells(page, 'top-sources')).slice(0, 3), [net.web, net.resolver, net.portal])
      assert.deepEqual((await firstCells(page, 'top-sources', 2)).slice(0, 3), ['900 GB', '500 GB', '200 GB'])
      assert.deepEqual((await firstCells(page, 'top-destinations')).slice(0, 2), [net.portal, net.web])
      assert.equal((await firstCells(page, 'top-destinations', 2))[0], '1.4 TB')
      assert.deepEqual((await firstCells(page, 'top-ports', 2)).slice(0, 2), ['443 (HTTPS)', '53 (DNS)'])
      assert.equal((await firstCells(page, 'top-protocols'))[0], 'TCP (6)')

      // The matrix: north sent east 1.4 TB; east sent north 200 GB; west only itself.
      const northRow = page.locator(`[data-testid=matrix-row][data-agency="${net.north.id}"]`)
      await northRow.waitFor()
      assert.include(await northRow.innerText(), '1.4 TB')
      const westRow = page.locator(`[data-testid=matrix-row][data-agency="${net.west.id}"]`)
      assert.include(await westRow.innerText(), '50 GB')
      await assertAccessible(assert, page, 'the traffic explorer')

      // Per link: the uplink (1.6 TB) is offered first and shows north and east only; west's link its 50 GB.
      const matrix = page.getByTestId('agency-matrix')
      await matrix.getByRole('button', { name: 'Per link' }).click()
      const linkPicker = matrix.getByRole('combobox', { name: 'Link' })
      await linkPicker.waitFor()
      await matrix.getByText(new RegExp(`^Bytes that crossed ${net.uplink.circuit_id} `)).waitFor()
      assert.include(await northRow.innerText(), '1.4 TB')
      assert.equal(await westRow.count(), 0, 'west sent nothing over the uplink')
      await assertAccessible(assert, page, 'the per-link matrix')
      await linkPicker.click()
      const options = page.getByTestId('matrix-link-option')
      assert.match(await options.nth(0).innerText(), new RegExp(`^${net.uplink.circuit_id} .*\\(1\\.6 TB\\)$`))
      await options.filter({ hasText: net.westLink.circuit_id }).click()
      await matrix.getByText(new RegExp(`^Bytes that crossed ${net.westLink.circuit_id} `)).waitFor()
      assert.include(await westRow.innerText(), '50 GB')
      assert.equal(await northRow.count(), 0, 'north sent nothing over west\'s link')
      await assertAccessible(assert, page, 'the per-link matrix, another link chosen')
      await matrix.getByRole('button', { name: 'Between agencies' }).click()
      await northRow.waitFor()

      // Search one address: its five flows (either end) and nothing else.
      await page.getByRole('textbox', { name: /^Address or prefix/ }).fill(net.resolver)
      await page.getByRole('button', { name: 'Search' }).click()
      await page.waitForURL(new RegExp(`address=${net.resolver.replaceAll('.', '\\.')}`))
      const rows = page.getByTestId('flow-row')
      await waitUntil(async () => (await rows.count()) === 2)
      const ends = await rows.evaluateAll((trs) => trs.map((tr) => [(tr as any).dataset.src, (tr as any).dataset.dst]))
      assert.deepEqual(ends, [[net.resolver, net.portal], [net.resolver, net.portal]])
      // The other panels follow the search: the resolver is now the only sender.
      await waitUntil(async () => (await firstCells(page, 'top-sources')).join() === net.resolver)
      await assertAccessible(assert, page, 'the traffic explorer after a search')

      // The CSV export holds the same flows.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()])
      const csv = await readFile((await download.path())!, 'utf8')
      const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/)
      assert.match(lines[0], /^first,last,exporter,version,src_addr,src_port,dst_addr,dst_port,protocol,packets,bytes/)
      assert.lengthOf(lines, 3)
      for (const line of lines.slice(1)) assert.include(line, `,${net.resolver},`)
      assert.include(lines[1], '250000000000')

      // A custom range is typed in Taipei time: ten minutes around the flows find them, the ten
      // minutes before do not (an hour's or eight hours' slip would miss both ways).
      const customRange = async (fromMs: number, toMs: number) => {
        const typedInto = await page.getByRole('textbox', { name: /^From \(Taipei time\)/ }).elementHandle()
        await page.getByRole('textbox', { name: /^From \(Taipei time\)/ }).fill(toTaipeiInput(new Date(fromMs).toISOString()))
        await page.getByRole('textbox', { name: /^To \(Taipei time\)/ }).fill(toTaipeiInput(new Date(toMs).toISOString()))
        await page.getByRole('button', { name: 'Search' }).click()
        await page.waitForURL(new RegExp(`from=${encodeURIComponent(new Date(Math.floor(fromMs / 60_000) * 60_000).toISOString())}`))
        // The form is drawn afresh for each address (a new key per criteria): the next range is
        // typed only into the new one, or the redraw would take the typing away.
        await waitUntil(async () => !(await typedInto!.evaluate((el) => el.isConnected)))
      }
      await page.getByRole('button', { name: 'Custom' }).click()
      await page.waitForURL(/range=custom/)
      await customRange(net.started - 5 * 60_000, net.started + 5 * 60_000)
      await waitUntil(async () => (await rows.count()) === 2)
      await customRange(net.started - 15 * 60_000, net.started - 5 * 60_000)
      await page.getByTestId('flow-results').getByText('No flows match.').waitFor()
      await assertAccessible(assert, page, 'a custom range')

      // The uplink's Flows tab: who used it, beside its SNMP charts.
      await page.goto(`/#/links/${net.uplink.id}/show`)
      await page.getByTestId('link-traffic').waitFor()
      await page.getByRole('tab', { name: 'Flows' }).click()
      assert.deepEqual((await firstCells(page, 'link-top-sources')).slice(0, 3), [net.web, net.resolver, net.portal])
      // Its chart carries both: the SNMP samples and every byte of the six flows it carried (west's went over west's link), step by step.
      const series = page.getByTestId('link-flow-series')
      await series.waitFor()
      await waitUntil(async () => Number(await series.getAttribute('data-snmp-points')) > 0)
      assert.equal(Number(await series.getAttribute('data-flow-bytes')), 1600 * GB)
      await page.getByRole('tab', { name: '1 h' }).click()
      await waitUntil(async () => (await series.getAttribute('data-flow-bytes')) === String(1600 * GB) && Number(await series.getAttribute('data-snmp-points')) >= 50)
      await assertAccessible(assert, page, 'the link page\'s Flows tab')
      assert.deepEqual(appErrors(errors), [])
    } finally {
      await context.close()
    }
  }).timeout(300_000)

  test('an address typed before the range is picked is searched over that range, and a Search clicked while a range is being drawn keeps it', async ({ assert }) => {
    const analyst = await makeUser('analyst')
    const { page, context, errors } = await openPage(browser)
    const shown = () => new URLSearchParams(page.url().split('?')[1] ?? '')
    try {
      await logIn(page, analyst.email, TEST_PASSWORD)
      await page.goto('/#/flows?range=1h')
      const address = page.getByRole('textbox', { name: /^Address or prefix/ })
      const lastDay = page.getByTestId('flow-range').getByRole('button', { name: 'Last day' })

      // As the demo's walk did it: the address first, then "Last day". The form is drawn afresh
      // for the new range; the address must be in it and in the search, not dropped.
      await address.fill(net.resolver)
      await lastDay.click()
      await page.waitForURL(/range=24h/)
      assert.equal(shown().get('address'), net.resolver)
      await waitUntil(async () => (await page.getByTestId('flow-row').count()) === 2)
      assert.equal(await address.inputValue(), net.resolver)
      await assertAccessible(assert, page, 'the explorer after a range picked with an address typed')

      // "Last day", then Search before the page has drawn the new range (a loaded machine, a
      // quick hand): both clicks in one go, on the form as it was. Every address the page goes
      // to is recorded, so the test knows when the Search's own has been made.
      await page.goto('/#/flows?range=1h')
      await address.fill(net.web)
      await page.evaluate(() => {
        const inPage = globalThis as any
        inPage.pushed = []
        const push = inPage.history.pushState
        inPage.history.pushState = function (...args: unknown[]) {
          inPage.pushed.push(String(args[2]))
          return push.apply(this, args)
        }
        const buttons = (selector: string) => [...inPage.document.querySelectorAll(selector)] as any[]
        const day = buttons('[data-testid=flow-range] button').find((b) => b.textContent === 'Last day')
        const search = buttons('[data-testid=flow-search-form] button[type=submit]')[0]
        day.click()
        search.click()
      })
      await waitUntil(async () => (await page.evaluate(() => (globalThis as any).pushed.length)) >= 2)
      assert.equal(shown().get('range'), '24h', 'the Search kept the range picked just before it')
      assert.equal(shown().get('address'), net.web)
      await page.getByTestId('flow-row').first().waitFor()
      assert.deepEqual(appErrors(errors), [])
    } finally {
      await context.close()
    }
  }).timeout(300_000)

  test('a liaison of another agency, in 繁體中文, sees none of those flows: only their own agency\'s', async ({ assert }) => {
    const liaison = await makeUser('agency_liaison', net.west.id)
    liaison.locale = 'zh-TW'
    await liaison.save()
    const { page, context, errors } = await openPage(browser, { locale: 'zh-TW' })
    try {
      await logIn(page, liaison.email, TEST_PASSWORD)
      await followMenu(page, '流量分析')
      await page.getByRole('heading', { name: '流量分析', level: 1 }).waitFor()
      assert.deepEqual(await firstCells(page, 'top-sources'), [net.westHost])
      await page.getByTestId('flow-row').first().waitFor()
      assert.equal(await page.getByTestId('flow-row').count(), 1)
      assert.equal(await page.getByTestId('flow-row').getAttribute('data-src'), net.westHost)
      await assertAccessible(assert, page, 'the traffic explorer in 繁體中文')
      // Per link in Chinese: west's own link only, named and worded in 繁體中文.
      const matrix = page.getByTestId('agency-matrix')
      await matrix.getByRole('button', { name: '依線路' }).click()
      await matrix.getByText(new RegExp(`^經過 ${net.westLink.circuit_id} .*的位元組`)).waitFor()
      assert.include(await matrix.locator(`[data-testid=matrix-row][data-agency="${net.west.id}"]`).innerText(), '50 GB')
      await assertAccessible(assert, page, 'the per-link matrix in 繁體中文')

      // Asked for north's web server by name, the search finds nothing.
      await page.getByRole('textbox', { name: /^位址或網段/ }).fill(net.web)
      await page.getByRole('button', { name: '查詢' }).click()
      await page.getByTestId('flow-results').getByText('沒有符合的流量。').waitFor()
      await page.getByTestId('top-sources').getByText('沒有符合的流量。').waitFor()
      assert.equal(await page.getByTestId('flow-row').count(), 0)
      await assertAccessible(assert, page, 'an empty search in 繁體中文')

      // What the API refuses is said once, in the reader's language, with the field it is about.
      await page.getByRole('textbox', { name: /^位址或網段/ }).fill('10.1.2.300')
      await page.getByRole('button', { name: '查詢' }).click()
      const refusal = page.getByTestId('flow-refused')
      await refusal.waitFor()
      assert.match(await refusal.innerText(), /^位址或網段: 須為 IPv4 或 IPv6 位址/)
      assert.equal(await page.getByTestId('flow-results').count(), 0)
      await assertAccessible(assert, page, 'a refused search in 繁體中文')
      assert.deepEqual(appErrors(errors), [])
    } finally {
      await context.close()
    }
  }).timeout(300_000)
})
