import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Incident from '#app/incidents/incident'
import User from '#app/access/user'
import { isInScope, scopeHoldsCondition } from '#app/access/scope'
import { ROLES } from '#shared/roles'
import { recordAudit, SYSTEM_ACTOR, type Actor } from '#app/audit/audit_log'
import { FieldError, ForbiddenError } from '#app/core/errors'
import { message, type Message, type Text } from '#app/core/messages'
import { COMMAND_MOVES, commandTarget, commandsFor, type HoldReason } from '#shared/incident_lifecycle'
import {
  incidentNumber,
  mayBeAssigned,
  mayHandle,
  stampClock,
  type IncidentStatus,
  type IncidentType,
} from '#app/incidents/incident_workflow'
import { addTimeline, saveWithTimeline, type TimelineEntry } from '#app/incidents/incident_timeline'
import { storedMessage } from '#app/core/timeline'
import { envelope, type EventType, type NotificationEvent } from '#app/notifications/events'
import { headlineTitleOf } from '#app/notifications/event_messages'
import { announceOnCommit, keepEvents, publishKept } from '#app/monitoring/events_outbox'
import { checkGroup, checkMember, groupEntry, priorityOf, routedGroup, type Assessment } from '#app/incidents/incident_triage'
import type { Impact, Urgency } from '#shared/service_desk'
import { refreshSla } from '#app/service_levels/incident_sla'
import { refreshLegalAlarms } from '#app/security_grading/incident_legal_clocks'

/**
 * The one owner of incidents: every route, monitoring, the demo and later producers (flow
 * detections, changes) open, move, assign, note and settle incidents here. Each change checks the
 * lifecycle (shared/incident_lifecycle.ts), stamps the clock, and writes its timeline entries and
 * its audit row in the same transaction as the incident itself.
 */

export type Priority = 'P1' | 'P2' | 'P3' | 'P4'
export type ItemType = 'link' | 'device' | 'information_system' | 'data_centre'

/**
 * A new incident states its impact and urgency, and the priority matrix gives its priority
 * (incident_triage.ts); a producer that has no such judgement gives a priority instead. Its
 * group is the routing rules' choice unless it names one.
 */
export interface NewIncident extends Assessment {
  title: Text
  description: Text | null
  type: IncidentType
  agencyId: number
  groupId?: number | null
  items: Array<{ item_type: ItemType; item_id: number }>
  at: Date
}

/** What each command's body carries, once validated (incident_validators.ts). */
export type CommandBody =
  | { command: 'assign'; assigneeId: number | null; groupId?: number | null; note?: string | null }
  | { command: 'start'; note?: string | null }
  | { command: 'hold'; reason: HoldReason; note?: string | null }
  | { command: 'resolve'; resolution: string; resolveChildren?: boolean }
  | { command: 'close'; note?: string | null }
  | { command: 'reopen'; reason: string }
  | { command: 'cancel'; reason: string }

export function actorOf(user: User): Actor {
  return { id: user.id, email: user.email }
}

/** A text kept in its column in English (search, CSV) and, when the system wrote it, as a message. */
function textParts(text: Text | null) {
  if (text === null) return { plain: null, stored: null }
  return typeof text === 'string' ? { plain: text, stored: null } : { plain: text.in('en'), stored: storedMessage(text) }
}

function applyClock(row: Incident, from: IncidentStatus | null, to: IncidentStatus, at: Date, by: 'person' | 'system') {
  const clock = stampClock(
    from,
    to,
    {
      acknowledgedAt: row.acknowledgedAt?.toJSDate() ?? null,
      resolvedAt: row.resolvedAt?.toJSDate() ?? null,
      closedAt: row.closedAt?.toJSDate() ?? null,
    },
    at,
    by
  )
  row.status = to
  row.acknowledgedAt = clock.acknowledgedAt ? DateTime.fromJSDate(clock.acknowledgedAt) : null
  row.resolvedAt = clock.resolvedAt ? DateTime.fromJSDate(clock.resolvedAt) : null
  row.closedAt = clock.closedAt ? DateTime.fromJSDate(clock.closedAt) : null
}

