import { makeCode } from '#tests/support/fixtures'
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
    case 'incidents':
      return {
        title: makeCode('link down'), type: role === 'analyst' ? 'security' : 'service',
        priority: 'P3', agency_id: agencyId,
      }
    case 'maintenance_windows':
      return {
        title: makeCode('maintenance'), starts_at: '2026-12-01T14:00:00Z', ends_at: '2026-12-01T16:00:00Z',
        reason: 'Carrier fibre work', agency_id: agencyId,
      }
    case 'notification_channels':
      return {
        name: makeCode('NOC mail'), kind: 'email', target: 'noc@gsn.test', agency_id: agencyId,
        event_types: ['link.down'], min_priority: 'P3',
      }
    case 'holidays':
      return { date: freeDate(), kind: 'holiday', name_en: makeCode('Holiday'), name_zh: makeCode('假日') }
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
    incidents: { priority: 'P2' },
    maintenance_windows: { reason: 'Carrier moved the work' },
    users: { full_name: 'Renamed' },
    notification_channels: { min_priority: 'P2' },
    holidays: { name_en: makeCode('Renamed holiday') },
  }
  return patch[resource]
}
