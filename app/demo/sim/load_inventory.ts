import db from '@adonisjs/lucid/services/db'
import Device from '#app/devices/device'
import type { SnmpCredentials } from '#app/devices/snmp_credentials'
import type { InventoryAgency, InventoryDevice, InventoryLink } from '#app/demo/sim/inventory'

/** Reads the devices and their bound links from the database (needs the app booted: APP_KEY). */
export async function loadInventory(
  options: { hostnames?: string[] } = {}
): Promise<{ devices: InventoryDevice[]; links: InventoryLink[]; agencies: InventoryAgency[] }> {
  const query = Device.query().orderBy('hostname')
  if (options.hostnames?.length) query.whereIn('hostname', options.hostnames)
  const rows = await query
  const agencyRows: Array<{ id: number; code: string; hub_code: string | null }> = await db
    .from('agencies as a')
    .leftJoin('agencies as h', 'h.id', 'a.hub_agency_id')
    .select('a.id', 'a.code', 'h.code as hub_code')
    .orderBy('a.id')
  const codeOf = new Map(agencyRows.map((a) => [a.id, a.code]))
  const agencies: InventoryAgency[] = agencyRows.map((a) => ({ code: a.code, hubCode: a.hub_code ?? a.code }))
  const devices: InventoryDevice[] = rows.map((row) => {
    let credentials: SnmpCredentials | null | Error
    try {
      credentials = row.credentials()
    } catch (error) {
      credentials = error instanceof Error ? error : new Error(String(error))
    }
    return {
      hostname: row.hostname,
      kind: row.kind,
      managementAddress: row.managementAddress,
      snmpPort: row.snmpPort,
      vendor: row.vendor,
      model: row.model,
      region: row.region,
      credentials,
      agencyCode: codeOf.get(row.agencyId),
    }
  })
  const ids = rows.map((r) => r.id)
  const hostnameOf = new Map(rows.map((r) => [r.id, r.hostname]))
  const linkRows: Array<{ circuit_id: string; kind: 'uplink' | 'legacy'; status: InventoryLink['status']; bandwidth_kbps: string | number; device_id: number; if_index: number; probe_address: string | null }> =
    ids.length === 0
      ? []
      : await db
          .from('links')
          .whereIn('device_id', ids)
          .whereNotNull('if_index')
          .select('circuit_id', 'kind', 'status', 'bandwidth_kbps', 'device_id', 'if_index', db.raw('host(probe_address) AS probe_address'))
  const links = linkRows.map((l) => ({
    circuitId: l.circuit_id,
    kind: l.kind,
    status: l.status,
    bandwidthKbps: Number(l.bandwidth_kbps),
    device: hostnameOf.get(l.device_id)!,
    ifIndex: l.if_index,
    probeAddress: l.probe_address,
  }))
  return { devices, links, agencies }
}