/** Gives a new incident its number and opening time (people's and the system's alike). */
export async function numberNew(trx: TransactionClientContract, row: Incident, at: Date) {
  const { rows } = await trx.rawQuery(`SELECT nextval('incident_number_seq') AS n`)
  row.number = incidentNumber(at.getUTCFullYear(), Number(rows[0].n))
  row.openedAt = DateTime.fromJSDate(at)
}

/** The timeline's first entries for a new incident, whoever opened it; `routed` when the rules chose its group. */
export async function recordOpened(trx: TransactionClientContract, actor: Actor, row: Incident, routed = true) {
  const entries: TimelineEntry[] = [
    { kind: 'opened', at: row.openedAt.toJSDate(), actor, toStatus: row.status, message: message('incidents.timeline_opened') },
  ]
  if (row.groupId) entries.push(await groupEntry(trx, actor, row.groupId, row.openedAt.toJSDate(), routed))
  if (row.assigneeId) entries.push(await assignedEntry(trx, actor, row.assigneeId, row.openedAt.toJSDate()))
  await addTimeline(trx, row.id, entries)
  await refreshSla(trx, row, row.openedAt.toJSDate())
  if (row.type === 'security' || row.legalDueAt) await refreshLegalAlarms(trx, row)
}

/** Opens an incident nobody typed (monitoring, detections, changes): its texts are messages. */
export async function openIncident(trx: TransactionClientContract, spec: NewIncident, actor: Actor = SYSTEM_ACTOR) {
  const title = textParts(spec.title)
  const description = textParts(spec.description)
  const row = new Incident()
  row.useTransaction(trx)
  await numberNew(trx, row, spec.at)
  if (spec.groupId) await checkGroup(trx, spec.groupId, spec)
  const groupId = spec.groupId !== undefined ? spec.groupId : await routedGroup(trx, spec)
  row.merge({
    title: title.plain!.slice(0, 300),
    description: description.plain,
    texts: title.stored || description.stored ? { title: title.stored, description: description.stored } : null,
    type: spec.type,
    priority: await priorityOf(trx, spec),
    impact: spec.impact ?? null,
    urgency: spec.urgency ?? null,
    groupId,
    status: 'new',
    agencyId: spec.agencyId,
    reportedById: actor.id,
    assigneeId: null,
    resolution: null,
    parentId: null,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
  })
  await row.save()
  await attachItems(trx, row.id, spec.items)
  await recordAudit(trx, actor, [{ action: 'create', entity: 'incidents', entityId: row.id, before: null, after: row.serialize() }])
  await recordOpened(trx, actor, row, spec.groupId === undefined)
  return row
}

export async function attachItems(trx: TransactionClientContract, incidentId: number, items: NewIncident['items']) {
  if (!items.length) return
  await trx
    .knexQuery()
    .table('incident_items')
    .insert(items.map((i) => ({ incident_id: incidentId, ...i })))
    .onConflict(['incident_id', 'item_type', 'item_id'])
    .ignore()
}

export async function findForUpdate(trx: TransactionClientContract, id: number) {
  return Incident.query({ client: trx }).where('id', id).forUpdate().first()
}

/** Saves a change to an incident with its audit row and timeline entries, and its SLA clock. */
export async function saveChange(trx: TransactionClientContract, actor: Actor, row: Incident, before: Record<string, unknown>, entries: TimelineEntry[]) {
  await saveWithTimeline(trx, actor, row, before, entries)
  await refreshSla(trx, row, entries.at(-1)?.at ?? new Date())
  // The legal clocks of a security incident (app/security_grading/) alarm on the same queue.
  if (row.type === 'security' || row.legalDueAt) await refreshLegalAlarms(trx, row)
}

