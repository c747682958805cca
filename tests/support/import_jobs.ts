import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { makeCode } from '#tests/support/fixtures'

/**
 * An import_jobs row as an import left it when its process died: still `running`, its last
 * heartbeat `ago` seconds old, with whatever its committed batches had counted.
 */
export async function orphanJob(owner: User | null, ago: number, counters: Record<string, unknown> = {}) {
  const [row] = await db
    .table('import_jobs')
    .insert({
      resource: 'links',
      filename: `${makeCode('orphan')}.csv`,
      status: 'running',
      bytes_total: 900_000,
      bytes_read: 400_000,
      created_by_id: owner?.id ?? null,
      updated_at: db.raw(`clock_timestamp() - make_interval(secs => ?)`, [ago]),
      ...counters,
    })
    .returning('*')
  return row as Record<string, any>
}
