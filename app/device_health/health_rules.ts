import type { HealthFigures } from '#app/device_health/figures'

/**
 * When a device's health is a fault: its figures against the thresholds of its kind (table
 * device_health_policies, edited by an administrator), held for a number of polls in a row so
 * that one busy minute (a routing table reload, a backup) opens nothing. Plain data and
 * functions: the monitoring side feeds them, the unit tests drive them.
 */

export type DeviceKind = 'router' | 'switch' | 'firewall'

export interface HealthPolicy {
  cpuPct: number
  memoryPct: number
  storagePct: number
  temperatureC: number
  /** Polls in a row with a threshold crossed before the incident opens. */
  sustainPolls: number
}

/** The seeded rows of migration 0039, for a kind that has none. */
export const DEFAULT_HEALTH_POLICIES: Record<DeviceKind, HealthPolicy> = {
  router: { cpuPct: 90, memoryPct: 90, storagePct: 90, temperatureC: 70, sustainPolls: 5 },
  switch: { cpuPct: 95, memoryPct: 90, storagePct: 90, temperatureC: 70, sustainPolls: 5 },
  firewall: { cpuPct: 90, memoryPct: 90, storagePct: 90, temperatureC: 70, sustainPolls: 5 },
}

export type HealthReasonKey = 'device_health.cpu' | 'device_health.memory' | 'device_health.storage' | 'device_health.temperature'

/** A reason as a message key and parameters, worded when shown (device_health_messages.ts). */
export interface HealthReason {
  key: HealthReasonKey
  params: { value: number; threshold: number }
}

const round1 = (v: number) => Math.round(v * 10) / 10

/** Every threshold this poll crosses (at or above), in a fixed order: CPU, memory, storage, temperature. */
export function crossedThresholds(figures: HealthFigures, policy: HealthPolicy): HealthReason[] {
  const reasons: HealthReason[] = []
  const check = (key: HealthReasonKey, value: number | null, threshold: number) => {
    if (value !== null && value >= threshold) reasons.push({ key, params: { value: round1(value), threshold } })
  }
  check('device_health.cpu', figures.cpuPct, policy.cpuPct)
  check('device_health.memory', figures.memoryPct, policy.memoryPct)
  check('device_health.storage', figures.storagePct, policy.storagePct)
  check('device_health.temperature', figures.temperatureC, policy.temperatureC)
  return reasons
}

export interface HealthMemory {
  breachPolls: number
  openIncident: boolean
}

export type HealthStep =
  | { action: 'none'; breachPolls: number }
  | { action: 'open'; breachPolls: number }
  | { action: 'settle'; breachPolls: 0 }

/**
 * One poll's judgement. Crossed: the count of polls in a row goes up, and reaching sustainPolls
 * opens the incident (once). Clear: the count goes back to 0 and an open incident settles. A
 * poll whose figures are all unknown (the health read failed) changes nothing: no evidence
 * either way.
 */
export function stepHealth(memory: HealthMemory, reasons: HealthReason[], policy: HealthPolicy, known: boolean): HealthStep {
  if (!known) return { action: 'none', breachPolls: memory.breachPolls }
  if (!reasons.length) return memory.openIncident ? { action: 'settle', breachPolls: 0 } : { action: 'none', breachPolls: 0 }
  const breachPolls = memory.breachPolls + 1
  if (!memory.openIncident && breachPolls >= policy.sustainPolls) return { action: 'open', breachPolls }
  return { action: 'none', breachPolls }
}

/** Whether a poll said anything about health at all (some figure is known). */
export function anyKnown(f: HealthFigures) {
  return f.cpuPct !== null || f.memoryPct !== null || f.storagePct !== null || f.temperatureC !== null
}
