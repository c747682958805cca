import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { recordAudit, SYSTEM_ACTOR, type AuditChange } from '#app/audit/audit_log'
import { sealCredentials } from '#app/devices/snmp_credentials'
import { applyCommand, openIncident } from '#app/incidents/incident_service'
import { removeFilesOf } from '#app/incidents/incident_attachments'
import { historyOf } from '#app/demo/demo_incidents'
import { ASSESSMENT_OF, seedGroups } from '#app/demo/demo_groups'
import { demoAgencyPrefixes } from '#app/demo/address_plan'
import { ensureStandardGroups } from '#app/incidents/standard_groups'
import { seedDemoProblems } from '#app/demo/demo_problems'
import { seedDemoChanges } from '#app/demo/demo_changes'
import { seedDemoSharing } from '#app/demo/demo_sharing'
import { seedServiceLevels } from '#app/service_levels/service_level_seed'
import { demoContracts } from '#app/demo/demo_contracts'
import { DEMO_PROBE_BASE } from '#app/demo/sim/line_quality'
import { loadDemoHistory, registerDemoHistory, type HistoryReport } from '#app/demo/history'
import { demoDeviceHealthHistory } from '#app/device_health/history'
import { generateDemoData, summarise } from '#app/demo/generator'
import { PROGRAMME_START, type DemoDataSet, type DemoOptions } from '#app/demo/data_set'

/**
 * Loads the demo data set into the configured database in one transaction: ids are reserved
 * from each table's sequence up front, so every reference is resolved in memory and each table
 * goes in with a few multi-row INSERT … SELECT FROM jsonb_to_recordset statements.
 *
 * The audit log stays append-only: nothing is removed from it. The seed writes to it through
 * recordAudit as the system actor: one create per bulk-loaded table (how many rows, which seed
 * and date, the first and last key), a create for each account and incident, and with --fresh
 * one delete per cleared table and one per removed account. A row per line and system would
 * be 23,000 rows each seed and more than half of its time, and say nothing the summary does not.
 */

// The devices' health joins the demo's past: CPU, memory, storage and temperature from the same
// curves the simulated agents answer from.
registerDemoHistory('device_health', demoDeviceHealthHistory)

export const INVENTORY_TABLES = ['agencies', 'data_centres', 'information_systems', 'devices', 'links', 'incidents'] as const
/** The row that says the demo data set is what is loaded. */
const DEMO_MARKER = { table: 'links', column: 'circuit_id', value: 'GSN-L-000001' } as const

export interface SeedOptions {
  /** Clear the inventory and the accounts first (the audit log stays). */
  fresh?: boolean
  password: string
  generator?: DemoOptions
  /**
   * Also write the last 30 days (and the whole last month) of samples and probe rollups for the
   * contracted lines, from the simulated network's curves (app/demo/history.ts).
   */
  history?: boolean
}

export type SeedOutcome =
  | {
      status: 'loaded'
      summary: ReturnType<typeof summarise>
      cleared: Record<string, number> | null
      timings: Record<string, number>
      asOf: string
      seed: string
      history: HistoryReport | null
    }
  | { status: 'already_loaded' }
  | { status: 'not_empty'; counts: Record<string, number> }

export async function inventoryCounts(client: Pick<QueryClientContract, 'from'> = db.connection()) {
  const counts: Record<string, number> = {}
  for (const table of INVENTORY_TABLES) {
    const [{ n }] = await client.from(table).count('* as n')
    counts[table] = Number(n)
  }
  return counts
}

