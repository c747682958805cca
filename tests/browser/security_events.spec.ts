import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ensureStandardGroups } from '#app/incidents/standard_groups'
import { Enricher } from '#app/flows/enrichment'
import { loadSnapshot } from '#app/flows/inventory_cache'
import { fromEveAlert } from '#app/security/security_event'
import { fileSecurityEvent } from '#app/security/security_service'
import { readEveLine, type EveAlert } from '#collectors/security/eve'
import { groupBrowser, signedIn } from '#tests/support/browser'
import { assertAccessible, chooseReference, followMenu, save } from '#tests/support/browser_forms'
import { validBody } from '#tests/support/bodies'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'

test.group('Security events in a browser', (group) => {
  const browser = groupBrowser(group)

  test('a liaison reports a security incident in the form and lands on it; the analyst reads the events list and the evidence in Chinese', async ({ assert }) => {
    await ensureStandardGroups(db.connection())
    const { ministry } = await makeAgencyTree()
    const [system] = await db.table('information_systems').insert(validBody('information_systems', ministry.id)).returning('*')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const what = makeCode('Ransom note on the file server')

    await signedIn(browser(), assert, liaison, async (page) => {
      await followMenu(page, 'Security events')
      await page.getByRole('link', { name: 'Report a security incident' }).click()
      await page.getByRole('textbox', { name: /^What happened/ }).fill(what)
      await page.getByLabel(/^When it was noticed/).fill('2026-12-06T09:30')
      await chooseReference(page, /^Information systems affected/, system.code)
      await assertAccessible(assert, page, 'the report form')
      await save(page)
      await page.waitForURL(/#\/incidents\/\d+\/show/)
      await page.getByRole('heading', { name: 'Evidence' }).waitFor()
      assert.include(await page.getByTestId('evidence-counts').innerText(), '1 events')
      await assertAccessible(assert, page, 'a security incident with its evidence')
    })
    const event = await db.from('security_events').where('summary_text', 'like', `%${what}%`).firstOrFail()
    assert.deepEqual(event.system_ids, [system.id])
    const incident = await db.from('incidents').where('id', event.incident_id).firstOrFail()
    assert.deepInclude(incident, { type: 'security', agency_id: ministry.id })

    // A sensor's alert against the same agency, read by G-ISAC in Chinese.
    const octet = 30 + Math.floor(Math.random() * 200)
    await db.table('agency_prefixes').insert({ agency_id: ministry.id, prefix: `10.${octet}.77.0/24`, description: 'browser' })
    const signature = makeCode('ET SCAN Potential SSH Scan')
    const line = JSON.stringify({
      timestamp: '2026-12-06T19:00:00.000001+0800', flow_id: 1, event_type: 'alert', src_ip: '198.51.100.77', src_port: 40000, dest_ip: `10.${octet}.77.5`,
      dest_port: 22, proto: 'TCP', alert: { action: 'allowed', gid: 1, signature_id: 2001219, rev: 20, signature, category: 'Attempted Information Leak', severity: 2 },
    })
    const filed = await fileSecurityEvent(fromEveAlert((readEveLine(line) as { alert: EveAlert }).alert, line), new Enricher(await loadSnapshot()))
    assert.equal(filed.outcome, 'opened')
    const analyst = await makeUser('analyst')
    await db.from('users').where('id', analyst.id).update({ locale: 'zh-TW' })
    await signedIn(browser(), assert, analyst, async (page) => {
      await followMenu(page, '資安事件紀錄')
      await page.getByRole('textbox', { name: /^搜尋$/ }).fill(signature)
      const row = page.getByRole('row').filter({ hasText: signature })
      await row.filter({ hasText: 'Suricata 告警' }).waitFor()
      await assertAccessible(assert, page, 'the security events list in Chinese')
      await row.getByRole('link').click()
      await page.getByRole('heading', { name: '佐證' }).waitFor()
      assert.include(await page.getByTestId('evidence-counts').innerText(), '共 1 筆事件紀錄')
      await assertAccessible(assert, page, 'the evidence panel in Chinese')
    })
  }).timeout(240_000)
})
