import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ROLES, RESOURCES, type Role, type Resource } from '#app/access/roles'
import { importableResources, writableResources } from '#app/resources'
import { setting, write } from '#tests/support/access_setting'
import { bodyFor, FIXED_ROWS, updateOf, validBody } from '#tests/support/bodies'

/**
 * Who may do what, written out here on its own (r read, c create, u update, d delete) rather
 * than read from roles.ts: the matrix is what is under test, so a change to GRANTS has to be
 * made here as well, on purpose, or this file fails.
 */
const EXPECTED: Record<Resource, Record<Role, string>> = {
  agencies:              { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  data_centres:          { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'rcu', auditor: 'r' },
  information_systems:   { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'rcu', auditor: 'r' },
  devices:               { admin: 'rcud', noc: 'rcud', analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  links:                 { admin: 'rcud', noc: 'rcud', analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  agency_prefixes:       { admin: 'rcud', noc: 'rcud', analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  flows:                 { admin: 'r',    noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  incidents:             { admin: 'rcud', noc: 'rcu',  analyst: 'rcu', cio: 'r', agency_liaison: 'rcu', auditor: 'r' },
  assignment_groups:     { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  routing_rules:         { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  priority_matrix:       { admin: 'ru',   noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: '',    auditor: 'r' },
  problems:              { admin: 'rcud', noc: 'rcu',  analyst: 'rcu', cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  known_errors:          { admin: 'r',    noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  service_reports:       { admin: 'r',    noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  maintenance_windows:   { admin: 'rcud', noc: 'rcu',  analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  changes:               { admin: 'rcu',  noc: 'rcu',  analyst: 'r',   cio: 'r', agency_liaison: 'rcu', auditor: 'r' },
  change_boards:         { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  change_templates:      { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: '',    auditor: 'r' },
  freeze_periods:        { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  users:                 { admin: 'rcud', noc: '',     analyst: '',    cio: '',  agency_liaison: '',    auditor: 'r' },
  access_tokens:         { admin: 'rcud', noc: '',     analyst: '',    cio: '',  agency_liaison: '',    auditor: '' },
  audit_log:             { admin: 'rcud', noc: '',     analyst: '',    cio: '',  agency_liaison: '',    auditor: 'r' },
  imports:               { admin: 'rcud', noc: 'rcu',  analyst: '',    cio: '',  agency_liaison: 'rcu', auditor: 'r' },
  overview:              { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  notification_channels: { admin: 'rcud', noc: 'rcud', analyst: '',    cio: '',  agency_liaison: '',    auditor: 'r' },
  notification_subscriptions: { admin: 'ru', noc: 'ru', analyst: 'ru', cio: 'ru', agency_liaison: 'ru', auditor: 'ru' },
  sla_policies:          { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: '',    auditor: 'r' },
  holidays:              { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: '',    auditor: 'r' },
  business_hours:        { admin: 'ru',   noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: '',    auditor: 'r' },
  flow_exporters:        { admin: 'r',    noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  legal_clock_policies:  { admin: 'ru',   noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: '',    auditor: 'r' },
  security_kpis:         { admin: 'r',    noc: '',     analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  security_events:       { admin: 'r',    noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  security_reports:      { admin: 'c',    noc: '',     analyst: 'c',   cio: '',  agency_liaison: 'c',   auditor: '' },
  indicators:            { admin: 'rcud', noc: 'r',    analyst: 'rcud', cio: 'r', agency_liaison: 'rcud', auditor: 'r' },
  sharing_groups:        { admin: 'rcud', noc: 'r',    analyst: 'rcud', cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  indicator_sightings:   { admin: 'r',    noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  detection_rules:       { admin: 'ru',   noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: '',    auditor: 'r' },
  device_health_policies: { admin: 'ru',  noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: '',    auditor: 'r' },
  line_quality_policies: { admin: 'ru',  noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: '',    auditor: 'r' },
  carrier_contracts:     { admin: 'rcud', noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  carrier_reports:       { admin: 'r',    noc: 'r',    analyst: '',    cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  programme_reviews:     { admin: 'ru',   noc: 'r',    analyst: 'r',   cio: 'ru', agency_liaison: 'r',  auditor: 'r' },
  programme_targets:     { admin: 'ru',   noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'r',   auditor: 'r' },
  programme_figures:     { admin: 'ru',   noc: 'r',    analyst: 'r',   cio: 'r', agency_liaison: 'ru',  auditor: 'r' },
  consolidation_projects: { admin: 'rcud', noc: 'r',   analyst: 'r',   cio: 'r', agency_liaison: 'rcu', auditor: 'r' },
}

/**
 * Resources the generic loop cannot seed afresh for every role: eight policies at most (one per
 * type and priority), and the office hours are one row that is never created. Each has its own test.
 */
const SINGULAR = new Set(['sla_policies', 'business_hours'])

type Action = 'read' | 'create' | 'update' | 'delete'
const LETTER: Record<Action, string> = { read: 'r', create: 'c', update: 'u', delete: 'd' }

function allowed(role: Role, resource: Resource, action: Action) {
  return EXPECTED[resource][role].includes(LETTER[action])
}

/** The answer a request gets: `ok` when the table grants the action, else the role's refusal. */
function expected(role: Role, resource: Resource, action: Action, ok: number) {
  return allowed(role, resource, action) ? ok : 403
}

test.group('access matrix', () => {
  test('the table names every resource of the role matrix', ({ assert }) => {
    assert.sameMembers(Object.keys(EXPECTED), [...RESOURCES])
  })

  for (const role of ROLES) {
    test(`${role}: the permissions the API hands the UI are exactly the table's`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const me = await client.get('/api/auth/me').loginAs(user)
      me.assertStatus(200)
      const fromTable = Object.fromEntries(
        RESOURCES.filter((r) => EXPECTED[r][role] !== '').map((r) => [
          r,
          (['read', 'create', 'update', 'delete'] as const).filter((a) => allowed(role, r, a)),
        ])
      )
      assert.deepEqual(me.body().permissions, fromTable)
    })

    // The generic resources: list, show, create, update (PUT and PATCH), delete.
    for (const def of writableResources.filter((d) => !FIXED_ROWS.has(d.name) && !SINGULAR.has(d.name))) {
      const resource = def.name as Resource
      test(`${role} × ${resource}`, async ({ client, assert }) => {
        const { ministry, admin, user } = await setting(role)
        const seed = async () => {
          const seeded = await write(client, admin, 'post', `/api/${resource}`).json(await bodyFor(resource, ministry.id, role))
          assert.equal(seeded.status(), 201, seeded.text())
          return seeded.body().id as number
        }

        const list = await client.get(`/api/${resource}`).loginAs(user)
        assert.equal(list.status(), expected(role, resource, 'read', 200), `list ${list.text()}`)

        // Seeded in the role's own kind (an analyst's incidents are security ones), so only
        // the matrix decides; incident types per role have their own tests.
        const id = await seed()
        const show = await client.get(`/api/${resource}/${id}`).loginAs(user)
        assert.equal(show.status(), expected(role, resource, 'read', 200), `show ${show.text()}`)

        const created = await write(client, user, 'post', `/api/${resource}`).json(await bodyFor(resource, ministry.id, role))
        assert.equal(created.status(), expected(role, resource, 'create', 201), `create ${created.text()}`)

        const put = await write(client, user, 'put', `/api/${resource}/${id}`).json(updateOf(resource))
        assert.equal(put.status(), expected(role, resource, 'update', 200), `put ${put.text()}`)
        const patch = await write(client, user, 'patch', `/api/${resource}/${id}`).json(updateOf(resource))
        assert.equal(patch.status(), expected(role, resource, 'update', 200), `patch ${patch.text()}`)

        const removed = await write(client, user, 'delete', `/api/${resource}/${id}`)
        assert.equal(removed.status(), expected(role, resource, 'delete', 200), `delete ${removed.text()}`)
      })
    }

    // Access tokens have no update route: a token is revoked and issued again.
    test(`${role} × access_tokens`, async ({ client, assert }) => {
      const { admin, user } = await setting(role)
      const list = await client.get('/api/access_tokens').loginAs(user)
      assert.equal(list.status(), expected(role, 'access_tokens', 'read', 200), `list ${list.text()}`)

      const issue = () => write(client, admin, 'post', '/api/access_tokens').json({ user_id: admin.id, name: 'matrix' })
      const seeded = await issue()
      assert.equal(seeded.status(), 201, seeded.text())

      const created = await write(client, user, 'post', '/api/access_tokens').json({ user_id: admin.id, name: 'matrix' })
      assert.equal(created.status(), expected(role, 'access_tokens', 'create', 201), `create ${created.text()}`)

      const removed = await write(client, user, 'delete', `/api/access_tokens/${seeded.body().id}`)
      assert.equal(removed.status(), expected(role, 'access_tokens', 'delete', 200), `delete ${removed.text()}`)
    })

    // Subscriptions are everyone's own: read and changed by their owner, never created or deleted.
    test(`${role} × notification_subscriptions`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const list = await client.get('/api/notification_subscriptions').loginAs(user)
      assert.equal(list.status(), expected(role, 'notification_subscriptions', 'read', 200), `list ${list.text()}`)
      const show = await client.get(`/api/notification_subscriptions/${user.id}-sla`).loginAs(user)
      assert.equal(show.status(), expected(role, 'notification_subscriptions', 'read', 200), `show ${show.text()}`)
      const put = await write(client, user, 'put', `/api/notification_subscriptions/${user.id}-sla`).json({ email: true, live: true })
      assert.equal(put.status(), expected(role, 'notification_subscriptions', 'update', 200), `put ${put.text()}`)
      const created = await write(client, user, 'post', '/api/notification_subscriptions').json({ topic: 'sla', email: true, live: true })
      assert.equal(created.status(), 404, `create ${created.text()}`)
    })

    // The audit log is only read over HTTP; its rows are written by the changes they record.
    test(`${role} × audit_log`, async ({ client, assert }) => {
      const { ministry, admin, user } = await setting(role)
      const made = await write(client, admin, 'post', '/api/links').json(validBody('links', ministry.id))
      assert.equal(made.status(), 201, made.text())
      const entry = await db.from('audit_log').where({ entity: 'links', entity_id: String(made.body().id) }).firstOrFail()

      const list = await client.get('/api/audit_log').loginAs(user)
      assert.equal(list.status(), expected(role, 'audit_log', 'read', 200), `list ${list.text()}`)
      const show = await client.get(`/api/audit_log/${entry.id}`).loginAs(user)
      assert.equal(show.status(), expected(role, 'audit_log', 'read', 200), `show ${show.text()}`)
    })

    // Imports are started and read; a job is never edited or deleted over HTTP.
    test(`${role} × imports`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const list = await client.get('/api/imports').loginAs(user)
      assert.equal(list.status(), expected(role, 'imports', 'read', 200), `list ${list.text()}`)

      // A kind of row the role may write, so the import's own refusal cannot stand in for the
      // matrix's; roles that may write none try links.
      const def =
        importableResources.find((d) => allowed(role, d.name as Resource, 'create')) ??
        importableResources.find((d) => d.name === 'links')!
      const started = await write(client, user, 'post', '/api/imports')
        .qs({ resource: def.name, wait: 'true' })
        .file('file', Buffer.from(def.csvColumns.join(',') + '\n'), { filename: `${def.name}.csv`, contentType: 'text/csv' })
      assert.equal(started.status(), expected(role, 'imports', 'create', 200), `import ${started.text()}`)
      if (started.status() === 200) assert.equal(started.body().status, 'done', started.text())
    })

    // The priority matrix's nine cells are read and edited, never added or removed.
    test(`${role} × priority_matrix`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const cell = await db.from('priority_matrix').where({ impact: 'low', urgency: 'low' }).firstOrFail()
      const list = await client.get('/api/priority_matrix').loginAs(user)
      assert.equal(list.status(), expected(role, 'priority_matrix', 'read', 200), `list ${list.text()}`)
      const show = await client.get(`/api/priority_matrix/${cell.id}`).loginAs(user)
      assert.equal(show.status(), expected(role, 'priority_matrix', 'read', 200), `show ${show.text()}`)
      const put = await write(client, user, 'put', `/api/priority_matrix/${cell.id}`).json({ priority: cell.priority })
      assert.equal(put.status(), expected(role, 'priority_matrix', 'update', 200), `put ${put.text()}`)
      const created = await write(client, user, 'post', '/api/priority_matrix').json({ impact: 'low', urgency: 'low', priority: 'P4' })
      assert.equal(created.status(), expected(role, 'priority_matrix', 'create', 201), `create ${created.text()}`)
      const removed = await write(client, user, 'delete', `/api/priority_matrix/${cell.id}`)
      assert.equal(removed.status(), expected(role, 'priority_matrix', 'delete', 200), `delete ${removed.text()}`)
    })

    // Known errors are read and searched; problems become one through their identify command.
    test(`${role} × known_errors`, async ({ client, assert }) => {
      const { ministry, admin, user } = await setting(role)
      const made = await write(client, admin, 'post', '/api/problems').json(validBody('problems', ministry.id))
      assert.equal(made.status(), 201, made.text())
      const known = await write(client, admin, 'post', `/api/problems/${made.body().id}/identify`).json({ root_cause: 'A loose patch cord', workaround: 'Reseat it' })
      assert.equal(known.status(), 200, known.text())
      const list = await client.get('/api/known_errors').loginAs(user)
      assert.equal(list.status(), expected(role, 'known_errors', 'read', 200), `list ${list.text()}`)
      const show = await client.get(`/api/known_errors/${made.body().id}`).loginAs(user)
      assert.equal(show.status(), expected(role, 'known_errors', 'read', 200), `show ${show.text()}`)
    })

    test(`${role} × service_reports`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const report = await client.get('/api/reports/service_management').qs({ month: '2026-03' }).loginAs(user)
      assert.equal(report.status(), expected(role, 'service_reports', 'read', 200), `report ${report.text()}`)
    })

    test(`${role} × carrier_reports`, async ({ client, assert }) => {
      const { user } = await setting(role)
      for (const path of ['/api/reports/carrier', '/api/reports/carrier.csv']) {
        const report = await client.get(path).qs({ carrier: 'Chunghwa Telecom', month: '2026-03' }).loginAs(user)
        assert.equal(report.status(), expected(role, 'carrier_reports', 'read', 200), `${path} ${report.text()}`)
      }
      const carriers = await client.get('/api/reports/carriers').loginAs(user)
      assert.equal(carriers.status(), expected(role, 'carrier_reports', 'read', 200), `carriers ${carriers.text()}`)
    })

    // The policies are emptied first, so the one seeded and the one created each have a free slot.
    test(`${role} × sla_policies`, async ({ client, assert }) => {
      const { admin, user } = await setting(role)
      await db.from('sla_policies').delete()
      const body = (priority: string) => ({ type: 'service', priority, respond_minutes: 30, resolve_minutes: 480, calendar: '24x7' })
      const seeded = await write(client, admin, 'post', '/api/sla_policies').json(body('P1'))
      assert.equal(seeded.status(), 201, seeded.text())
      const id = seeded.body().id

      const list = await client.get('/api/sla_policies').loginAs(user)
      assert.equal(list.status(), expected(role, 'sla_policies', 'read', 200), `list ${list.text()}`)
      const show = await client.get(`/api/sla_policies/${id}`).loginAs(user)
      assert.equal(show.status(), expected(role, 'sla_policies', 'read', 200), `show ${show.text()}`)
      const created = await write(client, user, 'post', '/api/sla_policies').json(body('P2'))
      assert.equal(created.status(), expected(role, 'sla_policies', 'create', 201), `create ${created.text()}`)
      for (const method of ['put', 'patch'] as const) {
        const changed = await write(client, user, method, `/api/sla_policies/${id}`).json({ resolve_minutes: 600 })
        assert.equal(changed.status(), expected(role, 'sla_policies', 'update', 200), `${method} ${changed.text()}`)
      }
      const removed = await write(client, user, 'delete', `/api/sla_policies/${id}`)
      assert.equal(removed.status(), expected(role, 'sla_policies', 'delete', 200), `delete ${removed.text()}`)
    })

    test(`${role} × business_hours`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const list = await client.get('/api/business_hours').loginAs(user)
      assert.equal(list.status(), expected(role, 'business_hours', 'read', 200), `list ${list.text()}`)
      const show = await client.get('/api/business_hours/1').loginAs(user)
      assert.equal(show.status(), expected(role, 'business_hours', 'read', 200), `show ${show.text()}`)
      const created = await write(client, user, 'post', '/api/business_hours').json({ weekdays: [1], opens_at: '09:00', closes_at: '17:00' })
      assert.equal(created.status(), expected(role, 'business_hours', 'create', 201), `create ${created.text()}`)
      for (const method of ['put', 'patch'] as const) {
        const changed = await write(client, user, method, '/api/business_hours/1').json({ opens_at: '08:30' })
        assert.equal(changed.status(), expected(role, 'business_hours', 'update', 200), `${method} ${changed.text()}`)
      }
      const removed = await write(client, user, 'delete', '/api/business_hours/1')
      assert.equal(removed.status(), expected(role, 'business_hours', 'delete', 200), `delete ${removed.text()}`)
    })

    test(`${role} × flows`, async ({ client, assert }) => {
      const { user } = await setting(role)
      for (const path of ['top-talkers', 'top-ports', 'top-protocols', 'matrix', 'series', 'totals', 'search', 'export.csv']) {
        const answer = await client.get(`/api/flows/${path}`).loginAs(user)
        assert.equal(answer.status(), expected(role, 'flows', 'read', 200), `${path} ${answer.text()}`)
      }
    })

    test(`${role} × overview`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const overview = await client.get('/api/overview').loginAs(user)
      assert.equal(overview.status(), expected(role, 'overview', 'read', 200), `overview ${overview.text()}`)
    })

    // The four legal clocks are read and edited, never added or removed.
    test(`${role} × legal_clock_policies`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const row = await db.from('legal_clock_policies').where('clock', 'investigation').firstOrFail()
      const list = await client.get('/api/legal_clock_policies').loginAs(user)
      assert.equal(list.status(), expected(role, 'legal_clock_policies', 'read', 200), `list ${list.text()}`)
      const show = await client.get(`/api/legal_clock_policies/${row.id}`).loginAs(user)
      assert.equal(show.status(), expected(role, 'legal_clock_policies', 'read', 200), `show ${show.text()}`)
      for (const method of ['put', 'patch'] as const) {
        const changed = await write(client, user, method, `/api/legal_clock_policies/${row.id}`).json({ warning_percent: row.warning_percent })
        assert.equal(changed.status(), expected(role, 'legal_clock_policies', 'update', 200), `${method} ${changed.text()}`)
      }
      const body = { clock: 'report', unit: 'hours', levels_1_2: 1, levels_3_4: 1, warning_percent: 75 }
      const created = await write(client, user, 'post', '/api/legal_clock_policies').json(body)
      assert.equal(created.status(), expected(role, 'legal_clock_policies', 'create', 201), `create ${created.text()}`)
      const removed = await write(client, user, 'delete', `/api/legal_clock_policies/${row.id}`)
      assert.equal(removed.status(), expected(role, 'legal_clock_policies', 'delete', 200), `delete ${removed.text()}`)
    })

    // The detection rules' eight rows are read and tuned, never added or removed.
    test(`${role} × detection_rules`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const row = await db.from('detection_rules').where('rule', 'port_scan').firstOrFail()
      const list = await client.get('/api/detection_rules').loginAs(user)
      assert.equal(list.status(), expected(role, 'detection_rules', 'read', 200), `list ${list.text()}`)
      const show = await client.get(`/api/detection_rules/${row.id}`).loginAs(user)
      assert.equal(show.status(), expected(role, 'detection_rules', 'read', 200), `show ${show.text()}`)
      for (const method of ['put', 'patch'] as const) {
        const changed = await write(client, user, method, `/api/detection_rules/${row.id}`).json({ settings: { distinctPorts: row.settings.distinctPorts } })
        assert.equal(changed.status(), expected(role, 'detection_rules', 'update', 200), `${method} ${changed.text()}`)
      }
      const created = await write(client, user, 'post', '/api/detection_rules').json({ rule: 'port_scan', enabled: true, settings: {} })
      assert.equal(created.status(), expected(role, 'detection_rules', 'create', 201), `create ${created.text()}`)
      const removed = await write(client, user, 'delete', `/api/detection_rules/${row.id}`)
      assert.equal(removed.status(), expected(role, 'detection_rules', 'delete', 200), `delete ${removed.text()}`)
    })

    // One row of device health thresholds per device kind: read and edited, never added or removed.
    test(`${role} × device_health_policies`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const row = await db.from('device_health_policies').where('device_kind', 'switch').firstOrFail()
      const list = await client.get('/api/device_health_policies').loginAs(user)
      assert.equal(list.status(), expected(role, 'device_health_policies', 'read', 200), `list ${list.text()}`)
      const show = await client.get(`/api/device_health_policies/${row.id}`).loginAs(user)
      assert.equal(show.status(), expected(role, 'device_health_policies', 'read', 200), `show ${show.text()}`)
      for (const method of ['put', 'patch'] as const) {
        const changed = await write(client, user, method, `/api/device_health_policies/${row.id}`).json({ cpu_pct: row.cpu_pct })
        assert.equal(changed.status(), expected(role, 'device_health_policies', 'update', 200), `${method} ${changed.text()}`)
      }
      const body = { device_kind: 'router', cpu_pct: 90, memory_pct: 90, storage_pct: 90, temperature_c: 70, sustain_polls: 5 }
      const created = await write(client, user, 'post', '/api/device_health_policies').json(body)
      assert.equal(created.status(), expected(role, 'device_health_policies', 'create', 201), `create ${created.text()}`)
      const removed = await write(client, user, 'delete', `/api/device_health_policies/${row.id}`)
      assert.equal(removed.status(), expected(role, 'device_health_policies', 'delete', 200), `delete ${removed.text()}`)
    })

    // One row of line quality thresholds per link class: read and edited, never added or removed.
    test(`${role} × line_quality_policies`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const row = await db.from('line_quality_policies').where('link_kind', 'legacy').firstOrFail()
      const list = await client.get('/api/line_quality_policies').loginAs(user)
      assert.equal(list.status(), expected(role, 'line_quality_policies', 'read', 200), `list ${list.text()}`)
      const show = await client.get(`/api/line_quality_policies/${row.id}`).loginAs(user)
      assert.equal(show.status(), expected(role, 'line_quality_policies', 'read', 200), `show ${show.text()}`)
      for (const method of ['put', 'patch'] as const) {
        const changed = await write(client, user, method, `/api/line_quality_policies/${row.id}`).json({ rtt_degraded_ms: row.rtt_degraded_ms })
        assert.equal(changed.status(), expected(role, 'line_quality_policies', 'update', 200), `${method} ${changed.text()}`)
      }
      const body = { link_kind: 'uplink', loss_degraded: 0.02, loss_down: 1, rtt_degraded_ms: 50, jitter_degraded_ms: 20 }
      const created = await write(client, user, 'post', '/api/line_quality_policies').json(body)
      assert.equal(created.status(), expected(role, 'line_quality_policies', 'create', 201), `create ${created.text()}`)
      const removed = await write(client, user, 'delete', `/api/line_quality_policies/${row.id}`)
      assert.equal(removed.status(), expected(role, 'line_quality_policies', 'delete', 200), `delete ${removed.text()}`)
    })

    test(`${role} × security_kpis`, async ({ client, assert }) => {
      const { user } = await setting(role)
      for (const format of ['json', 'csv']) {
        const answer = await client.get('/api/security_kpis').qs({ month: '2026-03', format }).loginAs(user)
        assert.equal(answer.status(), expected(role, 'security_kpis', 'read', 200), `${format} ${answer.text()}`)
      }
    })

    test(`${role} × programme_reviews, programme_targets and programme_figures`, async ({ client, assert }) => {
      const { user, ministry } = await setting(role)
      for (const format of ['json', 'csv']) {
        const answer = await client.get('/api/reports/programme').qs({ month: '2026-03', format }).loginAs(user)
        assert.equal(answer.status(), expected(role, 'programme_reviews', 'read', 200), `${format} ${answer.text()}`)
      }
      const comment = await write(client, user, 'put', '/api/reports/programme/comment').json({ month: '2026-03', agency_id: ministry.id, body: 'On plan' })
      assert.equal(comment.status(), expected(role, 'programme_reviews', 'update', 200), `comment ${comment.text()}`)
      const targets = await client.get('/api/programme/targets').loginAs(user)
      assert.equal(targets.status(), expected(role, 'programme_targets', 'read', 200), `targets ${targets.text()}`)
      const target = { measure: 'data_centres', agency_id: ministry.id, year: 2011, baseline: 9, target: 3 }
      const set = await write(client, user, 'put', '/api/programme/targets').json(target)
      assert.equal(set.status(), expected(role, 'programme_targets', 'update', 200), `set target ${set.text()}`)
      const figures = await client.get('/api/programme/figures').loginAs(user)
      assert.equal(figures.status(), expected(role, 'programme_figures', 'read', 200), `figures ${figures.text()}`)
      const figure = { agency_id: ministry.id, year: 2011, figure: 'it_certifications', value: 12 }
      const entered = await write(client, user, 'put', '/api/programme/figures').json(figure)
      assert.equal(entered.status(), expected(role, 'programme_figures', 'update', 200), `enter figure ${entered.text()}`)
    })

    test(`${role} × security_events and security_reports`, async ({ client, assert }) => {
      const { user, ministry } = await setting(role)
      for (const path of ['/api/security_events', '/api/security_events/export.csv']) {
        const answer = await client.get(path).loginAs(user)
        assert.equal(answer.status(), expected(role, 'security_events', 'read', 200), `${path} ${answer.text()}`)
      }
      // Read-only: events are written by the sensors, the detections and the reports.
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        const refused = await write(client, user, method, '/api/security_events')
        assert.oneOf(refused.status(), [404, 405], `${method} ${refused.text()}`)
      }
      const report = { what: 'Defaced home page', noticed_at: new Date(Date.now() - 60_000).toISOString(), agency_id: ministry.id }
      const reported = await write(client, user, 'post', '/api/security_reports').json(report)
      assert.equal(reported.status(), expected(role, 'security_reports', 'create', 201), `report ${reported.text()}`)
    })

    test(`${role} × flow_exporters`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const list = await client.get('/api/flow_exporters').loginAs(user)
      assert.equal(list.status(), expected(role, 'flow_exporters', 'read', 200), `list ${list.text()}`)
      // Read-only: the counters are written by the collectors alone.
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        const refused = await write(client, user, method, '/api/flow_exporters')
        assert.oneOf(refused.status(), [404, 405], `${method} ${refused.text()}`)
      }
    })

    test(`${role} × indicator_sightings`, async ({ client, assert }) => {
      const { user } = await setting(role)
      const list = await client.get('/api/indicator_sightings').loginAs(user)
      assert.equal(list.status(), expected(role, 'indicator_sightings', 'read', 200), `list ${list.text()}`)
      // Read-only: sightings are written by the matcher and the retro-hunt.
      const refused = await write(client, user, 'post', '/api/indicator_sightings')
      assert.oneOf(refused.status(), [404, 405], refused.text())
    })
  }
})
