import { test } from '@japa/runner'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import drive from '@adonisjs/drive/services/main'
import env from '#start/env'
import db from '@adonisjs/lucid/services/db'
import ace from '@adonisjs/core/services/ace'
import hash from '@adonisjs/core/services/hash'
import User from '#app/access/user'
import { ROLES } from '#app/access/roles'
import { subtreeQuery } from '#app/access/scope'
import { verifyAuditChain } from '#app/audit/audit_log'
import { openCredentials } from '#app/devices/snmp_credentials'
import { clearInventory, seedDemo } from '#app/demo/loader'
import { addressIn, demoAgencyPrefixes } from '#app/demo/address_plan'
import { DEMO_TOTALS } from '#app/demo/data_set'
import { DEMO_SHARING_GROUP, DEMO_TOOL, demoToolSecret, demoToolToken } from '#app/demo/demo_sharing'
import { makeAgency, makeUser } from '#tests/support/fixtures'

const PASSWORD = 'demo-password-for-tests'
const count = async (sql: string, bindings: unknown[] = []) => Number((await db.rawQuery(sql, bindings)).rows[0].n)

async function inventory() {
  return {
    agencies: await count('SELECT count(*) AS n FROM agencies'),
    data_centres: await count('SELECT count(*) AS n FROM data_centres'),
    systems: await count('SELECT count(*) AS n FROM information_systems'),
    legacy: await count(`SELECT count(*) AS n FROM links WHERE kind = 'legacy'`),
    uplinks: await count(`SELECT count(*) AS n FROM links WHERE kind = 'uplink'`),
    devices: await count('SELECT count(*) AS n FROM devices'),
    incidents: await count('SELECT count(*) AS n FROM incidents'),
    users: await count('SELECT count(*) AS n FROM users'),
  }
}

