import { DEMO_AS_OF, DEMO_SEED } from '#app/demo/data_set'
import { generateDemoData } from '#app/demo/generator'
import type { InventoryAgency, InventoryDevice, InventoryLink } from '#app/demo/sim/inventory'

/** The demo data set's devices, bound links and agencies as the simulator reads them from the database, without one. */
export function demoInventory(now: Date): { devices: InventoryDevice[]; links: InventoryLink[]; agencies: InventoryAgency[] } {
  const data = generateDemoData({ seed: DEMO_SEED, asOf: DEMO_AS_OF, now })
  const devices = data.devices.map((d) => ({
    hostname: d.hostname,
    kind: d.kind,
    managementAddress: d.management_address,
    snmpPort: d.snmp_port,
    vendor: d.vendor,
    model: d.model,
    region: d.region,
    credentials: d.credentials,
    agencyCode: d.agency_code,
  }))
  const links: InventoryLink[] = data.links
    .filter((l) => l.device_hostname && l.if_index)
    .map((l) => ({ circuitId: l.circuit_id, kind: l.kind, status: l.status, bandwidthKbps: l.bandwidth_kbps, device: l.device_hostname!, ifIndex: l.if_index! }))
  const agencies = data.agencies.map((a) => ({ code: a.code, hubCode: a.hub_code }))
  return { devices, links, agencies }
}
