import { createRandom, type Random } from '#app/demo/prng'
import { WEEK_SECONDS, weekPosition, weekStart } from '#app/demo/sim/traffic'

/**
 * The simulated network's weekly calendar of trouble: which link goes down when, which one
 * flaps, which uplink is congested, which device stops answering or restarts. Generated from a
 * seed and the inventory, so the same network always has the same week; it repeats every week
 * (see traffic.ts for why), and it is dense enough that whenever someone opens the NOC board
 * something is failing or recovering.
 */

export type SimEventKind = 'link_down' | 'link_flap' | 'congestion' | 'errors' | 'device_silent' | 'device_reboot'

export interface SimEvent {
  kind: SimEventKind
  device: string
  /** Link events only. */
  ifIndex?: number
  circuitId?: string | null
  /** Seconds into the Taipei week; end may pass the week's end (the event runs into the next). */
  start: number
  end: number
  /** link_down: the whole event; link_flap: the stretches the link is down, within [start, end). */
  downs?: Array<[number, number]>
  /** congestion: the utilisation each direction runs at. */
  level?: { in: number; out: number }
  /** errors: the share of received packets that are errored. */
  errorShare?: number
}

export interface LinkTarget {
  device: string
  ifIndex: number
  circuitId: string | null
  kind: 'uplink' | 'legacy'
}

export interface DeviceTarget {
  hostname: string
  /** How many interfaces carry links: a device without any is a poor choice for an outage. */
  links: number
}

type Range = readonly [number, number]

export interface CalendarOptions {
  seed: string
  /** Mean spacing of event starts and the range of their durations, in seconds. */
  linkDown?: { every: number; duration: Range }
  linkFlap?: { every: number; duration: Range }
  congestion?: { every: number; duration: Range }
  errors?: { every: number; duration: Range }
  deviceSilent?: { every: number; duration: Range }
  deviceReboot?: { every: number; duration: Range }
}

/** Roughly one link down at any moment, a flap and a congested uplink most of the time. */
export const DEFAULT_CALENDAR = {
  linkDown: { every: 180, duration: [120, 240] as Range },
  linkFlap: { every: 720, duration: [360, 540] as Range },
  congestion: { every: 600, duration: [420, 660] as Range },
  errors: { every: 600, duration: [300, 480] as Range },
  deviceSilent: { every: 1200, duration: [120, 300] as Range },
  deviceReboot: { every: 6 * 3600, duration: [60, 120] as Range },
}

