import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#app/access/user'
import { DetectionEngine } from '#app/detections/engine'
import { Enricher } from '#app/flows/enrichment'
import { loadSnapshot } from '#app/flows/inventory_cache'
import { ensureStandardGroups } from '#app/incidents/standard_groups'
import { fromDetection } from '#app/security/security_event'
import { fileSecurityEvent } from '#app/security/security_service'
import type { FlowRecord } from '#collectors/flow/flow_record'
import { appUrl, groupBrowser, signedIn, waitUntil } from '#tests/support/browser'
import { assertAccessible } from '#tests/support/browser_forms'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'

/**
 * The G-ISAC analyst's screens, walked as issue 11's "done when" has it: a port scan the flow
 * rules detected becomes a security incident in the analyst's queue; the analyst raises its
 * level, sends the authority report and publishes the attacker as TLP:AMBER to a sharing group;
 * an agency's tool then reads it with its API token, and another agency's does not.
 */

let nextAttacker = Math.floor(Math.random() * 200)

/** A port scan from `attacker` against a host of the agency, detected by the flow rules and filed as security:work files it. */
async function scanIncident(agencyId: number) {
  await ensureStandardGroups(db.connection())
  const octet = 30 + Math.floor(Math.random() * 200)
  const third = Math.floor(Math.random() * 250)
  const prefix = `10.${octet}.${third}.0/24`
  await db.table('agency_prefixes').insert({ agency_id: agencyId, prefix, description: 'analyst screens' })
  const attacker = `203.0.113.${1 + (nextAttacker++ % 250)}`
  const host = `10.${octet}.${third}.20`
  const engine = new DetectionEngine({ internalPrefixes: [prefix] })
  const start = Date.now() - 60_000
  const flows: Array<FlowRecord & Record<string, unknown>> = Array.from({ length: 150 }, (_, i) => ({
    exporter: '192.0.2.1', version: 9, observationDomain: 0, srcAddr: attacker, dstAddr: host, srcPort: 41000, dstPort: 1000 + i,
    protocol: 6, packets: 1, bytes: 60, first: new Date(start + i * 100), last: new Date(start + i * 100), tcpFlags: 2, inputIf: 1, outputIf: 2,
    samplingRate: 1, deviceId: null, linkId: null, srcAgencyId: null, dstAgencyId: agencyId,
  }))
  const scan = engine.observeAll(flows).find((d) => d.kind === 'port_scan')
  if (!scan) throw new Error('the flow rules saw no port scan')
  const filed = await fileSecurityEvent(fromDetection(scan), new Enricher(await loadSnapshot()))
  if (filed.outcome !== 'opened') throw new Error(`not opened: ${JSON.stringify(filed)}`)
  const incident = await db.from('incidents').where('id', filed.incidentId).firstOrFail()
  return { attacker, incident }
}

async function sharingGroup(name: string, memberIds: number[]) {
  const [group] = await db.table('sharing_groups').insert({ name, created_at: new Date(), updated_at: new Date() }).returning('*')
  await db.table('sharing_group_members').multiInsert(memberIds.map((id) => ({ sharing_group_id: group.id, agency_id: id })))
  return group as { id: number; name: string }
}

/** What an agency's own tool gets from the API with its token. */
async function indicatorsSeenBy(user: User, value: string, groupId?: number) {
  const token = await User.accessTokens.create(user, ['*'], { name: makeCode('agency tool') })
  const answer = await fetch(appUrl(`/api/indicators?${new URLSearchParams({ filter: JSON.stringify(groupId ? { value, sharing_group_id: groupId } : { value }) })}`), {
    headers: { Authorization: `Bearer ${token.value!.release()}`, Accept: 'application/json' },
  })
  if (answer.status !== 200) throw new Error(`GET /api/indicators answered ${answer.status}`)
  return ((await answer.json()) as Array<{ id: number; tlp: string }>)
}

/**
 * What an agency's tool pulling over TAXII 2.1 finds, with its API token as the Basic password:
 * discovery, the API root's collections, then the objects of the collection named `groupName`
 * (null when the tool is not offered that collection).
 */
