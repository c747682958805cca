import { hashSeed } from '#app/demo/prng'
import type { DemoLink } from '#app/demo/data_set'

/**
 * What the demo's carriers promised: every ministry uplink and one agency line in about three
 * hundred (those the simulated network polls), leased from Taiwan's three carriers. The levels
 * are the ones government leased-line contracts commonly state; the simulated network's calendar
 * of faults and its busy uplinks make some lines miss them, so the carrier report has both.
 */
export const DEMO_CARRIERS = [
  { name: '中華電信', prefix: 'CHT', weight: 60 },
  { name: '台灣大哥大', prefix: 'TWM', weight: 25 },
  { name: '遠傳電信', prefix: 'FET', weight: 15 },
] as const

export interface DemoContract {
  circuit_id: string
  carrier: string
  contract_ref: string
  availability_pct: number
  latency_ms: number
  latency_percentile: 50 | 95 | 99
  loss_pct: number
  starts_on: string
}

function carrierOf(circuitId: string) {
  let pick = hashSeed(`carrier/${circuitId}`) % 100
  for (const c of DEMO_CARRIERS) {
    if (pick < c.weight) return c
    pick -= c.weight
  }
  return DEMO_CARRIERS[0]
}

export function demoContracts(links: readonly DemoLink[]): DemoContract[] {
  const polled = (l: DemoLink) => l.device_hostname !== null && l.if_index !== null && l.status !== 'decommissioned'
  return links
    .filter((l) => polled(l) && (l.kind === 'uplink' || hashSeed(`contract/${l.circuit_id}`) % 300 === 0))
    .map((l) => {
      const carrier = carrierOf(l.circuit_id)
      const uplink = l.kind === 'uplink'
      return {
        circuit_id: l.circuit_id,
        carrier: carrier.name,
        contract_ref: `${carrier.prefix}-${l.circuit_id}`,
        availability_pct: uplink ? 99.85 : 99.9,
        latency_ms: uplink ? 10 : 40,
        latency_percentile: 95 as const,
        loss_pct: uplink ? 0.1 : 0.5,
        starts_on: '2024-01-01',
      }
    })
}
