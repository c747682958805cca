import { CALENDARS } from '#shared/service_levels'
import { INCIDENT_TYPES, PRIORITIES } from '#shared/incident_lifecycle'

/** The `sla` of an incident in API answers (incident_sla.ts slaAnswer), as a JSON Schema. */
const instant = { type: 'string', format: 'date-time' }
const maybeInstant = { type: ['string', 'null'], format: 'date-time' }
const share = { type: 'number', minimum: 0, description: 'counted time over the target: 0.75 warns, 1 is the breach' }

export const slaSchema = {
  type: ['object', 'null'],
  description: 'the SLA clock as of now, from the status history; null when no policy covers the type and priority',
  required: [
    'policy', 'respond_due_at', 'resolve_due_at', 'responded_at', 'resolved_at', 'paused',
    'respond_breached', 'resolve_breached', 'respond_elapsed_share', 'resolve_elapsed_share',
  ],
  additionalProperties: false,
  properties: {
    policy: {
      type: 'object',
      required: ['id', 'type', 'priority', 'respond_minutes', 'resolve_minutes', 'calendar'],
      additionalProperties: false,
      properties: {
        id: { type: 'integer' },
        type: { enum: [...INCIDENT_TYPES] },
        priority: { enum: [...PRIORITIES] },
        respond_minutes: { type: 'integer', minimum: 1 },
        resolve_minutes: { type: 'integer', minimum: 1 },
        calendar: { enum: [...CALENDARS] },
      },
    },
    respond_due_at: instant,
    resolve_due_at: { ...instant, description: 'while paused, projected as if work resumed now' },
    responded_at: maybeInstant,
    resolved_at: maybeInstant,
    paused: { type: 'boolean' },
    respond_breached: { type: 'boolean' },
    resolve_breached: { type: 'boolean' },
    respond_elapsed_share: share,
    resolve_elapsed_share: share,
  },
}
