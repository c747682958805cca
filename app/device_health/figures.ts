import type { CpuTicks, HealthReading, StorageReading } from '#collectors/snmp/device_health'

/**
 * From raw health readings to the figures stored and judged: plain functions, no I/O (the unit
 * tests drive them with the numbers of real agents).
 */

const TWO_32 = 2 ** 32

/** How far a Counter32 moved, across at most one wrap at 2^32 (a reboot is caught by the caller). */
export function counterDelta(before: number, after: number): number {
  return after >= before ? after - before : after + TWO_32 - before
}

/**
 * CPU busy share (percent) between two polls from the ssCpuRaw counters: busy = user + nice +
 * system + steal, total = busy + idle + wait. On Linux Net-SNMP's ssCpuRawSystem already holds
 * the kernel, interrupt and softirq ticks (ssCpuRawKernel and the others are parts of it), so
 * adding them again would count them twice; I/O wait is time the CPU was free to run something
 * else, so it counts as idle. Null when a counter is missing, the device rebooted in between
 * (sysUpTime or hrSystemUptime went back), or no tick passed (snmpd refreshes these counters
 * every 5 s, so two polls closer than that may read the same values).
 */
export function cpuFromTicks(before: CpuTicks, after: CpuTicks, rebooted = false): number | null {
  if (rebooted) return null
  const fields = ['user', 'nice', 'system', 'idle'] as const
  for (const f of fields) if (before[f] === null || after[f] === null) return null
  // Net-SNMP answers zeros until its CPU cache first loads (seconds after it starts): a delta from
  // those would be the average since boot, not the interval's.
  if (before.user! + before.nice! + before.system! + before.idle! === 0) return null
  const d = (f: keyof CpuTicks) => (before[f] === null || after[f] === null ? 0 : counterDelta(before[f]!, after[f]!))
  const busy = d('user') + d('nice') + d('system') + d('steal')
  const total = busy + d('idle') + d('wait')
  // A wrap of every counter at once is not a wrap: more than a day of ticks in a minute's poll
  // means the counters restarted.
  if (total <= 0 || total > TWO_32 / 2) return null
  return round((busy / total) * 100, 2)
}

/** hrProcessorLoad averaged over the processors (percent, each over its last minute). */
export function cpuFromProcessorLoads(loads: number[]): number | null {
  const valid = loads.filter((l) => Number.isFinite(l) && l >= 0 && l <= 100)
  if (!valid.length) return null
  return round(valid.reduce((a, b) => a + b, 0) / valid.length, 2)
}

/** Used share (percent) of one hrStorage row. */
export function storagePercent(s: Pick<StorageReading, 'size' | 'used'>): number | null {
  if (s.size <= 0 || s.used < 0) return null
  return round(Math.min(100, (s.used / s.size) * 100), 2)
}

/**
 * The fullest fixed disk or flash (what fills up and stops a device); RAM and virtual memory
 * rows are memory, not storage, and removable or network ones are not the device's own.
 */
export function fullestStorage(storages: StorageReading[]) {
  let best: { pct: number; usedBytes: number; sizeBytes: number; descr: string | null } | null = null
  for (const s of storages) {
    if (s.kind !== 'fixed' && s.kind !== 'flash') continue
    const pct = storagePercent(s)
    if (pct === null) continue
    if (!best || pct > best.pct) best = { pct, usedBytes: s.used * s.unitBytes, sizeBytes: s.size * s.unitBytes, descr: s.descr }
  }
  return best
}

/**
 * Memory in use (percent): UCD's 1 - memAvailReal / memTotalReal where the agent has UCD-SNMP-MIB;
 * otherwise the hrStorage RAM row. Net-SNMP 5.9 reports MemAvailable as memAvailReal, so page
 * cache the kernel can drop counts as available, as `free` shows it.
 */
export function memoryPercent(reading: Pick<HealthReading, 'memory' | 'storages'>): { pct: number; totalBytes: number } | null {
  const m = reading.memory
  if (m && m.totalKb > 0 && m.availKb >= 0) {
    return { pct: round(Math.max(0, Math.min(100, (1 - m.availKb / m.totalKb) * 100)), 2), totalBytes: m.totalKb * 1024 }
  }
  const ram = reading.storages.find((s) => s.kind === 'ram')
  if (!ram) return null
  const pct = storagePercent(ram)
  return pct === null ? null : { pct, totalBytes: ram.size * ram.unitBytes }
}

/** The hottest working temperature sensor, in °C. */
export function hottest(reading: Pick<HealthReading, 'temperatures'>): number | null {
  const ok = reading.temperatures.filter((t) => t.ok && Number.isFinite(t.celsius))
  return ok.length ? round(Math.max(...ok.map((t) => t.celsius)), 1) : null
}

export interface HealthFigures {
  cpuPct: number | null
  /** Where the CPU figure came from: ssCpuRaw deltas over the interval, or hrProcessorLoad. */
  cpuSource: 'ticks' | 'processor_load' | null
  load1: number | null
  memoryPct: number | null
  memoryTotalBytes: number | null
  storagePct: number | null
  storageUsedBytes: number | null
  storageSizeBytes: number | null
  temperatureC: number | null
  uptimeS: number | null
}

/**
 * One poll's figures. CPU prefers the ssCpuRaw deltas since the previous poll (exactly the
 * interval between the two polls) and falls back to hrProcessorLoad (the agent's own one-minute
 * average) for the first poll, after a reboot, or on agents without UCD-SNMP-MIB.
 */
export function healthFigures(current: HealthReading, previous: HealthReading | null): HealthFigures {
  const rebooted =
    previous !== null && current.uptimeCs !== null && previous.uptimeCs !== null && current.uptimeCs < previous.uptimeCs
  const fromTicks = previous?.cpuTicks && current.cpuTicks ? cpuFromTicks(previous.cpuTicks, current.cpuTicks, rebooted) : null
  const fromLoads = cpuFromProcessorLoads(current.processorLoads)
  const memory = memoryPercent(current)
  const storage = fullestStorage(current.storages)
  return {
    cpuPct: fromTicks ?? fromLoads,
    cpuSource: fromTicks !== null ? 'ticks' : fromLoads !== null ? 'processor_load' : null,
    load1: current.load1,
    memoryPct: memory?.pct ?? null,
    memoryTotalBytes: memory?.totalBytes ?? null,
    storagePct: storage?.pct ?? null,
    storageUsedBytes: storage?.usedBytes ?? null,
    storageSizeBytes: storage?.sizeBytes ?? null,
    temperatureC: hottest(current),
    uptimeS: current.uptimeCs === null ? null : current.uptimeCs / 100,
  }
}

function round(value: number, places: number) {
  return Math.round(value * 10 ** places) / 10 ** places
}