export async function seedDemo(options: SeedOptions): Promise<SeedOutcome> {
  if (options.password.length < 12) {
    throw new Error('DEMO_PASSWORD must be at least 12 characters, like every account password')
  }
  const timings: Record<string, number> = {}
  let mark = performance.now()
  const lap = (name: string) => {
    const now = performance.now()
    timings[name] = Math.round(now - mark)
    mark = now
  }

  const data = generateDemoData(options.generator)
  const passwordHash = await hash.make(options.password)
  lap('generate')
  // Before the incidents, so their SLA clocks run from the start; committed on their own, as
  // settings that outlive a --fresh reload, and what an admin changed is kept.
  await seedServiceLevels(Number(data.asOf.slice(0, 4)))
  lap('service_levels')

  const outcome = await db.transaction(async (trx) => {
    // Two seeds at once would interleave their clears and inserts.
    await trx.rawQuery(`SELECT pg_advisory_xact_lock(hashtext('gsn_demo_seed'))`)
    let cleared: Record<string, number> | null = null
    if (options.fresh) {
      cleared = await clearInventory(trx)
      lap('clear')
    } else {
      const counts = await inventoryCounts(trx)
      if (Object.values(counts).some((n) => n > 0)) {
        const marker = await trx.from(DEMO_MARKER.table).where(DEMO_MARKER.column, DEMO_MARKER.value).first()
        if (!marker) return { status: 'not_empty', counts } as const
        // A demo loaded before the sharing group and the tool token were part of it gets them.
        const added = await seedDemoSharing(trx, options.password)
        if (added.length) await recordAudit(trx, SYSTEM_ACTOR, added)
        return { status: 'already_loaded' } as const
      }
    }
    const changes = await insertDataSet(trx, data, { plain: options.password, hash: passwordHash }, lap)
    await recordAudit(trx, SYSTEM_ACTOR, changes)
    lap('audit')
    return { status: 'loaded' as const, cleared }
  })
  if (outcome.status !== 'loaded') return outcome

  // The programme review: the plan on the demo's years, ministries' allocations, month-end history.
  // Imported here: commands/demo_seed.ts loads this module before the app (and its validators) boot.
  const { seedProgrammeReview } = await import('#app/programme/programme_demo')
  await seedProgrammeReview(PROGRAMME_START, data.asOf)
  lap('programme')
  // Fresh statistics, so the first overview after seeding is planned on real row counts.
  await db.rawQuery(`ANALYZE agencies, data_centres, information_systems, devices, links, incidents, incident_items, users`)
  lap('analyze')
  // After the inventory has committed: the history reads it back as the simulated network does.
  const history = options.history ? await loadDemoHistory({ now: options.generator?.now }) : null
  if (history) lap('history')
  return { status: 'loaded', summary: summarise(data), cleared: outcome.cleared, timings, asOf: data.asOf, seed: data.seed, history }
}

/**
 * Empties the inventory and the accounts for a fresh load (TRUNCATE … CASCADE, so whatever hangs
 * off them, such as link states, maintenance windows or incident attachments, goes too; the
 * attachments' files leave the disk once the clearing commits). The audit log is untouched;
 * what was cleared is recorded in it. Ids are not restarted: audit rows and old sessions keep
 * pointing at ids that no new row will reuse.
 */
export async function clearInventory(trx: TransactionClientContract) {
  const cleared = await inventoryCounts(trx)
  const { rows: [{ n: items }] } = await trx.rawQuery(`SELECT count(*)::int AS n FROM incident_items`)
  cleared.incident_items = items
  const users = await trx.from('users').select('id', 'email', 'role', 'agency_id').orderBy('id')
  cleared.users = users.length
  const { rows: withFiles } = await trx.rawQuery(`SELECT incident_id, count(*)::int AS n FROM incident_attachments GROUP BY incident_id`)
  cleared.incident_attachments = withFiles.reduce((sum: number, r: { n: number }) => sum + r.n, 0)

  await trx.rawQuery(
    `TRUNCATE agencies, users, data_centres, information_systems, devices, links, incidents, incident_items, change_templates CASCADE`
  )
  // The cascade reaches the assignment groups (an agency's IT team hangs off its agency): the
  // standard ones are part of the installation, not of the inventory, and come back at once.
  await ensureStandardGroups(trx)

  const changes: AuditChange[] = Object.entries(cleared)
    .filter(([table, n]) => n > 0 && table !== 'users')
    .map(([table, n]) => ({
      action: 'delete' as const,
      entity: table,
      entityId: '*',
      before: { rows: n, reason: 'demo:seed --fresh' },
      after: null,
    }))
  // Accounts are named one by one: who could log in before the reload matters to an auditor.
  for (const user of users) {
    changes.push({ action: 'delete', entity: 'users', entityId: user.id, before: { email: user.email, role: user.role, agency_id: user.agency_id }, after: null })
  }
  await recordAudit(trx, SYSTEM_ACTOR, changes)
  // The attachments' files go with their rows, once the clearing has committed.
  if (withFiles.length) trx.after('commit', async () => {
      await removeFilesOf(withFiles.map((r: { incident_id: number }) => r.incident_id))
    })
  return cleared
}

