import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import db from '@adonisjs/lucid/services/db'
import type { Page } from 'playwright-core'
import attachmentsConfig from '#config/attachments'
import { makeAgencyTree, makeCode, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { groupBrowser, signedIn } from '#tests/support/browser'
import { CookieSession } from '#tests/support/cookie_session'
import { overrideConfig } from '#tests/support/config'
import { assertAccessible } from '#tests/support/browser_forms'
import { makeLink } from '#tests/functional/changes/support'

/** A small PDF with bytes that are no UTF-8, so a download that went through text would differ. */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x0a, 0x00, 0xff, 0x80]),
  Buffer.from('\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
])

async function openIncident(user: { email: string }, agencyId: number, items: Array<{ item_type: string; item_id: number }>) {
  const session = new CookieSession()
  await session.logIn(user.email, TEST_PASSWORD)
  const answer = await session.request('POST', '/api/incidents', { title: '上連線路中斷', type: 'service', priority: 'P2', agency_id: agencyId, items })
  if (answer.status !== 201) throw new Error(answer.text)
  return answer.json() as { id: number; number: string }
}

const panel = (page: Page, name: string | RegExp) => page.getByRole('region', { name })

async function attach(page: Page, label: string, button: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel(label).setInputFiles(file)
  await page.getByRole('button', { name: button, exact: true }).click()
}

test.group('Incident attachments and impact in a browser', (group) => {
  const browser = groupBrowser(group)

  test('an incident on an uplink shows its impact; a PDF is attached, listed and downloaded byte for byte; a refused type and an oversize file say why', async ({ assert, cleanup }) => {
    const { ministry, child } = await makeAgencyTree()
    const uplink = await makeLink(ministry.id, { kind: 'uplink' })
    const line = await makeLink(child.id, { consolidated_into_id: uplink.id })
    const noc = await makeUser('noc')
    const incident = await openIncident(noc, ministry.id, [{ item_type: 'link', item_id: uplink.id }])
    const name = `${makeCode('trace')}.pdf`

    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/incidents/${incident.id}/show`)
      const impact = panel(page, /^Impact/)
      await impact.getByText('Lines behind (1):').waitFor()
      await impact.getByRole('link', { name: line.circuit_id }).waitFor()
      assert.match(await impact.innerText(), /Agencies \(2\):/)

      const attachments = panel(page, 'Attachments')
      await attachments.getByText('No files attached yet.').waitFor()
      await attach(page, 'File to attach', 'Attach', { name, mimeType: 'application/pdf', buffer: PDF })
      const row = attachments.getByRole('row').filter({ hasText: name })
      await row.waitFor()
      assert.include(await row.innerText(), `${PDF.length} B`)
      assert.include(await row.innerText(), 'Test noc')
      // The stamp is the stored one in Taipei time (UTC+8), whatever the browser's zone.
      const stored = await db.from('incident_attachments').where('incident_id', incident.id).firstOrFail()
      const taipei = new Date(new Date(stored.uploaded_at).getTime() + 8 * 3_600_000).toISOString()
      assert.include(await row.innerText(), `${taipei.slice(0, 10)} ${taipei.slice(11, 16)}`)
      await assertAccessible(assert, page, 'the incident page with its impact and an attachment')

      const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name }).click()])
      assert.equal(download.suggestedFilename(), name)
      assert.isTrue(PDF.equals(await readFile((await download.path())!)), 'the bytes downloaded are the bytes attached')

      await attach(page, 'File to attach', 'Attach', { name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<p>hi</p>') })
      await attachments.getByRole('alert').getByText(/^this type of file is not accepted; accepted: pdf, png/).waitFor()
      await assertAccessible(assert, page, 'the attachments panel with a refusal')

      cleanup(overrideConfig(attachmentsConfig, { maxBytes: 1024 }))
      await attach(page, 'File to attach', 'Attach', { name: 'capture.txt', mimeType: 'text/plain', buffer: Buffer.alloc(4096, 'a') })
      await attachments.getByRole('alert').getByText('the file is larger than the 1 KB an attachment may be').waitFor()
      assert.equal(await attachments.getByRole('row').count(), 2, 'the heading row and the one file: nothing refused was kept')
    }, { timezoneId: 'America/New_York' })
  }).timeout(120_000)

  test('in 繁體中文 the panel and the refusal speak Chinese', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    await db.from('users').where('id', noc.id).update({ locale: 'zh-TW' })
    const incident = await openIncident(noc, ministry.id, [])
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/incidents/${incident.id}/show`)
      const attachments = panel(page, '附件')
      await attachments.getByText('尚無附件。').waitFor()
      await attach(page, '要附加的檔案', '附加', { name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') })
      await attachments.getByRole('alert').getByText(/^不接受此類檔案；可接受：pdf、png/).waitFor()
      await assertAccessible(assert, page, 'the attachments panel in Chinese with a refusal')
    }, { locale: 'zh-TW' })
  }).timeout(120_000)
})
