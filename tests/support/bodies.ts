import db from '@adonisjs/lucid/services/db'
import { makeCode } from '#tests/support/fixtures'
import { ensureStandardGroups } from '#app/incidents/standard_groups'
import type { Role } from '#app/access/roles'

/** A date of the office calendar no other body has used: days counted on from a random one in 2200–2999. */
let nextDay = Math.floor(Math.random() * 800 * 365)
function freeDate() {
  return new Date(Date.UTC(2200, 0, 1) + nextDay++ * 86_400_000).toISOString().slice(0, 10)
}

/** A valid create body for each generic resource, inside agency `agencyId`. */
export function validBody(resource: string, agencyId: number, role: Role = 'admin'): Record<string, unknown> {
  switch (resource) {
    case 'agencies':
      return { code: makeCode('AG'), name: makeCode('機關'), level: 3, kind: 'central', region: 'north', parent_id: agencyId }
    case 'data_centres':
      return { code: makeCode('DC'), name: makeCode('機房'), agency_id: agencyId, region: 'north', status: 'operating', racks: 4, servers: 30 }
    case 'information_systems':
      return { code: makeCode('SYS'), name: makeCode('系統'), agency_id: agencyId, category: 'payroll', status: 'active' }
    case 'devices':
      return {
        hostname: makeCode('rtr').toLowerCase(), kind: 'router', management_address: '127.0.0.9', region: 'north',
        agency_id: agencyId, snmp_version: '2c', snmp_community: 'public-test',
      }
    case 'links':
      return {
        circuit_id: makeCode('CKT'), name: makeCode('線路'), kind: 'legacy', agency_id: agencyId,
        a_end: '機關端', z_end: 'GSN-TPE', bandwidth_kbps: 10240, status: 'active',
      }
    case 'agency_prefixes': {
      // A /64 of a random ULA block: never the same prefix twice across a run.
      const hex = () => Math.floor(Math.random() * 0x10000).toString(16)
      return { agency_id: agencyId, prefix: `fd${hex().padStart(2, '0').slice(0, 2)}:${hex()}:${hex()}:${hex()}::/64`, description: makeCode('辦公網段') }
    }
    case 'incidents':
      return {
        title: makeCode('link down'), type: role === 'analyst' ? 'security' : 'service',
        priority: 'P3', agency_id: agencyId,
      }
    case 'problems':
      return { title: makeCode('recurring fibre faults'), description: 'Links drop at dawn', priority: 'P3', agency_id: agencyId }
    case 'maintenance_windows':
      return {
        title: makeCode('maintenance'), starts_at: '2026-12-01T14:00:00Z', ends_at: '2026-12-01T16:00:00Z',
        reason: 'Carrier fibre work', agency_id: agencyId,
      }
    case 'changes':
      return {
        title: makeCode('uplink firmware'), type: 'normal', risk: 'medium', impact: 'medium', agency_id: agencyId,
        back_out_plan: 'Reload the previous image', planned_start: '2026-12-02T14:00:00Z', planned_end: '2026-12-02T16:00:00Z',
      }
    case 'change_boards':
      return { name: makeCode('CAB'), change_type: 'normal', agency_id: agencyId, quorum: 1 }
    case 'change_templates':
      return { name: makeCode('Replace a line card'), description: 'Swap a failed line card for a spare', risk: 'low', back_out_plan: 'Put the old card back', active: true }
    case 'freeze_periods':
      return { name: makeCode('Year-end freeze'), starts_at: '2026-12-28T00:00:00Z', ends_at: '2027-01-03T00:00:00Z', reason: 'Year-end closing', agency_id: agencyId }
    case 'notification_channels':
      return {
        name: makeCode('NOC mail'), kind: 'email', target: 'noc@gsn.test', agency_id: agencyId,
        event_types: ['link.down'], min_priority: 'P3',
      }
    case 'assignment_groups':
      return { code: makeCode('IT'), name: makeCode('資訊單位'), kind: 'agency_it', agency_id: agencyId, member_ids: [] }
    case 'holidays':
      return { date: freeDate(), kind: 'holiday', name_en: makeCode('Holiday'), name_zh: makeCode('假日') }
    case 'indicators': {
      // An address of the benchmarking block 198.18.0.0/15 no other body has used.
      const n = Math.floor(Math.random() * 131072)
      return { type: 'ipv4', value: `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`, tlp: 'green', source_agency_id: agencyId, confidence: 70 }
    }
    case 'sharing_groups':
      return { name: makeCode('分享群組'), description: 'Agencies of one sector', member_ids: [agencyId] }
    case 'consolidation_projects':
      // A closure also names its data centre: bodyFor adds one.
      return { code: makeCode('PRJ'), name: makeCode('機房整併'), kind: 'data_centre_closure', agency_id: agencyId, wave: 1, status: 'planned', planned_date: '2027-06-30' }
    case 'users':
      return { email: `${makeCode('u')}@gsn.test`.toLowerCase(), role: 'cio', password: 'a-long-enough-password' }
    default:
      throw new Error(`no body for ${resource}`)
  }
}