test.group('demo:seed', (group) => {
  group.setup(async () => {
    // As demo:seed runs it: the history up to DEMO_AS_OF, the incidents dated from now.
    const outcome = await seedDemo({ fresh: true, password: PASSWORD, generator: { now: new Date() } })
    if (outcome.status !== 'loaded') throw new Error(`seed did not load: ${outcome.status}`)
  })
  // Later files start from an empty inventory, as they would without this one.
  group.teardown(async () => {
    await db.transaction((trx) => clearInventory(trx))
  })

  test('loads the programme baselines and one account per role', async ({ assert }) => {
    const counts = await inventory()
    assert.equal(counts.data_centres, DEMO_TOTALS.dataCentres)
    assert.equal(counts.systems, DEMO_TOTALS.systems)
    assert.equal(counts.legacy, DEMO_TOTALS.legacyLines)
    assert.isAtLeast(counts.uplinks, 35)
    assert.isAtMost(counts.uplinks, 45)
    assert.isAtLeast(counts.agencies, 300)
    assert.isAtLeast(counts.incidents, 8)

    const users = await db.from('users').select('email', 'role', 'agency_id', 'locale', 'password').orderBy('email')
    assert.deepEqual(users.map((u) => u.role).sort(), [...ROLES].sort())
    assert.isTrue(users.every((u) => u.email.endsWith('@gsn.demo') && u.locale === 'zh-TW'))
    const liaison = users.find((u) => u.role === 'agency_liaison')!
    const motc = await db.from('agencies').where('code', 'MOTC').firstOrFail()
    assert.equal(liaison.agency_id, motc.id)
    assert.isTrue(users.filter((u) => u.role !== 'agency_liaison').every((u) => u.agency_id === null))
    assert.isTrue(await hash.verify(liaison.password, PASSWORD))
  }).timeout(60000)

  test("the liaison's scope is 交通部 and its agencies, nothing of another ministry", async ({ assert, client }) => {
    const motc = await db.from('agencies').where('code', 'MOTC').firstOrFail()
    const subtree = await db.from('agencies').whereIn('id', subtreeQuery(motc.id)).select('code')
    assert.isAbove(subtree.length, 20)
    assert.isTrue(subtree.every((a) => a.code === 'MOTC' || a.code.startsWith('MOTC-')))
    assert.includeMembers(subtree.map((a) => a.code), ['MOTC-THB', 'MOTC-CWA', 'MOTC-THB-ERMO'])

    // Through the API as well: the seeded password works, and the lists are scoped.
    const login = await client.post('/api/auth/login').json({ email: 'liaison@gsn.demo', password: PASSWORD }).withCsrfToken()
    login.assertStatus(200)
    const liaison = await User.findByOrFail('email', 'liaison@gsn.demo')
    const agencies = await client.get('/api/agencies').qs({ range: '[0,999]' }).loginAs(liaison)
    agencies.assertStatus(200)
    assert.equal(agencies.header('content-range'), `agencies 0-${subtree.length - 1}/${subtree.length}`)
    const mof = await db.from('agencies').where('code', 'MOF').firstOrFail()
    const foreign = await client.get('/api/links').qs({ filter: JSON.stringify({ agency_id: mof.id }) }).loginAs(liaison)
    foreign.assertStatus(200)
    assert.lengthOf(foreign.body(), 0)
    assert.match(foreign.header('content-range') ?? '', /\/0$/)
    const own = await client.get('/api/links').qs({ range: '[0,0]' }).loginAs(liaison)
    const motcLines = await count(`SELECT count(*) AS n FROM links l JOIN agencies a ON a.id = l.agency_id WHERE a.code = 'MOTC' OR a.code LIKE 'MOTC-%'`)
    assert.isAbove(motcLines, 100)
    assert.match(own.header('content-range') ?? '', new RegExp(`/${motcLines}$`))
  }).timeout(60000)

  test("an agency's tool pulls the demo sharing group over TAXII with the seeded token; only its hash is kept; an older demo gets both", async ({ assert, client }) => {
    const token = await demoToolToken(db.connection(), PASSWORD)
    assert.match(token ?? '', /^oat_[\w-]+\.[\w-]+$/)
    const secret = demoToolSecret(PASSWORD)
    const row = await db.from('auth_access_tokens').where('name', DEMO_TOOL.name).firstOrFail()
    assert.equal(row.hash, createHash('sha256').update(secret).digest('hex'))
    assert.notInclude(JSON.stringify(await db.from('auth_access_tokens').select('*')), secret)
    const liaison = await db.from('users').where('email', DEMO_TOOL.owner).firstOrFail()
    assert.equal(row.tokenable_id, liaison.id)
    assert.isNull(await demoToolToken(db.connection(), 'another-demo-password'))

    const members = await db
      .from('sharing_group_members as m')
      .join('sharing_groups as g', 'g.id', 'm.sharing_group_id')
      .join('agencies as a', 'a.id', 'm.agency_id')
      .where('g.name', DEMO_SHARING_GROUP.name)
      .select('a.code')
    assert.sameMembers(members.map((m) => m.code), [...DEMO_SHARING_GROUP.members])

    const pull = async (value: string) => {
      const answer = await client
        .get('/taxii2/gsn/collections/')
        .header('Accept', 'application/taxii+json;version=2.1')
        .header('Authorization', `Basic ${Buffer.from(`tool:${value}`).toString('base64')}`)
      return { status: answer.status(), titles: (JSON.parse(answer.text()).collections ?? []).map((c: { title: string }) => c.title) }
    }
    assert.deepInclude(await pull(token!), { status: 200 })
    assert.include((await pull(token!)).titles, DEMO_SHARING_GROUP.name)

    // A demo loaded before the group and the token were part of it gets them on its next start.
    await db.from('auth_access_tokens').where('id', row.id).delete()
    await db.from('sharing_groups').where('name', DEMO_SHARING_GROUP.name).delete()
    assert.equal((await seedDemo({ password: PASSWORD })).status, 'already_loaded')
    const again = await demoToolToken(db.connection(), PASSWORD)
    assert.isNotNull(again)
    assert.include((await pull(again!)).titles, DEMO_SHARING_GROUP.name)
    assert.equal((await pull(token!)).status, 401)
    // Starting again with both held changes nothing.
    await seedDemo({ password: PASSWORD })
    assert.equal(await demoToolToken(db.connection(), PASSWORD), again)
    assert.equal(await count(`SELECT count(*) AS n FROM auth_access_tokens WHERE name = ?`, [DEMO_TOOL.name]), 1)
  }).timeout(60000)

  test('references hold: shared rooms, active systems, uplinks, dates', async ({ assert }) => {
    const violations = {
      roomNotIntoOperatingShared: await count(`
        SELECT count(*) AS n FROM data_centres d JOIN data_centres t ON t.id = d.consolidated_into_id
        WHERE t.status <> 'operating' OR t.consolidated_into_id IS NOT NULL OR NOT (t.code LIKE 'SDC-%' OR t.code LIKE 'BDC-%')`),
      closedRoomWithoutDateOrTarget: await count(`
        SELECT count(*) AS n FROM data_centres WHERE status = 'closed' AND (closure_date IS NULL OR consolidated_into_id IS NULL)`),
      datedOpenRoom: await count(`SELECT count(*) AS n FROM data_centres WHERE status <> 'closed' AND closure_date IS NOT NULL`),
      mergedNotIntoActive: await count(`
        SELECT count(*) AS n FROM information_systems s LEFT JOIN information_systems t ON t.id = s.merged_into_id
        WHERE s.status = 'merged' AND (t.id IS NULL OR t.status <> 'active')`),
      goneWithoutDate: await count(`
        SELECT count(*) AS n FROM information_systems WHERE status IN ('merged', 'retired') AND retirement_date IS NULL`),
      liveSystemInClosedRoom: await count(`
        SELECT count(*) AS n FROM information_systems s JOIN data_centres d ON d.id = s.data_centre_id
        WHERE s.status IN ('active', 'migrating') AND d.status = 'closed'`),
      lineNotIntoUplink: await count(`
        SELECT count(*) AS n FROM links l JOIN links u ON u.id = l.consolidated_into_id WHERE u.kind <> 'uplink' OR l.kind <> 'legacy'`),
      lineIntoForeignHub: await count(`
        SELECT count(*) AS n FROM links l JOIN links u ON u.id = l.consolidated_into_id JOIN agencies a ON a.id = l.agency_id
        WHERE u.agency_id <> a.hub_agency_id`),
      decommissionedWithoutDate: await count(`
        SELECT count(*) AS n FROM links WHERE status = 'decommissioned' AND decommission_date IS NULL`),
      uplinkNotPolled: await count(`SELECT count(*) AS n FROM links WHERE kind = 'uplink' AND (device_id IS NULL OR if_index IS NULL)`),
      sharedPort: await count(`
        SELECT count(*) AS n FROM (SELECT device_id, if_index FROM links WHERE device_id IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1) x`),
      badPath: await count(`
        SELECT count(*) AS n FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id
        WHERE a.path <> coalesce(p.path, '/') || a.id || '/'`),
      hubNotAHub: await count(`
        SELECT count(*) AS n FROM agencies a JOIN agencies h ON h.id = a.hub_agency_id WHERE h.hub_agency_id <> h.id`),
      routableManagementAddress: await count(`
        SELECT count(*) AS n FROM devices WHERE NOT (management_address::inet <<= '127.0.0.0/8'
          OR management_address::inet <<= '192.0.2.0/24' OR management_address::inet <<= '198.51.100.0/24'
          OR management_address::inet <<= '203.0.113.0/24')`),
      incidentItemMissing: await count(`
        SELECT count(*) AS n FROM incident_items i WHERE NOT CASE i.item_type
          WHEN 'link' THEN EXISTS (SELECT 1 FROM links WHERE id = i.item_id)
          WHEN 'device' THEN EXISTS (SELECT 1 FROM devices WHERE id = i.item_id)
          WHEN 'information_system' THEN EXISTS (SELECT 1 FROM information_systems WHERE id = i.item_id)
          ELSE EXISTS (SELECT 1 FROM data_centres WHERE id = i.item_id) END`),
    }
    assert.deepEqual(violations, Object.fromEntries(Object.keys(violations).map((k) => [k, 0])) as typeof violations)

    // Part-way, and every measure has something left to do.
    const closed = await count(`SELECT count(*) AS n FROM data_centres WHERE status = 'closed'`)
    assert.isAbove(closed, 50)
    assert.isBelow(closed, 200)
    const decommissioned = await count(`SELECT count(*) AS n FROM links WHERE status = 'decommissioned'`)
    assert.isAbove(decommissioned, 5000)
    assert.isBelow(decommissioned, 17000)
  }).timeout(60000)

  test("every agency holds its address plan, so the demo's flows are put down to the agencies that sent them", async ({ assert }) => {
    const agencies = await count(`SELECT count(*) AS n FROM agencies`)
    const without = await count(`SELECT count(*) AS n FROM agencies a WHERE NOT EXISTS (SELECT 1 FROM agency_prefixes p WHERE p.agency_id = a.id)`)
    assert.isAbove(agencies, 700)
    assert.equal(without, 0)
    // A host the demo's routers name as a talker of 交通部 falls in 交通部's prefix and no other.
    const host = addressIn(demoAgencyPrefixes('MOTC')[0].prefix, 10)
    const owners = await db.rawQuery(
      `SELECT a.code FROM agency_prefixes p JOIN agencies a ON a.id = p.agency_id WHERE p.prefix >>= ?::inet`,
      [host]
    )
    assert.deepEqual(owners.rows.map((r: { code: string }) => r.code), ['MOTC'])
  })

  test("SLA clocks run on the incidents: a policy for each type and priority, the year's calendar, held ones paused", async ({ assert }) => {
    assert.equal(await count(`SELECT count(DISTINCT (type, priority)) AS n FROM sla_policies`), 8)
    assert.equal(await count(`SELECT count(*) AS n FROM calendar_days WHERE date = '2026-02-17' AND kind = 'holiday'`), 1)
    const clocks = await db.from('incidents').select('status', 'respond_due_at', 'sla_due_at', 'sla_paused')
    assert.isTrue(clocks.every((c) => c.respond_due_at !== null), 'every incident has its clock')
    const open = clocks.filter((c) => ['new', 'assigned', 'in_progress'].includes(c.status))
    assert.isAbove(open.length, 0)
    assert.isTrue(open.every((c) => c.sla_due_at !== null && !c.sla_paused), 'open incidents have a next breach')
    const held = clocks.filter((c) => c.status === 'on_hold')
    assert.isAbove(held.length, 0)
    assert.isTrue(held.every((c) => c.sla_paused && c.sla_due_at === null), 'held incidents are paused')
  })

  test('devices carry credentials sealed as the device resource seals them', async ({ assert }) => {
    const devices = await db.from('devices').select('hostname', 'snmp_version', 'snmp_credentials')
    let v3 = 0
    for (const device of devices) {
      assert.notInclude(device.snmp_credentials, 'demo-')
      const credentials = openCredentials(device.snmp_credentials)!
      assert.equal(credentials.version, device.snmp_version)
      if (credentials.version === '3') {
        v3++
        assert.include(credentials, { level: 'authPriv', authProtocol: 'sha', privProtocol: 'aes' })
      }
    }
    assert.isAbove(v3, 0)
    assert.isBelow(v3, devices.length / 2)
  }).timeout(60000)

  test('seeding again changes nothing; --fresh replaces without duplicating', async ({ assert }) => {
    const before = await inventory()
    const again = await seedDemo({ password: PASSWORD })
    assert.equal(again.status, 'already_loaded')
    assert.deepEqual(await inventory(), before)

    const sequence = await count(`SELECT last_value AS n FROM incident_number_seq`)
    const fresh = await seedDemo({ fresh: true, password: PASSWORD })
    assert.equal(fresh.status, 'loaded')
    assert.deepEqual(await inventory(), before)
    // New incidents keep numbering after the seeded ones; no number is handed out twice.
    const numbers = await db.from('incidents').select('number')
    assert.lengthOf(new Set(numbers.map((n) => n.number)), numbers.length)
    assert.isAbove(await count(`SELECT last_value AS n FROM incident_number_seq`), sequence)
    // The accounts' tokens went with them; the tool's is issued again, and the group kept.
    assert.isNotNull(await demoToolToken(db.connection(), PASSWORD))
    assert.equal(await count(`SELECT count(*) AS n FROM sharing_groups WHERE name = ?`, [DEMO_SHARING_GROUP.name]), 1)
    // The clearing and the load are in the audit log, and the chain still holds.
    const cleared = await db.from('audit_log').where({ action: 'delete', entity: 'links', entity_id: '*' }).orderBy('id', 'desc').firstOrFail()
    assert.equal(cleared.before.rows, before.legacy + before.uplinks)
    const loaded = await db.from('audit_log').where({ action: 'create', entity: 'links', entity_id: '*' }).orderBy('id', 'desc').firstOrFail()
    assert.include(loaded.after, { rows: before.legacy + before.uplinks, first: 'GSN-U-EY-1', reason: 'demo:seed' })
    assert.isNull((await verifyAuditChain()).broken)
  }).timeout(120000)

  test("--fresh takes the attachments' files off the disk with their rows; a clearing rolled back leaves them", async ({ client, assert }) => {
    const noc = await makeUser('noc')
    const incidents = await db.from('incidents').where('type', 'service').orderBy('id').limit(2).select('id')
    assert.lengthOf(incidents, 2)
    for (const [i, { id }] of incidents.entries()) {
      const uploaded = await client
        .post(`/api/incidents/${id}/attachments`)
        .file('file', Buffer.from(`capture ${i}\n`), { filename: `capture-${i}.log` })
        .loginAs(noc)
        .withCsrfToken()
      uploaded.assertStatus(201)
    }
    const stored = await db.from('incident_attachments').whereIn('incident_id', incidents.map((r) => r.id)).select('incident_id', 'storage_key')
    assert.lengthOf(stored, 2)
    const root = app.makePath(env.get('ATTACHMENTS_ROOT')!)
    const onDisk = async () => (await Promise.all(stored.map((a) => drive.use().exists(a.storage_key)))).filter(Boolean).length
    assert.equal(await onDisk(), 2)

    await assert.rejects(
      () => db.transaction(async (trx) => {
        await clearInventory(trx)
        throw new Error('the load failed after the clearing')
      }),
      /the load failed/
    )
    assert.equal(await onDisk(), 2, 'the rows are still there, and so are their files')

    const fresh = await seedDemo({ fresh: true, password: PASSWORD })
    assert.equal(fresh.status, 'loaded')
    assert.equal(await onDisk(), 0)
    for (const { id } of incidents) assert.isFalse(existsSync(join(root, `incidents/${id}`)), `folder of incident ${id}`)
    const cleared = await db.from('audit_log').where({ action: 'delete', entity: 'incident_attachments', entity_id: '*' }).orderBy('id', 'desc').firstOrFail()
    assert.isAtLeast(cleared.before.rows, 2)
  }).timeout(120000)

  test('over other data it refuses, unless --fresh; --if-empty succeeds without loading', async ({ assert, cleanup }) => {
    await db.transaction((trx) => clearInventory(trx))
    const stranger = await makeAgency({ name: '非示範機關' })
    const refused = await seedDemo({ password: PASSWORD })
    assert.equal(refused.status, 'not_empty')
    assert.equal(await count('SELECT count(*) AS n FROM agencies'), 1)

    // The command itself, its output kept for the assertions rather than printed.
    ace.ui.switchMode('raw')
    cleanup(() => ace.ui.switchMode('normal'))
    const command = await ace.exec('demo:seed', [])
    assert.equal(command.exitCode, 1)
    const said = () => ace.ui.logger.getLogs().map((l) => l.message).join('\n')
    assert.include(said(), '--fresh')
    ace.ui.logger.flushLogs()
    const tolerant = await ace.exec('demo:seed', ['--if-empty'])
    assert.equal(tolerant.exitCode, 0)
    assert.include(said(), 'leaving it as it is')
    assert.equal(await count('SELECT count(*) AS n FROM agencies'), 1)

    ace.ui.logger.flushLogs()
    const replaced = await ace.exec('demo:seed', ['--fresh'])
    assert.equal(replaced.exitCode, 0)
    assert.include(said(), 'liaison@gsn.demo')
    assert.equal(await count('SELECT count(*) AS n FROM agencies WHERE id = ?', [stranger.id]), 0)
    assert.equal(await count(`SELECT count(*) AS n FROM links WHERE kind = 'legacy'`), DEMO_TOTALS.legacyLines)
  }).timeout(120000)

  test('a short demo password is refused before anything is written', async ({ assert }) => {
    const before = await inventory()
    await assert.rejects(() => seedDemo({ fresh: true, password: 'short' }), /at least 12 characters/)
    assert.deepEqual(await inventory(), before)
  }).timeout(60000)
})
