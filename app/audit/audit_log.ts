import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { GENESIS, chainHash, findBreak, type ChainBreak } from '#app/audit/hash_chain'

export interface Actor {
  id: number | null
  email: string | null
}

export interface AuditChange {
  action: 'create' | 'update' | 'delete'
  entity: string
  entityId: string | number
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
}

export const SYSTEM_ACTOR: Actor = { id: null, email: 'system' }

/** Only what changed is kept for updates, so the log reads as a diff and stays small. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {}
  const a: Record<string, unknown> = {}
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (key === 'updated_at') continue
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key] ?? null
      a[key] = after[key] ?? null
    }
  }
  return { before: b, after: a, changed: Object.keys(a).length > 0 }
}

/**
 * Appends changes to the chain inside the caller's transaction. A transaction-scoped advisory
 * lock serialises writers, so two requests never chain onto the same previous row.
 */
export async function recordAudit(trx: TransactionClientContract, actor: Actor, changes: AuditChange[]) {
  if (changes.length === 0) return
  await trx.rawQuery(`SELECT pg_advisory_xact_lock(hashtext('audit_log'))`)
  const last = await trx.from('audit_log').select('hash').orderBy('id', 'desc').first()
  let prev: string = last?.hash ?? GENESIS
  const ids = await trx.rawQuery(
    `SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id FROM generate_series(1, ?)`,
    [changes.length]
  )
  const at = new Date()
  const rows = changes.map((change, i) => {
    const fields = {
      id: String(ids.rows[i].id),
      at,
      actorId: actor.id,
      actorEmail: actor.email,
      action: change.action,
      entity: change.entity,
      entityId: String(change.entityId),
      before: change.before,
      after: change.after,
    }
    const hash = chainHash(prev, fields)
    const row = {
      id: fields.id,
      at,
      actor_id: actor.id,
      actor_email: actor.email,
      action: change.action,
      entity: change.entity,
      entity_id: fields.entityId,
      before: change.before === null ? null : JSON.stringify(change.before),
      after: change.after === null ? null : JSON.stringify(change.after),
      prev_hash: prev,
      hash,
    }
    prev = hash
    return row
  })
  for (let i = 0; i < rows.length; i += 1000) {
    await trx.insertQuery().table('audit_log').multiInsert(rows.slice(i, i + 1000))
  }
}

/** Re-reads the whole chain in pages and names the first row that fails. */
export async function verifyAuditChain(): Promise<{
  rows: number
  broken: ChainBreak | null
  head: { id: string; hash: string } | null
}> {
  let lastId = 0
  let prev = GENESIS
  let count = 0
  let head: { id: string; hash: string } | null = null
  for (;;) {
    const page = await db
      .from('audit_log')
      .where('id', '>', lastId)
      .orderBy('id', 'asc')
      .limit(5000)
    if (page.length === 0) return { rows: count, broken: null, head }
    const rows = page.map((r) => ({
      id: r.id,
      at: new Date(r.at),
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      prevHash: r.prev_hash,
      hash: r.hash,
    }))
    const broken = findBreak(rows, prev)
    if (broken) return { rows: count, broken, head }
    count += rows.length
    prev = rows[rows.length - 1].hash
    head = { id: String(rows[rows.length - 1].id), hash: prev }
    lastId = Number(rows[rows.length - 1].id)
  }
}
