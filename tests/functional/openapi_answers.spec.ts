import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { clearInventory, seedDemo } from '#app/demo/loader'
import { storeReport } from '#app/flow_exporters/exporter_counters'
import { emptyCounters } from '#collectors/flow/flow_record'
import { makeUser } from '#tests/support/fixtures'
import type User from '#app/access/user'
import type { ApiClient } from '@japa/api-client'

type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>>
  components: { schemas: Record<string, object> }
}

/** The document's schemas with their $refs replaced by what they name, as a validator reads them. */
function resolve(schema: unknown, doc: Doc): any {
  if (Array.isArray(schema)) return schema.map((s) => resolve(s, doc))
  if (!schema || typeof schema !== 'object') return schema
  const { $ref } = schema as { $ref?: string }
  if ($ref) return resolve(doc.components.schemas[$ref.replace('#/components/schemas/', '')], doc)
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, resolve(value, doc)]))
}

/**
 * What the walk cannot ask for a 200, and why; it still checks what these answer instead.
 * The events stream never ends, so it is not read at all.
 */
const NOT_WALKED = new Set(['/api/events'])
const EXPECTED_STATUS: Record<string, number> = {
  // A walk needs a collector and a live device (tests/functional/pipeline covers it); an id
  // nothing has answers at once, and its 404 is checked against the error schema.
  '/api/devices/{id}/discovery': 404,
  // A TAXII collection's id is a UUID the walk has none of (indicators/taxii.spec.ts reads them
  // all): the template itself names no collection, and its 404 is checked against TAXII's type.
  '/taxii2/gsn/collections/{collection_id}': 404,
  '/taxii2/gsn/collections/{collection_id}/objects': 404,
  '/taxii2/gsn/collections/{collection_id}/objects/{object_id}': 404,
  '/taxii2/gsn/collections/{collection_id}/objects/{object_id}/versions': 404,
  '/taxii2/gsn/collections/{collection_id}/manifest': 404,
}

/** Query parameters a GET needs to answer at all, by path. */
const QUERIES: Record<string, Record<string, string>> = {
  '/api/imports/template.csv': { resource: 'links' },
  '/api/changes/calendar': { from: new Date(Date.now() - 45 * 86_400_000).toISOString(), to: new Date(Date.now() + 45 * 86_400_000).toISOString() },
  // The demo's uplinks are leased from 中華電信 (app/demo/demo_contracts.ts).
  '/api/reports/carrier': { carrier: '中華電信' },
  '/api/reports/carrier.csv': { carrier: '中華電信' },
}

/** Rows that the demo data set does not hold, so that every list has something to check. */
async function monitoringFixtures(client: ApiClient, admin: User) {
  const link = await db.from('links').whereNotNull('device_id').orderBy('id').firstOrFail()
  const incident = await db.from('incidents').orderBy('id').firstOrFail()
  await db.table('incident_items').insert({ incident_id: incident.id, item_type: 'link', item_id: link.id }).onConflict().ignore()
  const now = new Date()
  await db.table('link_state_changes').insert({ link_id: link.id, at: now, from_state: 'up', to_state: 'down', reason: 'ifOperStatus down', suppressed: true })
  await db
    .table('link_states')
    .insert({
      link_id: link.id,
      state: 'down',
      since: now,
      last_poll_at: now,
      oper_status: 'down',
      admin_status: 'up',
      in_util: 0.25,
      out_util: 0.5,
      error_rate: 1.5,
      reason: 'ifOperStatus down',
      suppressed: true,
      suppressed_by: JSON.stringify({ type: 'device', id: link.device_id, hostname: 'core-01', reason: 'device unreachable' }),
      open_incident_id: incident.id,
    })
    .onConflict('link_id')
    .merge()
  await db
    .table('device_status')
    .insert({ device_id: link.device_id, reachable: false, last_poll_at: now, last_error: 'timeout', last_error_at: now, consecutive_failures: 3, failing_since: now, polls_total: 40, polls_late: 2, polls_skipped: 1, open_incident_id: incident.id })
    .onConflict('device_id')
    .merge()
  await db.table('incident_timeline').insert({ incident_id: incident.id, at: now, actor_id: null, actor_email: 'system', kind: 'note', body: 'link recovered' })
  // A flow collector's report: the link's router exporting, and an exporter no device owns.
  const router = await db.from('devices').where('id', link.device_id).firstOrFail()
  const seen = now.toISOString()
  await storeReport({
    collector: '127.0.0.1:2055', startedAt: seen, reportedAt: seen, receiveBuffer: 8 << 20, kernelDrops: null,
    exporters: [router.management_address, '192.0.2.99'].map((exporter) => ({ exporter, counters: { ...emptyCounters(), datagrams: 2, flows: 40 }, firstSeen: seen, lastSeen: seen })),
  })

  const write = (path: string, body: object) => client.post(path).json(body).loginAs(admin).withCsrfToken()
  const later = (hours: number) => new Date(now.getTime() + hours * 3600_000).toISOString()
  ;(
    await write('/api/maintenance_windows', {
      title: 'core upgrade',
      starts_at: later(-1),
      ends_at: later(2),
      reason: 'scheduled software upgrade',
      agency_id: (await db.from('agencies').whereNull('parent_id').firstOrFail()).id,
      items: [{ item_type: 'link', item_id: link.id }],
    })
  ).assertStatus(201)
  ;(await write('/api/notification_channels', { name: 'NOC mail', kind: 'email', target: 'noc@example.gov.tw' })).assertStatus(201)
  ;(await write('/api/access_tokens', { user_id: admin.id, name: 'answers walk' })).assertStatus(201)
  ;(await write('/api/agency_prefixes', { agency_id: link.agency_id, prefix: '198.51.100.0/24', description: 'answers walk' })).assertStatus(201)
  ;(await write('/api/security_reports', { what: 'answers walk: defaced page', noticed_at: now.toISOString(), agency_id: link.agency_id })).assertStatus(201)
  const imported = await client
    .post('/api/imports')
    .qs({ resource: 'agencies', wait: 'true' })
    .file('file', Buffer.from('code,name,name_en,level,kind,region,parent_code,hub_code\nWALK,巡檢署,,2,central,north,,\nBAD,壞,,9,central,north,,\n'), {
      filename: 'agencies.csv',
      contentType: 'text/csv',
    })
    .loginAs(admin)
    .withCsrfToken()
  imported.assertStatus(200)
  const attached = await client
    .post(`/api/incidents/${incident.id}/attachments`)
    .file('file', Buffer.from('14:02 ifOperStatus down\n'), { filename: 'poll.log' })
    .loginAs(admin)
    .withCsrfToken()
  attached.assertStatus(201)
  // A security incident graded and reported, so its authority report shows every part.
  const security = await db.from('incidents').where('type', 'security').whereNotIn('status', ['closed', 'cancelled']).orderBy('id').firstOrFail()
  const assessment = { systems: 'core', confidentiality: 'serious', integrity: 'none', availability: 'none', classified: 'none' }
  ;(await write(`/api/incidents/${security.id}/grade`, { assessment })).assertStatus(200)
  ;(await write(`/api/incidents/${security.id}/authority_report/send`, { note: 'answers walk' })).assertStatus(200)
  // A sharing group, a GREEN indicator shared with it (feeds answer what is in force) and its sighting.
  const agency = await db.from('agencies').where('level', 2).orderBy('id').firstOrFail()
  const group = await write('/api/sharing_groups', { name: 'Answers walk group', member_ids: [agency.id] })
  group.assertStatus(201)
  const indicator = await write('/api/indicators', { type: 'ipv4', value: '203.0.113.250', tlp: 'green', confidence: 80, sharing_group_id: group.body().id })
  indicator.assertStatus(201)
  await db.table('indicator_sightings').insert({ indicator_id: indicator.body().id, agency_id: agency.id, source: 'incident', incident_id: security.id, seen_at: new Date() })
  // A figure an agency reported for the programme review.
  ;(await client.put('/api/programme/figures').json({ agency_id: agency.id, year: 2026, figure: 'it_certifications', value: 12 }).loginAs(admin).withCsrfToken()).assertStatus(200)
  return { '/api/incidents/{id}/authority_report': security.id, attachment: attached.body().id, '/api/links': link.id, '/api/devices': link.device_id, '/api/incidents': incident.id, '/api/imports': imported.body().id }
}

