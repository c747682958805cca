import { API, httpClient } from '../common/http'
import { apiFilter } from '../dataProvider'

/** The indicator endpoints beside the resource routes (app/indicators/indicator_routes.ts). */

export interface ImportOutcome {
  created: number
  updated: number
  unchanged: number
  skipped: Array<{ path: string; reason: string; detail?: string; message: string }>
}

export async function importDocument(text: string, options: { format: string; tlp: string; sharingGroupId: number | null }) {
  const query = new URLSearchParams({ tlp: options.tlp })
  if (options.format !== 'auto') query.set('format', options.format)
  if (options.sharingGroupId) query.set('sharing_group_id', String(options.sharingGroupId))
  const { json } = await httpClient(`${API}/indicators/import?${query}`, { method: 'POST', body: text })
  return json as ImportOutcome
}

/** A file of the listed indicators, with the list's filter (the server leaves out what may not leave). */
export function exportUrl(file: 'export.stix.json' | 'export.misp.json' | 'export.csv', filter: Record<string, unknown>) {
  return `${API}/indicators/${file}?filter=${encodeURIComponent(JSON.stringify(apiFilter(filter)))}`
}

export async function publishAttacker(incidentId: number | string, body: { value: string; tlp: string; sharing_group_id: number | null }) {
  const { json } = await httpClient(`${API}/incidents/${incidentId}/publish_attacker`, { method: 'POST', body: JSON.stringify(body) })
  return json as { indicator: { id: number }; sighting_id: number }
}

export async function retroHunt(id: number | string, days: number) {
  const { json } = await httpClient(`${API}/indicators/${id}/retro_hunt`, { method: 'POST', body: JSON.stringify({ days }) })
  return json as { flows: number; sightings: number }
}
