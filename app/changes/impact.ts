import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import { scopeQuery } from '#app/access/scope'
import type { ConfigurationItem } from '#app/core/configuration_items'
import type { Topology } from '#shared/change_lifecycle'

type Client = Pick<QueryClientContract | TransactionClientContract, 'from'>

const idsOf = (items: readonly ConfigurationItem[], type: string) => [...new Set(items.filter((i) => i.item_type === type).map((i) => i.item_id))]

/**
 * How the inventory hangs together below some configuration items: the links on the devices
 * named, and the legacy lines consolidated into each of those links (an uplink carries the lines
 * it replaced). Read from the inventory every time, never typed, so an impact follows the
 * consolidation as it goes on.
 */
export async function topologyOf(items: readonly ConfigurationItem[], client: Client = db): Promise<Topology & { links: number[] }> {
  const deviceIds = idsOf(items, 'device')
  const linksOn = new Map<number, number[]>()
  if (deviceIds.length) {
    const rows = await client.from('links').whereIn('device_id', deviceIds).select('id', 'device_id').orderBy('id')
    for (const r of rows) linksOn.set(r.device_id, [...(linksOn.get(r.device_id) ?? []), r.id])
  }
  const links = [...new Set([...idsOf(items, 'link'), ...[...linksOn.values()].flat()])]
  const linesBehind = new Map<number, number[]>()
  if (links.length) {
    const rows = await client.from('links').whereIn('consolidated_into_id', links).select('id', 'consolidated_into_id').orderBy('id')
    for (const r of rows) linesBehind.set(r.consolidated_into_id, [...(linesBehind.get(r.consolidated_into_id) ?? []), r.id])
  }
  return { linksOn, linesBehind, links }
}

/**
 * What a maintenance window on these items must silence: every link they reach (the lines behind
 * an uplink included) and the devices named.
 */
export async function silencedBy(items: readonly ConfigurationItem[], client: Client = db) {
  const topology = await topologyOf(items, client)
  const links = new Set([...topology.links, ...[...topology.linesBehind.values()].flat()])
  return { links: [...links].sort((a, b) => a - b), devices: idsOf(items, 'device').sort((a, b) => a - b) }
}

/**
 * The impact of work (a change, an incident) on configuration items, derived from the inventory:
 * the links it touches, the legacy lines behind them, the agencies those serve, and the
 * information systems of those agencies and of the data centres named. Only what the reader's
 * scope holds is listed and counted.
 */
export async function impactOf(items: readonly ConfigurationItem[], reader: User) {
  const topology = await topologyOf(items)
  const behind = [...topology.linesBehind.values()].flat()
  const scoped = <Q extends Parameters<typeof scopeQuery>[0]>(query: Q) => scopeQuery(query, reader, 'agency_id')
  const linkColumns = ['id', 'circuit_id', 'name', 'kind', 'status', 'agency_id', 'device_id', 'consolidated_into_id']
  const [links, lines, devices, named] = await Promise.all([
    topology.links.length ? scoped(db.from('links').whereIn('id', topology.links)).select(linkColumns).orderBy('circuit_id') : [],
    behind.length ? scoped(db.from('links').whereIn('id', behind)).select(linkColumns).orderBy('circuit_id') : [],
    idsOf(items, 'device').length
      ? scoped(db.from('devices').whereIn('id', idsOf(items, 'device'))).select('id', 'hostname', 'agency_id').orderBy('hostname')
      : [],
    hostedSystems(items, reader),
  ])
  const agencyIds = new Set<number>([...links, ...lines, ...named].map((r) => Number(r.agency_id)))
  const [agencies, systems] = await Promise.all([
    agencyIds.size ? scopeQuery(db.from('agencies').whereIn('id', [...agencyIds]), reader, 'id').select('id', 'code', 'name').orderBy('code') : [],
    agencyIds.size
      ? scoped(db.from('information_systems').whereIn('agency_id', [...agencyIds]).whereIn('status', ['active', 'migrating']))
          .select('id', 'code', 'name', 'agency_id', 'data_centre_id', 'status')
          .orderBy('code')
      : [],
  ])
  const systemsById = new Map<number, Record<string, unknown>>([...systems, ...named].map((s) => [Number(s.id), s]))
  const informationSystems = [...systemsById.values()].sort((a, b) => String(a.code).localeCompare(String(b.code)))
  return {
    links,
    lines_behind: lines,
    devices,
    agencies,
    information_systems: informationSystems,
    counts: {
      links: links.length,
      lines_behind: lines.length,
      devices: devices.length,
      agencies: agencies.length,
      information_systems: informationSystems.length,
    },
  }
}

/** Systems named, and the systems housed in the data centres named. */
async function hostedSystems(items: readonly ConfigurationItem[], reader: User) {
  const systemIds = idsOf(items, 'information_system')
  const centreIds = idsOf(items, 'data_centre')
  if (!systemIds.length && !centreIds.length) return []
  const query = db.from('information_systems').where((q) => {
    if (systemIds.length) q.orWhereIn('id', systemIds)
    if (centreIds.length) q.orWhereIn('data_centre_id', centreIds)
  })
  return scopeQuery(query, reader, 'agency_id').select('id', 'code', 'name', 'agency_id', 'data_centre_id', 'status')
}
