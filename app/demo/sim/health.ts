import { hashSeed } from '#app/demo/prng'

/**
 * A simulated device's health as functions of the clock, like its traffic: the agent answers
 * HOST-RESOURCES-MIB, UCD-SNMP-MIB and ENTITY-SENSOR-MIB from these at the moment it is asked,
 * and the demo's history (app/device_health/history.ts) is drawn from the same curves, so the
 * month already on the charts and the minute the agent answers now join up.
 *
 * CPU busy (percent) is a base level, an office-day swell peaking at 14:00 Taipei and, on about one
 * router in five, a leak: the load climbs through the week by 70 points and drops back when the
 * process is restarted, once a week at 15:00 Taipei on the device's own weekday, just after the
 * day's peak. Such a router crosses the 90% threshold in the last day of its cycle (around 96% at
 * its final peak), which opens its health incident; the restart settles it. The ssCpuRaw
 * counters are the exact integral of that curve since boot (a closed form, so any instant costs
 * the same), so CPU from counter deltas and hrProcessorLoad tell the same story.
 */
const DAY = 86_400
const WEEK = 7 * DAY
const TWO_32 = 2 ** 32

export type SimDeviceKind = 'router' | 'switch' | 'firewall'

const CORES: Record<SimDeviceKind, number> = { router: 4, switch: 2, firewall: 8 }
const MEMORY_KB: Record<SimDeviceKind, number> = { router: 4 * 1024 * 1024, switch: 2 * 1024 * 1024, firewall: 8 * 1024 * 1024 }
/** The flash file system: 2 GiB in 4 kB units. */
export const FLASH_UNITS = (2 * 1024 * 1024 * 1024) / 4096
export const FLASH_UNIT_BYTES = 4096

export interface SimHealthReading {
  cpuPct: number
  /** Per core, hrProcessorLoad: the mean of the last minute, whole percent. */
  processorLoads: number[]
  ticks: { user: number; nice: number; system: number; idle: number; wait: number }
  load1: number
  memTotalKb: number
  memAvailKb: number
  flashUsedUnits: number
  /** Celsius: chassis inlet and CPU. */
  temperatures: [number, number]
}

export class SimHealth {
  readonly cores: number
  readonly memoryKb: number
  readonly base: number
  readonly swell: number
  /** Points the leak adds over a week; 0 on devices without one. */
  readonly leak: number
  /** When in the week the leak restarts (seconds after the Unix epoch, modulo a week): 07:00 UTC on some day. */
  readonly leakPhase: number
  readonly memoryBase: number
  readonly flashBase: number

  constructor(hostname: string, kind: SimDeviceKind) {
    const h = hashSeed(`health/${hostname}`)
    this.cores = CORES[kind]
    this.memoryKb = MEMORY_KB[kind]
    this.leak = kind === 'router' && h % 5 === 0 ? 70 : 0
    this.base = this.leak ? 18 + ((h >>> 3) % 5) : 8 + (h % 27)
    this.swell = this.leak ? 8 : 5 + ((h >>> 5) % 16)
    this.leakPhase = ((h >>> 9) % 7) * DAY + 7 * 3600
    this.memoryBase = 38 + ((h >>> 13) % 25)
    this.flashBase = 0.3 + ((h >>> 17) % 35) / 100
  }

  /** CPU busy percent at t (Unix seconds). */
  cpuAt(t: number) {
    const swell = this.swell * Math.sin((2 * Math.PI * t) / DAY)
    const u = (t - this.leakPhase) / WEEK
    return Math.max(0, Math.min(100, this.base + swell + this.leak * (u - Math.floor(u))))
  }

  /** ∫ cpuAt from the epoch to t, in percent-seconds (the clamp never bites: the curve stays in 0..100). */
  cpuIntegral(t: number) {
    const swell = -this.swell * (DAY / (2 * Math.PI)) * Math.cos((2 * Math.PI * t) / DAY)
    const u = (t - this.leakPhase) / WEEK
    const whole = Math.floor(u)
    const part = u - whole
    return this.base * t + swell + this.leak * WEEK * (whole / 2 + (part * part) / 2)
  }

  /** Mean CPU over [from, to]. */
  meanCpu(from: number, to: number) {
    return to > from ? (this.cpuIntegral(to) - this.cpuIntegral(from)) / (to - from) : this.cpuAt(to)
  }

  memoryPctAt(t: number) {
    return this.memoryBase + 6 * Math.sin((2 * Math.PI * (t - 3 * 3600)) / DAY)
  }

  /** Flash fills with logs through the week and is rotated at the same hour as the leak's restart. */
  flashShareAt(t: number) {
    const u = (t - this.leakPhase) / WEEK
    return Math.min(0.99, this.flashBase + 0.04 * (u - Math.floor(u)))
  }

  temperaturesAt(t: number): [number, number] {
    const cpu = this.cpuAt(t)
    const inlet = 24 + 2 * Math.sin((2 * Math.PI * t) / DAY) + 0.05 * cpu
    return [round1(inlet), round1(36 + 0.3 * cpu)]
  }

  /** What the agent answers at t, for a device that booted at boot (both Unix seconds). */
  readingAt(t: number, boot: number): SimHealthReading {
    const span = Math.max(0, t - boot)
    const busy = this.cores * Math.max(0, this.cpuIntegral(t) - this.cpuIntegral(boot))
    const total = this.cores * 100 * span
    const user = Math.round(busy * 0.7)
    const system = Math.round(busy) - user
    const minuteMean = this.meanCpu(t - 60, t)
    const memTotalKb = this.memoryKb
    return {
      cpuPct: this.cpuAt(t),
      processorLoads: Array.from({ length: this.cores }, (_, core) => clampPct(Math.round(minuteMean + (core % 2 ? -2 : 2)))),
      ticks: {
        user: user % TWO_32,
        nice: 0,
        system: system % TWO_32,
        idle: Math.max(0, Math.round(total - busy)) % TWO_32,
        wait: 0,
      },
      load1: Math.round(((this.cores * minuteMean) / 100) * 100) / 100,
      memTotalKb,
      memAvailKb: Math.round(memTotalKb * (1 - this.memoryPctAt(t) / 100)),
      flashUsedUnits: Math.round(FLASH_UNITS * this.flashShareAt(t)),
      temperatures: this.temperaturesAt(t),
    }
  }
}

function round1(v: number) {
  return Math.round(v * 10) / 10
}

function clampPct(v: number) {
  return Math.max(0, Math.min(100, v))
}
