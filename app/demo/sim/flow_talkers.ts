import { BACKUP_DATA_CENTRE_PREFIXES, DEMO_INTERNET_PREFIXES, demoAgencyPrefixes, type DemoPrefix } from '#app/demo/address_plan'
import type { Talkers } from '#app/demo/sim/flow_plan'
import type { InventoryAgency, InventoryDevice } from '#app/demo/sim/inventory'

/**
 * Who talks over each exporting device's uplinks: on the near side the agencies of the hub the
 * device serves (a ministry and the agencies whose lines fold into its uplinks), on the far side
 * every other agency and the outside world. Prefixes come from the demo's address plan unless
 * the caller has the inventory's own.
 */
export function talkersFor(
  devices: readonly Pick<InventoryDevice, 'hostname' | 'agencyCode'>[],
  agencies: readonly InventoryAgency[],
  prefixesOf: (agencyCode: string) => readonly Pick<DemoPrefix, 'prefix'>[] = demoAgencyPrefixes
): Map<string, Talkers> {
  const hubOf = new Map(agencies.map((a) => [a.code, a.hubCode]))
  const prefixes = new Map(agencies.map((a) => [a.code, prefixesOf(a.code).map((p) => p.prefix)]))
  const backup: string[] = BACKUP_DATA_CENTRE_PREFIXES.map((b) => b.prefix)
  const talkers = new Map<string, Talkers>()
  for (const device of devices) {
    if (!device.agencyCode) continue
    const hub = hubOf.get(device.agencyCode) ?? device.agencyCode
    const near = agencies.filter((a) => a.hubCode === hub || a.code === device.agencyCode).map((a) => a.code)
    const local = near.flatMap((code) => (prefixes.get(code) ?? prefixesOf(code).map((p) => p.prefix)).filter((p) => !backup.includes(p)))
    if (local.length === 0) continue
    const nearSet = new Set(near)
    const remote = agencies.filter((a) => !nearSet.has(a.code)).flatMap((a) => (prefixes.get(a.code) ?? []).filter((p) => !backup.includes(p)))
    talkers.set(device.hostname, { local, remote, internet: DEMO_INTERNET_PREFIXES, backup })
  }
  return talkers
}
