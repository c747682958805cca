import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { IncidentType } from '#app/incidents/incident_workflow'
import type { WorkingTime, CalendarKind } from '#app/service_levels/business_calendar'
import type { Priority, SlaTerms } from '#app/service_levels/sla_clock'
import { loadBusinessTime } from '#app/service_levels/office_calendar'

/** A policy as the clock counts it and as the API names it. */
export interface PolicyTerms extends SlaTerms {
  id: number
}

/** Everything an SLA clock needs besides the incident: the policies and the office's time. */
export interface ServiceTerms {
  policyOf(type: IncidentType, priority: Priority): PolicyTerms | null
  business: WorkingTime
}

type Client = QueryClientContract | TransactionClientContract

/** Reads the terms afresh; inside a transaction, with what it has changed but not yet committed. */
export async function loadTerms(client: Client = db.connection()): Promise<ServiceTerms> {
  const [rows, business] = await Promise.all([
    client.from('sla_policies').select('id', 'type', 'priority', 'respond_minutes', 'resolve_minutes', 'calendar'),
    loadBusinessTime(client),
  ])
  const policies = new Map<string, PolicyTerms>(
    rows.map((r) => [
      `${r.type}/${r.priority}`,
      {
        id: r.id,
        type: r.type as IncidentType,
        priority: r.priority as Priority,
        respondMinutes: r.respond_minutes,
        resolveMinutes: r.resolve_minutes,
        calendar: r.calendar as CalendarKind,
      },
    ])
  )
  return { policyOf: (type, priority) => policies.get(`${type}/${priority}`) ?? null, business }
}

/**
 * Every page of incidents needs the terms, which change a few times a year: they are kept for a
 * short while. The process that changes them forgets them at once (forgetTerms); another process
 * (a worker, a second API server) sees the change within TERMS_TTL_MS, and what it stores on
 * incidents is recomputed by the change itself (refreshOpenIncidents).
 */
export const TERMS_TTL_MS = 30_000
let cached: { until: number; terms: Promise<ServiceTerms> } | null = null

/**
 * `client`: the transaction the caller is in. When the kept terms are stale they are then read
 * through it, never through a second connection from the pool: a transaction that holds a lock
 * (the audit log's) and waits for a connection, while every pooled connection waits for that
 * lock, never ends (monitoring:work stopped writing that way under load).
 */
export function currentTerms(client?: TransactionClientContract): Promise<ServiceTerms> {
  if (client && (!cached || cached.until < Date.now())) return loadTerms(client)
  if (!cached || cached.until < Date.now()) {
    const terms = loadTerms()
    cached = { until: Date.now() + TERMS_TTL_MS, terms }
    terms.catch(() => {
      if (cached?.terms === terms) cached = null
    })
  }
  return cached.terms
}

export function forgetTerms() {
  cached = null
}
