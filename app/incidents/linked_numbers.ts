import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { scopeQuery } from '#app/access/scope'
import { message, type Message } from '#app/core/messages'

/**
 * A NOC operator may link incidents of different agencies under one major incident, and the
 * timelines of both sides say so by number. A reader outside an incident's agency scope is not
 * told its number (nor that the number exists): those entries read as "an incident of another
 * agency". Decided when read, so entries stored before the rule are covered too.
 */

/** The incident number a timeline message names, when it names one that may be another agency's. */
export function linkedNumberOf(text: Message | null): string | null {
  if (!text) return null
  const params = text.params[0] as Record<string, unknown> | undefined
  switch (text.key) {
    case 'incidents.timeline_child':
      return (params?.child as string | undefined) ?? null
    case 'incidents.timeline_parent':
    case 'incidents.timeline_resolved_with_parent':
      return (params?.parent as string | null | undefined) ?? null
    default:
      return null
  }
}

/** The message as a reader who may not see the linked incident reads it: the same event, no number. */
export function withoutNumber(text: Message): Message {
  switch (text.key) {
    case 'incidents.timeline_child':
      return message('incidents.timeline_child_elsewhere', { linked: Boolean((text.params[0] as { linked?: boolean }).linked) })
    case 'incidents.timeline_parent':
      return message('incidents.timeline_parent_elsewhere')
    case 'incidents.timeline_resolved_with_parent':
      return message('incidents.timeline_resolved_with_parent_elsewhere')
    default:
      return text
  }
}

/** Rewords the entries naming an incident outside the reader's scope; a national reader's stay as stored. */
export async function hideOutOfScopeNumbers(reader: User, messages: Array<Message | null>): Promise<Array<Message | null>> {
  if (reader.isNational) return messages
  const named = [...new Set(messages.map(linkedNumberOf).filter((n): n is string => n !== null))]
  if (!named.length) return messages
  const seen = await scopeQuery(db.from('incidents').whereIn('number', named), reader, 'agency_id').select('number')
  const visible = new Set(seen.map((r) => r.number as string))
  return messages.map((m) => {
    const number = linkedNumberOf(m)
    return m && number !== null && !visible.has(number) ? withoutNumber(m) : m
  })
}