/** A field each resource accepts on update, and a value for it. */
export function updateOf(resource: string): Record<string, unknown> {
  const patch: Record<string, Record<string, unknown>> = {
    agencies: { name: makeCode('更名機關') },
    data_centres: { racks: 9 },
    information_systems: { status: 'migrating' },
    devices: { vendor: 'Cisco' },
    links: { name: makeCode('更名線路') },
    agency_prefixes: { description: makeCode('更名網段') },
    incidents: { priority: 'P2' },
    problems: { priority: 'P2' },
    maintenance_windows: { reason: 'Carrier moved the work' },
    carrier_contracts: { carrier: makeCode('Renamed carrier') },
    users: { full_name: 'Renamed' },
    notification_channels: { min_priority: 'P2' },
    assignment_groups: { name_en: 'Renamed IT team' },
    routing_rules: { position: 7 },
    priority_matrix: { priority: 'P1' },
    changes: { impact: 'high' },
    change_boards: { name: makeCode('Renamed CAB') },
    change_templates: { risk: 'medium' },
    freeze_periods: { reason: 'Moved by the budget office' },
    holidays: { name_en: makeCode('Renamed holiday') },
    legal_clock_policies: { warning_percent: 75 },
    device_health_policies: { cpu_pct: 92 },
    indicators: { confidence: 80 },
    sharing_groups: { description: 'Renamed sector' },
    consolidation_projects: { owner: 'Renamed owner' },
  }
  return patch[resource]
}

/** Resources whose rows are fixed (the priority matrix's nine cells): read and updated, never created or deleted. */
export const FIXED_ROWS: ReadonlySet<string> = new Set(['priority_matrix', 'legal_clock_policies', 'detection_rules', 'device_health_policies', 'line_quality_policies'])

/** A valid create body, for resources whose body names rows that must be looked up first as well. */
export async function bodyFor(resource: string, agencyId: number, role: Role = 'admin'): Promise<Record<string, unknown>> {
  if (resource === 'carrier_contracts') {
    // A contract is for a line: one of the agency's, made for it.
    const [link] = await db
      .table('links')
      .insert({ ...validBody('links', agencyId), circuit_id: makeCode('CKT') })
      .returning('id')
    return {
      contract_ref: makeCode('CT'), link_id: link.id, carrier: 'Chunghwa Telecom', availability_pct: 99.9, latency_ms: 20,
      latency_percentile: 95, loss_pct: 0.5,
    }
  }
  if (resource === 'routing_rules') {
    const groups = await ensureStandardGroups(db.connection())
    return { position: 50, type: 'service', agency_id: agencyId, group_id: groups.get('NOC') }
  }
  if (resource === 'consolidation_projects') {
    const [room] = await db
      .table('data_centres')
      .insert({ code: makeCode('DC'), name: makeCode('機房'), agency_id: agencyId, region: 'north', status: 'consolidating', racks: 1, servers: 1 })
      .returning('id')
    return { ...validBody(resource, agencyId, role), source_data_centre_id: room.id }
  }
  return validBody(resource, agencyId, role)
}
