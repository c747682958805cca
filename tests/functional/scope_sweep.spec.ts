import { test } from '@japa/runner'
import http from 'node:http'
import { once } from 'node:events'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { eventHub } from '#app/notifications/event_hub'
import { normaliseEvent } from '#app/notifications/events'
import { DEFAULT_MATRIX } from '#app/incidents/priority_matrix'
import { recordSamples } from '#app/samples/record_samples'
import { PostgresFlowStore } from '#app/flows/postgres_store'
import { storeReport } from '#app/flow_exporters/exporter_counters'
import { emptyCounters } from '#collectors/flow/flow_record'
import { readEveLine, type EveAlert } from '#collectors/security/eve'
import { Enricher } from '#app/flows/enrichment'
import { loadSnapshot } from '#app/flows/inventory_cache'
import { fromEveAlert } from '#app/security/security_event'
import { fileSecurityEvent } from '#app/security/security_service'
import { CookieSession } from '#tests/support/cookie_session'
import { validBody } from '#tests/support/bodies'
import { makeAgency, makeCode, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { until } from '#tests/support/wait'

/**
 * The agency-scope sweep: a liaison of ministry A calls every GET the OpenAPI document lists
 * (lists, exports, shows, nested reads, the event stream) while ministry B holds one of
 * everything, and no answer may carry anything of B's. Driven by the document, so a route added
 * tomorrow is swept without anyone remembering to; one the sweep cannot call is named in
 * NOT_SWEPT with the reason.
 */
const NOT_SWEPT: Record<string, string> = {
  '/api/reports/programme.pdf':
    "the review of /api/reports/programme (swept) printed to a compressed PDF, where B's texts cannot be searched; programme/programme_pdf.spec.ts reads its text and checks its scope",
  '/api/priority_matrix/{id}': "national configuration, the same nine cells for every agency; a liaison may not read it and a bound auditor finds none (the list is swept)",
  '/api/incidents/{id}/attachments/{attachment}':
    "answers only within its incident, which is scoped as /api/incidents/{id}/attachments is; service_desk.spec.ts asks for B's file as A's liaison",
  '/api/change_templates/{id}': 'standard-change templates are national: no agency holds one',
  '/api/notification_subscriptions/{id}':
    "a person's own choices (ids `<user id>-<topic>`), held by no agency; another account's id answers 404, which notifications/subscriptions.spec.ts tries (the list is swept)",
  '/taxii2/gsn/collections/{collection_id}': 'TAXII collections are sharing groups and TLP, not the agency alone; indicators/taxii.spec.ts pulls every collection as eleven readers and each marking',
  '/taxii2/gsn/collections/{collection_id}/objects': 'TAXII collections are sharing groups and TLP, not the agency alone; indicators/taxii.spec.ts pulls every collection as eleven readers and each marking',
  '/taxii2/gsn/collections/{collection_id}/objects/{object_id}': 'TAXII collections are sharing groups and TLP, not the agency alone; indicators/taxii.spec.ts pulls every collection as eleven readers and each marking',
  '/taxii2/gsn/collections/{collection_id}/objects/{object_id}/versions': 'TAXII collections are sharing groups and TLP, not the agency alone; indicators/taxii.spec.ts pulls every collection as eleven readers and each marking',
  '/taxii2/gsn/collections/{collection_id}/manifest': 'TAXII collections are sharing groups and TLP, not the agency alone; indicators/taxii.spec.ts pulls every collection as eleven readers and each marking',
}

/** Query parameters a GET needs to answer at all, by path. */
const QUERIES: Record<string, Record<string, string>> = {
  '/api/changes/calendar': { from: new Date(Date.now() - 30 * 86_400_000).toISOString(), to: new Date(Date.now() + 30 * 86_400_000).toISOString() },
  // Both agencies' lines are leased from this carrier: A's reader must find its own line and none of B's.
  '/api/reports/carrier': { carrier: 'Sweep Telecom', month: '2026-01' },
  '/api/reports/carrier.csv': { carrier: 'Sweep Telecom', month: '2026-01' },
}

/**
 * Answers that change between two calls by themselves, so they cannot show whether they change
 * when B grows; they are still searched for B's values.
 */
const CHANGES_BY_ITSELF: Record<string, string> = {
  '/api/health': 'reports how long the database and Redis took to answer',
  '/metrics': "the process's own counters (CPU, requests), national and about no agency's records",
  '/api/indicators/export.stix.json': 'each bundle gets a new id',
  '/api/indicators/export.misp.json': 'each event gets a new uuid',
}

/** An id no table reaches: what "no such record" answers, which another agency's record must answer too. */
const NO_SUCH_ID = 2147483647

/**
 * B's rows take ids from a range of their own (one per table), so that one of them appearing
 * anywhere in an answer, under whatever field name, is recognised as B's.
 */
const SET_APART: Record<string, number> = {
  agencies: 61_100_000,
  data_centres: 61_200_000,
  information_systems: 61_300_000,
  devices: 61_400_000,
  links: 61_500_000,
  incidents: 61_600_000,
  maintenance_windows: 61_700_000,
  notification_channels: 61_800_000,
  users: 61_900_000,
  import_jobs: 62_000_000,
  incident_timeline: 62_100_000,
  link_state_changes: 62_200_000,
  assignment_groups: 62_300_000,
  routing_rules: 62_400_000,
  incident_attachments: 62_500_000,
  problems: 62_600_000,
  problem_timeline: 62_700_000,
  changes: 62_800_000,
  change_boards: 62_900_000,
  freeze_periods: 63_000_000,
  change_timeline: 63_100_000,
  agency_prefixes: 63_200_000,
  security_events: 63_300_000,
  indicators: 63_400_000,
  sharing_groups: 63_500_000,
  indicator_sightings: 63_600_000,
  carrier_contracts: 63_700_000,
  consolidation_projects: 63_800_000,
}

interface Holdings {
  agency: { id: number; code: string; name: string; path: string }
  liaison: User
  /** A record of each collection the document names, by its path segment (links, imports…). */
  ids: Record<string, number>
  /** What identifies the agency's records to a reader: codes, names, circuit ids, hostnames, numbers. */
  texts: string[]
  link: Record<string, any>
}

/** One of everything an agency holds, written as people write it (the API) where there is a route. */
async function seedAgency(client: ApiClient, admin: User, agency: Holdings['agency'], liaison: User): Promise<Holdings> {
  const post = async (path: string, body: Record<string, unknown>) => {
    const response = await client.post(path).json(body).loginAs(admin).withCsrfToken()
    if (response.status() !== 201) throw new Error(`${path}: ${response.status()} ${response.text()}`)
    return response.body()
  }
  // An address of its own, so the flow exporter reported from it is this device's alone.
  const exporterAddress = `127.77.${(agency.id >> 8) & 255}.${agency.id & 255}`
  const device = await post('/api/devices', { ...validBody('devices', agency.id), management_address: exporterAddress })
  // The collector's report of that exporter, at a fixed time so that no answer changes by itself.
  const reported = '2026-01-01T00:00:00.000Z'
  await storeReport({
    collector: `127.0.0.1:${20000 + (agency.id % 40000)}`, startedAt: reported, reportedAt: reported, receiveBuffer: 0, kernelDrops: 0,
    exporters: [{ exporter: exporterAddress, counters: { ...emptyCounters(), datagrams: 3, flows: 90 }, firstSeen: reported, lastSeen: reported }],
  })
  const link = await post('/api/links', { ...validBody('links', agency.id), device_id: device.id, if_index: 3 })
  const dataCentre = await post('/api/data_centres', validBody('data_centres', agency.id))
  const system = await post('/api/information_systems', { ...validBody('information_systems', agency.id), data_centre_id: dataCentre.id })
  // The data centre's closure project, and a figure the agency reported for the programme review.
  const project = await post('/api/consolidation_projects', { ...validBody('consolidation_projects', agency.id), source_data_centre_id: dataCentre.id })
  const figure = await client.put('/api/programme/figures').json({ agency_id: agency.id, year: 2026, figure: 'it_certifications', value: 7 }).loginAs(admin).withCsrfToken()
  if (figure.status() !== 200) throw new Error(`programme figure: ${figure.status()} ${figure.text()}`)
  // The agency's IT team, and a rule that sends the agency's incidents to its queue.
  const group = await post('/api/assignment_groups', validBody('assignment_groups', agency.id))
  const rule = await post('/api/routing_rules', { position: 1, type: null, agency_id: agency.id, group_id: group.id })
  // A security incident, graded and reported, so its authority report has all it can show.
  const incident = await post('/api/incidents', { ...validBody('incidents', agency.id), type: 'security', items: [{ item_type: 'link', item_id: link.id }] })
  const assessment = { systems: 'core', confidentiality: 'minor', integrity: 'none', availability: 'none', classified: 'none' }
  const graded = await client.post(`/api/incidents/${incident.id}/grade`).json({ assessment }).loginAs(admin).withCsrfToken()
  const sentToAuthority = await client.post(`/api/incidents/${incident.id}/authority_report/send`).json({}).loginAs(admin).withCsrfToken()
  if (graded.status() !== 200 || sentToAuthority.status() !== 200) throw new Error(`grading: ${graded.text()} ${sentToAuthority.text()}`)
  const attachmentName = `${makeCode('capture')}.txt`
  const attached = await client
    .post(`/api/incidents/${incident.id}/attachments`)
    .file('file', Buffer.from(makeCode('packet log')), { filename: attachmentName, contentType: 'text/plain' })
    .loginAs(admin)
    .withCsrfToken()
  if (attached.status() !== 201) throw new Error(`attachment: ${attached.status()} ${attached.text()}`)
  const window = await post('/api/maintenance_windows', { ...validBody('maintenance_windows', agency.id), items: [{ item_type: 'link', item_id: link.id }] })
  // A problem of the agency's, known error and all, grouping its incident.
  const problem = await post('/api/problems', validBody('problems', agency.id))
  const knownError = { root_cause: makeCode('splice box'), workaround: makeCode('backup route') }
  const identified = await client.post(`/api/problems/${problem.id}/identify`).json(knownError).loginAs(admin).withCsrfToken()
  const filed = await client.post(`/api/problems/${problem.id}/incidents`).json({ incident_id: incident.id }).loginAs(admin).withCsrfToken()
  if (identified.status() !== 200 || filed.status() !== 200) throw new Error(`problem: ${identified.text()} ${filed.text()}`)
  const later = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString()
  const board = await post('/api/change_boards', { ...validBody('change_boards', agency.id), members: [liaison.id] })
  const freeze = await post('/api/freeze_periods', { ...validBody('freeze_periods', agency.id), starts_at: later(1), ends_at: later(4) })
  const change = await post('/api/changes', {
    ...validBody('changes', agency.id), planned_start: later(2), planned_end: later(3), items: [{ item_type: 'link', item_id: link.id }],
  })
  const contract = await post('/api/carrier_contracts', {
    contract_ref: makeCode('CT'), link_id: link.id, carrier: 'Sweep Telecom', availability_pct: 99.9, latency_ms: 20, latency_percentile: 95, loss_pct: 0.5,
  })
  const channel = await post('/api/notification_channels', { ...validBody('notification_channels', agency.id), target: `${makeCode('noc')}@gsn.test` })
  const token = await client.post('/api/access_tokens').json({ user_id: liaison.id, name: makeCode('script') }).loginAs(admin).withCsrfToken()
  if (token.status() !== 201) throw new Error(`access token: ${token.status()} ${token.text()}`)

  // What the monitoring side writes: the link's state and history, the device's polling, a note, samples.
  const past = new Date(Date.now() - 86_400_000)
  const reason = makeCode('fibre cut at')
  await db.table('link_states').insert({
    link_id: link.id, state: 'down', since: past, last_poll_at: past, oper_status: 'down', admin_status: 'up', in_util: 0.2, out_util: 0.4,
    error_rate: 0.5, reason, open_incident_id: incident.id,
  })
  await db.table('link_state_changes').insert({ link_id: link.id, at: past, from_state: 'up', to_state: 'down', reason })
  await db.table('device_status').insert({
    device_id: device.id, reachable: false, last_poll_at: past, last_error: reason, last_error_at: past, consecutive_failures: 2,
    failing_since: past, polls_total: 10, polls_late: 1, polls_skipped: 1, open_incident_id: incident.id,
  })
  const note = makeCode('the carrier says')
  await db.table('incident_timeline').insert({ incident_id: incident.id, at: past, actor_id: null, actor_email: 'system', kind: 'note', body: note })
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000)
  const rates = { in_bps: 1e6, out_bps: 2e6, in_util: 0.1, out_util: 0.2, in_errors_ps: 0, out_errors_ps: 0, in_discards_ps: 0, out_discards_ps: 0 }
  await recordSamples([20, 19, 18].map((m) => ({ link_id: link.id, at: minutesAgo(m), ...rates, oper_status: 'up' as const })))
  // The agency's address block and a flow of one of its hosts on its link, exported by its device.
  const prefix = await post('/api/agency_prefixes', validBody('agency_prefixes', agency.id))
  const host = String(prefix.prefix).replace(/\/\d+$/, '') + '5'
  await new PostgresFlowStore().write(makeCode('sweep-batch'), [{
    exporter: device.management_address, version: 9, observationDomain: 0, srcAddr: host, dstAddr: '2001:db8::53', srcPort: 40000, dstPort: 53,
    protocol: 17, packets: 3, bytes: 300, first: minutesAgo(10), last: minutesAgo(9), tcpFlags: 0, inputIf: 3, outputIf: 1, samplingRate: 1,
    deviceId: device.id, linkId: link.id, srcAgencyId: agency.id, dstAgencyId: null,
  }])

  // A sensor's alert against the agency's host, and its liaison's report: each opens a security incident.
  const signature = makeCode('ET SCAN sweep')
  const alert = JSON.stringify({
    timestamp: '2026-01-01T08:00:00.000001+0800', flow_id: agency.id, event_type: 'alert', src_ip: '198.51.100.250', src_port: 4444, dest_ip: host,
    dest_port: 22, proto: 'TCP', alert: { action: 'allowed', gid: 1, signature_id: 2001219, rev: 20, signature, category: 'Attempted Information Leak', severity: 2 },
  })
  const sensed = await fileSecurityEvent(fromEveAlert((readEveLine(alert) as { alert: EveAlert }).alert, alert), new Enricher(await loadSnapshot()))
  if (sensed.outcome !== 'opened') throw new Error(`security event: ${sensed.outcome}`)
  const what = makeCode('defaced page')
  const report = await client.post('/api/security_reports').json({ what, noticed_at: past.toISOString() }).loginAs(liaison).withCsrfToken()
  if (report.status() !== 201) throw new Error(`security report: ${report.status()} ${report.text()}`)
  // Settled, so that their SLA clocks (security policies run around the clock) stand still between the two sweeps.
  for (const id of [sensed.incidentId, report.body().incident_id]) {
    const resolved = await client.post(`/api/incidents/${id}/resolve`).json({ resolution: 'blocked at the border' }).loginAs(admin).withCsrfToken()
    if (resolved.status() !== 200) throw new Error(`resolve: ${resolved.status()} ${resolved.text()}`)
  }

  // What the agency shares: a group of its own, an AMBER indicator its liaison published to it
  // (TLP, not the agency alone, decides who reads it: a reader of another agency outside the
  // group may not), and a sighting of it in the agency's traffic.
  const sharingGroup = await post('/api/sharing_groups', { name: makeCode('sharing group'), description: makeCode('shares with'), member_ids: [liaison.agencyId] })
  const indicatorValue = `198.18.${(agency.id >> 8) & 255}.${agency.id & 255}`
  const indicatorNote = makeCode('c2 seen by')
  const published = await client
    .post('/api/indicators')
    .json({ type: 'ipv4', value: indicatorValue, tlp: 'amber', source_agency_id: agency.id, sharing_group_id: sharingGroup.id, confidence: 80, description: indicatorNote })
    .loginAs(liaison)
    .withCsrfToken()
  if (published.status() !== 201) throw new Error(`indicator: ${published.status()} ${published.text()}`)
  const [sighted] = await db
    .table('indicator_sightings')
    .insert({ indicator_id: published.body().id, agency_id: agency.id, source: 'flow', src_addr: host, dst_addr: indicatorValue, src_port: 40001, dst_port: 443, protocol: 6, seen_at: past, count: 2 })
    .returning('id')

  // The liaison's own import: one row kept, one refused with its values in the error.
  const kept = { code: makeCode('DC'), name: makeCode('機房') }
  const refused = { code: makeCode('DC'), name: makeCode('機房') }
  const filename = `${makeCode('inventory')}.csv`
  const csv = [
    'code,name,agency_code,region,status,consolidated_into_code,closure_date,racks,servers',
    `${kept.code},${kept.name},${agency.code},north,operating,,,2,10`,
    `${refused.code},${refused.name},${agency.code},north,not-a-status,,,2,10`,
  ].join('\n')
  const job = await client
    .post('/api/imports')
    .qs({ resource: 'data_centres', wait: 'true' })
    .file('file', Buffer.from(csv), { filename, contentType: 'text/csv' })
    .loginAs(liaison)
    .withCsrfToken()
  if (job.status() !== 200 || job.body().inserted !== 1) throw new Error(`import: ${job.status()} ${job.text()}`)

  const audit = await db.from('audit_log').where({ entity: 'links', entity_id: String(link.id) }).firstOrFail()
  const national = await nationalRecords()
  return {
    agency,
    liaison,
    link,
    ids: {
      agencies: agency.id,
      data_centres: dataCentre.id,
      information_systems: system.id,
      devices: device.id,
      links: link.id,
      incidents: incident.id,
      problems: problem.id,
      known_errors: problem.id,
      maintenance_windows: window.id,
      notification_channels: channel.id,
      users: liaison.id,
      imports: job.body().id,
      audit_log: Number(audit.id),
      access_tokens: token.body().id,
      assignment_groups: group.id,
      routing_rules: rule.id,
      changes: change.id,
      change_boards: board.id,
      freeze_periods: freeze.id,
      agency_prefixes: prefix.id,
      security_events: sensed.eventId,
      indicators: published.body().id,
      sharing_groups: sharingGroup.id,
      indicator_sightings: Number(sighted.id),
      carrier_contracts: contract.id,
      consolidation_projects: project.id,
      ...national,
    },
    texts: [
      agency.code, agency.name, liaison.email, device.hostname, link.circuit_id, link.name, dataCentre.code, dataCentre.name,
      system.code, system.name, incident.number, incident.title, problem.number, problem.title, knownError.root_cause, knownError.workaround, window.title, channel.name, channel.target, token.body().name,
      reason, note, kept.code, kept.name, refused.code, refused.name, filename, group.code, group.name, attachmentName, change.number, change.title, board.name, freeze.name,
      prefix.prefix, host,
      signature, what, report.body().incident_number, contract.contract_ref, project.code, project.name,
      sharingGroup.name, sharingGroup.description, indicatorValue, indicatorNote, published.body().stix_id,
    ],
  }
}

