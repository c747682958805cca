import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeCode, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { groupBrowser, signedIn } from '#tests/support/browser'
import { CookieSession } from '#tests/support/cookie_session'
import {
  assertAccessible,
  choose,
  chooseReference,
  fieldError,
  followMenu,
  save,
  searchList,
  shownValue,
} from '#tests/support/browser_forms'

test.group('Inventory pages and forms in a browser', (group) => {
  const browser = groupBrowser(group)

  test('an admin lists agencies, creates one under a ministry and edits it', async ({ assert }) => {
    const { ministry, child } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const code = makeCode('AGY')
    const name = `新設機關 ${code}`
    await signedIn(browser(), assert, admin, async (page) => {
      await followMenu(page, 'Agencies')
      await searchList(page, child.name)
      // The parent column names the ministry the agency sits under.
      await page.getByRole('row').filter({ hasText: child.code }).filter({ hasText: ministry.name }).waitFor()
      await assertAccessible(assert, page, 'the agency list')

      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.getByRole('textbox', { name: /^Code/ }).fill(code)
      await page.getByRole('textbox', { name: /^Name/ }).fill(name)
      await page.getByRole('textbox', { name: /^English name/ }).fill('New Agency')
      await choose(page, /^Level/, 'Level 3')
      await choose(page, /^Kind/, 'Central government')
      await choose(page, /^Region/, 'East')
      await chooseReference(page, /^Parent agency/, ministry.name)
      await assertAccessible(assert, page, 'the agency form')
      await save(page)

      // Creating opens the new agency's page.
      await page.waitForURL(/#\/agencies\/\d+\/show$/)
      await shownValue(page, 'Code').getByText(code, { exact: true }).waitFor()
      assert.include(await shownValue(page, 'Level').innerText(), 'Level 3')
      assert.include(await shownValue(page, 'Region').innerText(), 'East')
      assert.include(await shownValue(page, 'Parent agency').innerText(), ministry.name)
      await assertAccessible(assert, page, 'the agency page')
      const stored = await db.from('agencies').where('code', code).firstOrFail()
      assert.equal(stored.parent_id, ministry.id)
      assert.equal(stored.level, 3)

      await page.getByRole('link', { name: 'Edit', exact: true }).click()
      const english = page.getByRole('textbox', { name: /^English name/ })
      assert.equal(await english.inputValue(), 'New Agency')
      await english.fill('Renamed Agency')
      await choose(page, /^Region/, 'South')
      await save(page)
      await page.waitForURL(/#\/agencies(\?.*)?$/)
      await searchList(page, name)
      const row = page.getByRole('row').filter({ hasText: code })
      await row.getByRole('cell', { name: 'Renamed Agency', exact: true }).waitFor()
      assert.include(await row.innerText(), 'South')
      const edited = await db.from('agencies').where('code', code).firstOrFail()
      assert.deepEqual([edited.name_en, edited.region], ['Renamed Agency', 'south'])
      await page.screenshot({ path: 'tmp/ui-agencies.png', fullPage: true })
    })
  })

  test('an agency liaison keeps their information systems: sees their own, creates one, edits it', async ({ assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const admin = await makeUser('admin')
    const api = new CookieSession()
    await api.logIn(admin.email, TEST_PASSWORD)
    const centre = (
      await api.request('POST', '/api/data_centres', {
        code: makeCode('DC'), name: `機房 ${makeCode('DC')}`, agency_id: ministry.id, region: 'north',
        status: 'operating', racks: 4, servers: 20,
      })
    ).json()
    const own = (
      await api.request('POST', '/api/information_systems', {
        code: makeCode('SYS'), name: '公文系統', agency_id: ministry.id, category: 'document_management', status: 'active',
      })
    ).json()
    const foreign = (
      await api.request('POST', '/api/information_systems', {
        code: makeCode('SYS'), name: '公文系統', agency_id: other.id, category: 'document_management', status: 'active',
      })
    ).json()
    const code = makeCode('SYS')
    await signedIn(browser(), assert, liaison, async (page) => {
      await followMenu(page, 'Information systems')
      await searchList(page, '公文系統')
      const ownRow = page.getByRole('row').filter({ hasText: own.code })
      await ownRow.waitFor()
      assert.include(await ownRow.innerText(), 'Document management')
      assert.equal(await page.getByRole('row').filter({ hasText: foreign.code }).count(), 0)
      await assertAccessible(assert, page, 'the information system list')

      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.getByRole('textbox', { name: /^Code/ }).fill(code)
      await page.getByRole('textbox', { name: /^Name/ }).fill('共用薪資系統')
      await chooseReference(page, /^Agency/, ministry.name)
      await chooseReference(page, /^Data centre/, centre.name)
      await choose(page, /^Category/, 'Shared payroll and cashier')
      await choose(page, /^Status/, 'Active')
      await assertAccessible(assert, page, 'the information system form')
      await save(page)

      await page.waitForURL(/#\/information_systems\/\d+\/show$/)
      await shownValue(page, 'Code').getByText(code, { exact: true }).waitFor()
      assert.include(await shownValue(page, 'Data centre').innerText(), centre.name)
      assert.include(await shownValue(page, 'Category').innerText(), 'Shared payroll and cashier')
      await assertAccessible(assert, page, 'the information system page')

      // Retiring it: the date is a calendar day, kept as typed.
      await page.getByRole('link', { name: 'Edit', exact: true }).click()
      await choose(page, /^Status/, 'Retired')
      await page.getByLabel(/^Retirement date/).fill('2026-09-30')
      await save(page)
      await page.waitForURL(/#\/information_systems(\?.*)?$/)
      const stored = await db.from('information_systems').where('code', code).firstOrFail()
      assert.equal(stored.status, 'retired')
      assert.equal(stored.data_centre_id, centre.id)
      const answer = await page.request.get(`/api/information_systems/${stored.id}`)
      assert.equal((await answer.json()).retirement_date, '2026-09-30')
    })
  })

  test('a closed data centre needs its closure date: the API says so on the field, then it is saved', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const liaison = await makeUser('agency_liaison', ministry.id)
    const code = makeCode('DC')
    await signedIn(browser(), assert, liaison, async (page) => {
      await followMenu(page, 'Data centres')
      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.getByRole('textbox', { name: /^Code/ }).fill(code)
      await page.getByRole('textbox', { name: /^Name/ }).fill('舊機房')
      await chooseReference(page, /^Agency/, ministry.name)
      await choose(page, /^Region/, 'Central')
      await choose(page, /^Status/, 'Closed')
      await page.getByRole('spinbutton', { name: /^Racks/ }).fill('0')
      await page.getByRole('spinbutton', { name: /^Servers/ }).fill('0')
      await save(page)

      const closure = page.getByLabel(/^Closure date/)
      assert.equal(await fieldError(page, closure), 'a closed data centre needs its closure date')
      assert.isNull(await db.from('data_centres').where('code', code).first())
      await page.screenshot({ path: 'tmp/ui-data-centre-error.png', fullPage: true })
      await assertAccessible(assert, page, 'the data centre form showing an error')

      await closure.fill('2026-06-30')
      await save(page)
      await page.waitForURL(/#\/data_centres\/\d+\/show$/)
      await shownValue(page, 'Code').getByText(code, { exact: true }).waitFor()
      assert.include(await shownValue(page, 'Status').innerText(), 'Closed')
      await assertAccessible(assert, page, 'the data centre page')
      const stored = await db.from('data_centres').where('code', code).firstOrFail()
      assert.equal(stored.status, 'closed')
      assert.equal(stored.agency_id, ministry.id)
      assert.equal((await (await page.request.get(`/api/data_centres/${stored.id}`)).json()).closure_date, '2026-06-30')
    })
  })

  test('a NOC operator adds an SNMPv3 device; its keys are sealed and never shown back', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const hostname = makeCode('rtr').toLowerCase()
    const authKey = `auth-${makeCode('key')}`
    const privKey = `priv-${makeCode('key')}`
    await signedIn(browser(), assert, noc, async (page) => {
      await followMenu(page, 'Devices')
      await page.getByRole('link', { name: 'Create', exact: true }).click()
      await page.getByRole('textbox', { name: /^Hostname/ }).fill(hostname)
      await choose(page, /^Kind/, 'Router')
      await page.getByRole('textbox', { name: /^Management address/ }).fill('10.20.30.40')
      await choose(page, /^Region/, 'North')
      await chooseReference(page, /^Agency/, ministry.name)
      await page.getByRole('textbox', { name: /^Vendor/ }).fill('Cisco')

      // v2c asks for a community; switching to v3 asks for the user and, by level, the keys.
      await page.getByLabel(/^SNMP community/).waitFor()
      await choose(page, /^SNMP version/, 'v3')
      assert.equal(await page.getByLabel(/^SNMP community/).count(), 0)
      await page.getByRole('textbox', { name: /^SNMPv3 user/ }).fill('gsn-poller')
      await choose(page, /^Security level/, 'authPriv')
      await choose(page, /^Authentication protocol/, 'sha256')
      await page.getByLabel(/^Authentication key/).fill(authKey)
      await choose(page, /^Privacy protocol/, 'aes')
      await assertAccessible(assert, page, 'the device form with SNMPv3 fields')

      // authPriv without its privacy key: the API names the field.
      await save(page)
      const priv = page.getByLabel(/^Privacy key/)
      assert.equal(await fieldError(page, priv), 'authPriv needs a privacy protocol and key')
      assert.isNull(await db.from('devices').where('hostname', hostname).first())

      await priv.fill(privKey)
      await save(page)
      await page.waitForURL(/#\/devices\/\d+\/show$/)
      await page.getByText('gsn-poller', { exact: true }).first().waitFor()
      const shown = await page.locator('body').innerText()
      assert.notInclude(shown, authKey)
      assert.notInclude(shown, privKey)

      const stored = await db.from('devices').where('hostname', hostname).firstOrFail()
      assert.equal(stored.snmp_version, '3')
      assert.notInclude(JSON.stringify(stored), authKey)
      assert.notInclude(JSON.stringify(stored), privKey)
      const answer = await (await page.request.get(`/api/devices/${stored.id}`)).json()
      assert.include(answer, { snmp_user: 'gsn-poller', snmp_security_level: 'authPriv', snmp_credentials_set: true })
      assert.notInclude(JSON.stringify(answer), authKey)

      // The edit form shows the user and protocols, and leaves the key fields empty.
      await page.goto(`/#/devices/${stored.id}`)
      await page.getByRole('textbox', { name: /^SNMPv3 user/ }).waitFor()
      assert.equal(await page.getByRole('textbox', { name: /^SNMPv3 user/ }).inputValue(), 'gsn-poller')
      assert.equal(await page.getByLabel(/^Authentication key/).inputValue(), '')
      assert.equal(await page.getByLabel(/^Privacy key/).inputValue(), '')
      assert.notInclude(await page.content(), authKey)
      assert.notInclude(await page.content(), privKey)
      await page.screenshot({ path: 'tmp/ui-device-v3.png', fullPage: true })
      await assertAccessible(assert, page, 'the device edit form')

      // Saving an unrelated change keeps the sealed keys.
      await page.getByRole('textbox', { name: /^Model/ }).fill('ASR 1001-X')
      await save(page)
      await page.waitForURL(/#\/devices(\?.*)?$/)
      const kept = await db.from('devices').where('id', stored.id).firstOrFail()
      assert.equal(kept.model, 'ASR 1001-X')
      assert.deepEqual(kept.snmp_credentials, stored.snmp_credentials)
    })
  })
})
