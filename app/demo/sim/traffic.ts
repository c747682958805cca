import { createRandom, type Random } from '#app/demo/prng'

/**
 * Traffic of the simulated GSN as pure functions of the wall clock.
 *
 * Every counter the simulated agents serve is computed from the time of the request, never
 * accumulated in memory: restarting `demo:network` does not look like a hundred device reboots,
 * two processes agree on every value, and tests can ask for any instant. To make that cheap the
 * week is the unit of repetition: a link's traffic follows a weekly template (office hours in
 * Taipei, a lunch break, quiet weekends), and the scheduled failures repeat every week too, so
 * the traffic since any boot is "whole weeks × what one week carries + the part of this week",
 * each an array lookup.
 *
 * Units: a template gives, per minute of the week, a level from 0 to FULL_SCALE; one "unit" is
 * one second at level 1. Whole weeks and prefix sums are integers well below 2^53, so the
 * arithmetic on units is exact and a counter can never step backwards by a rounding.
 */

export const WEEK_SECONDS = 604_800
export const MINUTES_PER_WEEK = 10_080
/** Units per second at 100% of a template's level. */
export const FULL_SCALE = 10_000
/** Taiwan keeps UTC+8 all year (no daylight saving). */
export const TAIPEI_OFFSET_SECONDS = 8 * 3600
/** 1970-01-01 was a Thursday: three days after the Monday that starts our weeks. */
const MONDAY_ALIGN_SECONDS = 3 * 86_400
const TWO_64 = 1n << 64n
const TWO_32 = 2 ** 32

export interface WeekPosition {
  /** Whole Taipei weeks (Monday 00:00) since the one holding the Unix epoch. */
  week: number
  /** Seconds since this week's Monday 00:00, Taipei time. */
  second: number
}

/** Where a Unix time (whole seconds) falls in the Taipei week. */
export function weekPosition(unixSeconds: number): WeekPosition {
  const local = unixSeconds + TAIPEI_OFFSET_SECONDS + MONDAY_ALIGN_SECONDS
  const week = Math.floor(local / WEEK_SECONDS)
  return { week, second: local - week * WEEK_SECONDS }
}

/** The Unix time (seconds) of a week's Monday 00:00 in Taipei. */
export function weekStart(week: number): number {
  return week * WEEK_SECONDS - TAIPEI_OFFSET_SECONDS - MONDAY_ALIGN_SECONDS
}

export type TemplateKind = 'office' | 'aggregate' | 'replication'

export interface TrafficTemplate {
  kind: TemplateKind
  /** Level per minute of the week, 0..FULL_SCALE. */
  shape: Uint16Array
  /** prefix[m]: units from Monday 00:00 to the start of minute m (integers). */
  prefix: Float64Array
  /** Units in one whole week. */
  weekUnits: number
}

type Anchor = readonly [hour: number, level: number]

// Government offices in Taiwan open at 08:30, break for lunch and a nap from 12:00 to 13:30,
// and close at 17:30: the morning peak, the dip and the afternoon peak follow that.
const OFFICE_WEEKDAY: readonly Anchor[] = [
  [0, 0.06], [5, 0.04], [6.5, 0.07], [7.5, 0.22], [8.5, 0.72], [9.5, 0.94], [10.5, 1], [11.5, 0.93],
  [12.1, 0.55], [12.8, 0.42], [13.5, 0.8], [14.5, 0.97], [15.5, 0.95], [16.5, 0.8], [17.5, 0.48],
  [18.5, 0.24], [20, 0.14], [22, 0.09], [24, 0.06],
]
const OFFICE_WEEKEND: readonly Anchor[] = [
  [0, 0.05], [6, 0.04], [9, 0.08], [11, 0.13], [15, 0.12], [18, 0.09], [21, 0.07], [24, 0.05],
]

function interpolate(anchors: readonly Anchor[], hour: number): number {
  for (let i = 1; i < anchors.length; i++) {
    const [h1, l1] = anchors[i]
    if (hour <= h1) {
      const [h0, l0] = anchors[i - 1]
      return l0 + ((l1 - l0) * (hour - h0)) / (h1 - h0)
    }
  }
  return anchors[anchors.length - 1][1]
}

/**
 * The smooth level (0..1) of a template kind at a minute of the week, before noise.
 * - office: an agency's own line, following its staff's day.
 * - aggregate: a ministry uplink carrying many offices plus always-on services: the same day
 *   on a higher floor.
 * - replication: an uplink that also carries the nightly copy to the backup data centre, which
 *   fills it from 01:00 to 04:30 every day.
 */
