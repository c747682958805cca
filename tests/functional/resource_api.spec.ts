import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { writableResources } from '#app/resources'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { bodyFor, FIXED_ROWS, updateOf, validBody } from '#tests/support/bodies'

/**
 * Fields a record's answer recomputes on every read or write, not stored from the body: an
 * incident's SLA clock follows the policy of its (changed) priority.
 */
const MOVING = new Set(['updated_at', 'sla', 'respond_due_at', 'resolve_due_at', 'sla_due_at', 'sla_paused', 'sla_breached'])

/**
 * Created only once (a policy per type and priority) or never (the office hours' one row); their
 * PATCH is tested in tests/functional/service_levels/sla_resources.spec.ts.
 */
const SINGULAR = new Set(['sla_policies', 'business_hours'])

/**
 * Timestamps as instants (a write's answer may spell UTC `Z` where a read spells `+00:00`), and a
 * running clock's elapsed share left out at any depth: it grows between the write and the read.
 */
function instants(record: unknown): unknown {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
  if (typeof record === 'string' && iso.test(record)) return new Date(record).toISOString()
  if (Array.isArray(record)) return record.map(instants)
  if (!record || typeof record !== 'object') return record
  return Object.fromEntries(
    Object.entries(record)
      .filter(([k]) => !k.endsWith('elapsed_share'))
      .map(([k, v]) => [k, instants(v)])
  )
}

test.group('generic resources: PATCH and range filters', () => {
  for (const def of writableResources.filter((d) => !FIXED_ROWS.has(d.name) && !SINGULAR.has(d.name))) {
    const resource = def.name
    test(`PATCH ${resource}/:id changes the fields sent, keeps the others, and is audited`, async ({ client, assert }) => {
      const { ministry } = await makeAgencyTree()
      const admin = await makeUser('admin')
      const created = await client.post(`/api/${resource}`).json(await bodyFor(resource, ministry.id)).loginAs(admin).withCsrfToken()
      created.assertStatus(201)
      const id = created.body().id
      const before = (await client.get(`/api/${resource}/${id}`).loginAs(admin)).body()
      const change = updateOf(resource)
      const [[field, value]] = Object.entries(change)
      assert.notDeepEqual(before[field], value, 'the change must change something')

      const patched = await client.patch(`/api/${resource}/${id}`).json(change).loginAs(admin).withCsrfToken()
      patched.assertStatus(200)
      const after = (await client.get(`/api/${resource}/${id}`).loginAs(admin)).body()
      assert.deepEqual(instants(after), instants(patched.body()), 'the answer is what is stored')
      assert.deepEqual(after[field], value)
      for (const key of Object.keys(before)) {
        if (key !== field && !MOVING.has(key)) assert.deepEqual(after[key], before[key], `${key} is kept`)
      }

      const audit = await db.from('audit_log').where({ entity: resource, entity_id: String(id), action: 'update' }).orderBy('id', 'desc').first()
      assert.exists(audit, 'the update is in the audit log')
      assert.deepEqual(audit.after[field], value)
      assert.deepEqual(audit.before[field], before[field])
    })
  }

  test('PATCH refuses a bad value with 422 naming the field, and an unknown id with 404', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const link = (await client.post('/api/links').json(validBody('links', ministry.id)).loginAs(noc).withCsrfToken()).body()
    const bad = await client.patch(`/api/links/${link.id}`).json({ bandwidth_kbps: -5 }).loginAs(noc).withCsrfToken()
    bad.assertStatus(422)
    assert.deepEqual(bad.body().errors.map((e: { field: string }) => e.field), ['bandwidth_kbps'])
    assert.equal((await client.get(`/api/links/${link.id}`).loginAs(noc)).body().bandwidth_kbps, link.bandwidth_kbps)
    ;(await client.patch('/api/links/99999999').json({ name: 'x' }).loginAs(noc).withCsrfToken()).assertStatus(404)
  })

  test('field_gte and field_lte select a range, bounds included, on numbers and dates', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    for (const bandwidth_kbps of [1000, 2000, 3000]) {
      const body = { ...validBody('links', ministry.id), bandwidth_kbps }
      ;(await client.post('/api/links').json(body).loginAs(admin).withCsrfToken()).assertStatus(201)
    }
    for (const retirement_date of ['2026-03-31', '2026-06-30', '2026-12-31']) {
      const body = { ...validBody('information_systems', ministry.id), status: 'active', retirement_date }
      ;(await client.post('/api/information_systems').json(body).loginAs(admin).withCsrfToken()).assertStatus(201)
    }
    const list = async (resource: string, field: string, filter: Record<string, unknown>) => {
      const response = await client
        .get(`/api/${resource}`)
        .qs({ filter: JSON.stringify({ agency_id: ministry.id, ...filter }), sort: JSON.stringify([field, 'ASC']) })
        .loginAs(admin)
      response.assertStatus(200)
      return response.body().map((row: Record<string, unknown>) => row[field])
    }

    assert.deepEqual(await list('links', 'bandwidth_kbps', { bandwidth_kbps_gte: 2000 }), [2000, 3000])
    assert.deepEqual(await list('links', 'bandwidth_kbps', { bandwidth_kbps_lte: 2000 }), [1000, 2000])
    assert.deepEqual(await list('links', 'bandwidth_kbps', { bandwidth_kbps_gte: 1500, bandwidth_kbps_lte: 2500 }), [2000])
    assert.deepEqual(await list('links', 'bandwidth_kbps', { bandwidth_kbps_gte: 3001 }), [])
    assert.deepEqual(await list('information_systems', 'retirement_date', { retirement_date_gte: '2026-06-30' }), ['2026-06-30', '2026-12-31'])
    assert.deepEqual(
      await list('information_systems', 'retirement_date', { retirement_date_gte: '2026-04-01', retirement_date_lte: '2026-12-30' }),
      ['2026-06-30']
    )

    // Only fields declared as ranges take the suffixes.
    const refused = await client.get('/api/links').qs({ filter: JSON.stringify({ name_gte: 'a' }) }).loginAs(admin)
    refused.assertStatus(422)
    refused.assertBodyContains({ errors: [{ field: 'name_gte' }] })
  })
})
