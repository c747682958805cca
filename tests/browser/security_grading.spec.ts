import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { groupBrowser, signedIn, waitUntil } from '#tests/support/browser'
import { assertAccessible, followMenu } from '#tests/support/browser_forms'
import { openIncident } from '#app/incidents/incident_service'

/** A security incident of the agency, opened as the console's own producers open them. */
async function securityIncident(agencyId: number, title: string) {
  return db.transaction((trx) =>
    openIncident(trx, { title, description: 'Web shell found on the portal', type: 'security', agencyId, items: [], at: new Date(), priority: 'P2' })
  )
}

test.group('security grading in a browser', (group) => {
  const browser = groupBrowser(group)

  test('a liaison grades its incident with the guided assessment, sends the report and prints it', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const incident = await securityIncident(ministry.id, 'Portal web shell')
    await signedIn(browser(), assert, liaison, async (page) => {
      await page.goto(`/#/incidents/${incident.id}/show`)
      const panel = page.getByRole('region', { name: 'Security grading and legal clocks' })
      await panel.waitFor()
      assert.equal(await panel.locator('[data-legal-clock="report"]').getAttribute('data-legal-state'), 'running')
      assert.include(await panel.textContent(), 'Not graded')
      await assertAccessible(assert, page, 'the security panel')

      await panel.getByRole('button', { name: 'Grade' }).click()
      const dialog = page.getByRole('dialog', { name: `Grade ${incident.number}` })
      await dialog.getByText('Answer every question').waitFor()
      const answer = async (question: RegExp, option: string) => dialog.getByRole('group', { name: question }).getByRole('radio', { name: option, exact: true }).check()
      await answer(/^Which systems/, 'Core systems')
      await answer(/^Information leaked/, 'Slight')
      await answer(/^Information or systems tampered/, 'None')
      await answer(/^Operations affected/, 'Back within the tolerable outage time')
      await answer(/^Classified information/, 'None')
      await dialog.getByRole('status').filter({ hasText: 'The regulation gives Level 2' }).waitFor()
      await assertAccessible(assert, page, 'the grade dialog')
      await dialog.getByRole('button', { name: 'Grade' }).click()
      await dialog.waitFor({ state: 'detached' })
      await panel.locator('[data-security-level="2"]').waitFor()
      assert.include(await panel.textContent(), 'Proposed, not reviewed by G-ISAC')

      await panel.getByRole('button', { name: 'Send report' }).click()
      const send = page.getByRole('dialog', { name: `Report ${incident.number} to the competent authority` })
      await send.getByRole('textbox', { name: /^Note/ }).fill('Sent by phone, reference 115-0042')
      await assertAccessible(assert, page, 'the send dialog')
      await send.getByRole('button', { name: 'Send report' }).click()
      await send.waitFor({ state: 'detached' })
      await panel.locator('[data-legal-clock="report"][data-legal-state="met"]').waitFor()
      await waitUntil(async () => Boolean((await db.from('incidents').where('id', incident.id).first()).authority_report_sent_at))

      await panel.getByRole('link', { name: 'Authority report' }).click()
      await page.getByRole('heading', { level: 1, name: /Security incident report to the competent authority/ }).waitFor()
      await page.getByRole('cell', { name: 'Sent by phone, reference 115-0042', exact: false }).waitFor()
      const text = await page.locator('main, #main-content').first().textContent()
      assert.include(text, 'Level 2 (Proposed, not reviewed by G-ISAC)')
      assert.include(text, 'Web shell found on the portal')
      assert.include(text, ministry.name)
      await assertAccessible(assert, page, 'the printable authority report')
    })
  }).timeout(180_000)

  test('in 繁體中文 a G-ISAC analyst raises the level with a reason; the KPI page counts the agency', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const analyst = await makeUser('analyst')
    await db.from('users').where('id', analyst.id).update({ locale: 'zh-TW' })
    const incident = await securityIncident(ministry.id, 'Credential stuffing on the mail gateway')
    await signedIn(browser(), assert, analyst, async (page) => {
      await page.goto(`/#/incidents/${incident.id}/show`)
      const panel = page.getByRole('region', { name: '資安事件定級與法定時限' })
      await panel.getByRole('button', { name: '定級' }).click()
      const dialog = page.getByRole('dialog', { name: `${incident.number} 定級` })
      const answer = async (question: RegExp, option: string) => dialog.getByRole('group', { name: question }).getByRole('radio', { name: option, exact: true }).check()
      await answer(/^受影響的系統/, '僅非核心資通系統')
      await answer(/^資訊外洩/, '輕微')
      await answer(/^資訊或系統遭竄改/, '無')
      await answer(/^業務運作受影響/, '無')
      await answer(/^涉及之機密資訊/, '無')
      await dialog.getByRole('status').filter({ hasText: '依辦法應定為第一級' }).waitFor()
      await dialog.getByRole('combobox', { name: /^事件等級/ }).click()
      await page.getByRole('option', { name: '第三級' }).click()
      await dialog.getByRole('textbox', { name: /^改定等級之理由/ }).fill('郵件閘道為本部核心系統')
      await assertAccessible(assert, page, 'the grade dialog in 繁體中文')
      await dialog.getByRole('button', { name: '定級' }).click()
      await dialog.waitFor({ state: 'detached' })
      await panel.locator('[data-security-level="3"]').waitFor()
      assert.include(await panel.textContent(), 'G-ISAC 已審核')
      assert.include(await panel.textContent(), '損害控制或復原')

      await followMenu(page, '資安績效指標')
      const row = page.locator(`[data-kpi-agency="${ministry.code}"]`)
      await row.waitFor()
      assert.include(await row.textContent(), ministry.name)
      await assertAccessible(assert, page, 'the KPI page in 繁體中文')
    }, { locale: 'zh-TW' })
  }).timeout(180_000)
})