/**
 * Records of no agency, the same for A and B (the service levels): each reader either reads
 * them or is refused them by role, and they are not B's values when they appear.
 */
const NATIONAL = new Set(['audit_log', 'access_tokens', 'sla_policies', 'holidays', 'business_hours', 'legal_clock_policies', 'detection_rules', 'device_health_policies', 'line_quality_policies'])
async function nationalRecords() {
  const policy =
    (await db.from('sla_policies').first()) ??
    (await db.table('sla_policies').insert({ type: 'service', priority: 'P2', respond_minutes: 30, resolve_minutes: 480, calendar: '24x7' }).returning('*'))[0]
  await db.table('calendar_days').insert({ date: '2199-12-31', kind: 'holiday', name_en: 'Sweep day', name_zh: '掃描日' }).onConflict('date').ignore()
  const day = await db.from('calendar_days').where('date', '2199-12-31').firstOrFail()
  const legalClock = await db.from('legal_clock_policies').where('clock', 'report').firstOrFail()
  const rule = await db.from('detection_rules').where('rule', 'port_scan').firstOrFail()
  const healthPolicy = await db.from('device_health_policies').where('device_kind', 'router').firstOrFail()
  const qualityPolicy = await db.from('line_quality_policies').where('link_kind', 'uplink').firstOrFail()
  return {
    sla_policies: Number(policy.id),
    holidays: Number(day.id),
    business_hours: 1,
    legal_clock_policies: Number(legalClock.id),
    device_health_policies: Number(healthPolicy.id),
    line_quality_policies: Number(qualityPolicy.id),
    detection_rules: Number(rule.id),
  }
}

