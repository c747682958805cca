import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { makeAgency } from '#tests/support/fixtures'
import { forgetTerms } from '#app/service_levels/sla_terms'
import { openAt, P2_AROUND_THE_CLOCK, usePolicies } from './support.ts'

test.group('An incident opened while every other pooled connection is taken', () => {
  test('opens within its own transaction: stale SLA terms are read through it, not through a second connection', async ({ assert }) => {
    // monitoring:work's link batches each hold a transaction; one that took the audit log's lock
    // and then asked the pool for a connection, while the others waited for that lock, never
    // ended. Here every connection but one is held, and the terms are stale, as after 30 s.
    const agency = await makeAgency({ level: 2 })
    await usePolicies([P2_AROUND_THE_CLOCK])
    const pool = (db.connection() as any).getWriteClient().client.pool
    const held: TransactionClientContract[] = []
    try {
      while (pool.numUsed() + pool.numPendingCreates() < pool.max - 1) held.push(await db.transaction())
      assert.equal(pool.numUsed(), pool.max - 1, 'every connection but one is held')
      forgetTerms()
      const opened = await openAt(agency.id, new Date())
      const stored = await held[0].from('incidents').where('id', opened.id).select('respond_due_at').first()
      assert.isNotNull(stored?.respond_due_at, 'the clock was stored with the incident')
    } finally {
      for (const trx of held) await trx.rollback()
    }
  }).timeout(30_000)
})
