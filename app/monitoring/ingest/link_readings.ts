import { ADMIN_STATUS, OPER_STATUS, type InterfaceSnapshot } from '#collectors/snmp/interfaces'
import type { DeviceRates, InterfaceRate } from '#collectors/snmp/rates'
import type { Observation } from '#app/monitoring/link_health/link_state'
import type { LinkSample } from '#app/samples/sample'

/** A link as the pipeline maps it: which interface of which device, and its contracted rate. */
export interface BoundLink {
  id: number
  deviceId: number
  ifIndex: number
  bandwidthKbps: number | null
}

const NOT_PRESENT = 6
const UNKNOWN = 4

/**
 * The share of the line in use. An agency's 10 Mbit/s circuit is often delivered on a 1 Gbit/s
 * port, and is full at 10 Mbit/s: utilisation is measured against the smaller of the port's
 * speed and the link's contracted bandwidth. The rate itself comes from rates.ts, which checks it
 * against the port's physical speed (a burst above the contract is real traffic, not an error).
 */
export function utilisation(bps: number | null, rate: InterfaceRate | undefined, bandwidthKbps: number | null): number | null {
  if (bps === null) return null
  const port = rate?.speedBitsPerSecond ?? null
  const contract = bandwidthKbps && bandwidthKbps > 0 ? bandwidthKbps * 1000 : null
  const capacity = port !== null && contract !== null ? Math.min(port, contract) : (port ?? contract)
  if (capacity === null || capacity <= 0) return null
  return Math.min(1, bps / capacity)
}

function sum(a: number | null, b: number | null) {
  return a === null && b === null ? null : (a ?? 0) + (b ?? 0)
}

/**
 * One poll of one device → a sample and an observation per link bound to it. An interface the
 * device no longer has (its ifIndex did not answer) reads as notPresent, which the link rules
 * treat as down: a link whose port was removed or renumbered must not look healthy.
 */
export function linkReadings(snapshot: InterfaceSnapshot, rates: DeviceRates | null, links: BoundLink[]) {
  const samples: LinkSample[] = []
  const observations: Observation[] = []
  const at = snapshot.polledAt
  for (const link of links) {
    const iface = snapshot.interfaces.get(link.ifIndex)
    if (!iface) {
      samples.push({
        link_id: link.id,
        at,
        in_bps: null,
        out_bps: null,
        in_util: null,
        out_util: null,
        in_errors_ps: null,
        out_errors_ps: null,
        in_discards_ps: null,
        out_discards_ps: null,
        oper_status: NOT_PRESENT,
      })
      observations.push({ linkId: link.id, at, reachable: true, operStatus: 'notPresent', adminStatus: null, inUtil: null, outUtil: null, errorRate: null })
      continue
    }
    const rate = rates?.interfaces.get(link.ifIndex)
    const inBps = rate?.inBitsPerSecond ?? null
    const outBps = rate?.outBitsPerSecond ?? null
    const inUtil = utilisation(inBps, rate, link.bandwidthKbps)
    const outUtil = utilisation(outBps, rate, link.bandwidthKbps)
    const oper = iface.operStatus !== null && OPER_STATUS[iface.operStatus] ? iface.operStatus : UNKNOWN
    samples.push({
      link_id: link.id,
      at,
      in_bps: inBps,
      out_bps: outBps,
      in_util: inUtil,
      out_util: outUtil,
      in_errors_ps: rate?.inErrorsPerSecond ?? null,
      out_errors_ps: rate?.outErrorsPerSecond ?? null,
      in_discards_ps: rate?.inDiscardsPerSecond ?? null,
      out_discards_ps: rate?.outDiscardsPerSecond ?? null,
      oper_status: oper,
    })
    observations.push({
      linkId: link.id,
      at,
      reachable: true,
      operStatus: OPER_STATUS[oper],
      adminStatus: iface.adminStatus !== null ? (ADMIN_STATUS[iface.adminStatus] ?? null) : null,
      inUtil,
      outUtil,
      errorRate: sum(rate?.inErrorsPerSecond ?? null, rate?.outErrorsPerSecond ?? null),
    })
  }
  return { samples, observations }
}
