import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Incident from '#app/incidents/incident'
import { canMove, incidentNumber, stampClock } from '#app/incidents/incident_workflow'
import { recordAudit, diff, SYSTEM_ACTOR } from '#app/audit/audit_log'
import type { Priority } from '#app/monitoring/link_health/alarm_rules'

/**
 * Incidents that monitoring opens and settles by itself. They follow the same rules as those
 * people enter through the API (numbering from the shared sequence, the workflow's allowed moves
 * and clock stamps, an audit record) with the system as the actor and no reporter.
 */

export interface NewIncident {
  title: string
  description: string
  priority: Priority
  agencyId: number
  items: Array<{ item_type: 'link' | 'device'; item_id: number }>
  at: Date
}

export async function openIncident(trx: TransactionClientContract, spec: NewIncident) {
  const { rows } = await trx.rawQuery(`SELECT nextval('incident_number_seq') AS n`)
  const row = new Incident()
  row.useTransaction(trx)
  row.merge({
    number: incidentNumber(spec.at.getUTCFullYear(), Number(rows[0].n)),
    title: spec.title.slice(0, 300),
    description: spec.description,
    type: 'service',
    priority: spec.priority,
    status: 'new',
    agencyId: spec.agencyId,
    reportedById: null,
    assigneeId: null,
    resolution: null,
    openedAt: DateTime.fromJSDate(spec.at),
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
  })
  await row.save()
  await addItems(trx, row.id, spec.items)
  await recordAudit(trx, SYSTEM_ACTOR, [
    { action: 'create', entity: 'incidents', entityId: row.id, before: null, after: row.serialize() },
  ])
  return row
}

export async function addItems(trx: TransactionClientContract, incidentId: number, items: NewIncident['items']) {
  if (!items.length) return
  await trx
    .knexQuery()
    .table('incident_items')
    .insert(items.map((i) => ({ incident_id: incidentId, ...i })))
    .onConflict(['incident_id', 'item_type', 'item_id'])
    .ignore()
}

export async function addNote(trx: TransactionClientContract, incidentId: number, body: string, at: Date) {
  const [note] = await trx
    .insertQuery()
    .table('incident_notes')
    .insert({ incident_id: incidentId, at, author_id: null, author_email: SYSTEM_ACTOR.email, body })
    .returning(['id', 'incident_id', 'at', 'author_email', 'body'])
  await recordAudit(trx, SYSTEM_ACTOR, [
    { action: 'create', entity: 'incident_notes', entityId: note.id, before: null, after: { ...note, at: at.toISOString() } },
  ])
  return note
}

async function save(trx: TransactionClientContract, row: Incident, change: (row: Incident) => void) {
  const before = row.serialize()
  change(row)
  row.useTransaction(trx)
  await row.save()
  const changes = diff(before, row.serialize())
  if (changes.changed) {
    await recordAudit(trx, SYSTEM_ACTOR, [
      { action: 'update', entity: 'incidents', entityId: row.id, before: changes.before, after: changes.after },
    ])
  }
}

export async function findForUpdate(trx: TransactionClientContract, id: number) {
  return Incident.query({ client: trx }).where('id', id).forUpdate().first()
}

/**
 * Settles an incident after its link or device came back. Nobody has taken it (still 'new'):
 * resolved with the recovery as its resolution. Someone has: only a note, as they may know more
 * than the poll does.
 */
export async function settle(trx: TransactionClientContract, row: Incident, text: string, at: Date) {
  if (row.status === 'new' && canMove('new', 'resolved')) {
    await save(trx, row, (r) => {
      const clock = stampClock(
        'new',
        'resolved',
        {
          acknowledgedAt: r.acknowledgedAt?.toJSDate() ?? null,
          resolvedAt: r.resolvedAt?.toJSDate() ?? null,
          closedAt: r.closedAt?.toJSDate() ?? null,
        },
        at
      )
      r.status = 'resolved'
      r.resolution = text
      r.acknowledgedAt = clock.acknowledgedAt ? DateTime.fromJSDate(clock.acknowledgedAt) : null
      r.resolvedAt = clock.resolvedAt ? DateTime.fromJSDate(clock.resolvedAt) : null
    })
    await addNote(trx, row.id, `${text} Resolved automatically: nobody had taken the incident.`, at)
    return 'resolved' as const
  }
  await addNote(trx, row.id, `${text} Left ${row.status}: it has been taken, so a person decides.`, at)
  return 'noted' as const
}

export async function raisePriority(trx: TransactionClientContract, row: Incident, priority: Priority) {
  if (priority >= row.priority) return false
  await save(trx, row, (r) => {
    r.priority = priority
  })
  return true
}
