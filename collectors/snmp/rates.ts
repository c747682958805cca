import type { InterfaceSample, InterfaceSnapshot } from '#collectors/snmp/interfaces'

/**
 * Rates from two polls of one device: bits/s in and out, utilisation, errors and discards per
 * second. Plain arithmetic on snapshots, no I/O.
 *
 * The rule throughout: when the counters cannot be trusted for an interval, that interval has no
 * rate (null) and says why in its flags. A reboot must never show up as a 10 Tbit/s spike that
 * then sits in the 95th percentile for a month.
 */

export type RateFlag =
  /** The interface was not in the previous poll: nothing to subtract from. */
  | 'first_sample'
  /** sysUpTime went backwards or advanced less than real time: the device restarted. */
  | 'device_restarted'
  /** ifCounterDiscontinuityTime changed: the agent says these counters restarted. */
  | 'counter_discontinuity'
  /** Same ifIndex, different ifName/ifDescr (or counter width): another interface now. */
  | 'interface_replaced'
  | 'no_counters'
  /** Neither ifHighSpeed nor ifSpeed gives a speed: no utilisation. */
  | 'no_speed'
  /** Polls were missed; the rate is the average over the real elapsed time. */
  | 'gap'
  | 'no_elapsed_time'
  | 'in_wrapped'
  | 'out_wrapped'
  /** The counter went down by more than a wrap can explain: dropped. */
  | 'in_backwards'
  | 'out_backwards'
  /** Faster than the line (with tolerance) or than any interface: dropped. */
  | 'in_above_line_rate'
  | 'out_above_line_rate'
  /** Slightly above line rate (within tolerance, timing jitter): utilisation capped at 1. */
  | 'in_clamped'
  | 'out_clamped'
  /** A 32-bit octet counter could have wrapped more than once in the interval: dropped. */
  | 'in_ambiguous_wrap'
  | 'out_ambiguous_wrap'
  | 'errors_wrapped'
  | 'errors_dropped'

export interface InterfaceRate {
  ifIndex: number
  inBitsPerSecond: number | null
  outBitsPerSecond: number | null
  /** The speed utilisation is measured against, bits/s. */
  speedBitsPerSecond: number | null
  /** 0..1 */
  inUtilisation: number | null
  outUtilisation: number | null
  inErrorsPerSecond: number | null
  outErrorsPerSecond: number | null
  inDiscardsPerSecond: number | null
  outDiscardsPerSecond: number | null
  flags: RateFlag[]
}

export interface DeviceRates {
  device: string
  from: Date
  to: Date
  elapsedSeconds: number
  restarted: boolean
  /** Polls that should have happened between the two and did not. */
  missedPolls: number
  interfaces: Map<number, InterfaceRate>
}

export interface RateOptions {
  /** The poll interval the device is on (default 60 s): longer gaps are flagged. */
  intervalMs?: number
  /**
   * How far above line rate a rate may be before it is called impossible. Counters and clock are
   * not read at the same instant (snmpd serves counters up to 3 s old by default), so a saturated
   * line can measure a few percent over.
   */
  lineRateTolerance?: number
  /** Ceiling when the speed is unknown: faster than any single interface (default 4 Tbit/s). */
  maxBitsPerSecond?: number
  /** Speed per ifIndex in bits/s that overrides what the agent says (a circuit's contracted rate). */
  speedOverrides?: Map<number, number>
  /** How far sysUpTime may lag real time before we call it a restart (default 5 s or 5%). */
  uptimeToleranceSeconds?: number
}

export const DEFAULT_INTERVAL_MS = 60_000
export const DEFAULT_LINE_RATE_TOLERANCE = 1.1
export const DEFAULT_MAX_BITS_PER_SECOND = 4e12
const UPTIME_WRAP = 2 ** 32
/** Smallest Ethernet frame on the wire (64 bytes + preamble + gap): the most packets a line carries. */
const MIN_WIRE_FRAME_BITS = 84 * 8

export interface CounterDelta {
  /** null when the counter cannot have moved this way (went backwards, not a wrap). */
  delta: bigint | null
  wrapped: boolean
}