export function baseLevel(kind: TemplateKind, minuteOfWeek: number): number {
  const day = Math.floor(minuteOfWeek / 1440)
  const hour = (minuteOfWeek % 1440) / 60
  const weekend = day >= 5
  const office = interpolate(weekend ? OFFICE_WEEKEND : OFFICE_WEEKDAY, hour)
  if (kind === 'office') return office
  const aggregate = 0.18 + 0.82 * office
  if (kind === 'aggregate') return aggregate
  const replication = hour >= 1 && hour < 4.5 ? 1 : hour >= 0.5 && hour < 1 ? (hour - 0.5) * 2 : hour >= 4.5 && hour < 5 ? (5 - hour) * 2 : 0
  return Math.max(0.75 * aggregate, replication)
}

/**
 * A weekly template: the kind's curve with seeded noise (a slow wander of ±10% every 15
 * minutes and a few percent from minute to minute), so links sharing a template do not move in
 * lockstep and a graph does not look drawn with a ruler.
 */
export function buildTemplate(kind: TemplateKind, random: Random): TrafficTemplate {
  const shape = new Uint16Array(MINUTES_PER_WEEK)
  const knots = MINUTES_PER_WEEK / 15
  const wander = Array.from({ length: knots + 1 }, () => 0.9 + 0.2 * random.next())
  wander[knots] = wander[0]
  for (let m = 0; m < MINUTES_PER_WEEK; m++) {
    const k = Math.floor(m / 15)
    const f = (m % 15) / 15
    const slow = wander[k] + (wander[k + 1] - wander[k]) * f
    const jitter = 0.96 + 0.08 * random.next()
    const level = Math.min(1, Math.max(0, baseLevel(kind, m) * slow * jitter))
    shape[m] = Math.round(level * FULL_SCALE)
  }
  return templateFromShape(kind, shape)
}

export function templateFromShape(kind: TemplateKind, shape: Uint16Array): TrafficTemplate {
  if (shape.length !== MINUTES_PER_WEEK) throw new Error(`a template has ${MINUTES_PER_WEEK} minutes, not ${shape.length}`)
  const prefix = new Float64Array(MINUTES_PER_WEEK + 1)
  for (let m = 0; m < MINUTES_PER_WEEK; m++) {
    if (shape[m] > FULL_SCALE) throw new Error(`template level ${shape[m]} at minute ${m} is above full scale`)
    prefix[m + 1] = prefix[m] + 60 * shape[m]
  }
  return { kind, shape, prefix, weekUnits: prefix[MINUTES_PER_WEEK] }
}

/** A few variants of each kind, shared by all links (a template is 100 kB; 6,500 links share 14). */
export function buildTemplates(seed: string): Record<TemplateKind, TrafficTemplate[]> {
  const random = createRandom(`${seed}/templates`)
  const make = (kind: TemplateKind, n: number) => Array.from({ length: n }, (_, i) => buildTemplate(kind, random.fork(`${kind}-${i}`)))
  return { office: make('office', 8), aggregate: make('aggregate', 4), replication: make('replication', 2) }
}

/** Units of a template from the epoch's week start to a Unix time (whole seconds). Exact. */
export function unitsAt(template: TrafficTemplate, unixSeconds: number): number {
  const { week, second } = weekPosition(unixSeconds)
  const minute = Math.floor(second / 60)
  return week * template.weekUnits + template.prefix[minute] + (second - minute * 60) * template.shape[minute]
}

/** The template's level (0..1) at a Unix time. */
export function levelAt(template: TrafficTemplate, unixSeconds: number): number {
  const { second } = weekPosition(unixSeconds)
  return template.shape[Math.floor(second / 60)] / FULL_SCALE
}

/**
 * A stretch of the week in which a flow does not follow its template: a link down carries
 * nothing, a congested one runs at a fixed level; an error burst adds errors. Weekly: the same
 * window comes back at the same time every week.
 */
export interface FlowWindow {
  /** Seconds into the week; start inclusive, end exclusive, 0 ≤ start < end ≤ WEEK_SECONDS. */
  start: number
  end: number
  /** undefined: traffic as the template says; null: none; a number: this level (0..1 of the line). */
  level?: number | null
  /** Extra errors over the whole window, spread evenly. */
  errors?: number
  /** Extra discards over the whole window, spread evenly. */
  discards?: number
}

interface PreparedWindow extends FlowWindow {
  /** Units per second in the window when level is a number. */
  rate: number | null
  /** Units this window adds to the template's (negative when it carries less). */
  delta: number
  /** Sums of delta, errors and discards of the windows before this one in the week. */
  deltaBefore: number
  errorsBefore: number
  discardsBefore: number
}

