import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import AuditEntry from '#app/audit/audit_entry'
import { served } from '#app/core/registration'
import { redactIndicatorEntries } from '#app/indicators/audit_redaction'

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
  // An indicator's entries show its value only to a reader who may have the indicator (TLP:RED
  // never to the national roles that read the log); a file may hold only what may be distributed.
  async presentMany(ids, reader) {
    const entries = await db.from('audit_log').whereIn('id', ids).where('entity', 'indicators').select('id', 'entity', 'entity_id', 'before', 'after')
    const redacted = await redactIndicatorEntries(entries, reader, 'view')
    return new Map([...redacted].map(([id, fields]) => [Number(id), fields]))
  },
  async exportRows(records, reader) {
    const entries = records.map((r) => ({ id: String(r.id), entity: String(r.entity), entity_id: String(r.entity_id), before: r.before as any, after: r.after as any }))
    const redacted = await redactIndicatorEntries(entries, reader, 'distribute')
    for (const record of records) {
      const fields = redacted.get(String(record.id))
      if (fields) Object.assign(record, { before: fields.before, after: fields.after })
    }
  },
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
      redacted: {
        type: 'array',
        items: { type: 'string' },
        description: "fields withheld from this reader (an indicator's value and description, where its TLP marking does not reach the reader); the stored entry and its hash are whole",
      },
    },
    optional: ['redacted'],
  },
})
export const auditResource = auditLog.definition