async function assignedEntry(trx: TransactionClientContract, actor: Actor, assigneeId: number, at: Date): Promise<TimelineEntry> {
  const assignee = await trx.from('users').where('id', assigneeId).select('full_name', 'email').first()
  return {
    kind: 'assigned',
    at,
    actor,
    message: message('incidents.timeline_assigned', { assignee: assignee?.full_name || assignee?.email || `#${assigneeId}` }),
  }
}

/**
 * Whether a user may be handed this incident: an active account whose role works its type and
 * whose scope holds its agency. One answer for every refusal, so ids of accounts elsewhere
 * cannot be told from ids that do not exist.
 */
export async function checkAssignee(trx: TransactionClientContract, assigneeId: number, incident: { type: IncidentType; agencyId: number }) {
  const assignee = await User.find(assigneeId, { client: trx })
  const eligible =
    assignee !== null &&
    assignee.active &&
    mayBeAssigned(assignee.role, incident.type) &&
    (await isInScope(assignee, incident.agencyId, trx))
  if (!eligible) throw new FieldError('assignee_id', message('incidents.assignee_not_eligible', { id: assigneeId }))
}

export function refuseType(user: User, type: IncidentType) {
  if (!mayHandle(user.role, type)) throw new ForbiddenError(message('incidents.type_not_handled', { role: user.role, type }))
}

/**
 * Carries out one command of a person. Null when the incident is not one the user may see (the
 * same answer as one that does not exist).
 */
export async function runCommand(user: User, id: number, body: CommandBody) {
  const outcome = await db.transaction(async (trx) => {
    const row = await findForUpdate(trx, id)
    if (!row || !(await isInScope(user, row.agencyId, trx))) return null
    refuseType(user, row.type)
    const at = new Date()
    await applyCommand(trx, actorOf(user), row, body, at)
    if (body.command === 'resolve' && body.resolveChildren) await resolveChildren(trx, user, row, at)
    const type: EventType = body.command === 'assign' ? 'incident.assigned' : body.command === 'resolve' ? 'incident.resolved' : 'incident.moved'
    const events = [await incidentEvent(trx, type, row, at)]
    return { row, events, kept: await keepEvents(trx, events) }
  })
  if (!outcome) return null
  await publishKept(outcome.events, outcome.kept)
  return outcome.row
}

/**
 * The announcement of what a person did to an incident, in the one envelope every notifier
 * reads: written to the outbox with the change, sent once it has committed. A command with
 * words of its own (grading, the authority report) gives its summary.
 */
export async function incidentEvent(trx: TransactionClientContract, type: EventType, row: Incident, at: Date, summary?: Message): Promise<NotificationEvent> {
  const assignee = row.assigneeId ? await trx.from('users').where('id', row.assigneeId).select('full_name', 'email').first() : null
  const incident = { id: row.id, number: row.number, title: row.title, priority: row.priority, status: row.status, assignee_id: row.assigneeId }
  return envelope({
    type,
    at,
    subject: { kind: 'incident', id: row.id },
    agency_id: row.agencyId,
    priority: row.priority,
    summary: summary ?? message('events.incident', {
      type, number: row.number, title: headlineTitleOf(row), status: row.status, assignee: assignee ? assignee.full_name || assignee.email : null,
    }),
    payload: { incident, detail: null },
  })
}

/**
 * Announces an incident a person opened (the form, the API), as monitoring announces the ones it
 * opens: incident.opened through the outbox of the opening transaction, sent once it commits.
 */
export async function announceOpened(trx: TransactionClientContract, row: Incident) {
  await announceOnCommit(trx, [await incidentEvent(trx, 'incident.opened', row, row.openedAt.toJSDate())])
}

/** The statuses of an incident still being worked: those resolve may be given from. */
export const OPEN_STATUSES = COMMAND_MOVES.resolve.from

/**
 * Resolves a major incident's open children with its resolution, each through its own command
 * (its own timeline and audit). Children the person may not work (another agency, another
 * team's type) are left open: the parent's answer counts them.
 */
