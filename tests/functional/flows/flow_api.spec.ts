import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeUser } from '#tests/support/fixtures'
import { PostgresFlowStore } from '#app/flows/postgres_store'
import { expectedPlacement, flowSetting, makeFlows } from '#tests/functional/flows/support'

test.group('flow queries over the API', () => {
  test('a liaison sees only flows that touch their agencies; mistyped parameters are 422 in their language; CSV cells are formula-escaped', async ({ client, assert }) => {
    const s = await flowSetting()
    const start = new Date(Math.floor((Date.now() - 5 * 3600_000) / 60_000) * 60_000)
    const flows = expectedPlacement(s, makeFlows(s, start, 600, 60, 3))
    // An exporter name a spreadsheet would run as a formula (captures name flows after their file).
    flows[0].exporter = '=HYPERLINK("http://evil")'
    await new PostgresFlowStore().write(`api-test-${Date.now()}`, flows)
    const window = { from: start.toISOString(), to: new Date(start.getTime() + 3600_000).toISOString() }

    const liaisonA = await makeUser('agency_liaison', s.ministry.id)
    const liaisonB = await makeUser('agency_liaison', s.other.id)
    const noc = await makeUser('noc')

    // Flows of A with nobody else's addresses (A ↔ outside, IPv6 inside A): B's liaison sees none of them.
    const aOnly = flows.filter((f) => [s.ministry.id, s.child.id].includes(f.srcAgencyId ?? -1) || [s.ministry.id, s.child.id].includes(f.dstAgencyId ?? -1))
      .filter((f) => f.srcAgencyId !== s.other.id && f.dstAgencyId !== s.other.id)
    assert.isAbove(aOnly.length, 100)
    const asB = await client.get('/api/flows/search').qs({ ...window, limit: 1000 }).loginAs(liaisonB)
    assert.equal(asB.status(), 200)
    const bRows = asB.body().rows as Array<Record<string, any>>
    assert.isAbove(bRows.length, 0)
    for (const r of bRows) assert.isTrue(r.src_agency_id === s.other.id || r.dst_agency_id === s.other.id, JSON.stringify(r))
    const aAddresses = new Set(aOnly.flatMap((f) => [f.srcAddr, f.dstAddr]).filter((a) => !a.startsWith('203.')))
    for (const r of bRows) assert.isFalse(aAddresses.has(r.src_addr) && aAddresses.has(r.dst_addr))
    // Asking for A's address, A's agency or A's link outright does not widen it.
    for (const qs of [{ address: s.prefixes.a6 }, { agency_id: s.ministry.id, address: s.prefixes.aChild }, { link_id: s.link.id, protocol: 58 }]) {
      for (const path of ['search', 'top-talkers', 'totals', 'matrix', 'series', 'top-ports']) {
        const answer = await client.get(`/api/flows/${path}`).qs({ ...window, ...qs }).loginAs(liaisonB)
        assert.equal(answer.status(), 200)
        const rows = answer.body().rows
        if (path === 'totals') assert.equal(rows.flows, 0, `${path} ${JSON.stringify(qs)}`)
        else assert.lengthOf(rows, 0, `${path} ${JSON.stringify(qs)} ${answer.text()}`)
      }
    }
    const csvB = await client.get('/api/flows/export.csv').qs({ ...window, address: s.prefixes.a6 }).loginAs(liaisonB)
    assert.equal(csvB.text().trim().split('\n').length, 1, 'header only')

    // A's liaison and the NOC see A's flows; the NOC sees everything.
    const totalsA = await client.get('/api/flows/totals').qs(window).loginAs(liaisonA)
    assert.equal(totalsA.body().rows.flows, flows.filter((f) => [s.ministry.id, s.child.id].includes(f.srcAgencyId ?? -1) || [s.ministry.id, s.child.id].includes(f.dstAgencyId ?? -1)).length)
    const totalsNoc = await client.get('/api/flows/totals').qs(window).loginAs(noc)
    assert.isAtLeast(totalsNoc.body().rows.flows, flows.length)
    assert.equal(totalsNoc.body().source, 'minutes')
    const series = await client.get('/api/flows/series').qs({ ...window, link_id: s.link.id, step: 300 }).loginAs(noc)
    assert.equal(series.body().step, 300)
    const linkBytes = flows.filter((f) => f.linkId === s.link.id).reduce((n, f) => n + f.bytes, 0)
    assert.equal(series.body().rows.reduce((n: number, r: any) => n + r.bytes, 0), linkBytes)
    for (const r of series.body().rows) assert.equal(r.bps, (r.bytes * 8) / 300)

    const csv = await client.get('/api/flows/export.csv').qs({ ...window, port: flows[0].srcPort, address: flows[0].srcAddr }).loginAs(noc)
    assert.equal(csv.status(), 200)
    assert.include(csv.header('content-type'), 'text/csv')
    assert.include(csv.text(), `"'=HYPERLINK(""http://evil"")"`)
    assert.notInclude(csv.text(), ',=HYPERLINK')

    // Mistyped: 422 naming the field, never 500 nor SQL.
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ from: 'yesterday' }, 'from'],
      [{ from: window.to, to: window.from }, 'from'],
      [{ from: '2000-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'from'],
      [{ address: '10.0.0.300' }, 'address'],
      [{ address: "10.0.0.0/8' OR 1=1 --" }, 'address'],
      [{ address: '2001:db8::/129' }, 'address'],
      [{ port: 70000 }, 'port'],
      [{ port: 'http' }, 'port'],
      [{ protocol: -1 }, 'protocol'],
      [{ agency_id: 'a' }, 'agency_id'],
      [{ link_id: 0 }, 'link_id'],
      [{ limit: 5000 }, 'limit'],
      [{ direction: 'up' }, 'direction'],
      [{ step: 1 }, 'step'],
    ]
    for (const [qs, field] of bad) {
      for (const path of ['top-talkers', 'series', 'search']) {
        const answer = await client.get(`/api/flows/${path}`).qs(qs).loginAs(liaisonA)
        assert.equal(answer.status(), 422, `${path} ${JSON.stringify(qs)} ${answer.text()}`)
        assert.equal(answer.body().errors[0].field, field, answer.text())
        assert.notMatch(answer.text(), /SELECT .* FROM|postgres|\.ts:\d+/)
      }
    }
    await db.from('users').where('id', liaisonA.id).update({ locale: 'zh-TW' })
    const zh = await client.get('/api/flows/search').qs({ address: 'nope' }).loginAs(liaisonA)
    assert.equal(zh.status(), 422)
    assert.include(zh.body().errors[0].message, 'CIDR 網段')
  }).timeout(120_000)

  test('agency prefixes: host bits and non-prefixes are refused with the network to write; a liaison cannot add one', async ({ client, assert }) => {
    const s = await flowSetting()
    const admin = await makeUser('admin')
    const refused = await client.post('/api/agency_prefixes').json({ agency_id: s.other.id, prefix: '198.51.100.7/24' }).loginAs(admin).withCsrfToken()
    assert.equal(refused.status(), 422)
    assert.equal(refused.body().errors[0].field, 'prefix')
    assert.include(refused.body().errors[0].message, '198.51.100.0/24')
    for (const prefix of ['not-an-address', '198.51.100.0/33', '198.51.100.0']) {
      const answer = await client.post('/api/agency_prefixes').json({ agency_id: s.other.id, prefix }).loginAs(admin).withCsrfToken()
      assert.equal(answer.status(), 422, `${prefix} ${answer.text()}`)
    }
    const made = await client.post('/api/agency_prefixes').json({ agency_id: s.other.id, prefix: '198.51.100.0/24' }).loginAs(admin).withCsrfToken()
    assert.equal(made.status(), 201, made.text())
    assert.equal(made.body().prefix, '198.51.100.0/24')
    const liaison = await makeUser('agency_liaison', s.other.id)
    const claim = await client.post('/api/agency_prefixes').json({ agency_id: s.other.id, prefix: '0.0.0.0/0' }).loginAs(liaison).withCsrfToken()
    assert.equal(claim.status(), 403)
    const mine = await client.get('/api/agency_prefixes').loginAs(liaison)
    assert.sameMembers(mine.body().map((r: any) => r.agency_id), mine.body().map(() => s.other.id))
    assert.includeMembers(mine.body().map((r: any) => r.prefix), [s.prefixes.b, '198.51.100.0/24'])
  }).timeout(60_000)
})
