import type { ReasonPart } from './reasons'
/**
 * What the NOC board reads from the monitoring API, and how a link's state is drawn. The API
 * keeps the state (up, degraded, down, unknown) apart from why its alarm may be silent
 * (suppressed behind something already down, in a maintenance window, shut on purpose); the
 * board folds them into one "look" per link, so that a wall of 17,000 lines shows at a glance
 * which faults need someone.
 */
import { REGIONS } from '../../../shared/agencies'
import { EVENT_TYPES } from '../../../shared/notifications'
import { nameIn } from '../common/names'

export { nameIn, rowNames } from '../common/names'

export const LINK_STATES = ['up', 'degraded', 'down', 'unknown'] as const
export type LinkState = (typeof LINK_STATES)[number]

export { REGIONS }

/** Every link status: the board leaves decommissioned lines out unless asked for all of them. */
export const ALL_LINK_STATUSES = ['active', 'migrating', 'decommissioned']
export type Region = (typeof REGIONS)[number]

export interface LinkStateRow {
  id: number
  link_id: number
  circuit_id: string
  name: string
  kind: 'legacy' | 'uplink'
  link_status: string
  bandwidth_kbps: number | null
  agency_id: number
  agency_name: string
  agency_name_en: string | null
  ministry_id: number | null
  ministry_name: string | null
  ministry_name_en: string | null
  region: string | null
  device_id: number | null
  hostname: string | null
  if_index: number | null
  consolidated_into_id: number | null
  state: LinkState
  admin_down: boolean
  since: string | null
  last_poll_at: string | null
  oper_status: string | null
  admin_status: string | null
  in_util: number | null
  out_util: number | null
  error_rate: number | null
  reason: string | null
  /** The reason as keys and parameters, worded by reasonText (reasons.ts). */
  reason_message?: ReasonPart[] | null
  flapping: boolean
  suppressed: boolean
  suppressed_by: { type: 'device' | 'link'; id: number; hostname?: string | null; circuit_id?: string | null; reason: string } | null
  in_maintenance: boolean
  maintenance_window_id: number | null
  open_incident_id: number | null
  open_incident_number: string | null
  open_incident_status: string | null
}

/** A device that no longer answers its polls (GET /api/unreachable_devices). */
export interface UnreachableDevice {
  id: number
  hostname: string
  kind: string
  region: string | null
  agency_id: number
  agency_name: string
  agency_name_en: string | null
  failing_since: string | null
  last_poll_at: string | null
  consecutive_failures: number
  links: number
  open_incident_id: number | null
  open_incident_number: string | null
  open_incident_status: string | null
  maintenance_window_id: number | null
}

export interface MinistryCell {
  ministry_id: number | null
  ministry_name: string | null
  ministry_name_en: string | null
  region: string
  state: LinkState
  admin_down: boolean
  suppressed: boolean
  in_maintenance: boolean
  n: number
  flapping: number
}

export interface Summary {
  generated_at: string
  total: number
  by_state: Record<LinkState, number>
  admin_down: number
  suppressed: number
  in_maintenance: number
  flapping: number
  never_polled: number
  by_region: Array<{ region: string } & Record<LinkState, number>>
  by_ministry: MinistryCell[]
  polling: Polling
}

/** Whether the pollers keep up (GET /api/link_states/summary, agency scope only). */
export interface Polling {
  devices: number
  unreachable: number
  overdue: number
  polls_total: number
  polls_late: number
  polls_skipped: number
  last_poll_at: string | null
}

/** How a link is drawn, worst first: the order tiles take the colour of their worst link. */
export const LOOKS = ['down', 'degraded', 'unknown', 'suppressed', 'maintenance', 'shut', 'up'] as const
export type Look = (typeof LOOKS)[number]

/**
 * A link that is up is up, whatever window it sits in. A link that is not up and whose alarm is
 * silenced shows why it is silent rather than the fault, since someone else's alarm (or a planned
 * change) already stands for it.
 */
export function lookOf(s: { state: LinkState; admin_down: boolean; suppressed: boolean; in_maintenance: boolean }): Look {
  if (s.state === 'up') return 'up'
  if (s.in_maintenance) return 'maintenance'
  if (s.suppressed) return 'suppressed'
  if (s.admin_down) return 'shut'
  return s.state
}

/** The board filter that lists exactly the links of one look (the API filters on the flags). */
export function lookFilter(look: Look): Record<string, unknown> {
  const silent = { in_maintenance: false, suppressed: false }
  switch (look) {
    case 'up':
      return { state: 'up' }
    case 'maintenance':
      return { in_maintenance: true, state: ['down', 'degraded', 'unknown'] }
    case 'suppressed':
      return { in_maintenance: false, suppressed: true, state: ['down', 'degraded', 'unknown'] }
    case 'shut':
      return { ...silent, admin_down: true }
    case 'down':
      return { ...silent, admin_down: false, state: 'down' }
    default:
      return { ...silent, state: look }
  }
}