/** Moves each table's id sequence into B's range (never back). */
async function setIdsApart() {
  for (const [table, from] of Object.entries(SET_APART)) {
    await db.rawQuery(`SELECT setval(pg_get_serial_sequence(?, 'id'), greatest(?, (SELECT coalesce(max(id), 1) FROM ??)))`, [table, from, table])
  }
}

/** Ids of B's rows (those in B's ranges) and B's texts, as found in an answer. */
function leaksIn(text: string, foreign: { texts: Set<string>; ids: Set<number> }) {
  const found: string[] = []
  for (const value of foreign.texts) {
    if (new RegExp(`${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`).test(text)) found.push(value)
  }
  for (const id of foreign.ids) if (new RegExp(`(?<![0-9.])${id}(?![0-9])`).test(text)) found.push(`id ${id}`)
  return found
}

type Operation = {
  parameters?: Array<{ name: string; in: string; schema?: { enum?: unknown[] } }>
  responses: Record<string, { content?: Record<string, unknown> }>
}
type Doc = { paths: Record<string, Record<string, Operation>> }

/** What one GET answered, as the comparison before and after B grows needs it. */
type Answer = { status: number; range: string | null; body: string }

type Foreign = Holdings & { allIds: Set<number>; allTexts: Set<string> }

/**
 * Calls every GET of the document as `reader` and returns what each answered, with the
 * failures found: B's values in an answer, B's record answered otherwise than a missing one,
 * and when `demandA`, A's record not readable or a list with nothing in it (it would check nothing).
 */