test.group('OpenAPI answers', (group) => {
  group.setup(async () => {
    const outcome = await seedDemo({ fresh: true, password: 'demo-password-for-tests' })
    if (outcome.status !== 'loaded') throw new Error(`seed did not load: ${outcome.status}`)
  })
  // Later files start from an empty inventory, as they would without this one.
  group.teardown(async () => {
    await db.transaction((trx) => clearInventory(trx))
  })

  test('every GET of the document answers as its schema says', async ({ client, assert }) => {
    const admin = await makeUser('admin')
    const ids: Record<string, number> = await monitoringFixtures(client, admin)
    const doc: Doc = (await client.get('/api/openapi.json').loginAs(admin)).body()
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats.default(ajv)

    const failures: string[] = []
    const walked: string[] = []
    for (const [template, operations] of Object.entries(doc.paths)) {
      if (!operations.get || NOT_WALKED.has(template)) continue
      const collection = template.replace(/\/\{id\}.*$/, '')
      let path = template
      if (template.includes('{id}')) {
        if (EXPECTED_STATUS[template] === 404) path = template.replace('{id}', '2147483647')
        else {
          ids[collection] ??= (await client.get(collection).loginAs(admin)).body()[0]?.id
          if (!ids[collection]) failures.push(`${template}: ${collection} lists no row to read`)
          path = template.replace('{id}', String(ids[template] ?? ids[collection])).replace('{attachment}', String(ids.attachment))
        }
      }
      const response = await client.get(path).qs(QUERIES[template] ?? (template.includes('{') ? {} : { range: '[0,49]' })).loginAs(admin)
      walked.push(template)
      const status = response.status()
      if (status !== (EXPECTED_STATUS[template] ?? 200)) failures.push(`${path}: answered ${status} ${response.text().slice(0, 200)}`)
      const declared = operations.get.responses[String(status)]
      if (!declared) {
        failures.push(`${path}: status ${status} is not in the document`)
        continue
      }
      const [type, { schema } = {}] = Object.entries(declared.content ?? {})[0] ?? []
      if (type !== 'application/json') {
        // A download may be of any of the types its answer lists.
        const types = Object.keys(declared.content ?? {})
        if (!types.some((t) => String(response.header('content-type')).startsWith(t))) failures.push(`${path}: ${response.header('content-type')} where the document says ${types.join(', ')}`)
        continue
      }
      const body = response.body()
      if (Array.isArray(body) && body.length === 0) failures.push(`${path}: an empty list checks nothing; give it a row`)
      const validate = ajv.compile(resolve(schema, doc))
      if (!validate(body)) {
        const said = (e: ErrorObject) => `${e.instancePath || '/'} ${e.message}${e.keyword === 'additionalProperties' ? ` (${e.params.additionalProperty})` : ''}`
        failures.push(`${path}: ${[...new Set(validate.errors!.map(said))].slice(0, 8).join('; ')}`)
      }
    }
    assert.deepEqual(failures, [])
    assert.isAtLeast(walked.length, 40)
  }).timeout(120000)
})
