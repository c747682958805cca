import { orNull, record, t } from '#app/platform/openapi'

/**
 * How a timeline entry (app/core/timeline.ts) answers, for the OpenAPI document, with the record
 * type's kinds, statuses and what its people write. Kept apart from timeline.ts so that writing
 * a timeline never loads the document's builder (which loads every resource).
 */
export function timelineEntrySchema(spec: { kinds: readonly string[]; statuses: readonly string[]; body: string; workLogs?: boolean }) {
  const status = { enum: [...spec.statuses] }
  return record({
    id: t.integer,
    at: t.timestamp,
    kind: { enum: [...spec.kinds] },
    actor: record({ id: orNull(t.integer), email: orNull(t.string), name: orNull(t.string) }),
    from_status: orNull(status),
    to_status: orNull(status),
    text: orNull({ ...t.string, description: "what the system wrote, worded in the reader's language" }),
    body: orNull({ ...t.string, description: `what a person wrote: ${spec.body}` }),
    ...(spec.workLogs ? { minutes_spent: orNull(t.integer) } : {}),
  })
}