export interface FlowOptions {
  template: TrafficTemplate
  /** Seconds this flow's day runs ahead (+) or behind (−) the template, so peaks spread. */
  phaseSeconds: number
  /** The line's speed, bits/s. */
  lineBitsPerSecond: number
  /** Share of the line the template's full scale stands for (0..1]. */
  load: number
  /** Baseline errors and discards per byte carried. */
  errorsPerByte?: number
  discardsPerByte?: number
  windows?: FlowWindow[]
}

export interface FlowReading {
  /** Bytes since the boot, before any counter offset or wrap. */
  bytes: bigint
  errors: number
  discards: number
}

/** One direction of one interface: in or out. */
export class Flow {
  readonly template: TrafficTemplate
  readonly phaseSeconds: number
  readonly lineBitsPerSecond: number
  readonly load: number
  /** Bytes per unit: the line's bytes per second × load / FULL_SCALE. */
  readonly bytesPerUnit: number
  readonly errorsPerByte: number
  readonly discardsPerByte: number
  readonly windows: readonly PreparedWindow[]
  readonly weekDelta: number
  readonly weekErrors: number
  readonly weekDiscards: number

  constructor(options: FlowOptions) {
    if (!(options.load > 0 && options.load <= 1)) throw new Error(`load ${options.load} is not in (0, 1]`)
    if (!(options.lineBitsPerSecond > 0)) throw new Error('a flow needs a line speed')
    if (!Number.isInteger(options.phaseSeconds)) throw new Error('phase is whole seconds')
    this.template = options.template
    this.phaseSeconds = options.phaseSeconds
    this.lineBitsPerSecond = options.lineBitsPerSecond
    this.load = options.load
    this.bytesPerUnit = (options.lineBitsPerSecond / 8) * (options.load / FULL_SCALE)
    this.errorsPerByte = options.errorsPerByte ?? 0
    this.discardsPerByte = options.discardsPerByte ?? 0
    const windows = splitAtWeekEnd(options.windows ?? []).sort((a, b) => a.start - b.start)
    const prepared: PreparedWindow[] = []
    let deltaBefore = 0
    let errorsBefore = 0
    let discardsBefore = 0
    // Any week will do: a window's units do not depend on which week it is in.
    const reference = weekStart(2000)
    for (const w of windows) {
      const previous = prepared[prepared.length - 1]
      if (previous && w.start < previous.end) throw new Error(`flow windows overlap at second ${w.start} of the week`)
      let rate: number | null = null
      let delta = 0
      if (w.level !== undefined) {
        const templateUnits = this.#base(reference + w.end) - this.#base(reference + w.start)
        if (w.level === null) {
          delta = -templateUnits
        } else {
          if (!(w.level >= 0 && w.level <= 1)) throw new Error(`window level ${w.level} is not in [0, 1]`)
          // The line's level as units on this flow's scale (load stretches the template to the line).
          rate = Math.round((w.level / this.load) * FULL_SCALE)
          delta = rate * (w.end - w.start) - templateUnits
        }
      }
      const errors = Math.max(0, Math.round(w.errors ?? 0))
      const discards = Math.max(0, Math.round(w.discards ?? 0))
      prepared.push({ ...w, rate, delta, deltaBefore, errorsBefore, discardsBefore, errors, discards })
      deltaBefore += delta
      errorsBefore += errors
      discardsBefore += discards
    }
    this.windows = prepared
    this.weekDelta = deltaBefore
    this.weekErrors = errorsBefore
    this.weekDiscards = discardsBefore
  }

