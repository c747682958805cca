/**
 * The ITIL change lifecycle as GSN runs it: statuses, the commands that move a change, how a
 * board's votes decide, and when two changes or a change and a freeze collide. The API enforces
 * these (app/changes/change_service.ts) and the UI offers the same buttons, so both read them here.
 */
export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const
export type ChangeType = (typeof CHANGE_TYPES)[number]

export const CHANGE_STATUSES = [
  'draft', 'submitted', 'assessed', 'approved', 'rejected', 'scheduled', 'implementing', 'implemented',
  'reviewed', 'closed', 'failed', 'backed_out', 'cancelled',
] as const
export type ChangeStatus = (typeof CHANGE_STATUSES)[number]

export const LEVELS = ['low', 'medium', 'high'] as const
export type Level = (typeof LEVELS)[number]

/**
 * The moves people make, each a route (`POST /api/changes/:id/<command>`) with its own body.
 * Approval is not among them: the board's votes (approve/reject) decide it (tally below).
 */
export const CHANGE_COMMANDS = ['submit', 'assess', 'schedule', 'start', 'complete', 'fail', 'back_out', 'review', 'close', 'cancel'] as const
export type ChangeCommand = (typeof CHANGE_COMMANDS)[number]

const MOVES: Record<ChangeCommand, Partial<Record<ChangeStatus, ChangeStatus>>> = {
  submit: { draft: 'submitted' },
  assess: { submitted: 'assessed' },
  schedule: { approved: 'scheduled' },
  start: { scheduled: 'implementing' },
  complete: { implementing: 'implemented' },
  fail: { implementing: 'failed' },
  back_out: { failed: 'backed_out' },
  review: { implemented: 'reviewed', backed_out: 'reviewed' },
  close: { reviewed: 'closed', rejected: 'closed' },
  cancel: { draft: 'cancelled', submitted: 'cancelled', assessed: 'cancelled', approved: 'cancelled', scheduled: 'cancelled' },
}

/**
 * Where a command takes a change of `type` in `from`, or null when it may not be given there. A
 * standard change comes from a pre-approved template: submitting it approves it, no board sits.
 */
export function changeCommandTarget(command: ChangeCommand, type: ChangeType, from: ChangeStatus): ChangeStatus | null {
  if (type === 'standard' && command === 'submit' && from === 'draft') return 'approved'
  if (type === 'standard' && command === 'assess') return null
  return MOVES[command][from] ?? null
}

/** The commands a change offers now, in the order the UI shows its buttons. */
export function changeCommandsFor(type: ChangeType, status: ChangeStatus): ChangeCommand[] {
  return CHANGE_COMMANDS.filter((command) => changeCommandTarget(command, type, status) !== null)
}

/**
 * Whether the board may vote now: a normal change once assessed; an emergency one as soon as it
 * is submitted (its assessment may come with the vote), as there is no time for both.
 */
export function votingOpen(type: ChangeType, status: ChangeStatus) {
  if (type === 'normal') return status === 'assessed'
  if (type === 'emergency') return status === 'submitted' || status === 'assessed'
  return false
}

export type Decision = 'approve' | 'reject'
export const DECISIONS = ['approve', 'reject'] as const

/**
 * What the votes decide: approved once `quorum` members approve; rejected once approval can no
 * longer reach the quorum (too many members have rejected); otherwise still pending.
 */
export function tally(votes: readonly Decision[], members: number, quorum: number): 'approved' | 'rejected' | 'pending' {
  const approvals = votes.filter((v) => v === 'approve').length
  const rejections = votes.filter((v) => v === 'reject').length
  if (approvals >= quorum) return 'approved'
  if (members - rejections < quorum) return 'rejected'
  return 'pending'
}

/** A change still able to touch the network: the ones a new change may collide with. */
export const LIVE_STATUSES: readonly ChangeStatus[] = ['draft', 'submitted', 'assessed', 'approved', 'scheduled', 'implementing', 'failed']

/** Where the window is still held open: from scheduling until implemented, backed out or cancelled. */
export const WINDOW_STATUSES: readonly ChangeStatus[] = ['scheduled', 'implementing', 'failed']

export interface Span {
  start: Date
  end: Date
}

/** Half-open spans [start, end) overlap: one ending as the other starts does not collide. */
export function overlaps(a: Span, b: Span) {
  return a.start < b.end && b.start < a.end
}

/**
 * The items a change reaches, as "type:id" keys: what it names and what hangs on that: the legacy
 * lines consolidated into an uplink it names, and the links on a device it names (and the lines
 * behind those). Dependence runs one way: working on a line does not touch its uplink, so two
 * changes on two lines behind one uplink do not collide, while either collides with the uplink's.
 */
export interface Topology {
  /** Uplink → the legacy lines consolidated into it. */
  linesBehind: ReadonlyMap<number, readonly number[]>
  /** Device → the links it carries. */
  linksOn: ReadonlyMap<number, readonly number[]>
}

export function reachOf(items: ReadonlyArray<{ item_type: string; item_id: number }>, topology: Topology): Set<string> {
  const reach = new Set<string>()
  const addLink = (id: number) => {
    reach.add(`link:${id}`)
    for (const line of topology.linesBehind.get(id) ?? []) reach.add(`link:${line}`)
  }
  for (const item of items) {
    reach.add(`${item.item_type}:${item.item_id}`)
    if (item.item_type === 'link') addLink(item.item_id)
    if (item.item_type === 'device') for (const link of topology.linksOn.get(item.item_id) ?? []) addLink(link)
  }
  return reach
}

/** The keys two reaches share, sorted: empty when the changes do not collide. */
export function sharedReach(a: ReadonlySet<string>, b: ReadonlySet<string>) {
  return [...a].filter((key) => b.has(key)).sort()
}

export const changeEnums = {
  change_type: CHANGE_TYPES,
  change_status: CHANGE_STATUSES,
  change_level: LEVELS,
}
