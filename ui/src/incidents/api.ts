import { HttpError } from 'react-admin'
import type { IncidentCommand, IncidentStatus } from '../../../shared/incident_lifecycle'
import { API, httpClient } from '../common/http'
import { getJson, useApiQuery } from '../noc/api'

/**
 * The incident's workflow endpoints beside its resource routes: the commands
 * (POST /api/incidents/:id/<command>), notes and the timeline (app/incidents/incident_routes.ts).
 */

export interface TimelineEntry {
  id: number
  at: string
  kind: string
  actor: { id: number | null; email: string | null; name: string | null }
  from_status: IncidentStatus | null
  to_status: IncidentStatus | null
  /** What the system wrote, already in the reader's language. */
  text: string | null
  /** What a person wrote: a note, a resolution, a reason. */
  body: string | null
  minutes_spent: number | null
}

export const timelineKey = (id: number | string) => ['incidents', 'timeline', String(id)]

/** The incident's timeline (oldest first, as the API answers it); read once there is an id. */
export function useTimeline(id: number | string | undefined) {
  return useApiQuery(timelineKey(id ?? ''), (signal) => getJson<TimelineEntry[]>(`/incidents/${id}/timeline`, signal), {
    enabled: id !== undefined && id !== '',
    keepPrevious: false,
  })
}

export async function runCommand(id: number | string, command: IncidentCommand, body: Record<string, unknown>) {
  const { json } = await httpClient(`${API}/incidents/${id}/${command}`, { method: 'POST', body: JSON.stringify(body) })
  return json as Record<string, unknown>
}

export async function addNote(id: number | string, body: { body: string; minutes_spent?: number | null }) {
  const { json } = await httpClient(`${API}/incidents/${id}/notes`, { method: 'POST', body: JSON.stringify(body) })
  return json as TimelineEntry[]
}

/**
 * A refused request as the dialog shows it: the API's message (its first, for a 422 the one
 * toHttpError put first) above the form, and a 422's field messages on their inputs.
 */
export function refusal(error: unknown): { message: string; fields: Record<string, string> } {
  if (!(error instanceof HttpError)) return { message: String((error as Error)?.message ?? error), fields: {} }
  const errors = (error.body?.errors ?? {}) as Record<string, unknown>
  const fields: Record<string, string> = {}
  for (const [field, text] of Object.entries(errors)) if (field !== 'root' && typeof text === 'string') fields[field] = text
  return { message: error.message, fields }
}