/**
 * Difference of two readings of a counter `bits` wide. A smaller second reading is a wrap only when
 * the wrapped difference is under half the counter's range: a 64-bit counter near 2^64 going to
 * a small value wrapped; one going from 5,000,000 to 1,000 was reset, and 2^64 − 4,999,000 bytes
 * did not cross the line.
 */
export function counterDelta(previous: bigint, next: bigint, bits: 32 | 64): CounterDelta {
  const range = 1n << BigInt(bits)
  if (previous < 0n || next < 0n || previous >= range || next >= range) return { delta: null, wrapped: false }
  if (next >= previous) return { delta: next - previous, wrapped: false }
  const wrappedDelta = range - previous + next
  if (wrappedDelta < range >> 1n) return { delta: wrappedDelta, wrapped: true }
  return { delta: null, wrapped: false }
}

/**
 * The speed an interface runs at, bits/s. ifHighSpeed (Mbit/s) is exact for fast interfaces;
 * ifSpeed (bit/s) is exact for slow ones (a 512 kbit/s legacy line has ifHighSpeed 0 or 1) and
 * saturates at 4,294,967,295 above 4.29 Gbit/s. Zero or absent both: unknown.
 */
export function interfaceSpeed(sample: Pick<InterfaceSample, 'speed' | 'highSpeed'>): number | null {
  const high = sample.highSpeed ?? 0
  const low = sample.speed ?? 0
  const lowUsable = low > 0 && low < 4_294_967_295
  if (high >= 4295) return high * 1e6
  if (lowUsable) return low
  if (high > 0) return high * 1e6
  return null
}

/** Did the device restart between the two polls, judging by sysUpTime against real time? */
export function restartedBetween(
  previous: { sysUpTime: number | null },
  next: { sysUpTime: number | null },
  elapsedSeconds: number,
  toleranceSeconds?: number
): boolean {
  if (previous.sysUpTime === null || next.sysUpTime === null) return false
  const tolerance = toleranceSeconds ?? Math.max(5, 0.05 * elapsedSeconds)
  if (next.sysUpTime >= previous.sysUpTime) {
    // Up less than the time that passed: it went down and came back within a long gap.
    return (next.sysUpTime - previous.sysUpTime) / 100 < elapsedSeconds - tolerance
  }
  // Backwards: a reboot, unless TimeTicks wrapped at 2^32 (after 497 days) right on time.
  const wrapped = (next.sysUpTime + UPTIME_WRAP - previous.sysUpTime) / 100
  return Math.abs(wrapped - elapsedSeconds) > tolerance
}

function emptyRate(ifIndex: number, speed: number | null, flags: RateFlag[]): InterfaceRate {
  return {
    ifIndex,
    inBitsPerSecond: null,
    outBitsPerSecond: null,
    speedBitsPerSecond: speed,
    inUtilisation: null,
    outUtilisation: null,
    inErrorsPerSecond: null,
    outErrorsPerSecond: null,
    inDiscardsPerSecond: null,
    outDiscardsPerSecond: null,
    flags,
  }
}