export function worstLook(counts: Partial<Record<Look, number>>): Look | null {
  return LOOKS.find((l) => (counts[l] ?? 0) > 0) ?? null
}

/**
 * Colours: red, amber and green as every NOC reads them; grey for what cannot be seen; the
 * silenced looks in cool colours (violet for suppressed, blue for maintenance, slate for shut)
 * so that they never pass for faults or for health. White text needs 4.5:1 (WCAG 1.4.3): blue
 * 800 and deep purple 400, not the lighter shades that read 3.7:1 and 4.4:1.
 */
export const LOOK_COLOURS: Record<Look, { bg: string; fg: string }> = {
  down: { bg: '#d32f2f', fg: '#ffffff' },
  degraded: { bg: '#ffa000', fg: '#1a1a1a' },
  unknown: { bg: '#9e9e9e', fg: '#1a1a1a' },
  suppressed: { bg: '#7e57c2', fg: '#ffffff' },
  maintenance: { bg: '#1565c0', fg: '#ffffff' },
  shut: { bg: '#546e7a', fg: '#ffffff' },
  up: { bg: '#2e7d32', fg: '#ffffff' },
}

/**
 * A shape per look, drawn beside its colour wherever the colour says the state (chips, counts,
 * badges, uplink tiles): a reader who does not tell red from green, or a grey wall screen, still
 * tells a fault from health (WCAG 1.4.1). The words say it to screen readers; the marks are hidden
 * from them.
 */
export const LOOK_MARKS: Record<Look, string> = {
  down: '▼',
  degraded: '▲',
  unknown: '?',
  suppressed: '◇',
  maintenance: '◆',
  shut: '■',
  up: '●',
}

export type LookCounts = Record<Look, number> & { total: number; flapping: number }

export function emptyCounts(): LookCounts {
  return { down: 0, degraded: 0, unknown: 0, suppressed: 0, maintenance: 0, shut: 0, up: 0, total: 0, flapping: 0 }
}

export function addCell(counts: LookCounts, cell: MinistryCell) {
  counts[lookOf(cell)] += cell.n
  counts.total += cell.n
  counts.flapping += cell.flapping
}

export interface MinistryTile {
  id: number | null
  name: string | null
  nameEn: string | null
  counts: LookCounts
  regions: Partial<Record<string, LookCounts>>
}

/** The summary's cells gathered into one tile per ministry and one per region. */
export function tilesOf(cells: MinistryCell[]) {
  const ministries = new Map<number | null, MinistryTile>()
  const regions = new Map<string, LookCounts>()
  const total = emptyCounts()
  for (const cell of cells) {
    let tile = ministries.get(cell.ministry_id)
    if (!tile) {
      tile = { id: cell.ministry_id, name: cell.ministry_name, nameEn: cell.ministry_name_en, counts: emptyCounts(), regions: {} }
      ministries.set(cell.ministry_id, tile)
    }
    addCell(tile.counts, cell)
    addCell((tile.regions[cell.region] ??= emptyCounts()), cell)
    if (!regions.has(cell.region)) regions.set(cell.region, emptyCounts())
    addCell(regions.get(cell.region)!, cell)
    addCell(total, cell)
  }
  return { ministries: [...ministries.values()], regions, total }
}

/** Worst first, then by the most links affected, then by name: faults come to the top left. */
export function compareTiles(a: MinistryTile, b: MinistryTile, locale: string) {
  const rank = (t: MinistryTile) => LOOKS.indexOf(worstLook(t.counts) ?? 'up')
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra - rb
  const look = LOOKS[ra]
  if (look !== 'up' && a.counts[look] !== b.counts[look]) return b.counts[look] - a.counts[look]
  if (a.id === null) return 1
  if (b.id === null) return -1
  return tileName(a, locale).localeCompare(tileName(b, locale), locale)
}

export function tileName(tile: { name: string | null; nameEn: string | null }, locale: string) {
  return nameIn(locale, tile.name, tile.nameEn) ?? ''
}


/**
 * Server-sent event as GET /api/events sends it: the envelope every producer uses, with what
 * monitoring adds (the link, device and incident) in its payload.
 */
export interface LiveEvent {
  type: string
  at: string
  subject: { kind: string; id: number }
  agency_id: number | null
  priority: string
  /** The summary in the reader's language, as the server words it for this connection. */
  text?: string
  /** The reader's live subscription topics this event concerns (none: it is on the board only). */
  topics?: string[]
  payload: {
    link?: { id: number; circuit_id?: string; state?: LinkState; agency_id?: number } | null
    device?: { id: number; hostname?: string } | null
    incident?: { id: number; number?: string } | null
  }
}

export { EVENT_TYPES }