async function taxiiPatternsSeenBy(user: User, groupName: string) {
  const token = (await User.accessTokens.create(user, ['*'], { name: makeCode('agency tool') })).value!.release()
  const headers = { Authorization: `Basic ${Buffer.from(`agency-tool:${token}`).toString('base64')}`, Accept: 'application/taxii+json;version=2.1' }
  const get = async (url: string) => {
    const answer = await fetch(url, { headers })
    if (answer.status !== 200) throw new Error(`GET ${url} answered ${answer.status}: ${await answer.text()}`)
    return (await answer.json()) as any
  }
  const discovery = await get(appUrl('/taxii2/'))
  const root = new URL(discovery.default).pathname
  const { collections } = await get(appUrl(`${root}collections/`))
  const collection = (collections as Array<{ id: string; title: string }>).find((c) => c.title === groupName)
  if (!collection) return null
  const envelope = await get(appUrl(`${root}collections/${collection.id}/objects/`))
  return ((envelope.objects ?? []) as Array<{ type: string; pattern?: string }>).filter((o) => o.type === 'indicator').map((o) => o.pattern)
}

test.group("The G-ISAC analyst's screens in a browser", (group) => {
  const browser = groupBrowser(group)

  test('a scan in the queue is graded up, reported and its attacker published as TLP:AMBER; a member agency reads it, another does not', async ({ assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const { attacker, incident } = await scanIncident(ministry.id)
    const shared = await sharingGroup(makeCode('Finance sector ISAC'), [ministry.id])
    const analyst = await makeUser('analyst')

    await signedIn(browser(), assert, analyst, async (page) => {
      await page.getByRole('menuitem', { name: "Analyst's queue" }).click()
      await page.getByRole('heading', { level: 1, name: /^Analyst's queue/ }).waitFor()
      await page.getByRole('tab', { name: 'New', selected: true }).waitFor()
      await page.getByRole('textbox', { name: /^Search/ }).fill(incident.number)
      const row = page.getByRole('row').filter({ hasText: incident.number })
      await row.waitFor()
      const deadline = row.locator('[data-next-clock]')
      assert.equal(await deadline.getAttribute('data-next-clock'), 'report')
      assert.match(await deadline.innerText(), /^Report to the competent authority due .+ \(in \d+ min/)
      // Opened from a detection, it carries the level the event supports, as a proposal to review.
      assert.include(await row.innerText(), 'Level 1 proposed, not reviewed')
      await assertAccessible(assert, page, "the analyst's queue")

      await row.getByText(incident.number).click()
      await page.waitForURL(new RegExp(`#/incidents/${incident.id}/show`))
      const panel = page.getByRole('region', { name: 'Security grading and legal clocks' })
      // The detection proposed the level, not an agency: the chip says proposed and not reviewed.
      await panel.locator('[data-security-level="1"]').waitFor()
      assert.include(await panel.innerText(), 'Proposed, not reviewed by G-ISAC')
      assert.notInclude(await panel.innerText(), 'agency')
      await panel.getByRole('button', { name: 'Grade' }).click()
      const dialog = page.getByRole('dialog', { name: `Grade ${incident.number}` })
      const answer = async (question: RegExp, option: string) => dialog.getByRole('group', { name: question }).getByRole('radio', { name: option, exact: true }).check()
      await answer(/^Which systems/, 'Core systems')
      await answer(/^Information leaked/, 'Slight')
      await answer(/^Information or systems tampered/, 'None')
      await answer(/^Operations affected/, 'Back within the tolerable outage time')
      await answer(/^Classified information/, 'None')
      await dialog.getByRole('status').filter({ hasText: 'The regulation gives Level 2' }).waitFor()
      await dialog.getByRole('combobox', { name: /^Level/ }).click()
      await page.getByRole('option', { name: 'Level 3' }).click()
      await dialog.getByRole('textbox', { name: /^Reason for another level/ }).fill('The scanned host runs the ministry’s payment gateway')
      await dialog.getByRole('button', { name: 'Grade' }).click()
      await dialog.waitFor({ state: 'detached' })
      await panel.locator('[data-security-level="3"]').waitFor()
      // The level presumed when the detection opened it is on the timeline too: the analyst's is the reviewed one.
      const level = page.locator('[data-kind="level"]').filter({ hasText: /reviewed by G-ISAC/i })
      await level.waitFor()
      assert.match(await level.innerText(), /Level reviewed by G-ISAC: .+ → level 3/i)
      assert.include(await level.innerText(), 'Security level', 'the entry is named in words, not by its key')

      await panel.getByRole('button', { name: 'Send report' }).click()
      const send = page.getByRole('dialog', { name: `Report ${incident.number} to the competent authority` })
      await send.getByRole('button', { name: 'Send report' }).click()
      await send.waitFor({ state: 'detached' })
      await panel.locator('[data-legal-clock="report"][data-legal-state="met"]').waitFor()

      await page.getByRole('button', { name: 'Publish the attacker as an indicator' }).click()
      const publish = page.getByRole('dialog', { name: `Publish an attacker of ${incident.number}` })
      assert.include(await publish.getByRole('combobox', { name: /^Attacker address/ }).innerText(), attacker)
      assert.include(await publish.getByRole('combobox', { name: /^TLP/ }).innerText(), 'TLP:AMBER')
      await publish.getByRole('combobox', { name: /^Sharing group/ }).click()
      await page.getByRole('option', { name: shared.name }).click()
      await assertAccessible(assert, page, 'the publish dialog')
      await publish.getByRole('button', { name: 'Publish the attacker as an indicator' }).click()
      await publish.waitFor({ state: 'detached' })
      const entry = page.locator('[data-kind="indicator"]')
      await entry.waitFor()
      assert.match(await entry.innerText(), new RegExp(`Attacker ${attacker.replaceAll('.', '\\.')} published as indicator \\d+, TLP:AMBER, to the sharing group ${shared.name}`))
      await assertAccessible(assert, page, 'the incident after publishing')
    })

    const indicator = await db.from('indicators').where({ value: attacker, sharing_group_id: shared.id }).firstOrFail()
    assert.include(indicator, { type: 'ipv4', tlp: 'amber', source_agency_id: null })
    const sighting = await db.from('indicator_sightings').where({ indicator_id: indicator.id, incident_id: incident.id }).firstOrFail()
    assert.equal(sighting.source, 'incident')
    const stored = await db.from('incidents').where('id', incident.id).firstOrFail()
    assert.include(stored, { security_level: 3, security_level_reviewed: true })
    assert.isNotNull(stored.authority_report_sent_at)

    // As an agency's tool would: the member's token gets the indicator, the other agency's does not.
    const member = await makeUser('agency_liaison', ministry.id)
    const outsider = await makeUser('agency_liaison', other.id)
    assert.deepEqual((await indicatorsSeenBy(member, attacker, shared.id)).map((r) => [r.id, r.tlp]), [[indicator.id, 'amber']])
    assert.deepEqual(await indicatorsSeenBy(outsider, attacker, shared.id), [])
    assert.notInclude((await indicatorsSeenBy(outsider, attacker)).map((r) => r.id), indicator.id)
    // And over TAXII 2.1, as the agency's threat-intelligence platform pulls: the group's collection
    // holds the attacker's address; the other agency is not offered the collection at all.
    assert.include(await taxiiPatternsSeenBy(member, shared.name), `[ipv4-addr:value = '${attacker}']`)
    assert.isNull(await taxiiPatternsSeenBy(outsider, shared.name))
  }).timeout(240_000)

  test('in 繁體中文: the queue, the indicators with their TLP in words, a plain feed imported with its refused lines, a sighting leading to its incident, a group and its members', async ({ assert }) => {
    const { ministry, child } = await makeAgencyTree()
    const { attacker, incident } = await scanIncident(ministry.id)
    const shared = await sharingGroup(makeCode('關鍵基礎設施'), [ministry.id])
    const analyst = await makeUser('analyst')
    await db.from('users').where('id', analyst.id).update({ locale: 'zh-TW' })
    const tag = makeCode('feed').toLowerCase().replace(/[^a-z0-9]/g, '')

    await signedIn(browser(), assert, analyst, async (page) => {
      await page.getByRole('menuitem', { name: '分析師待辦' }).click()
      await page.getByRole('heading', { level: 1, name: /^分析師待辦/ }).waitFor()
      await page.getByRole('textbox', { name: /^搜尋/ }).fill(incident.number)
      const row = page.getByRole('row').filter({ hasText: incident.number })
      await row.waitFor()
      assert.match(await row.locator('[data-next-clock]').innerText(), /^通報主管機關期限 /)
      await assertAccessible(assert, page, 'the queue in 繁體中文')

      // Publish from the incident in Chinese, RED this time: the chip says so in words.
      await row.getByText(incident.number).click()
      await page.getByRole('button', { name: '將攻擊來源發布為威脅指標' }).click()
      const publish = page.getByRole('dialog', { name: `發布 ${incident.number} 的攻擊來源` })
      await publish.getByRole('combobox', { name: /^TLP/ }).click()
      await page.getByRole('option', { name: /^TLP:RED/ }).click()
      await publish.getByRole('combobox', { name: /^分享群組/ }).click()
      await page.getByRole('option', { name: shared.name }).click()
      await assertAccessible(assert, page, 'the publish dialog in 繁體中文')
      await publish.getByRole('button', { name: '將攻擊來源發布為威脅指標' }).click()
      await publish.waitFor({ state: 'detached' })
      await page.locator('[data-kind="indicator"]').filter({ hasText: '已將攻擊來源' }).waitFor()

      // The indicators list: the marking as a chip with its words; then its page, the sighting, the incident.
      await page.getByRole('menuitem', { name: '威脅指標' }).click()
      await page.getByRole('columnheader', { name: /來源機關/ }).waitFor()
      await page.getByRole('textbox', { name: /^搜尋/ }).fill(attacker)
      const listed = page.getByRole('row').filter({ hasText: attacker })
      await listed.locator('[data-tlp="red"]').waitFor()
      assert.include(await listed.innerText(), 'TLP:RED')
      assert.include(await listed.innerText(), 'G-ISAC')
      await assertAccessible(assert, page, 'the indicators list in 繁體中文')
      await listed.getByText(attacker).click()
      const sightings = page.getByRole('region', { name: '目擊紀錄' })
      const toIncident = sightings.getByRole('link', { name: `#${incident.id}` })
      await toIncident.waitFor()
      assert.include(await sightings.getByRole('row').filter({ has: page.getByRole('link', { name: `#${incident.id}` }) }).innerText(), '事件單')
      await assertAccessible(assert, page, 'an indicator with its sightings in 繁體中文')
      await toIncident.click()
      await page.waitForURL(new RegExp(`#/incidents/${incident.id}/show`))

      // A plain feed: two values and a line that is none, shown passed over with its line.
      await page.getByRole('menuitem', { name: '威脅指標' }).click()
      await page.getByRole('button', { name: '匯入', exact: true }).click()
      const importer = page.getByRole('dialog', { name: '匯入威脅指標' })
      await importer.locator('input[type=file]').setInputFiles({
        name: 'blocklist.txt', mimeType: 'text/plain',
        buffer: Buffer.from(`# ${tag}\n${tag}.example.org\n198.51.100.0/24\nnot a value\n`),
      })
      await importer.getByRole('button', { name: '匯入', exact: true }).click()
      const outcome = importer.getByRole('status')
      await outcome.waitFor()
      assert.match(await outcome.innerText(), /略過 1 筆/)
      const refused = importer.locator('[data-skipped="$.feed line 4"]')
      assert.include(await refused.innerText(), '值與其類型不符')
      await assertAccessible(assert, page, 'the import outcome in 繁體中文')
      await importer.getByRole('button', { name: '關閉' }).click()

      // The group: its members shown, another added on its form.
      await page.getByRole('menuitem', { name: '分享群組' }).click()
      // The groups' list drawn first (its own column, then its first rows), so the search typed
      // next is not lost as it mounts, nor typed into the indicators' list still on the screen
      // while the groups' page loads: with the suite's other groups in the table, this one may
      // not be on the first page.
      await page.getByRole('columnheader', { name: /^成員數/ }).waitFor()
      await page.locator('tbody tr').first().waitFor()
      await page.getByRole('textbox', { name: /^搜尋/ }).fill(shared.name)
      await page.getByRole('row').filter({ hasText: shared.name }).getByText(shared.name).click()
      await page.getByText(ministry.name).waitFor()
      await assertAccessible(assert, page, 'a sharing group in 繁體中文')
      await page.getByRole('link', { name: '編輯' }).click()
      const members = page.getByRole('combobox', { name: /^成員機關/ })
      await members.fill(child.name)
      await page.getByRole('option', { name: child.name }).click()
      await assertAccessible(assert, page, 'the sharing group form in 繁體中文')
      await page.getByRole('button', { name: '儲存' }).click()
      await waitUntil(async () => (await db.from('sharing_group_members').where('sharing_group_id', shared.id)).length === 2)
    }, { locale: 'zh-TW' })
    const imported = await db.from('indicators').where('value', `${tag}.example.org`).firstOrFail()
    assert.include(imported, { type: 'domain', tlp: 'amber', source_agency_id: null })
  }).timeout(240_000)
})
