import { hashSeed } from '#app/demo/prng'
import type { SnmpCredentials } from '#collectors/snmp/credentials'
import type { InterfaceRole, SimDeviceSpec, SimInterfaceSpec } from '#app/demo/sim/model'

/**
 * Turns the inventory (devices, and links that point at a device and an ifIndex) into the
 * simulated network's device specs. The rows come from the database through
 * app/demo/sim/load_inventory.ts, or from a test.
 */

export interface InventoryDevice {
  hostname: string
  kind: 'router' | 'switch' | 'firewall'
  managementAddress: string
  snmpPort: number
  vendor: string | null
  model: string | null
  region: string | null
  /** Opened credentials, or the reason they could not be opened. */
  credentials: SnmpCredentials | null | Error
  /** The agency that holds it (its flows' local talkers come from that agency's hub). */
  agencyCode?: string
}

/** An agency as the simulation needs it: the hub its lines fold into (its own code when none). */
export interface InventoryAgency {
  code: string
  hubCode: string
}

export interface InventoryLink {
  circuitId: string
  kind: 'uplink' | 'legacy'
  status: 'active' | 'migrating' | 'decommissioned'
  bandwidthKbps: number
  device: string
  ifIndex: number
  /** The far end the collectors probe (links.probe_address), if any. */
  probeAddress?: string | null
}

/** ifIndex of the management port every simulated device also has (no link points at it). */
export const MANAGEMENT_IF_INDEX = 9001

export function buildDeviceSpecs(
  devices: InventoryDevice[],
  links: InventoryLink[],
  options: { port?: number } = {}
): { specs: SimDeviceSpec[]; problems: string[] } {
  const problems: string[] = []
  const linksOf = new Map<string, InventoryLink[]>()
  for (const link of links) {
    if (link.status === 'decommissioned') continue
    linksOf.set(link.device, [...(linksOf.get(link.device) ?? []), link])
  }
  const specs: SimDeviceSpec[] = []
  for (const d of devices) {
    if (d.credentials instanceof Error) {
      problems.push(`${d.hostname}: SNMP credentials cannot be opened (${d.credentials.message}); not simulated`)
      continue
    }
    if (!d.credentials) {
      problems.push(`${d.hostname}: no SNMP credentials; not simulated`)
      continue
    }
    if (!/^127\.\d+\.\d+\.\d+$/.test(d.managementAddress)) {
      // Only loopback addresses can be taken over by a simulator without touching real networks.
      problems.push(`${d.hostname}: management address ${d.managementAddress} is not in 127.0.0.0/8; not simulated`)
      continue
    }
    const interfaces: SimInterfaceSpec[] = []
    const taken = new Set<number>()
    for (const link of (linksOf.get(d.hostname) ?? []).sort((a, b) => a.ifIndex - b.ifIndex)) {
      if (taken.has(link.ifIndex)) {
        problems.push(`${d.hostname} ifIndex ${link.ifIndex}: also bound to ${link.circuitId}; the first link keeps it`)
        continue
      }
      if (!(link.bandwidthKbps > 0)) {
        problems.push(`${link.circuitId}: no bandwidth; not simulated`)
        continue
      }
      taken.add(link.ifIndex)
      interfaces.push({
        ifIndex: link.ifIndex,
        role: link.kind,
        circuitId: link.circuitId,
        bandwidthBps: link.bandwidthKbps * 1000,
        // A line in the middle of its cut-over is now and then shut on purpose (1 in 200).
        adminDown: link.status === 'migrating' && hashSeed(`shut/${link.circuitId}`) % 200 === 0,
      })
    }
    const extra = (ifIndex: number, role: InterfaceRole, bandwidthBps: number) => {
      if (!taken.has(ifIndex)) {
        taken.add(ifIndex)
        interfaces.push({ ifIndex, role, circuitId: null, bandwidthBps })
      }
    }
    // Devices no link points at still have ports: the standby router of a pair its standby uplink,
    // a firewall its two sides. Every device has a management port.
    if (interfaces.length === 0 && d.kind === 'router') extra(1, 'standby', 10e9)
    if (interfaces.length === 0 && d.kind === 'firewall') {
      extra(1, 'outside', 10e9)
      extra(2, 'inside', 10e9)
    }
    extra(MANAGEMENT_IF_INDEX, 'management', 1e9)
    specs.push({
      hostname: d.hostname,
      address: d.managementAddress,
      port: options.port ?? d.snmpPort,
      kind: d.kind,
      vendor: d.vendor,
      model: d.model,
      region: d.region,
      credentials: d.credentials,
      interfaces,
    })
  }
  return { specs, problems }
}