async function reserveIds(trx: TransactionClientContract, table: string, count: number): Promise<number[]> {
  if (count === 0) return []
  const { rows } = await trx.rawQuery(
    `SELECT nextval(pg_get_serial_sequence(?, 'id'))::bigint AS id FROM generate_series(1, ?::int)`,
    [table, count]
  )
  return rows.map((r: { id: string }) => Number(r.id))
}

/** Inserts rows through jsonb_to_recordset: one parameter per statement, however many rows. */
async function insertRows(
  trx: TransactionClientContract,
  table: string,
  columns: Record<string, string>,
  rows: Record<string, unknown>[],
  chunk = 5000
) {
  const names = Object.keys(columns).map((c) => `"${c}"`).join(', ')
  const typed = Object.entries(columns).map(([c, type]) => `"${c}" ${type}`).join(', ')
  for (let i = 0; i < rows.length; i += chunk) {
    // Rows come in reference order (parents, shared rooms and uplinks first), so a chunk only
    // points at rows already in or in itself; PostgreSQL checks the keys at the statement's end.
    await trx.rawQuery(`INSERT INTO "${table}" (${names}) SELECT ${names} FROM jsonb_to_recordset(?::jsonb) AS r(${typed})`, [
      JSON.stringify(rows.slice(i, i + chunk)),
    ])
  }
}

const lookup = (ids: Map<string, number>, what: string) => (key: string | null) => {
  if (key === null) return null
  const id = ids.get(key)
  if (id === undefined) throw new Error(`demo data refers to unknown ${what} ${key}`)
  return id
}