async function resolveChildren(trx: TransactionClientContract, user: User, parent: Incident, at: Date) {
  const children = await Incident.query({ client: trx }).where('parent_id', parent.id).whereIn('status', [...OPEN_STATUSES]).orderBy('id').forUpdate()
  const actor = actorOf(user)
  for (const child of children) {
    if (!mayHandle(user.role, child.type) || !(await isInScope(user, child.agencyId, trx))) continue
    await applyCommand(trx, actor, child, { command: 'resolve', resolution: parent.resolution ?? '' }, at)
    await addTimeline(trx, child.id, [{ kind: 'parent', at, actor, message: message('incidents.timeline_resolved_with_parent', { parent: parent.number }) }])
  }
}

/**
 * One command on a locked incident, by whoever gives it (a person through runCommand, the demo
 * replaying its history). A move the incident does not offer now is a 422 on `status` naming
 * the commands it does.
 */
export async function applyCommand(trx: TransactionClientContract, actor: Actor, row: Incident, body: CommandBody, at: Date) {
  const from = row.status
  const to = commandTarget(body.command, from)
  if (to === null) {
    throw new FieldError('status', message('incidents.command_refused', { command: body.command, from, allowed: commandsFor(from) }))
  }
  const before = row.serialize()
  const entries: TimelineEntry[] = []
  let moveMessage: Message = message('incidents.timeline_moved', { from, to })
  let moveBody: string | null = 'note' in body ? (body.note ?? null) : null

  switch (body.command) {
    case 'assign':
      if (body.groupId !== undefined && body.groupId !== row.groupId) {
        if (body.groupId !== null) await checkGroup(trx, body.groupId, row)
        entries.push(await groupEntry(trx, actor, body.groupId, at))
        row.groupId = body.groupId
      }
      if (body.assigneeId !== null) {
        await checkAssignee(trx, body.assigneeId, row)
        // Handed to a group and a person at once: the person works in that group.
        if (body.groupId) await checkMember(trx, body.groupId, body.assigneeId)
        entries.push(await assignedEntry(trx, actor, body.assigneeId, at))
      } else {
        entries.push({ kind: 'assigned', at, actor, message: message('incidents.timeline_unassigned') })
      }
      row.assigneeId = body.assigneeId
      if (body.note) entries.push({ kind: 'note', at, actor, body: body.note })
      moveBody = null
      break
    case 'hold':
      moveMessage = message('incidents.timeline_hold', { reason: body.reason })
      break
    case 'resolve':
      row.resolution = body.resolution
      row.texts = row.texts ? { ...row.texts, resolution: null } : null
      moveBody = body.resolution
      break
    case 'reopen':
    case 'cancel':
      moveBody = body.reason
      break
  }
  if (to !== from) {
    applyClock(row, from, to, at, 'person')
    entries.push({ kind: 'moved', at, actor, fromStatus: from, toStatus: to, message: moveMessage, body: moveBody })
  }
  await saveChange(trx, actor, row, before, entries)
  return row
}

/** A person's note or work log (time spent, in minutes). */
export async function addNote(user: User, id: number, note: { body: string; minutesSpent: number | null }) {
  const actor = actorOf(user)
  return db.transaction(async (trx) => {
    const row = await findForUpdate(trx, id)
    if (!row || !(await isInScope(user, row.agencyId, trx))) return null
    refuseType(user, row.type)
    const [entry] = await addTimeline(trx, row.id, [
      { kind: note.minutesSpent ? 'worklog' : 'note', at: new Date(), actor, body: note.body, minutesSpent: note.minutesSpent },
    ])
    await recordAudit(trx, actor, [{ action: 'create', entity: 'incident_timeline', entityId: entry.id, before: null, after: entry }])
    return row
  })
}

/**
 * Files the incident under a problem (or takes it out, with null): the problem service decides
 * whether it may, this writes the incident's side with its timeline entry and audit row.
 */
