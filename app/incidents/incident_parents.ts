import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { isInScope } from '#app/access/scope'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { addTimeline } from '#app/incidents/incident_timeline'
import { actorOf, findForUpdate, refuseType, saveChange } from '#app/incidents/incident_service'

/**
 * Major incidents: one incident stands for an outage that many others report, and those become
 * its children. A major incident is never itself a child, and a child has no children, so the
 * tree is one level deep and no loop can form. Resolving the parent may resolve its open
 * children (incident_service.ts runCommand, `resolve_children`).
 */

/**
 * Makes an incident a child of a major incident, or (null) takes it out. Null when the person
 * may not see the incident; a parent they may not see reads as one that does not exist.
 */
export async function linkParent(user: User, id: number, parentId: number | null) {
  const actor = actorOf(user)
  return db.transaction(async (trx) => {
    const row = await findForUpdate(trx, id)
    if (!row || !(await isInScope(user, row.agencyId, trx))) return null
    refuseType(user, row.type)
    if (parentId === row.parentId) return row
    const at = new Date()
    const parent = parentId === null ? null : await findForUpdate(trx, parentId)
    if (parentId !== null) {
      if (parentId === row.id) throw new FieldError('parent_id', message('incidents.parent_self'))
      if (!parent || !(await isInScope(user, parent.agencyId, trx))) throw new FieldError('parent_id', message('incidents.parent_not_found', { id: parentId }))
      if (parent.parentId !== null) throw new FieldError('parent_id', message('incidents.parent_is_child', { number: parent.number }))
      if (parent.status === 'closed' || parent.status === 'cancelled') {
        throw new FieldError('parent_id', message('incidents.parent_final', { number: parent.number, status: parent.status }))
      }
      const ownChild = await trx.from('incidents').where('parent_id', row.id).select('id').first()
      if (ownChild) throw new FieldError('parent_id', message('incidents.child_has_children'))
    }
    const previous = row.parentId === null ? null : await findForUpdate(trx, row.parentId)
    const before = row.serialize()
    row.parentId = parentId
    await saveChange(trx, actor, row, before, [
      { kind: 'parent', at, actor, message: message('incidents.timeline_parent', { parent: parent?.number ?? null }) },
    ])
    // Each parent's timeline shows the children it gained and lost.
    if (previous) await addTimeline(trx, previous.id, [{ kind: 'parent', at, actor, message: message('incidents.timeline_child', { child: row.number, linked: false }) }])
    if (parent) await addTimeline(trx, parent.id, [{ kind: 'parent', at, actor, message: message('incidents.timeline_child', { child: row.number, linked: true }) }])
    return row
  })
}
