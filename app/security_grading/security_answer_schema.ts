import {
  AFFECTED_SYSTEMS, AVAILABILITY_IMPACTS, CLASSIFIED_DATA, DATA_IMPACTS, LEGAL_CLOCKS, LEGAL_CLOCK_STATES, SECURITY_LEVELS,
} from '#shared/security_grading'

/** What a security incident's answer carries beyond its service fields, as JSON Schema. */
const instant = { type: 'string', format: 'date-time' }
const maybeInstant = { type: ['string', 'null'], format: 'date-time' }
const level = { enum: [...SECURITY_LEVELS] }
const maybeLevel = { enum: [...SECURITY_LEVELS, null] }

export const assessmentSchema = {
  type: 'object',
  required: ['systems', 'confidentiality', 'integrity', 'availability', 'classified'],
  additionalProperties: false,
  properties: {
    systems: { enum: [...AFFECTED_SYSTEMS], description: 'the most important systems touched: non-core, core, core of critical infrastructure' },
    confidentiality: { enum: [...DATA_IMPACTS] },
    integrity: { enum: [...DATA_IMPACTS] },
    availability: { enum: [...AVAILABILITY_IMPACTS], description: 'operations back within the tolerable outage time, or not' },
    classified: { enum: [...CLASSIFIED_DATA], description: 'official secrets or sensitive data, or national secrets, among what leaked or was tampered with' },
  },
}

export const legalClockSchema = {
  type: 'object',
  required: ['clock', 'level', 'starts_at', 'due_at', 'warning_at', 'met_at', 'state', 'elapsed_share'],
  additionalProperties: false,
  properties: {
    clock: { enum: [...LEGAL_CLOCKS] },
    level: { ...maybeLevel, description: 'the level whose duration applies; null: not graded, counted as levels 3–4' },
    starts_at: { ...maybeInstant, description: 'null while pending (the review waits for a report)' },
    due_at: maybeInstant,
    warning_at: maybeInstant,
    met_at: maybeInstant,
    state: { enum: [...LEGAL_CLOCK_STATES] },
    elapsed_share: { type: 'number', minimum: 0 },
  },
}

export const securityAnswerFields = {
  security_level: { ...maybeLevel, description: '資通安全事件等級 1–4 (security incidents)' },
  security_level_reviewed: { type: 'boolean', description: 'G-ISAC has reviewed the level (a liaison\'s grading stands as proposed)' },
  security_assessment: { oneOf: [{ type: 'null' }, assessmentSchema] },
  aware_at: { ...maybeInstant, description: 'when the agency became aware, if earlier than the opening' },
  authority_report_sent_at: { ...maybeInstant, description: 'when the report to the authority was last sent' },
  legal_due_at: {
    ...maybeInstant,
    description: "the nearest deadline of a legal clock not yet met, a breached one's included (in the past); null when none runs. Sort by it for the analyst's queue",
  },
  legal_clocks: {
    type: ['array', 'null'],
    description: 'the legal clocks of a security incident as of now (calendar time from awareness; on hold does not pause them); null for service incidents',
    items: legalClockSchema,
  },
}

export { instant, level }
