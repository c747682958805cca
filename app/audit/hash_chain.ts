import { createHash } from 'node:crypto'

/**
 * The audit log's rows are chained: each row's hash covers its content and the hash of the
 * row before it, so altering or removing any row breaks every hash after it.
 */
export const GENESIS = '0'.repeat(64)

export interface ChainedFields {
  id: string | number
  at: Date
  actorId: number | null
  actorEmail: string | null
  action: string
  entity: string
  entityId: string
  before: unknown
  after: unknown
}

/** JSON with keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export function chainHash(prevHash: string, row: ChainedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(
      canonicalJson({
        id: String(row.id),
        at: row.at.toISOString(),
        actor_id: row.actorId,
        actor_email: row.actorEmail,
        action: row.action,
        entity: row.entity,
        entity_id: row.entityId,
        before: row.before ?? null,
        after: row.after ?? null,
      })
    )
    .digest('hex')
}

export type ChainBreak = { id: string; reason: string }

/** Walks rows in id order; returns the first row whose link or hash does not hold. */
export function findBreak(
  rows: Iterable<ChainedFields & { prevHash: string; hash: string }>,
  startHash = GENESIS
): ChainBreak | null {
  let expectedPrev = startHash
  for (const row of rows) {
    if (row.prevHash !== expectedPrev) {
      return { id: String(row.id), reason: 'prev_hash does not match the row before it' }
    }
    if (chainHash(row.prevHash, row) !== row.hash) {
      return { id: String(row.id), reason: 'content does not match its hash' }
    }
    expectedPrev = row.hash
  }
  return null
}