async function sweep(client: ApiClient, doc: Doc, reader: User, demandA: boolean, own: Holdings, foreign: Foreign) {
  const failures: string[] = []
  const answers = new Map<string, Answer>()
  const streams: string[] = []
  const ask = async (path: string, qs: Record<string, string> = {}): Promise<Answer> => {
    const response = await client.get(path).qs(qs).loginAs(reader)
    return { status: response.status(), range: response.header('content-range') ?? null, body: response.text() }
  }
  const check = (label: string, answer: Answer) => {
    answers.set(label, answer)
    const leaks = leaksIn(`${answer.range ?? ''}\n${answer.body}`, { texts: foreign.allTexts, ids: foreign.allIds })
    if (leaks.length) failures.push(`${label}: answered ${answer.status} with B's ${leaks.join(', ')}: ${answer.body.slice(0, 300)}`)
  }

  for (const [template, operations] of Object.entries(doc.paths)) {
    const get = operations.get
    if (!get || template in NOT_SWEPT) continue
    const ok = get.responses['200']?.content ?? {}
    if ('text/event-stream' in ok) {
      streams.push(template)
      continue
    }
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
    if (names.some((n) => n !== 'id')) {
      failures.push(`${template}: the sweep substitutes {id} only; teach it this path or list it in NOT_SWEPT with the reason`)
      continue
    }
    const query = (get.parameters ?? []).filter((p) => p.in === 'query')
    const takes = new Set(query.map((p) => p.name))
    // A list's range is [first,last]; a range with choices (a traffic period) keeps its default.
    const page: Record<string, string> = query.some((p) => p.name === 'range' && !p.schema?.enum) ? { range: '[0,999]' } : {}

    if (!names.length) {
      const answer = await ask(template, { ...page, ...QUERIES[template] })
      check(template, answer)
      const rows = answer.status === 200 ? listed(answer, !template.endsWith('.txt')) : null
      if (demandA && rows === 0) failures.push(`${template}: A's reader got an empty list, which checks nothing; seed A a row`)
      // The filter is where a scope can be undone: asking for B's agency must find nothing of B's.
      if (takes.has('filter')) check(`${template} filtered to B`, await ask(template, { ...page, filter: JSON.stringify({ agency_id: foreign.agency.id }) }))
      continue
    }

    const collection = template.split('/')[2]
    if (!own.ids[collection] || !foreign.ids[collection]) {
      failures.push(`${template}: no ${collection} record is seeded in both agencies; seed one or list the path in NOT_SWEPT with the reason`)
      continue
    }
    const mine = await ask(template.replace('{id}', String(own.ids[collection])), page)
    check(`${template} with A's id`, mine)
    if (demandA && mine.status !== 200 && mine.status !== 403) failures.push(`${template} with A's id: answered ${mine.status} ${mine.body.slice(0, 200)}`)

    // B's record must be answered exactly as a record that does not exist, whatever the id says.
    const theirs = await ask(template.replace('{id}', String(foreign.ids[collection])), page)
    const none = await ask(template.replace('{id}', String(NO_SUCH_ID)), page)
    answers.set(`${template} with B's id`, { ...theirs, body: theirs.body.replaceAll(String(foreign.ids[collection]), '{id}') })
    const same = (a: Answer, id: number) => JSON.stringify([a.status, a.range, a.body.replaceAll(String(id), '{id}')])
    if (same(theirs, foreign.ids[collection]) !== same(none, NO_SUCH_ID)) {
      failures.push(`${template} with B's id: answered ${theirs.status} ${theirs.body.slice(0, 200)}, where no such id answers ${none.status} ${none.body.slice(0, 200)}`)
    }
    if (mine.status === 200 && theirs.status !== 404) failures.push(`${template} with B's id: answered ${theirs.status}, not 404`)
  }
  return { failures, answers, streams }
}

