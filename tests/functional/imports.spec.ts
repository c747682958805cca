import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Device from '#app/devices/device'
import { makeAgency, makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import type User from '#app/access/user'
import type { ApiClient } from '@japa/api-client'

const LINK_HEADER = 'circuit_id,name,kind,agency_code,a_end,z_end,bandwidth_kbps,device_hostname,if_index,status,consolidated_into_circuit,decommission_date'

function csv(...lines: string[]) {
  return Buffer.from(lines.join('\n') + '\n')
}

async function upload(client: ApiClient, user: User, resource: string, file: Buffer, { wait = true } = {}) {
  return client
    .post('/api/imports')
    .qs(wait ? { resource, wait: 'true' } : { resource })
    .file('file', file, { filename: `${resource}.csv`, contentType: 'text/csv' })
    .loginAs(user)
    .withCsrfToken()
}

type Job = {
  id: number
  status: string
  message: string
  rows_read: number
  inserted: number
  updated: number
  unchanged: number
  rejected: number
  errors: Array<{ line: number; field: string | null; message: string }>
}

test.group('CSV imports', () => {
  test('good lines are kept and bad ones reported with their line and column', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const [a, b, c, d, e] = [1, 2, 3, 4, 5].map(() => makeCode('CKT'))
    const file = csv(
      LINK_HEADER,
      `${a},線路甲,legacy,${ministry.code},台北,GSN-TPE,10240,,,active,,`,
      `${b},線路乙,legacy,NO-SUCH-AGENCY,台北,GSN-TPE,10240,,,active,,`,
      `${c},線路丙,legacy,${ministry.code},台中,GSN-TXG,2048,,,active,,`,
      `${d},線路丁,satellite,${ministry.code},台南,GSN-TNN,-5,,,active,,`,
      `${e},線路戊,legacy,${ministry.code},花蓮,GSN-HUN,512,,,decommissioned,,`
    )
    const response = await upload(client, noc, 'links', file)
    response.assertStatus(200)
    const job: Job = response.body()
    assert.equal(job.status, 'done')
    assert.include(job, { rows_read: 5, inserted: 2, updated: 0, unchanged: 0, rejected: 3 })
    const where = (line: number) => job.errors.filter((x) => x.line === line).map((x) => x.field)
    assert.deepEqual(where(3), ['agency_code'])
    assert.match(job.errors.find((x) => x.line === 3)!.message, /no agency has code "NO-SUCH-AGENCY"/)
    assert.sameMembers(where(5), ['kind', 'bandwidth_kbps'])
    assert.deepEqual(where(6), ['decommission_date'])

    const saved = await db.from('links').whereIn('circuit_id', [a, b, c, d, e]).orderBy('circuit_id')
    assert.sameMembers(saved.map((r) => r.circuit_id), [a, c])
    assert.equal(saved.find((r) => r.circuit_id === a).agency_id, ministry.id)

    const audit = await db.from('audit_log').where({ entity: 'links', action: 'create' }).whereIn('entity_id', saved.map((r) => String(r.id)))
    assert.lengthOf(audit, 2)
    assert.equal(audit[0].actor_id, noc.id)
  })

  test('re-importing updates in place, never duplicates, and counts unchanged lines', async ({ client, assert }) => {
    const { ministry, child } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const [a, b, c] = [1, 2, 3].map(() => makeCode('CKT'))
    const lines = [
      `${a},線路甲,legacy,${ministry.code},台北,GSN-TPE,10240,,,active,,`,
      `${b},線路乙,legacy,${child.code},台北,GSN-TPE,2048,,,active,,`,
      `${c},線路丙,legacy,${child.code},台北,GSN-TPE,2048,,,migrating,,`,
    ]
    const first: Job = (await upload(client, noc, 'links', csv(LINK_HEADER, ...lines))).body()
    assert.include(first, { inserted: 3, updated: 0, unchanged: 0, rejected: 0 })

    const again: Job = (await upload(client, noc, 'links', csv(LINK_HEADER, ...lines))).body()
    assert.include(again, { status: 'done', inserted: 0, updated: 0, unchanged: 3, rejected: 0 })

    lines[1] = lines[1].replace('2048', '4096')
    const changed: Job = (await upload(client, noc, 'links', csv(LINK_HEADER, ...lines))).body()
    assert.include(changed, { inserted: 0, updated: 1, unchanged: 2, rejected: 0 })

    const rows = await db.from('links').whereIn('circuit_id', [a, b, c])
    assert.lengthOf(rows, 3)
    assert.equal(Number(rows.find((r) => r.circuit_id === b).bandwidth_kbps), 4096)
    const updates = await db.from('audit_log').where({ entity: 'links', action: 'update', entity_id: String(rows.find((r) => r.circuit_id === b).id) })
    assert.lengthOf(updates, 1)
    assert.deepEqual(updates[0].after, { bandwidth_kbps: 4096 })

    // A file without the optional columns leaves what is stored in them.
    const partial: Job = (await upload(client, noc, 'links', csv('circuit_id,name,kind,agency_code,a_end,z_end,bandwidth_kbps,status', `${a},新名稱,legacy,${ministry.code},台北,GSN-TPE,10240,active`))).body()
    assert.include(partial, { updated: 1, rejected: 0 })
  })

  test('the same key twice in one file: the later line wins', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const a = makeCode('CKT')
    const job: Job = (
      await upload(client, noc, 'links', csv(
        LINK_HEADER,
        `${a},first,legacy,${ministry.code},台北,GSN-TPE,10240,,,active,,`,
        `${a},second,legacy,${ministry.code},台北,GSN-TPE,10240,,,active,,`
      ))
    ).body()
    assert.include(job, { inserted: 1, updated: 1, rejected: 0 })
    const rows = await db.from('links').where('circuit_id', a)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].name, 'second')
  })

  test('malformed CSV lines are reported by line and the lines around them kept', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const [a, b, c] = [1, 2, 3].map(() => makeCode('CKT'))
    const file = csv(
      LINK_HEADER,
      `${a},線路甲,legacy,${ministry.code},台北,GSN-TPE,10240,,,active,,`,
      `${makeCode('CKT')},"never closed,legacy,${ministry.code},台北,GSN-TPE,10240,,,active,,`,
      `${b},線路乙,legacy,${ministry.code},台北,GSN-TPE,10240,,,active`,
      `${c},"線路, 丙",legacy,${ministry.code},台北,GSN-TPE,10240,,,active,,`
    )
    const job: Job = (await upload(client, noc, 'links', file)).body()
    assert.equal(job.status, 'done')
    assert.include(job, { inserted: 2, rejected: 2 })
    assert.equal(job.errors[0].line, 3)
    assert.match(job.errors[0].message, /closing quote/)
    assert.equal(job.errors[1].line, 4)
    assert.match(job.errors[1].message, /the line has 10 fields, the header has 12/)
    const names = await db.from('links').whereIn('circuit_id', [a, b, c]).select('circuit_id', 'name')
    assert.sameDeepMembers(names, [
      { circuit_id: a, name: '線路甲' },
      { circuit_id: c, name: '線路, 丙' },
    ])
  })

  test('a wrong header refuses the file with a clear message', async ({ client, assert }) => {
    const noc = await makeUser('noc')
    const job: Job = (await upload(client, noc, 'links', csv('circuit,name,kind', 'x,y,z'))).body()
    assert.equal(job.status, 'failed')
    assert.match(job.message, /header does not match the columns of links/)
    assert.deepInclude(job.errors.map((e) => [e.line, e.field]), [1, 'circuit'])
    assert.deepInclude(job.errors.map((e) => [e.line, e.field]), [1, 'circuit_id'])

    const empty: Job = (await upload(client, noc, 'links', Buffer.from('\uFEFF'))).body()
    assert.equal(empty.status, 'failed')
    assert.match(empty.message, /empty/)
  })

  test('agencies refer to their parent by code, above or below them; paths follow', async ({ client, assert }) => {
    const admin = await makeUser('admin')
    const top = await makeAgency({ level: 1 })
    const [ministry, bureau, office, late] = [1, 2, 3, 4].map(() => makeCode('AG'))
    const file = csv(
      '\uFEFFcode,name,name_en,level,kind,region,parent_code,hub_code',
      `${ministry},部,Ministry,2,central,north,${top.code},`,
      `${bureau},署,Bureau,3,central,north,${ministry},${ministry}`,
      // The parent of this one comes further down the file.
      `${office},分署,Office,4,central,south,${late},${ministry}`,
      `${late},局,Late bureau,3,central,south,${ministry},`,
      `${makeCode('AG')},孤兒,,3,central,east,NOWHERE,`
    )
    const job: Job = (await upload(client, admin, 'agencies', file)).body()
    assert.include(job, { status: 'done', inserted: 4, rejected: 1 })
    assert.deepEqual(job.errors.map((e) => [e.line, e.field]), [[6, 'parent_code']])
    assert.match(job.errors[0].message, /no agency has code "NOWHERE" in the database or in this file/)

    const rows = await db.from('agencies').whereIn('code', [ministry, bureau, office, late])
    const byCode = Object.fromEntries(rows.map((r) => [r.code, r]))
    assert.equal(byCode[ministry].parent_id, top.id)
    assert.equal(byCode[ministry].path, `${top.path}${byCode[ministry].id}/`)
    assert.equal(byCode[bureau].path, `${byCode[ministry].path}${byCode[bureau].id}/`)
    assert.equal(byCode[bureau].hub_agency_id, byCode[ministry].id)
    assert.equal(byCode[office].parent_id, byCode[late].id)
    assert.equal(byCode[office].path, `${byCode[late].path}${byCode[office].id}/`)

    // Moving an agency by re-import moves its subtree.
    const moved: Job = (await upload(client, admin, 'agencies', csv(
      'code,name,level,kind,region,parent_code',
      `${late},局,3,central,south,${bureau}`
    ))).body()
    assert.include(moved, { updated: 1, rejected: 0 })
    const office2 = await db.from('agencies').where('code', office).first()
    const late2 = await db.from('agencies').where('code', late).first()
    assert.equal(late2.path, `${byCode[bureau].path}${late2.id}/`)
    assert.equal(office2.path, `${late2.path}${office2.id}/`)
  })

  test('links name their agency, device and uplink by natural key', async ({ client, assert }) => {
    const { ministry, child } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const hostname = makeCode('rtr').toLowerCase()
    const devices: Job = (await upload(client, noc, 'devices', csv(
      'hostname,kind,management_address,region,agency_code,snmp_version,snmp_community',
      `${hostname},router,10.0.0.1,north,${ministry.code},2c,s3cret-community`
    ))).body()
    assert.include(devices, { inserted: 1, rejected: 0 })
    const uplink = makeCode('UP')
    const line = makeCode('CKT')
    const job: Job = (await upload(client, noc, 'links', csv(
      LINK_HEADER,
      `${uplink},部上行,uplink,${ministry.code},部機房,GSN-CORE,1000000,${hostname},1,active,,`,
      `${line},署線路,legacy,${child.code},署,GSN-TPE,10240,${hostname},2,migrating,${uplink},`,
      `${makeCode('CKT')},壞,legacy,${child.code},署,GSN-TPE,10240,no-such-host,3,active,,`,
      `${makeCode('CKT')},壞,legacy,${child.code},署,GSN-TPE,10240,${hostname},,active,,`
    ))).body()
    assert.include(job, { inserted: 2, rejected: 2 })
    assert.deepEqual(job.errors.map((e) => [e.line, e.field]), [[4, 'device_hostname'], [5, 'if_index']])
    const device = await db.from('devices').where('hostname', hostname).first()
    const up = await db.from('links').where('circuit_id', uplink).first()
    const saved = await db.from('links').where('circuit_id', line).first()
    assert.equal(saved.device_id, device.id)
    assert.equal(saved.consolidated_into_id, up.id)
    assert.equal(saved.agency_id, child.id)
  })

  test('agency prefixes name their agency by code; host bits and unknown agencies are rejected lines', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    // Blocks between 100.80.0.0 and 100.127.255.255 numbered by the new agency's id: no other test's prefix holds them.
    const [high, low] = [(ministry.id >> 8) & 15, ministry.id & 255]
    const [good, hostBits, orphan] = [`100.${80 + high}.${low}.0/24`, `100.${96 + high}.${low}.1/24`, `100.${96 + high}.${low}.128/25`]
    const job: Job = (await upload(client, noc, 'agency_prefixes', csv(
      'prefix,agency_code,description',
      `${good},${ministry.code},部內網`,
      `${hostBits},${ministry.code},寫錯的網段`,
      `${orphan},NO-SUCH-AGENCY,`
    ))).body()
    assert.include(job, { status: 'done', rows_read: 3, inserted: 1, updated: 0, rejected: 2 })
    assert.deepEqual(job.errors.map((e) => [e.line, e.field]), [[3, 'prefix'], [4, 'agency_code']])
    assert.include(job.errors[0].message, `100.${96 + high}.${low}.0/24`, 'the message gives the network to write')
    assert.match(job.errors[1].message, /no agency has code "NO-SUCH-AGENCY"/)
    const saved = await db.from('agency_prefixes').whereRaw('prefix <<= ?::cidr', ['100.80.0.0/12'])
    assert.deepEqual(saved.map((r) => [r.prefix, r.agency_id, r.description]), [[good, ministry.id, '部內網']])
    // Only the national teams write prefixes: a liaison's file is refused whole.
    const liaison = await makeUser('agency_liaison', ministry.id)
    ;(await upload(client, liaison, 'agency_prefixes', csv('prefix,agency_code,description', `100.${112 + high}.${low}.0/24,${ministry.code},`))).assertStatus(403)
  })

  test('device secrets are sealed like the device form seals them, never kept in clear', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const hostname = makeCode('fw').toLowerCase()
    const header = 'hostname,kind,management_address,region,agency_code,snmp_version,snmp_user,snmp_security_level,snmp_auth_protocol,snmp_auth_key,snmp_priv_protocol,snmp_priv_key'
    const row = `${hostname},firewall,10.0.0.2,north,${ministry.code},3,poller,authPriv,SHA,auth-secret-123,AES,priv-secret-456`
    const job: Job = (await upload(client, noc, 'devices', csv(header, row))).body()
    assert.include(job, { inserted: 1, rejected: 0 })
    const device = await Device.findByOrFail('hostname', hostname)
    assert.deepEqual(device.credentials(), {
      version: '3', user: 'poller', level: 'authPriv', authProtocol: 'sha', authKey: 'auth-secret-123', privProtocol: 'aes', privKey: 'priv-secret-456',
    })
    const raw = await db.from('devices').where('id', device.id).first()
    assert.notInclude(raw.snmp_credentials, 'auth-secret-123')
    const audit = await db.from('audit_log').where({ entity: 'devices', entity_id: String(device.id) })
    assert.lengthOf(audit, 1)
    assert.notInclude(JSON.stringify(audit), 'secret')
    assert.equal(audit[0].after.snmp_credentials, 'sealed')
    const jobRow = await db.from('import_jobs').where('id', job.id).first()
    assert.notInclude(JSON.stringify(jobRow), 'secret')

    // The same secrets again are unchanged; new ones replace them, and the log says only that.
    const again: Job = (await upload(client, noc, 'devices', csv(header, row))).body()
    assert.include(again, { unchanged: 1, updated: 0 })
    const rotated: Job = (await upload(client, noc, 'devices', csv(header, row.replace('auth-secret-123', 'auth-secret-789')))).body()
    assert.include(rotated, { updated: 1 })
    await device.refresh()
    assert.equal((device.credentials() as any).authKey, 'auth-secret-789')
    const update = await db.from('audit_log').where({ entity: 'devices', entity_id: String(device.id), action: 'update' }).first()
    assert.deepEqual(update.after, { snmp_credentials: 'sealed (replaced)' })

    const bad: Job = (await upload(client, noc, 'devices', csv(header, row.replace(',AES,priv-secret-456', ',,')))).body()
    assert.deepEqual(bad.errors.map((e) => e.field), ['snmp_priv_key'])
  })

  test('a liaison imports rows of their own subtree only; others are rejected lines', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const theirs = makeCode('DC')
    await upload(client, admin, 'data_centres', csv(
      'code,name,agency_code,region,status,racks,servers',
      `${theirs},別人的機房,${other.code},north,operating,1,1`
    ))
    const [own, ownChild, foreign] = [1, 2, 3].map(() => makeCode('DC'))
    const job: Job = (await upload(client, liaison, 'data_centres', csv(
      'code,name,agency_code,region,status,racks,servers',
      `${own},部機房,${ministry.code},north,operating,4,40`,
      `${ownChild},署機房,${child.code},north,operating,2,10`,
      `${foreign},越權,${other.code},north,operating,2,10`,
      `${theirs},搶來的,${ministry.code},north,operating,1,1`
    ))).body()
    assert.include(job, { status: 'done', inserted: 2, rejected: 2 })
    assert.deepEqual(job.errors.map((e) => [e.line, e.field]), [[4, 'agency_code'], [5, 'agency_code']])
    assert.match(job.errors[0].message, /outside your own agency/)
    assert.match(job.errors[1].message, /belongs to an agency outside your own/)
    const stolen = await db.from('data_centres').where('code', theirs).first()
    assert.equal(stolen.agency_id, other.id)
    assert.isNull(await db.from('data_centres').where('code', foreign).first())

    // A liaison does not keep links: the whole upload is refused.
    ;(await upload(client, liaison, 'links', csv(LINK_HEADER))).assertStatus(403)
  })

  test('roles without the imports permission get 403; no file or an unknown resource is a 422', async ({ client }) => {
    const cio = await makeUser('cio')
    ;(await upload(client, cio, 'links', csv(LINK_HEADER))).assertStatus(403)
    const auditor = await makeUser('auditor')
    ;(await upload(client, auditor, 'links', csv(LINK_HEADER))).assertStatus(403)

    const noc = await makeUser('noc')
    const none = await client.post('/api/imports').qs({ resource: 'links' }).json({}).loginAs(noc).withCsrfToken()
    none.assertStatus(422)
    none.assertBodyContains({ errors: [{ field: 'file' }] })
    const wrongField = await client
      .post('/api/imports')
      .qs({ resource: 'links' })
      .file('upload', csv(LINK_HEADER), { filename: 'links.csv' })
      .loginAs(noc)
      .withCsrfToken()
    wrongField.assertStatus(422)
    wrongField.assertBodyContains({ errors: [{ field: 'file' }] })

    for (const resource of ['satellites', 'incidents']) {
      const refused = await upload(client, noc, resource, csv('x'))
      refused.assertStatus(422)
      refused.assertBodyContains({ errors: [{ field: 'resource', rule: 'enum' }] })
    }
    ;(await client.post('/api/imports').qs({ resource: 'links' }).file('file', csv(LINK_HEADER), { filename: 'x.csv' }).withCsrfToken()).assertStatus(401)
  })

  test('a line the database refuses is reported alone; its batch is kept', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const hosts = [1, 2, 3, 4].map(() => makeCode('sw').toLowerCase())
    // Valid to the validator (an IPv6 address with a zone), too long for the column.
    const longAddress = `fe80::1%${'x'.repeat(70)}`
    const job: Job = (await upload(client, noc, 'devices', csv(
      'hostname,kind,management_address,region,agency_code,snmp_version',
      `${hosts[0]},switch,10.0.1.1,north,${ministry.code},2c`,
      `${hosts[1]},switch,10.0.1.2,north,${ministry.code},2c`,
      `${hosts[2]},switch,${longAddress},north,${ministry.code},2c`,
      `${hosts[3]},switch,10.0.1.4,north,${ministry.code},2c`
    ))).body()
    assert.include(job, { inserted: 3, rejected: 1 })
    assert.deepEqual(job.errors.map((e) => e.line), [4])
    assert.equal(job.errors[0].message, 'the database refused the row: value too long for type character varying(64)')
    const saved = await db.from('devices').whereIn('hostname', hosts)
    assert.lengthOf(saved, 3)
  })

  test('export writes natural keys and no secrets, and re-imports cleanly', async ({ client, assert }) => {
    const { ministry, child } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const hostname = makeCode('rtr').toLowerCase()
    await upload(client, noc, 'devices', csv(
      'hostname,kind,management_address,region,agency_code,snmp_version,snmp_community',
      `${hostname},router,10.0.0.1,north,${ministry.code},2c,s3cret-community`
    ))
    const [up, a, b] = [1, 2, 3].map(() => makeCode('CKT'))
    await upload(client, noc, 'links', csv(
      LINK_HEADER,
      // The line comes before the uplink it folds into.
      `${a},"線路, 甲",legacy,${child.code},"台北 ""中正""",GSN-TPE,10240,${hostname},2,decommissioned,${up},2026-03-31`,
      `${up},部上行,uplink,${ministry.code},部機房,GSN-CORE,1000000,${hostname},1,active,,`,
      `${b},線路乙,legacy,${child.code},台中,GSN-TXG,2048,,,active,,`
    ))

    const filter = JSON.stringify({ circuit_id: [a, b, up] })
    const exported = await client.get('/api/links/export.csv').qs({ filter }).loginAs(noc)
    exported.assertStatus(200)
    assert.match(exported.header('content-type') ?? '', /text\/csv/)
    const text = exported.text()
    const lines = text.replace(/^\uFEFF/, '').trim().split('\n')
    assert.equal(lines[0], LINK_HEADER)
    assert.lengthOf(lines, 4)
    assert.include(lines[1], up, 'a line that folds into another comes after the rows it names')
    assert.include(text, `${child.code}`)
    assert.include(text, `${hostname}`)
    assert.include(text, '2026-03-31')

    const job: Job = (await upload(client, noc, 'links', Buffer.from(text))).body()
    assert.include(job, { status: 'done', rows_read: 3, inserted: 0, updated: 0, unchanged: 3, rejected: 0 })

    // Into an empty table the same file recreates the same rows.
    const ids = (await db.from('links').whereIn('circuit_id', [a, b, up])).map((r) => r.id)
    await db.from('links').whereIn('id', ids).update({ consolidated_into_id: null })
    await db.from('links').whereIn('id', ids).delete()
    const fresh: Job = (await upload(client, noc, 'links', Buffer.from(text))).body()
    assert.include(fresh, { inserted: 3, rejected: 0 })
    const again = await client.get('/api/links/export.csv').qs({ filter }).loginAs(noc)
    assert.equal(again.text(), text)

    const devices = await client.get('/api/devices/export.csv').qs({ filter: JSON.stringify({ hostname }) }).loginAs(noc)
    assert.notInclude(devices.text(), 's3cret')
    const deviceJob: Job = (await upload(client, noc, 'devices', Buffer.from(devices.text()))).body()
    assert.include(deviceJob, { unchanged: 1, rejected: 0 })
    const device = await Device.findByOrFail('hostname', hostname)
    assert.deepEqual(device.credentials(), { version: '2c', community: 's3cret-community' })
  })

  test('export honours the agency scope and the list filter', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const [mine, theirs] = [1, 2].map(() => makeCode('SYS'))
    await upload(client, admin, 'information_systems', csv(
      'code,name,agency_code,category,status',
      `${mine},人事系統,${child.code},shared_personnel,active`,
      `${theirs},薪資系統,${other.code},payroll,active`
    ))
    const liaison = await makeUser('agency_liaison', ministry.id)
    const text = (await client.get('/api/information_systems/export.csv').qs({ range: '[0,0]' }).loginAs(liaison)).text()
    assert.include(text, mine)
    assert.notInclude(text, theirs)
    const filtered = (await client.get('/api/information_systems/export.csv').qs({ filter: JSON.stringify({ q: '薪資', category: 'payroll' }) }).loginAs(admin)).text()
    assert.include(filtered, theirs)
    assert.notInclude(filtered, mine)
  })

  test('an upload answers 202 at once; its job shows progress to its owner, admins and auditors', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const lines = Array.from({ length: 2500 }, (_, i) => `${makeCode('CKT')}-${i},線路${i},legacy,${ministry.code},台北,GSN-TPE,${1024 + i},,,active,,`)
    const file = csv(LINK_HEADER, ...lines)
    const accepted = await upload(client, noc, 'links', file, { wait: false })
    accepted.assertStatus(202)
    const id = accepted.body().id
    assert.equal(accepted.body().status, 'running')
    assert.equal(accepted.body().bytes_total, file.length)

    let job: any
    for (let i = 0; i < 200; i++) {
      job = (await client.get(`/api/imports/${id}`).loginAs(noc)).body()
      if (job.status !== 'running') break
      await new Promise((r) => setTimeout(r, 50))
    }
    assert.equal(job.status, 'done')
    for (const field of ['bytes_total', 'bytes_read', 'rows_read', 'inserted', 'updated', 'unchanged', 'rejected', 'errors', 'message', 'created_at', 'updated_at']) {
      assert.property(job, field)
    }
    assert.include(job, { resource: 'links', filename: 'links.csv', bytes_read: file.length, rows_read: 2500, inserted: 2500, rejected: 0, created_by_id: noc.id })
    assert.equal(await db.from('audit_log').where({ entity: 'links', action: 'create', actor_id: noc.id }).count('* as n').first().then((r) => Number(r.n)), 2500)

    const stranger = await makeUser('noc')
    ;(await client.get(`/api/imports/${id}`).loginAs(stranger)).assertStatus(404)
    ;(await client.get(`/api/imports/${id}`).loginAs(await makeUser('auditor'))).assertStatus(200)
    ;(await client.get(`/api/imports/${id}`).loginAs(await makeUser('cio'))).assertStatus(403)
    ;(await client.get('/api/imports/99999999').loginAs(noc)).assertStatus(404)

    const mine = await client.get('/api/imports').qs({ range: '[0,9]', filter: JSON.stringify({ resource: 'links' }) }).loginAs(noc)
    mine.assertStatus(200)
    assert.match(mine.header('content-range') ?? '', /^imports 0-\d+\/\d+$/)
    assert.isTrue(mine.body().every((j: any) => j.created_by_id === noc.id))
    assert.include(mine.body().map((j: any) => j.id), id)
    assert.notProperty(mine.body()[0], 'errors')
    const theirs = await client.get('/api/imports').loginAs(stranger)
    assert.notInclude(theirs.body().map((j: any) => j.id), id)
  })
})