export async function linkProblem(trx: TransactionClientContract, actor: Actor, row: Incident, problem: { id: number; number: string } | null, at: Date) {
  const before = row.serialize()
  row.problemId = problem?.id ?? null
  await saveChange(trx, actor, row, before, [
    { kind: 'problem', at, actor, message: message('incidents.timeline_problem', { problem: problem?.number ?? null }) },
  ])
}

/**
 * What monitoring saw after the incident opened (flapping, a change of state), as a message;
 * audited as a person's note is, so the audit log holds every line of an incident's timeline.
 */
export async function noteBySystem(trx: TransactionClientContract, incidentId: number, text: Message, at: Date) {
  const [entry] = await addTimeline(trx, incidentId, [{ kind: 'monitoring', at, actor: SYSTEM_ACTOR, message: text }])
  await recordAudit(trx, SYSTEM_ACTOR, [{ action: 'create', entity: 'incident_timeline', entityId: entry.id, before: null, after: entry }])
}

/**
 * Settles an incident after its link or device came back. Nobody has taken it (still 'new'):
 * resolved with the recovery as its resolution. Someone has: only a note, as they may know more
 * than the poll does.
 */
export async function settleOnRecovery(trx: TransactionClientContract, row: Incident, recovery: { subject: string; at: Date }) {
  const at = recovery.at
  const minutes = Math.max(0, Math.round((at.getTime() - row.openedAt.toMillis()) / 60000))
  const base = { subject: recovery.subject, at: at.toISOString(), minutes }
  const from = row.status
  if (commandTarget('resolve', from) !== null && from === 'new') {
    const before = row.serialize()
    const resolution = message('incidents.recovered', base)
    applyClock(row, from, 'resolved', at, 'system')
    row.resolution = resolution.in('en')
    row.texts = { ...(row.texts ?? {}), resolution: storedMessage(resolution) }
    await saveChange(trx, SYSTEM_ACTOR, row, before, [
      {
        kind: 'moved', at, actor: SYSTEM_ACTOR, fromStatus: from, toStatus: 'resolved',
        message: message('incidents.recovery_settled', { ...base, outcome: 'resolved', status: 'resolved' }),
      },
    ])
    return 'resolved' as const
  }
  await noteBySystem(trx, row.id, message('incidents.recovery_settled', { ...base, outcome: 'left', status: from }), at)
  return 'noted' as const
}

/**
 * Monitoring raises priority when an outage worsens, stating the worse impact and urgency and
 * letting the matrix rank them; it never lowers what a person set.
 */
export async function raisePriority(trx: TransactionClientContract, row: Incident, worse: { impact: Impact; urgency: Urgency }, at: Date) {
  const priority = await priorityOf(trx, worse)
  if (priority >= row.priority) return false
  const before = row.serialize()
  const from = row.priority
  row.priority = priority
  row.impact = worse.impact
  row.urgency = worse.urgency
  await saveChange(trx, SYSTEM_ACTOR, row, before, [
    { kind: 'priority', at, actor: SYSTEM_ACTOR, message: message('incidents.timeline_priority', { from, to: priority }) },
  ])
  return true
}

/** Who this incident may be handed to (as checkAssignee decides), by name, at most 200. */
export async function assigneesOf(incident: Incident, search: string | null) {
  const roles = ROLES.filter((role) => mayBeAssigned(role, incident.type))
  const holds = scopeHoldsCondition('u.agency_id', incident.agencyId)
  const query = db
    .from('users as u')
    .where('u.active', true)
    .whereIn('u.role', roles)
    .whereRaw(holds.sql, holds.bindings)
    .orderByRaw('coalesce(u.full_name, u.email)')
    .limit(200)
    .select('u.id', 'u.full_name', 'u.email', 'u.role', 'u.agency_id')
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, '\\$&')}%`
    query.where((q) => q.whereILike('u.full_name', like).orWhereILike('u.email', like))
  }
  const rows = await query
  return rows.map((r) => ({ id: r.id, name: r.full_name || r.email, email: r.email, role: r.role, agency_id: r.agency_id }))
}
