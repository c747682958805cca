import { timelineOf } from '#app/incidents/incident_timeline'
import db from '@adonisjs/lucid/services/db'
import { makeCode } from '#tests/support/fixtures'
import { monitoringEvents, type MonitoringEvent } from '#app/monitoring/events'
import type { Observation } from '#app/monitoring/link_health/link_state'

/** Devices and links for monitoring tests, written straight to the tables. */
export async function makeDevice(agencyId: number, attrs: Record<string, unknown> = {}) {
  const [row] = await db
    .table('devices')
    .insert({
      hostname: makeCode('rtr').toLowerCase(),
      kind: 'router',
      management_address: '127.0.0.9',
      region: 'north',
      agency_id: agencyId,
      snmp_version: '2c',
      ...attrs,
    })
    .returning('*')
  return row as { id: number; hostname: string; agency_id: number }
}

let ifIndex = 0
export async function makeLink(
  agencyId: number,
  attrs: { kind?: 'legacy' | 'uplink'; deviceId?: number | null; consolidatedIntoId?: number | null; status?: string } = {}
) {
  const [row] = await db
    .table('links')
    .insert({
      circuit_id: makeCode('CKT'),
      name: makeCode('線路'),
      kind: attrs.kind ?? 'legacy',
      agency_id: agencyId,
      a_end: '機關端',
      z_end: 'GSN-TPE',
      bandwidth_kbps: attrs.kind === 'uplink' ? 10_000_000 : 10240,
      device_id: attrs.deviceId ?? null,
      if_index: attrs.deviceId ? ++ifIndex : null,
      status: attrs.status ?? 'active',
      consolidated_into_id: attrs.consolidatedIntoId ?? null,
    })
    .returning('*')
  return row as { id: number; circuit_id: string; agency_id: number; kind: string }
}

/** A clock for one test: `t(s)` is s seconds after a start three hours ago. */
export function clock() {
  const start = Math.floor(Date.now() / 60000) * 60000 - 3 * 3600_000
  return (s: number) => new Date(start + s * 1000)
}

export const upAt = (link: { id: number }, at: Date): Observation => ({
  linkId: link.id,
  at,
  reachable: true,
  operStatus: 'up',
  adminStatus: 'up',
  inUtil: 0.1,
  outUtil: 0.05,
  errorRate: 0,
})
export const downAt = (link: { id: number }, at: Date): Observation => ({ ...upAt(link, at), operStatus: 'down', inUtil: null, outUtil: null })

/** Records the monitoring events published while a test runs. */
export function captureEvents(cleanup: (fn: () => void) => void) {
  const seen: MonitoringEvent[] = []
  const listener = (e: MonitoringEvent) => seen.push(e)
  monitoringEvents.on('event', listener)
  cleanup(() => monitoringEvents.off('event', listener))
  return {
    seen,
    ofLink: (id: number) => seen.filter((e) => e.link?.id === id).map((e) => e.type),
    ofDevice: (id: number) => seen.filter((e) => e.device?.id === id).map((e) => e.type),
  }
}

export async function incidentsOf(itemType: 'link' | 'device', itemId: number) {
  return db
    .from('incidents as i')
    .join('incident_items as it', 'it.incident_id', 'i.id')
    .where({ 'it.item_type': itemType, 'it.item_id': itemId })
    .orderBy('i.id')
    .select('i.*')
}

export const stateOf = (linkId: number) => db.from('link_states').where('link_id', linkId).first()
/** What the system wrote on an incident after opening it (monitoring's notes, its own moves), in English. */
export const notesOf = async (incidentId: number) =>
  (await timelineOf(incidentId, 'en'))
    // Opening and routing to a group are how every incident starts, not what monitoring noted.
    .filter((e) => e.kind !== 'opened' && e.kind !== 'assigned' && e.actor.email === 'system')
    .map((e) => ({ ...e, author_email: e.actor.email, body: e.text ?? e.body }))