/** Rows in a list answer (JSON array, CSV lines after the header, a plain feed's lines); null when it is not a list. */
function listed(answer: Answer, header = true) {
  try {
    const body = JSON.parse(answer.body)
    return Array.isArray(body) ? body.length : null
  } catch {
    const lines = answer.body.split(/\r?\n/).filter((line) => line.length)
    if (!header) return lines.length
    return lines.length ? lines.length - 1 : null
  }
}

/**
 * Reads an event stream as `reader` while an event for B's agency and then one for A's are
 * published: A's must arrive, and nothing of B's before or with it.
 */
async function sweepStream(path: string, reader: User, own: Holdings, foreign: Foreign) {
  const browser = new CookieSession()
  const login = await browser.logIn(reader.email, TEST_PASSWORD)
  if (login.status !== 200) throw new Error(`login answered ${login.status}`)
  const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  const request = http.get(`http://127.0.0.1:${process.env.PORT}${path}`, { headers: { cookie, accept: 'text/event-stream' } })
  const [response] = (await once(request, 'response')) as [http.IncomingMessage]
  const text: string[] = []
  try {
    if (response.statusCode !== 200) return [`${path}: answered ${response.statusCode}`]
    response.setEncoding('utf8')
    response.on('data', (chunk: string) => text.push(chunk))
    await until('the stream to open', () => text.join('').includes(': connected'))
    for (const side of [foreign, own]) {
      const event = normaliseEvent({ type: 'link.down', at: new Date(), link: side.link, detail: side.texts[side.texts.length - 1] }, DEFAULT_MATRIX)
      await eventHub.publish({ ...event, agency_path: side.agency.path })
    }
    // Redis delivers one publisher's messages in order: once A's is here, B's would have been.
    await until("A's event", () => text.join('').includes(own.link.circuit_id))
    const leaks = leaksIn(text.join(''), { texts: foreign.allTexts, ids: foreign.allIds })
    return leaks.length ? [`${path}: carried B's ${leaks.join(', ')}`] : []
  } finally {
    request.destroy()
  }
}