export function computeRates(previous: InterfaceSnapshot, next: InterfaceSnapshot, options: RateOptions = {}): DeviceRates {
  const intervalSeconds = (options.intervalMs ?? DEFAULT_INTERVAL_MS) / 1000
  const tolerance = options.lineRateTolerance ?? DEFAULT_LINE_RATE_TOLERANCE
  const ceiling = options.maxBitsPerSecond ?? DEFAULT_MAX_BITS_PER_SECOND
  const elapsed = (next.polledAt.getTime() - previous.polledAt.getTime()) / 1000
  const restarted = elapsed > 0 && restartedBetween(previous, next, elapsed, options.uptimeToleranceSeconds)
  const gap = elapsed > intervalSeconds * 1.5
  const missedPolls = gap ? Math.max(0, Math.round(elapsed / intervalSeconds) - 1) : 0
  const result: DeviceRates = {
    device: next.device,
    from: previous.polledAt,
    to: next.polledAt,
    elapsedSeconds: elapsed,
    restarted,
    missedPolls,
    interfaces: new Map(),
  }

  for (const [ifIndex, now] of next.interfaces) {
    const speed = options.speedOverrides?.get(ifIndex) ?? interfaceSpeed(now)
    const before = previous.interfaces.get(ifIndex)
    const voided: RateFlag[] = []
    if (!before) voided.push('first_sample')
    else if (elapsed <= 0) voided.push('no_elapsed_time')
    else if (restarted) voided.push('device_restarted')
    else if (
      before.counterDiscontinuityTime !== null &&
      now.counterDiscontinuityTime !== null &&
      before.counterDiscontinuityTime !== now.counterDiscontinuityTime
    ) {
      voided.push('counter_discontinuity')
    } else if (
      (before.name !== null && now.name !== null && before.name !== now.name) ||
      (before.descr !== null && now.descr !== null && before.descr !== now.descr) ||
      before.octetBits !== now.octetBits
    ) {
      voided.push('interface_replaced')
    }
    if (voided.length) {
      result.interfaces.set(ifIndex, emptyRate(ifIndex, speed, voided))
      continue
    }
    const prev = before!
    const rate = emptyRate(ifIndex, speed, [])
    const flags = new Set<RateFlag>()
    if (gap) flags.add('gap')
    if (speed === null) flags.add('no_speed')

    for (const direction of ['in', 'out'] as const) {
      const a = direction === 'in' ? prev.inOctets : prev.outOctets
      const b = direction === 'in' ? now.inOctets : now.outOctets
      if (a === null || b === null) {
        flags.add('no_counters')
        continue
      }
      const bits = now.octetBits
      const { delta, wrapped } = counterDelta(a, b, bits)
      if (delta === null) {
        flags.add(`${direction}_backwards`)
        continue
      }
      // A 32-bit octet counter wraps every 34 s at 1 Gbit/s: if the line could have carried 2^32
      // bytes in this interval, one wrap cannot be told from three.
      if (bits === 32 && speed !== null && (speed * tolerance * elapsed) / 8 >= 2 ** 32) {
        flags.add(`${direction}_ambiguous_wrap`)
        continue
      }
      const bps = (Number(delta) * 8) / elapsed
      if (bps > (speed === null ? ceiling : speed * tolerance)) {
        flags.add(`${direction}_above_line_rate`)
        continue
      }
      if (wrapped) flags.add(`${direction}_wrapped`)
      let utilisation: number | null = null
      if (speed !== null) {
        utilisation = bps / speed
        if (utilisation > 1) {
          utilisation = 1
          flags.add(`${direction}_clamped`)
        }
      }
      if (direction === 'in') {
        rate.inBitsPerSecond = bps
        rate.inUtilisation = utilisation
      } else {
        rate.outBitsPerSecond = bps
        rate.outUtilisation = utilisation
      }
    }

    // Errors and discards are Counter32 (RFC 2863 has no 64-bit versions). No more of them than
    // frames the line can carry.
    const maxPerSecond = speed === null ? Infinity : (speed * tolerance) / MIN_WIRE_FRAME_BITS
    const perSecond = (x: number | null, y: number | null): number | null => {
      if (x === null || y === null) return null
      const { delta, wrapped } = counterDelta(BigInt(x), BigInt(y), 32)
      if (delta === null) {
        flags.add('errors_dropped')
        return null
      }
      const value = Number(delta) / elapsed
      if (value > maxPerSecond) {
        flags.add('errors_dropped')
        return null
      }
      if (wrapped) flags.add('errors_wrapped')
      return value
    }
    rate.inErrorsPerSecond = perSecond(prev.inErrors, now.inErrors)
    rate.outErrorsPerSecond = perSecond(prev.outErrors, now.outErrors)
    rate.inDiscardsPerSecond = perSecond(prev.inDiscards, now.inDiscards)
    rate.outDiscardsPerSecond = perSecond(prev.outDiscards, now.outDiscards)
    rate.flags = [...flags]
    result.interfaces.set(ifIndex, rate)
  }
  return result
}
