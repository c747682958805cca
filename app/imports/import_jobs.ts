import { createReadStream } from 'node:fs'
import { stat, unlink } from 'node:fs/promises'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type User from '#app/access/user'
import type { ResourceDefinition } from '#app/core/resource'
import { importCsv, type ImportProgress } from '#app/imports/import_service'

/**
 * The import_jobs row that lets a user (or the UI, polling) follow an import: created when the
 * file is in, updated after every batch, closed as done or failed.
 */

export interface ImportJob {
  id: number
  resource: string
  filename: string | null
  status: 'running' | 'done' | 'failed'
  bytes_total: number
  bytes_read: number
  rows_read: number
  inserted: number
  updated: number
  rejected: number
  errors: unknown[]
  message: string | null
  created_by_id: number | null
  created_at: string
  updated_at: string
}

/** Progress is written at most this often, besides the first and last write. */
const PROGRESS_INTERVAL_MS = 250

export async function createJob(resource: string, filename: string | null, bytesTotal: number, user: User) {
  const [row] = await db
    .table('import_jobs')
    .insert({
      resource,
      filename: filename?.slice(0, 255) ?? null,
      status: 'running',
      bytes_total: bytesTotal,
      created_by_id: user.id ?? null,
    })
    .returning('*')
  return present(row)
}

export async function findJob(id: number) {
  const row = await db.from('import_jobs').where('id', id).first()
  return row ? present(row) : null
}

async function saveProgress(id: number, progress: ImportProgress) {
  await db
    .from('import_jobs')
    .where('id', id)
    .update({
      status: progress.status,
      message: progress.message,
      bytes_read: progress.bytesRead,
      rows_read: progress.rowsRead,
      inserted: progress.inserted,
      updated: progress.updated,
      rejected: progress.rejected,
      errors: JSON.stringify(progress.errors.toJSON()),
      updated_at: new Date(),
    })
}

/**
 * Imports a file already on disk under an existing job and removes the file afterwards. Never
 * throws: whatever goes wrong ends up on the job as status `failed`.
 */
export async function runJob(jobId: number, def: ResourceDefinition, user: User, path: string, options: { removeFile?: boolean } = {}) {
  let lastWrite = 0
  try {
    await importCsv({
      def,
      user,
      source: createReadStream(path, { highWaterMark: 256 * 1024 }),
      onProgress: async (progress) => {
        const now = Date.now()
        if (progress.status === 'running' && now - lastWrite < PROGRESS_INTERVAL_MS) return
        lastWrite = now
        await saveProgress(jobId, progress)
      },
    })
  } catch (error) {
    logger.error({ err: error, jobId }, 'import failed')
    await db
      .from('import_jobs')
      .where('id', jobId)
      .update({ status: 'failed', message: `the import stopped: ${(error as Error).message}`, updated_at: new Date() })
      .catch((e) => logger.error({ err: e, jobId }, 'cannot record the failed import'))
  } finally {
    if (options.removeFile) await unlink(path).catch(() => {})
  }
  return (await findJob(jobId))!
}

export async function fileSize(path: string) {
  return (await stat(path)).size
}

/**
 * A job as the API answers it. `unchanged` (rows read and neither written nor refused) is only
 * known once the job is done: while it runs, some rows read are still waiting in a batch.
 */
export function present(row: Record<string, any>): ImportJob & { unchanged: number | null; errors_omitted: number } {
  const errors = (typeof row.errors === 'string' ? JSON.parse(row.errors) : row.errors) ?? []
  const omitted = errors.length ? (errors[errors.length - 1].omitted ?? 0) : 0
  const rowsRead = Number(row.rows_read)
  const inserted = Number(row.inserted)
  const updated = Number(row.updated)
  const rejected = Number(row.rejected)
  return {
    id: row.id,
    resource: row.resource,
    filename: row.filename,
    status: row.status,
    message: row.message,
    bytes_total: Number(row.bytes_total),
    bytes_read: Number(row.bytes_read),
    rows_read: rowsRead,
    inserted,
    updated,
    unchanged: row.status === 'done' ? Math.max(0, rowsRead - inserted - updated - rejected) : null,
    rejected,
    errors,
    errors_omitted: omitted,
    created_by_id: row.created_by_id,
    created_at: row.created_at instanceof Date ? row.created_at.toISOString() : row.created_at,
    updated_at: row.updated_at instanceof Date ? row.updated_at.toISOString() : row.updated_at,
  }
}
