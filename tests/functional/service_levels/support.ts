import db from '@adonisjs/lucid/services/db'
import type { Actor } from '#app/audit/audit_log'
import { applyCommand, findForUpdate, openIncident, type CommandBody, type Priority } from '#app/incidents/incident_service'
import type { IncidentType } from '#app/incidents/incident_workflow'
import { forgetTerms } from '#app/service_levels/sla_terms'

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE

/** A whole second, so instants compare exactly after a round trip through PostgreSQL. */
export const second = (ms: number) => new Date(Math.floor(ms / 1000) * 1000)

type Policy = { type: IncidentType; priority: Priority; respond_minutes: number; resolve_minutes: number; calendar: '24x7' | 'business' }

/** Replaces the policies with these (tests run one after another; each sets what it counts on). */
export async function usePolicies(policies: Policy[]) {
  await db.from('sla_policies').delete()
  const rows = await db.table('sla_policies').multiInsert(policies).returning('*')
  forgetTerms()
  return rows as Array<Policy & { id: number }>
}

export const P2_AROUND_THE_CLOCK: Policy = { type: 'service', priority: 'P2', respond_minutes: 30, resolve_minutes: 480, calendar: '24x7' }
export const P3_OFFICE_HOURS: Policy = { type: 'service', priority: 'P3', respond_minutes: 240, resolve_minutes: 1620, calendar: 'business' }

/** Opens an incident through the service at a chosen time, as the demo replays history. */
export async function openAt(agencyId: number, at: Date, priority: Priority = 'P2', type: IncidentType = 'service') {
  return db.transaction((trx) =>
    openIncident(trx, { title: 'Uplink down at the ministry', description: null, type, priority, agencyId, items: [], at })
  )
}

/** One command through the service at a chosen time. */
export async function commandAt(actor: Actor, id: number, body: CommandBody, at: Date) {
  return db.transaction(async (trx) => applyCommand(trx, actor, (await findForUpdate(trx, id))!, body, at))
}

export async function storedClock(id: number) {
  const row = await db.from('incidents').where('id', id).select('respond_due_at', 'resolve_due_at', 'sla_due_at', 'sla_paused', 'sla_breached').first()
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null)
  return {
    respond_due_at: iso(row.respond_due_at),
    resolve_due_at: iso(row.resolve_due_at),
    sla_due_at: iso(row.sla_due_at),
    sla_paused: row.sla_paused,
    sla_breached: row.sla_breached,
  }
}
