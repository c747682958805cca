/**
 * What the traffic explorer is asked, kept in the page's address (`#/flows?range=24h&address=…`)
 * so that a search can be bookmarked or sent to a colleague, and how it becomes the flows API's
 * query string. Plain functions: tests/unit/ui/flows_view.spec.ts.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export const FLOW_RANGES = ['1h', '24h', '7d', 'custom'] as const
export type FlowRange = (typeof FLOW_RANGES)[number]
export const RANGE_MS: Record<Exclude<FlowRange, 'custom'>, number> = { '1h': HOUR, '24h': DAY, '7d': 7 * DAY }

/** The filters the API takes beside the time window, in its own names. */
export const FILTER_KEYS = ['address', 'port', 'protocol', 'agency_id', 'link_id'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]
const NUMERIC = new Set<FilterKey>(['port', 'protocol', 'agency_id', 'link_id'])

export interface FlowCriteria {
  range: FlowRange
  /** ISO instants, for a custom range only. */
  from?: string
  to?: string
  address?: string
  port?: number
  protocol?: number
  agency_id?: number
  link_id?: number
}

export interface FlowWindow {
  from: string
  to: string
}

const isInstant = (v: string | null): v is string => v !== null && v !== '' && !Number.isNaN(Date.parse(v))

/**
 * The criteria an address holds. Anything unreadable is left out rather than refused: the
 * address bar is typed into by people, and the API checks what is sent anyway.
 */
export function criteriaFromParams(params: URLSearchParams): FlowCriteria {
  const range = FLOW_RANGES.find((r) => r === params.get('range')) ?? '1h'
  const out: FlowCriteria = { range }
  if (range === 'custom') {
    const from = params.get('from')
    const to = params.get('to')
    if (isInstant(from) && isInstant(to)) {
      out.from = new Date(from).toISOString()
      out.to = new Date(to).toISOString()
    } else {
      out.range = '1h'
    }
  }
  for (const key of FILTER_KEYS) {
    const raw = params.get(key)?.trim()
    if (!raw) continue
    if (NUMERIC.has(key)) {
      const n = Number(raw)
      if (Number.isInteger(n) && n >= 0) (out as any)[key] = n
    } else {
      out.address = raw
    }
  }
  return out
}

export function criteriaToParams(c: FlowCriteria): URLSearchParams {
  const params = new URLSearchParams({ range: c.range })
  if (c.range === 'custom' && c.from && c.to) {
    params.set('from', c.from)
    params.set('to', c.to)
  }
  for (const key of FILTER_KEYS) {
    const value = c[key]
    if (value !== undefined && value !== '') params.set(key, String(value))
  }
  return params
}

/**
 * The instants a query covers. A preset range ends at the next whole minute, so that its ends are
 * whole minutes and the API can answer from its minute aggregates, and so that the window (and
 * the cached answers keyed by it) moves once a minute rather than on every render.
 */
export function windowOf(c: FlowCriteria, now: number): FlowWindow {
  if (c.range === 'custom' && c.from && c.to) return { from: c.from, to: c.to }
  const span = c.range === 'custom' ? HOUR : RANGE_MS[c.range]
  const to = Math.ceil(now / MINUTE) * MINUTE
  return { from: new Date(to - span).toISOString(), to: new Date(to).toISOString() }
}

/** The API's query string for these criteria over this window, plus the route's own parameters. */
export function flowQuery(c: FlowCriteria, window: FlowWindow, extra: Record<string, string | number> = {}) {
  const params = new URLSearchParams({ from: window.from, to: window.to })
  for (const key of FILTER_KEYS) {
    const value = c[key]
    if (value !== undefined && value !== '') params.set(key, String(value))
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, String(value))
  return params.toString()
}

/** Points per chart: steps the API accepts, the smallest one that keeps a chart under this many. */
const MAX_POINTS = 400
const STEPS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 86_400]

export function stepFor(window: FlowWindow) {
  const seconds = (Date.parse(window.to) - Date.parse(window.from)) / 1000
  return STEPS.find((s) => seconds / s <= MAX_POINTS) ?? STEPS[STEPS.length - 1]
}

/**
 * Taipei keeps UTC+8 the whole year (no daylight saving since 1979), so a wall-clock time there
 * is an instant without a time-zone database. The custom range is typed in Taipei time whatever
 * the browser's zone: the programme's people and its network are there.
 */
const TAIPEI_OFFSET_MS = 8 * HOUR
const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

/** `2026-12-06T18:30` (as an <input type="datetime-local"> gives it, read as Taipei time) → ISO. */
export function fromTaipeiInput(value: string): string | null {
  const m = LOCAL_INPUT.exec(value.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, s] = m.map(Number)
  const utc = Date.UTC(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s) - TAIPEI_OFFSET_MS
  const check = new Date(utc + TAIPEI_OFFSET_MS)
  // 2026-02-31 rolls over in Date.UTC: refuse it rather than search another day.
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null
  return new Date(utc).toISOString()
}

/** An instant as the value of an <input type="datetime-local"> in Taipei time. */
export function toTaipeiInput(iso: string): string {
  return new Date(Date.parse(iso) + TAIPEI_OFFSET_MS).toISOString().slice(0, 16)
}

/**
 * How long after a step ends its flows are taken as in: exporters send a flow when it ends or
 * when their active timeout cuts it (the demo's every 10 s), and the collector and the store add
 * a few seconds more.
 */
export const FLOW_SETTLE_MS = 30_000

/**
 * Every step of the window, with the API's rows where it had some and zero where it left a step
 * out (a step with no flows carried nothing: it is 0 bits/s, not a gap in the line). Steps that
 * have not ended, and settled, by `now` are left out: the step under way holds only the flows
 * stored so far, divided by the whole step, and drew a dip at the end of every chart that was
 * not in the traffic.
 */
export function fillSteps<R extends { time: string; bps: number }>(rows: R[], window: FlowWindow, step: number, now = Number.POSITIVE_INFINITY) {
  const stepMs = step * 1000
  const byTime = new Map(rows.map((r) => [Math.floor(Date.parse(r.time) / stepMs) * stepMs, r]))
  const start = Math.floor(Date.parse(window.from) / stepMs) * stepMs
  const end = Date.parse(window.to)
  const settled = now - FLOW_SETTLE_MS
  const out: Array<{ time: number; bps: number; flows: number }> = []
  for (let t = start; t < end && t + stepMs <= settled; t += stepMs) {
    const row = byTime.get(t) as (R & { flows?: number }) | undefined
    out.push({ time: t, bps: row?.bps ?? 0, flows: row?.flows ?? 0 })
  }
  return out
}
