import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { LucidRow } from '@adonisjs/lucid/types/model'
import { diff, recordAudit, type Actor } from '#app/audit/audit_log'
import { Message, type MessageKey } from '#app/core/messages'

/**
 * The timelines of the workflow records (incidents, problems, changes): what happened to one, in
 * order, with who and when. Each record keeps its own table and its own kinds of entry; writing
 * and reading them is the same for all, here. What the system says is stored as a message (key
 * and parameters) and worded in the reader's language when read; what a person writes (a note,
 * a reason, a comment) is kept as typed.
 */

export interface TimelineRecord<K extends string> {
  kind: K
  at: Date
  actor: Actor
  fromStatus?: string | null
  toStatus?: string | null
  message?: Message | null
  body?: string | null
  /** Time a person spent on a work log; only incidents keep work logs. */
  minutesSpent?: number | null
}

/** A message as a jsonb column keeps it. */
export function storedMessage(text: Message | null | undefined) {
  return text ? { key: text.key, params: text.params } : null
}

/** A message read back from a jsonb column, ready to be worded. */
export function messageOf(stored: { key: string; params: unknown[] } | null | undefined): Message | null {
  if (!stored) return null
  return new Message(stored.key as MessageKey, ...(stored.params as [any]))
}

/**
 * One record type's timeline: `table` holds its entries, `owner` the column naming the record,
 * `entity` the records' table as the audit log names it; `workLogs` when the table keeps the time
 * spent (incidents).
 */
export function timeline<K extends string>(spec: { table: string; owner: string; entity: string; workLogs?: boolean }) {
  const { table, owner, entity, workLogs = false } = spec
  /** Writes entries in the record's transaction; the stored rows, in order. */
  const add = async (trx: TransactionClientContract, ownerId: number, entries: Array<TimelineRecord<K>>): Promise<Array<Record<string, any>>> => {
    if (!entries.length) return []
    return trx
      .insertQuery()
      .table(table)
      .multiInsert(
        entries.map((e) => ({
          [owner]: ownerId,
          at: e.at,
          actor_id: e.actor.id,
          actor_email: e.actor.email,
          kind: e.kind,
          from_status: e.fromStatus ?? null,
          to_status: e.toStatus ?? null,
          message: e.message ? JSON.stringify(storedMessage(e.message)) : null,
          body: e.body ?? null,
          ...(workLogs ? { minutes_spent: e.minutesSpent ?? null } : {}),
        }))
      )
      .returning('*')
  }
  return {
    add,

    /**
     * Saves a change to a record with its audit row (what changed, when anything did) and its
     * timeline entries, in the record's transaction.
     */
    async save(trx: TransactionClientContract, actor: Actor, row: LucidRow & { id: number }, before: Record<string, unknown>, entries: Array<TimelineRecord<K>>) {
      row.useTransaction(trx)
      await row.save()
      const changes = diff(before, row.serialize())
      if (changes.changed) {
        await recordAudit(trx, actor, [{ action: 'update', entity, entityId: row.id, before: changes.before, after: changes.after }])
      }
      await add(trx, row.id, entries)
    },

    /**
     * The timeline as a reader sees it: oldest first (entries of one instant in the order they
     * were written), each author by name as their account now reads, the system's words in the
     * reader's language. `reword`, when given, sees the stored messages (in order) before they
     * are worded and answers the ones to word instead: what a reader may be told can depend on
     * who reads, and a rule that changes applies to entries already stored.
     */
    async read(ownerId: number, locale: string | null | undefined, reword?: (messages: Array<Message | null>) => Promise<Array<Message | null>>) {
      const rows = await db
        .from(`${table} as t`)
        .leftJoin('users as u', 'u.id', 't.actor_id')
        .where(`t.${owner}`, ownerId)
        .orderBy([{ column: 't.at' }, { column: 't.id' }])
        .select('t.*', 'u.full_name as actor_name')
      const stored = rows.map((r) => messageOf(r.message))
      const messages = reword ? await reword(stored) : stored
      return rows.map((r, i) => ({
        id: Number(r.id),
        at: new Date(r.at).toISOString(),
        kind: r.kind as K,
        actor: { id: r.actor_id, email: r.actor_email, name: r.actor_name ?? null },
        from_status: r.from_status,
        to_status: r.to_status,
        text: messages[i]?.in(locale) ?? null,
        body: r.body,
        ...(workLogs ? { minutes_spent: r.minutes_spent } : {}),
      }))
    },
  }
}