async function insertDataSet(
  trx: TransactionClientContract,
  data: DemoDataSet,
  password: { plain: string; hash: string },
  lap: (name: string) => void
): Promise<AuditChange[]> {
  const audit: AuditChange[] = []
  const source = { reason: 'demo:seed', seed: data.seed, as_of: data.asOf }
  const loaded = (entity: string, rows: Record<string, unknown>[], key: string) => {
    if (rows.length === 0) return
    audit.push({
      action: 'create',
      entity,
      entityId: '*',
      before: null,
      after: { ...source, rows: rows.length, first: rows[0][key], last: rows[rows.length - 1][key] },
    })
  }
  /** Ids reserved for rows, as a lookup from their natural key. */
  const keyed = async <T>(table: string, rows: T[], key: (row: T) => string, what: string) => {
    const ids = await reserveIds(trx, table, rows.length)
    return lookup(new Map(rows.map((row, i) => [key(row), ids[i]])), what)
  }
  const store = async (table: string, columns: Record<string, string>, rows: Record<string, unknown>[], key: string) => {
    await insertRows(trx, table, columns, rows)
    loaded(table, rows, key)
    lap(table)
  }

  // Agencies: ids first, so each path ("/1/7/42/") is known before the row is written.
  const agencyOf = await keyed('agencies', data.agencies, (a) => a.code, 'agency')
  const paths = new Map<string, string>()
  const agencies = data.agencies.map((a) => {
    const id = agencyOf(a.code)!
    const path = `${a.parent_code ? paths.get(a.parent_code)! : '/'}${id}/`
    paths.set(a.code, path)
    return {
      id, code: a.code, name: a.name, name_en: a.name_en, level: a.level, kind: a.kind, region: a.region,
      parent_id: agencyOf(a.parent_code), hub_agency_id: agencyOf(a.hub_code), path,
    }
  })
  await store('agencies', {
    id: 'int', code: 'text', name: 'text', name_en: 'text', level: 'smallint', kind: 'text', region: 'text',
    parent_id: 'int', hub_agency_id: 'int', path: 'text',
  }, agencies, 'code')

  // Their address plan, so the flows the demo's routers export are put down to their agencies.
  const prefixes = data.agencies.flatMap((a) => demoAgencyPrefixes(a.code)).map((p) => ({ agency_id: agencyOf(p.agencyCode), prefix: p.prefix, description: p.description }))
  await store('agency_prefixes', { agency_id: 'int', prefix: 'cidr', description: 'text' }, prefixes, 'prefix')

  const roomOf = await keyed('data_centres', data.dataCentres, (d) => d.code, 'data centre')
  const rooms = data.dataCentres.map((d) => ({
    id: roomOf(d.code), code: d.code, name: d.name, agency_id: agencyOf(d.agency_code), region: d.region,
    status: d.status, consolidated_into_id: roomOf(d.consolidated_into_code), closure_date: d.closure_date,
    racks: d.racks, servers: d.servers,
  }))
  await store('data_centres', {
    id: 'int', code: 'text', name: 'text', agency_id: 'int', region: 'text', status: 'text',
    consolidated_into_id: 'int', closure_date: 'date', racks: 'int', servers: 'int',
  }, rooms, 'code')

  const systemOf = await keyed('information_systems', data.systems, (s) => s.code, 'system')
  const systems = data.systems.map((s) => ({
    id: systemOf(s.code), code: s.code, name: s.name, agency_id: agencyOf(s.agency_code),
    data_centre_id: roomOf(s.data_centre_code), category: s.category, status: s.status,
    merged_into_id: systemOf(s.merged_into_code), retirement_date: s.retirement_date,
  }))
  await store('information_systems', {
    id: 'int', code: 'text', name: 'text', agency_id: 'int', data_centre_id: 'int', category: 'text',
    status: 'text', merged_into_id: 'int', retirement_date: 'date',
  }, systems, 'code')

  const deviceOf = await keyed('devices', data.devices, (d) => d.hostname, 'device')
  const devices = data.devices.map((d) => ({
    id: deviceOf(d.hostname), hostname: d.hostname, kind: d.kind, management_address: d.management_address,
    region: d.region, agency_id: agencyOf(d.agency_code), vendor: d.vendor, model: d.model,
    snmp_version: d.snmp_version, snmp_port: d.snmp_port, poll_interval_s: d.poll_interval_s,
    // Sealed by the same code the device resource uses, so collectors open them the same way.
    snmp_credentials: sealCredentials(d.credentials),
  }))
  await store('devices', {
    id: 'int', hostname: 'text', kind: 'text', management_address: 'text', region: 'text', agency_id: 'int',
    vendor: 'text', model: 'text', snmp_version: 'text', snmp_port: 'int', poll_interval_s: 'int', snmp_credentials: 'text',
  }, devices, 'hostname')

  const linkOf = await keyed('links', data.links, (l) => l.circuit_id, 'link')
  const links = data.links.map((l) => ({
    id: linkOf(l.circuit_id), circuit_id: l.circuit_id, name: l.name, kind: l.kind, agency_id: agencyOf(l.agency_code),
    a_end: l.a_end, z_end: l.z_end, bandwidth_kbps: l.bandwidth_kbps, device_id: deviceOf(l.device_hostname),
    if_index: l.if_index, status: l.status, consolidated_into_id: linkOf(l.consolidated_into_circuit),
    decommission_date: l.decommission_date,
  }))
  await store('links', {
    id: 'int', circuit_id: 'text', name: 'text', kind: 'text', agency_id: 'int', a_end: 'text', z_end: 'text',
    bandwidth_kbps: 'bigint', device_id: 'int', if_index: 'int', status: 'text', consolidated_into_id: 'int',
    decommission_date: 'date',
  }, links, 'circuit_id')

  // What the carriers promised for the uplinks and a sample of agency lines (the carrier report).
  const agencyOfLink = new Map(links.map((l) => [l.circuit_id, l.agency_id]))
  const contracts = demoContracts(data.links).map((c) => ({ ...c, link_id: linkOf(c.circuit_id), agency_id: agencyOfLink.get(c.circuit_id) }))
  await store('carrier_contracts', {
    link_id: 'int', agency_id: 'int', carrier: 'text', contract_ref: 'text', availability_pct: 'numeric', latency_ms: 'numeric',
    latency_percentile: 'smallint', loss_pct: 'numeric', starts_on: 'date',
  }, contracts, 'contract_ref')
  // The contracted lines are probed: each at a far-end address of its own in DEMO_PROBE_PREFIX,
  // which demo:network answers from the line's simulated condition (app/demo/sim/line_quality.ts).
  await trx.rawQuery(
    `UPDATE links l SET probe_address = ?::inet + c.n
       FROM (SELECT link_id, row_number() OVER (ORDER BY link_id) AS n FROM carrier_contracts) c
      WHERE l.id = c.link_id AND l.probe_address IS DISTINCT FROM ?::inet + c.n`,
    [DEMO_PROBE_BASE, DEMO_PROBE_BASE]
  )

  // Demo accounts replace any account already holding their address.
  const userRows = data.users.map((u) => ({
    email: u.email, full_name: u.full_name, password: password.hash, role: u.role,
    agency_id: agencyOf(u.agency_code), locale: u.locale, active: true,
  }))
  const before = await trx.from('users').whereIn('email', userRows.map((u) => u.email)).select('email', 'role', 'agency_id')
  const savedUsers: { id: number; email: string }[] = await trx
    .insertQuery()
    .table('users')
    .multiInsert(userRows)
    .onConflict('email')
    .merge(['full_name', 'password', 'role', 'agency_id', 'locale', 'active'])
    .returning(['id', 'email'])
  const userOf = lookup(new Map(savedUsers.map((u) => [u.email, u.id])), 'user')
  for (const saved of savedUsers) {
    const { password: _password, ...after } = userRows.find((r) => r.email === saved.email)!
    const old = before.find((b) => b.email === saved.email)
    audit.push(
      old
        ? { action: 'update', entity: 'users', entityId: saved.id, before: { role: old.role, agency_id: old.agency_id }, after: { role: after.role, agency_id: after.agency_id, password: 'reset to DEMO_PASSWORD' } }
        : { action: 'create', entity: 'users', entityId: saved.id, before: null, after: { id: saved.id, ...after } }
    )
  }

  audit.push(...(await seedGroups(trx, data, agencyOf, userOf)))
  // A sharing group for the analyst's indicators and a member agency's TAXII tool token.
  audit.push(...(await seedDemoSharing(trx, password.plain)))

  // Incidents go through the incident service like any other: opened by their reporter and
  // moved through their history by command, so each has its number, clock, timeline and audit.
  const ordered = [...data.incidents].sort((a, b) => a.opened_at.localeCompare(b.opened_at))
  const actorByEmail = new Map(savedUsers.map((u) => [u.email, { id: u.id, email: u.email }]))
  for (const inc of ordered) {
    const reporter = actorByEmail.get(inc.reported_by_email)!
    const row = await openIncident(
      trx,
      {
        title: inc.title, description: inc.description, type: inc.type, ...ASSESSMENT_OF[inc.priority],
        agencyId: agencyOf(inc.agency_code)!, at: new Date(inc.opened_at),
        items: inc.items.map((item) => ({
          item_type: item.item_type,
          item_id:
            item.item_type === 'link' ? linkOf(item.circuit_id)!
            : item.item_type === 'device' ? deviceOf(item.hostname)!
            : item.item_type === 'information_system' ? systemOf(item.code)!
            : roomOf(item.code)!,
        })),
      },
      reporter
    )
    for (const step of historyOf(inc, userOf(inc.assignee_email), data.now)) {
      await applyCommand(trx, step.by === 'assignee' ? actorByEmail.get(inc.assignee_email!)! : reporter, row, step.body, new Date(step.at))
    }
  }
  lap('users_incidents')
  await seedDemoProblems(trx, actorByEmail.get('noc@gsn.demo')!, data.asOf)
  lap('problems')
  const person = (role: string) => {
    const email = data.users.find((u) => u.role === role)!.email
    return { id: userOf(email)!, email }
  }
  await seedDemoChanges(trx, { admin: person('admin'), noc: person('noc'), analyst: person('analyst'), cio: person('cio') }, new Date())
  lap('changes')
  return audit
}
