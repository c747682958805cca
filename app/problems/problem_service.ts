import { DateTime } from 'luxon'
import { announceProblem } from '#app/problems/problem_events'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import Incident from '#app/incidents/incident'
import Problem from '#app/problems/problem'
import { isInScope, subtreeQuery } from '#app/access/scope'
import { recordAudit, type Actor } from '#app/audit/audit_log'
import { FieldError, ForbiddenError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { mayHandle } from '#app/incidents/incident_workflow'
import { actorOf, applyCommand, findForUpdate, linkProblem } from '#app/incidents/incident_service'
import { addProblemTimeline, saveProblem, type ProblemEntry } from '#app/problems/problem_timeline'
import {
  OPEN_INCIDENT_STATUSES,
  groupsIncidents,
  problemCommandTarget,
  problemCommandsFor,
  stampProblemClock,
} from '#shared/problem_lifecycle'

/**
 * The one owner of problems' moves and of the incidents filed under them. Each change checks the
 * lifecycle (shared/problem_lifecycle.ts) and writes its timeline entries and audit rows in the
 * same transaction as the problem; an incident's side goes through the incident service.
 */

/** What each command's body carries, once validated (problem_routes.ts). */
export type ProblemCommandBody =
  | { command: 'investigate'; note?: string | null }
  | { command: 'identify'; rootCause: string; workaround: string }
  | { command: 'resolve'; resolution: string; resolveIncidents: boolean }
  | { command: 'close'; note?: string | null }
  | { command: 'reopen'; reason: string }
  | { command: 'cancel'; reason: string }

/** Who may have an incident resolved for them: a person only those in their scope and of the type their role works. */
export type IncidentReach = (incident: Incident, trx: TransactionClientContract) => Promise<boolean>

export const reachOf =
  (user: User): IncidentReach =>
  async (incident, trx) =>
    mayHandle(user.role, incident.type) && (await isInScope(user, incident.agencyId, trx))

export function problemNumber(year: number, sequence: number) {
  return `PRB-${year}-${String(sequence).padStart(6, '0')}`
}

/** Gives a new problem its number, opening time and first timeline entry (people's and the demo's alike). */
export async function numberProblem(trx: TransactionClientContract, row: Problem, at: Date) {
  const { rows } = await trx.rawQuery(`SELECT nextval('problem_number_seq') AS n`)
  row.number = problemNumber(at.getUTCFullYear(), Number(rows[0].n))
  row.openedAt = DateTime.fromJSDate(at)
  row.status = 'new'
}

export async function recordProblemOpened(trx: TransactionClientContract, actor: Actor, row: Problem) {
  await addProblemTimeline(trx, row.id, [
    { kind: 'opened', at: row.openedAt.toJSDate(), actor, toStatus: row.status, message: message('problems.timeline_opened') },
  ])
}

const lockProblem = (trx: TransactionClientContract, id: number) => Problem.query({ client: trx }).where('id', id).forUpdate().first()

/** The problem locked for a change, or null when the user's scope does not hold it (the same answer as none). */
async function problemFor(trx: TransactionClientContract, user: User, id: number) {
  const row = await lockProblem(trx, id)
  return row && (await isInScope(user, row.agencyId, trx)) ? row : null
}

/** Carries out one command of a person (a resolution announced once it commits); null when the problem is not one they may see. */
export async function runProblemCommand(user: User, id: number, body: ProblemCommandBody) {
  return db.transaction(async (trx) => {
    const row = await problemFor(trx, user, id)
    if (!row) return null
    const at = new Date()
    const done = await applyProblemCommand(trx, actorOf(user), row, body, at, reachOf(user))
    if (body.command === 'resolve') await announceProblem(trx, row, 'problem.resolved', at)
    return done
  })
}

/**
 * One command on a locked problem. Resolving with `resolveIncidents` resolves each of its open
 * incidents that `reach` allows through the incident service, each with its own timeline entry
 * and audit row; the answer says how many were open and how many were resolved.
 */
export async function applyProblemCommand(
  trx: TransactionClientContract,
  actor: Actor,
  row: Problem,
  body: ProblemCommandBody,
  at: Date,
  reach: IncidentReach
) {
  const from = row.status
  const to = problemCommandTarget(body.command, from)
  if (to === null) {
    throw new FieldError('status', message('problems.command_refused', { command: body.command, from, allowed: problemCommandsFor(from) }))
  }
  const before = row.serialize()
  const moved = { at, actor, fromStatus: from, toStatus: to }
  let entry: ProblemEntry = { kind: 'moved', ...moved, message: message('problems.timeline_moved', { from, to }), body: null }
  switch (body.command) {
    case 'identify':
      row.rootCause = body.rootCause
      row.workaround = body.workaround
      entry = { kind: 'known_error', ...moved, message: message('problems.timeline_known_error') }
      break
    case 'resolve':
      row.resolution = body.resolution
      entry.body = body.resolution
      break
    case 'reopen':
    case 'cancel':
      entry.body = body.reason
      break
    default:
      entry.body = body.note ?? null
  }
  const clock = stampProblemClock(from, to, {
    knownErrorAt: row.knownErrorAt?.toJSDate() ?? null,
    resolvedAt: row.resolvedAt?.toJSDate() ?? null,
    closedAt: row.closedAt?.toJSDate() ?? null,
  }, at)
  row.status = to
  row.knownErrorAt = clock.knownErrorAt ? DateTime.fromJSDate(clock.knownErrorAt) : null
  row.resolvedAt = clock.resolvedAt ? DateTime.fromJSDate(clock.resolvedAt) : null
  row.closedAt = clock.closedAt ? DateTime.fromJSDate(clock.closedAt) : null
  const entries = [entry]

  const incidents = { open: 0, resolved: 0 }
  if (body.command === 'resolve') {
    const open = await Incident.query({ client: trx })
      .where('problem_id', row.id)
      .whereIn('status', [...OPEN_INCIDENT_STATUSES])
      .orderBy('id')
      .forUpdate()
    incidents.open = open.length
    if (body.resolveIncidents) {
      for (const incident of open) {
        if (!(await reach(incident, trx))) continue
        await applyCommand(trx, actor, incident, { command: 'resolve', resolution: body.resolution }, at)
        incidents.resolved++
      }
      entries.push({ kind: 'incidents_resolved', at, actor, message: message('problems.timeline_incidents_resolved', incidents) })
    }
  }
  await saveProblem(trx, actor, row, before, entries)
  return { row, incidents }
}

/**
 * The incident a person names to link or unlink: one outside their scope is answered as one that
 * does not exist, and one of a type their role does not work is refused as the incident routes do.
 */
async function incidentFor(trx: TransactionClientContract, user: User, id: number) {
  const incident = await findForUpdate(trx, id)
  if (!incident || !(await isInScope(user, incident.agencyId, trx))) {
    throw new FieldError('incident_id', message('problems.incident_unknown', { id }))
  }
  if (!mayHandle(user.role, incident.type)) {
    throw new ForbiddenError(message('incidents.type_not_handled', { role: user.role, type: incident.type }))
  }
  return incident
}

function refuseUnlessGrouping(row: Problem) {
  if (!groupsIncidents(row.status)) throw new FieldError('status', message('problems.not_grouping', { status: row.status }))
}

/** Files an incident under the problem (moving it from another problem if it had one); null when the problem is not the user's to see. */
export async function linkIncident(user: User, problemId: number, incidentId: number) {
  return db.transaction(async (trx) => {
    const row = await problemFor(trx, user, problemId)
    if (!row) return null
    refuseUnlessGrouping(row)
    const incident = await incidentFor(trx, user, incidentId)
    // An agency's problem groups that agency's incidents (and those of the agencies below it).
    if (row.agencyId !== null && !(await subtreeQuery(row.agencyId, trx).where('id', incident.agencyId).first())) {
      throw new FieldError('incident_id', message('problems.incident_outside', { incident: incident.number, problem: row.number }))
    }
    await fileIncident(trx, actorOf(user), row, incident, new Date())
    return row
  })
}

/** Files a locked incident under a problem, whoever asks (a person through linkIncident, the demo). */
export async function fileIncident(trx: TransactionClientContract, actor: Actor, row: Problem, incident: Incident, at: Date) {
  if (incident.problemId === row.id) return
  if (incident.problemId !== null) {
    await addProblemTimeline(trx, incident.problemId, [
      { kind: 'unlinked', at, actor, message: message('problems.timeline_unlinked', { incident: incident.number }) },
    ])
  }
  await linkProblem(trx, actor, incident, { id: row.id, number: row.number }, at)
  await addProblemTimeline(trx, row.id, [{ kind: 'linked', at, actor, message: message('problems.timeline_linked', { incident: incident.number }) }])
}

/** Opens a problem nobody typed into the form (the demo): numbered, audited and on its timeline like one that was. */
export async function openProblem(
  trx: TransactionClientContract,
  actor: Actor,
  spec: { title: string; description: string | null; priority: Problem['priority']; agencyId: number | null; at: Date }
) {
  const row = new Problem()
  row.useTransaction(trx)
  await numberProblem(trx, row, spec.at)
  row.merge({ title: spec.title, description: spec.description, priority: spec.priority, agencyId: spec.agencyId, reportedById: actor.id })
  await row.save()
  await recordAudit(trx, actor, [{ action: 'create', entity: 'problems', entityId: row.id, before: null, after: row.serialize() }])
  await recordProblemOpened(trx, actor, row)
  return row
}

/** Takes an incident out of the problem; null when the problem is not the user's to see. */
export async function unlinkIncident(user: User, problemId: number, incidentId: number) {
  const actor = actorOf(user)
  return db.transaction(async (trx) => {
    const row = await problemFor(trx, user, problemId)
    if (!row) return null
    refuseUnlessGrouping(row)
    const incident = await incidentFor(trx, user, incidentId)
    if (incident.problemId !== row.id) {
      throw new FieldError('incident_id', message('problems.incident_not_linked', { incident: incidentId, problem: row.number }))
    }
    const at = new Date()
    await linkProblem(trx, actor, incident, null, at)
    await addProblemTimeline(trx, row.id, [{ kind: 'unlinked', at, actor, message: message('problems.timeline_unlinked', { incident: incident.number }) }])
    return row
  })
}
