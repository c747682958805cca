import vine from '@vinejs/vine'
import AuditEntry from '#app/audit/audit_entry'
import { served } from '#app/core/registration'

/** Read-only: the generic routes for it register no write verbs. */
export const auditLog = served('audit_log', { grants: { admin: 'rcud', noc: '', analyst: '', cio: '', agency_liaison: '', auditor: 'r' }, readOnly: true }, {
  model: AuditEntry,
  validator: vine.create({}),
  filters: {
    fields: { entity: 'exact', entity_id: 'exact', action: 'exact', actor_id: 'exact', actor_email: 'text', at: 'range' },
    sortable: ['at', 'entity', 'action', 'actor_email'],
    defaultSort: ['id', 'DESC'],
  },
  searchExpression: "entity || ' ' || entity_id || ' ' || coalesce(actor_email, '')",
  agencyColumn: null,
  naturalKey: 'id',
  csvColumns: ['at', 'actor_id', 'actor_email', 'action', 'entity', 'entity_id', 'before', 'after', 'prev_hash', 'hash'],
  answerFields: {
    properties: {
      at: { type: 'string', format: 'date-time' },
      actor_id: { type: ['integer', 'null'] },
      actor_email: { type: ['string', 'null'] },
      action: { enum: ['create', 'update', 'delete'] },
      entity: { type: 'string' },
      entity_id: { type: 'string' },
      before: { type: ['object', 'null'], description: 'the fields as they were (secrets left out)' },
      after: { type: ['object', 'null'], description: 'the fields as they became (secrets left out)' },
      prev_hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    },
  },
})
export const auditResource = auditLog.definition
