import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeLink } from '#tests/functional/samples/links'
import { writeMonth } from '#tests/functional/carrier_contracts/month_rows'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { groupBrowser, signedIn, waitUntil } from '#tests/support/browser'
import { assertAccessible, choose, followMenu } from '#tests/support/browser_forms'

/**
 * The printable carrier report: an admin picks the carrier and the month, reads promised against
 * delivered per line, and prints it without the console around it; a liaison reads it in
 * Chinese, with their own agency's lines only. Accessible in both languages.
 */
const MONTH = '2019-05'

test.group('Carrier report in a browser', (group) => {
  const browser = groupBrowser(group)

  test('promised against delivered per line, printable, in English and in Chinese', async ({ assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const carrier = makeCode('遠傳電信')
    const good = await makeLink(child.id)
    const poor = await makeLink(child.id)
    const elsewhere = await makeLink(other.id)
    // Good: never down, 4 ms. Poor: down 3 hours on 10 May, 40 ms round trips and 2% loss.
    await writeMonth(MONTH, good.id, () => 0, () => 4, () => 0)
    const outage = [new Date('2019-05-10T01:00:00Z'), new Date('2019-05-10T04:00:00Z')]
    await writeMonth(MONTH, poor.id, (b) => (b >= outage[0] && b < outage[1] ? 5 : 0), () => 40, () => 2)
    await writeMonth(MONTH, elsewhere.id, () => 0, () => 4, () => 0)
    const contract = (linkId: number) => ({
      contract_ref: makeCode('FET'), link_id: linkId, agency_id: 0, carrier, availability_pct: 99.9, latency_ms: 20, latency_percentile: 95, loss_pct: 0.5,
    })
    const rows = [contract(good.id), contract(poor.id), contract(elsewhere.id)].map((c, i) => ({ ...c, agency_id: i < 2 ? child.id : other.id }))
    await db.table('carrier_contracts').insert(rows)
    const admin = await makeUser('admin')

    await signedIn(browser(), assert, admin, async (page) => {
      await followMenu(page, 'Carrier report')
      await choose(page, /^Carrier/, carrier)
      await page.getByLabel('Month').selectOption(MONTH)
      await page.getByRole('heading', { name: `Service levels delivered by ${carrier}, ${MONTH}` }).waitFor()
      const poorRow = page.getByRole('row').filter({ hasText: poor.circuit_id })
      await poorRow.filter({ hasText: 'missed' }).waitFor()
      const text = await poorRow.innerText()
      // 180 of 44,640 minutes down: 99.597%; p95 40 ms against 20; 2% lost.
      assert.include(text, '99.597%')
      assert.include(text, '180')
      assert.include(text, '40 / 20 ms (p95)')
      assert.include(text, '2% / 0.5%')
      await page.getByRole('row').filter({ hasText: good.circuit_id }).filter({ hasText: 'met' }).waitFor()
      assert.include(await page.getByText(/3 lines: 2 met, 1 missed/).innerText(), 'Taipei time')
      const csv = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')
      assert.equal(csv, `/api/reports/carrier.csv?carrier=${encodeURIComponent(carrier)}&month=${MONTH}`)
      await assertAccessible(assert, page, 'the carrier report')

      // On paper: the report, without the menu, the app bar or the controls.
      await page.emulateMedia({ media: 'print' })
      assert.isFalse(await page.getByRole('button', { name: 'Print' }).isVisible())
      assert.isFalse(await page.getByRole('menuitem', { name: 'Carrier report' }).isVisible())
      assert.isTrue(await page.getByRole('heading', { name: `Service levels delivered by ${carrier}, ${MONTH}` }).isVisible())
      assert.isTrue(await poorRow.isVisible())
      await page.emulateMedia({ media: 'screen' })
    })

    const liaison = await makeUser('agency_liaison', ministry.id)
    await db.from('users').where('id', liaison.id).update({ locale: 'zh-TW' })
    await signedIn(
      browser(),
      assert,
      liaison,
      async (page) => {
        await page.goto(`/#/reports/carrier`)
        await page.getByLabel('月份').selectOption(MONTH)
        // The month worded in the page's language, not the browser's ("November 2026").
        const [year, month] = MONTH.split('-').map(Number)
        assert.equal(await page.getByLabel('月份').locator('option:checked').innerText(), `${year}年${month}月`)
        await page.getByRole('heading', { name: `${carrier} 服務水準達成報表（${MONTH}）` }).waitFor()
        await page.getByRole('row').filter({ hasText: poor.circuit_id }).filter({ hasText: '未達成' }).waitFor()
        await page.getByRole('row').filter({ hasText: good.circuit_id }).filter({ hasText: '達成' }).waitFor()
        await waitUntil(async () => (await page.getByText(/共 2 條線路/).count()) === 1)
        assert.equal(await page.getByRole('row').filter({ hasText: elsewhere.circuit_id }).count(), 0)
        assert.include(await page.getByText(/台北時間/).first().innerText(), '產製時間')
        await assertAccessible(assert, page, 'the carrier report in Chinese')
      },
      { locale: 'zh-TW' }
    )
  }).timeout(180_000)
})