test.group('agency scope sweep over the OpenAPI document', () => {
  test("readers bound to one ministry read nothing of another's on any GET or stream", async ({ client, assert }) => {
    const admin = await makeUser('admin')
    const ministryA = await makeAgency({ level: 2, name: makeCode('部') })
    const agencyA = await makeAgency({ parentId: ministryA.id, name: makeCode('署') })
    const reader = await makeUser('agency_liaison', ministryA.id)
    const own = await seedAgency(client, admin, agencyA, reader)

    await setIdsApart()
    const ministryB = await makeAgency({ level: 2, name: makeCode('會') })
    const foreignHoldings = [await seedAgency(client, admin, ministryB, await makeUser('agency_liaison', ministryB.id))]
    const foreign = (): Foreign => ({
      ...foreignHoldings[0],
      allIds: new Set(foreignHoldings.flatMap((h) => Object.entries(h.ids).filter(([c]) => !NATIONAL.has(c)).map(([, id]) => id))),
      allTexts: new Set(foreignHoldings.flatMap((h) => h.texts)),
    })
    // The ranges really hold B's ids and only B's: otherwise an id check would prove nothing.
    assert.isAbove(foreignHoldings[0].ids.links, SET_APART.links)
    assert.isBelow(own.ids.links, SET_APART.agencies)

    const doc: Doc = (await client.get('/api/openapi.json').loginAs(admin)).body()
    const readers = [
      { user: reader, demandA: true },
      // Any role may be bound to an agency: an auditor of the ministry reads what a liaison may
      // not (users, everyone's imports, channels, the audit log), and only within A.
      { user: await makeUser('auditor', ministryA.id), demandA: false },
    ]
    const first = []
    for (const { user, demandA } of readers) first.push(await sweep(client, doc, user, demandA, own, foreign()))

    // Counts leak without a name: B gains one more of everything, and no answer A reads may change.
    const ministryB2 = await makeAgency({ parentId: ministryB.id, name: makeCode('分署') })
    foreignHoldings.push(await seedAgency(client, admin, ministryB2, await makeUser('agency_liaison', ministryB2.id)))
    const failures: string[] = []
    // When the answer was made (an overview's generated_at, a traffic window's ends) is not what it
    // says, nor how much of a running clock has passed (an SLA clock's respond and resolve shares,
    // a security incident's legal clocks).
    const stable = (a: Answer) =>
      JSON.stringify({ ...a, body: a.body.replace(/"(generated_at|from|to)":"[^"]*"/g, '').replace(/"(\w+_)?elapsed_share":[-\d.e]+/g, '') })
    for (const [i, { user, demandA }] of readers.entries()) {
      const second = await sweep(client, doc, user, demandA, own, foreign())
      failures.push(...[...first[i].failures, ...second.failures].map((f) => `${user.role}: ${f}`))
      for (const [label, before] of first[i].answers) {
        if (label in CHANGES_BY_ITSELF) continue
        const after = second.answers.get(label)
        if (!after || stable(after) !== stable(before)) {
          failures.push(`${user.role}: ${label}: changed when B grew (list it in CHANGES_BY_ITSELF if it changes by itself): ${before.body.slice(0, 160)} → ${after?.body.slice(0, 160)}`)
        }
      }
    }
    // Last, as a browser's login changes what the reader's own record says.
    for (const { user } of readers) {
      for (const path of first[0].streams) failures.push(...(await sweepStream(path, user, own, foreign())).map((f) => `${user.role}: ${f}`))
    }

    assert.deepEqual(failures, [])
    assert.deepEqual(first[0].streams, ['/api/events'])
    const swept = Object.entries(doc.paths).filter(([t, ops]) => ops.get && !(t in NOT_SWEPT)).length
    assert.isAtLeast(swept, 40)
    assert.deepEqual(Object.keys(NOT_SWEPT).filter((t) => !doc.paths[t]?.get), [], 'NOT_SWEPT names a GET the document no longer has')
  }).timeout(300_000)
})