/** Keeps events on one target apart, with a quiet minute between them so every change is seen. */
class Bookings {
  #busy = new Map<string, Array<Range>>()
  free(key: string, start: number, end: number, gap = 60) {
    return !(this.#busy.get(key) ?? []).some(([s, e]) => start < e + gap && s < end + gap)
  }
  book(key: string, start: number, end: number) {
    const list = this.#busy.get(key) ?? []
    list.push([start, end])
    this.#busy.set(key, list)
  }
}

function flapDowns(random: Random, start: number, end: number): Array<[number, number]> {
  // Downs of 30–75 s between ups of 30–90 s: long enough that 30 s and 60 s polls catch
  // several changes, not only traps.
  const downs: Array<[number, number]> = []
  let t = start
  while (t < end - 30) {
    const downEnd = Math.min(end, t + random.int(30, 75))
    downs.push([t, downEnd])
    t = downEnd + random.int(30, 90)
  }
  return downs
}

export function generateCalendar(links: LinkTarget[], devices: DeviceTarget[], options: CalendarOptions): SimEvent[] {
  const random = createRandom(`${options.seed}/calendar`)
  const uplinks = links.filter((l) => l.kind === 'uplink')
  const legacy = links.filter((l) => l.kind === 'legacy')
  const withLinks = devices.filter((d) => d.links > 0)
  const events: SimEvent[] = []
  const bookings = new Bookings()
  const linkKey = (l: LinkTarget) => `${l.device}#${l.ifIndex}`

  const series = <T>(
    name: string,
    spec: { every: number; duration: Range },
    pickFrom: (r: Random) => T[],
    key: (t: T) => string,
    make: (target: T, start: number, end: number, r: Random) => SimEvent
  ) => {
    const r = random.fork(name)
    if (!(spec.every > 0)) return
    // Starts every `every` seconds with up to a third of it as jitter; events stay inside the week.
    for (let slot = 0; slot + spec.every <= WEEK_SECONDS; slot += spec.every) {
      const start = slot + r.int(0, Math.floor(spec.every / 3))
      const end = start + r.int(spec.duration[0], spec.duration[1])
      if (end > WEEK_SECONDS) break
      const pool = pickFrom(r)
      if (pool.length === 0) continue
      for (let tries = 0; tries < 12; tries++) {
        const target = r.pick(pool)
        if (!bookings.free(key(target), start, end)) continue
        bookings.book(key(target), start, end)
        events.push(make(target, start, end, r))
        break
      }
    }
  }

  const linkEvent = (kind: SimEventKind, l: LinkTarget, start: number, end: number): SimEvent => ({
    kind,
    device: l.device,
    ifIndex: l.ifIndex,
    circuitId: l.circuitId,
    start,
    end,
  })
  const spec = { ...DEFAULT_CALENDAR, ...stripUndefined(options) }

  // Mostly agency lines; now and then an uplink, so what sits behind it is seen to be suppressed.
  series('link_down', spec.linkDown, (r) => (uplinks.length && r.chance(0.05) ? uplinks : legacy.length ? legacy : uplinks), linkKey, (l, s, e) => ({
    ...linkEvent('link_down', l, s, e),
    downs: [[s, e]],
  }))
  series('link_flap', spec.linkFlap, () => (legacy.length ? legacy : uplinks), linkKey, (l, s, e, r) => ({
    ...linkEvent('link_flap', l, s, e),
    downs: flapDowns(r, s, e),
  }))
  series('congestion', spec.congestion, () => (uplinks.length ? uplinks : legacy), linkKey, (l, s, e, r) => ({
    ...linkEvent('congestion', l, s, e),
    level: { out: 0.9 + 0.08 * r.next(), in: 0.5 + 0.25 * r.next() },
  }))
  series('errors', spec.errors, (r) => (uplinks.length && r.chance(0.2) ? uplinks : legacy.length ? legacy : uplinks), linkKey, (l, s, e, r) => ({
    ...linkEvent('errors', l, s, e),
    errorShare: 0.005 + 0.03 * r.next(),
  }))
  const deviceKey = (d: DeviceTarget) => `device:${d.hostname}`
  series('device_silent', spec.deviceSilent, (r) => (withLinks.length && r.chance(0.8) ? withLinks : devices), deviceKey, (d, s, e) => ({
    kind: 'device_silent',
    device: d.hostname,
    start: s,
    end: e,
  }))
  series('device_reboot', spec.deviceReboot, () => (withLinks.length ? withLinks : devices), deviceKey, (d, s, e) => ({
    kind: 'device_reboot',
    device: d.hostname,
    start: s,
    end: e,
  }))
  return events.sort((a, b) => a.start - b.start)
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

/**
 * Checks events given from outside (tests, a hand-written calendar): whole seconds, inside one
 * week's length, downs inside their event.
 */
export function validateEvent(event: SimEvent): SimEvent {
  const where = `${event.kind} on ${event.device}${event.ifIndex ? ` ifIndex ${event.ifIndex}` : ''}`
  if (!Number.isInteger(event.start) || !Number.isInteger(event.end) || event.start < 0 || event.start >= WEEK_SECONDS) {
    throw new Error(`${where}: start must be whole seconds into the week`)
  }
  if (event.end <= event.start || event.end - event.start > WEEK_SECONDS / 2) throw new Error(`${where}: end must follow start, within half a week`)
  const linkKinds: SimEventKind[] = ['link_down', 'link_flap', 'congestion', 'errors']
  if (linkKinds.includes(event.kind) && !(Number.isInteger(event.ifIndex) && event.ifIndex! > 0)) throw new Error(`${where}: a link event needs an ifIndex`)
  for (const [s, e] of event.downs ?? []) {
    if (s < event.start || e > event.end || e <= s) throw new Error(`${where}: a down stretch [${s}, ${e}) lies outside the event`)
  }
  return event
}

/** A weekly stretch [start, end) (end may pass the week's end). */
export type WeeklyRange = readonly [number, number]

/** The occurrence of a weekly stretch that holds a Unix time, as Unix seconds, or null. */
export function occurrenceAt(range: WeeklyRange, unixSeconds: number): [number, number] | null {
  const { week } = weekPosition(unixSeconds)
  for (const w of [week, week - 1]) {
    const s = weekStart(w) + range[0]
    const e = weekStart(w) + range[1]
    if (unixSeconds >= s && unixSeconds < e) return [s, e]
  }
  return null
}

/** The latest instant ≤ t at which one of the weekly stretches started or ended (Unix seconds). */
export function lastEdgeBefore(ranges: readonly WeeklyRange[], unixSeconds: number, which: 'start' | 'end' | 'both' = 'both'): number | null {
  const { week } = weekPosition(unixSeconds)
  let best: number | null = null
  for (const w of [week, week - 1, week - 2]) {
    const base = weekStart(w)
    for (const [s, e] of ranges) {
      for (const edge of which === 'both' ? [s, e] : which === 'start' ? [s] : [e]) {
        const at = base + edge
        if (at <= unixSeconds && (best === null || at > best)) best = at
      }
    }
    // Older weeks only matter when nothing was found in a newer one.
    if (best !== null) break
  }
  return best
}

export interface Transition {
  /** Unix seconds. */
  at: number
  event: SimEvent
  /** For the start of something (a link down, a silence…): when it ends, Unix seconds. */
  until?: number
  /** What happened at that instant. */
  what:
    | 'link_down'
    | 'link_up'
    | 'congestion_start'
    | 'congestion_end'
    | 'errors_start'
    | 'errors_end'
    | 'device_silent'
    | 'device_answering'
    | 'device_rebooting'
    | 'device_booted'
}

export interface WeeklyEdge {
  /** Second of the week (may pass the week's end for an event that runs into the next). */
  second: number
  event: SimEvent
  what: Transition['what']
  /** For a start: the second of the week it ends. */
  until?: number
}

/** Every edge of the calendar within one week, sorted by second of the week. */
export function weeklyEdges(events: SimEvent[]): WeeklyEdge[] {
  const edges: WeeklyEdge[] = []
  const pair = (event: SimEvent, start: number, end: number, on: Transition['what'], off: Transition['what']) =>
    edges.push({ second: start, event, what: on, until: end }, { second: end, event, what: off })
  for (const event of events) {
    switch (event.kind) {
      case 'link_down':
      case 'link_flap':
        for (const [s, e] of event.downs ?? [[event.start, event.end]]) pair(event, s, e, 'link_down', 'link_up')
        break
      case 'congestion':
        pair(event, event.start, event.end, 'congestion_start', 'congestion_end')
        break
      case 'errors':
        pair(event, event.start, event.end, 'errors_start', 'errors_end')
        break
      case 'device_silent':
        pair(event, event.start, event.end, 'device_silent', 'device_answering')
        break
      case 'device_reboot':
        pair(event, event.start, event.end, 'device_rebooting', 'device_booted')
        break
    }
  }
  return edges.sort((a, b) => a.second - b.second)
}

/** The calendar's edges in (from, to] (Unix seconds), in time order. */
export function transitionsBetween(
  edges: readonly WeeklyEdge[],
  fromUnix: number,
  toUnix: number
): Transition[] {
  const out: Transition[] = []
  if (toUnix <= fromUnix) return out
  const first = weekPosition(fromUnix).week - 1
  const last = weekPosition(toUnix).week
  for (let w = first; w <= last; w++) {
    const base = weekStart(w)
    // First edge after fromUnix in this week's copy, by binary search: the ticker asks every second.
    let lo = 0
    let hi = edges.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (base + edges[mid].second > fromUnix) hi = mid
      else lo = mid + 1
    }
    for (let i = lo; i < edges.length && base + edges[i].second <= toUnix; i++) {
      const edge = edges[i]
      out.push({ at: base + edge.second, event: edge.event, what: edge.what, until: edge.until === undefined ? undefined : base + edge.until })
    }
  }
  return out.sort((a, b) => a.at - b.at)
}