  #base(unixSeconds: number) {
    return unitsAt(this.template, unixSeconds + this.phaseSeconds)
  }

  /** The window holding second s of the week, or the last one before it, or null. */
  #windowAtOrBefore(second: number): PreparedWindow | null {
    let lo = 0
    let hi = this.windows.length - 1
    let found: PreparedWindow | null = null
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (this.windows[mid].start <= second) {
        found = this.windows[mid]
        lo = mid + 1
      } else {
        hi = mid - 1
      }
    }
    return found
  }

  /**
   * Cumulative units, errors and discards since the epoch at a Unix time (whole seconds): the
   * template's units plus what the windows of all earlier weeks and of this week so far changed.
   * Non-decreasing in time, exactly.
   */
  cumulative(unixSeconds: number): { units: number; errors: number; discards: number } {
    const t = Math.floor(unixSeconds)
    const { week, second } = weekPosition(t)
    const w = this.#windowAtOrBefore(second)
    let units: number
    let errors = week * this.weekErrors
    let discards = week * this.weekDiscards
    const weeksDelta = week * this.weekDelta
    if (!w) {
      units = this.#base(t) + weeksDelta
    } else if (second >= w.end) {
      units = this.#base(t) + weeksDelta + w.deltaBefore + w.delta
      errors += w.errorsBefore + (w.errors ?? 0)
      discards += w.discardsBefore + (w.discards ?? 0)
    } else {
      const into = second - w.start
      const windowStart = t - into
      const length = w.end - w.start
      if (w.level === undefined) units = this.#base(t) + weeksDelta + w.deltaBefore
      else if (w.rate === null) units = this.#base(windowStart) + weeksDelta + w.deltaBefore
      else units = this.#base(windowStart) + weeksDelta + w.deltaBefore + w.rate * into
      // Integer shares of the window's total, so the sum reaches the total exactly at its end.
      errors += w.errorsBefore + Math.floor(((w.errors ?? 0) * into) / length)
      discards += w.discardsBefore + Math.floor(((w.discards ?? 0) * into) / length)
    }
    return { units, errors, discards }
  }

  /** What the interface's counters have counted in this direction since a boot. */
  since(bootUnixSeconds: number, unixSeconds: number): FlowReading {
    const now = this.cumulative(unixSeconds)
    const boot = this.cumulative(bootUnixSeconds)
    const units = Math.max(0, now.units - boot.units)
    // Rounding of a product by a positive constant is monotonic, so floor(units × c) never
    // decreases as units grows, even above 2^53 where not every byte count is representable.
    const bytesFloat = Math.floor(units * this.bytesPerUnit)
    return {
      bytes: BigInt(bytesFloat),
      errors: Math.floor(bytesFloat * this.errorsPerByte) + Math.max(0, now.errors - boot.errors),
      discards: Math.floor(bytesFloat * this.discardsPerByte) + Math.max(0, now.discards - boot.discards),
    }
  }

  /** Utilisation of the line (0..1) at an instant, as the windows and template make it. */
  utilisationAt(unixSeconds: number): number {
    const t = Math.floor(unixSeconds)
    const { second } = weekPosition(t)
    const w = this.#windowAtOrBefore(second)
    if (w && second < w.end && w.level !== undefined) return w.level === null ? 0 : w.level
    return levelAt(this.template, t + this.phaseSeconds) * this.load
  }
}

/** A window that runs past the end of the week continues at the start of the next. */
function splitAtWeekEnd(windows: FlowWindow[]): FlowWindow[] {
  const out: FlowWindow[] = []
  for (const w of windows) {
    if (!(Number.isInteger(w.start) && Number.isInteger(w.end)) || w.start < 0 || w.end <= w.start || w.end - w.start > WEEK_SECONDS) {
      throw new Error(`window [${w.start}, ${w.end}) is not a stretch of whole seconds within a week`)
    }
    const start = w.start % WEEK_SECONDS
    const end = start + (w.end - w.start)
    if (end <= WEEK_SECONDS) {
      out.push({ ...w, start, end })
      continue
    }
    const share = (WEEK_SECONDS - start) / (end - start)
    const firstErrors = Math.round((w.errors ?? 0) * share)
    const firstDiscards = Math.round((w.discards ?? 0) * share)
    out.push({ ...w, start, end: WEEK_SECONDS, errors: firstErrors, discards: firstDiscards })
    out.push({ ...w, start: 0, end: end - WEEK_SECONDS, errors: (w.errors ?? 0) - firstErrors, discards: (w.discards ?? 0) - firstDiscards })
  }
  return out
}

/** A 64-bit octet counter: what the agent serves after an offset (agents may start anywhere). */
export function counter64(bytes: bigint, offset = 0n): bigint {
  return (((offset + bytes) % TWO_64) + TWO_64) % TWO_64
}

/** A 32-bit counter (ifInOctets, errors, discards) wraps at 2^32. */
export function counter32(value: number | bigint): number {
  if (typeof value === 'bigint') return Number(value % BigInt(TWO_32))
  return value % TWO_32
}

/**
 * Counter64 as BER content bytes for net-snmp's agent, which writes a Buffer as it is: minimal
 * big-endian, with a leading zero when the top bit is set so a decoder never reads it as negative.
 */
export function counter64Bytes(value: bigint): Buffer {
  if (value < 0n || value >= TWO_64) throw new Error(`Counter64 ${value} is out of range`)
  let hex = value.toString(16)
  if (hex.length % 2) hex = '0' + hex
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = '00' + hex
  return Buffer.from(hex, 'hex')
}
