import { createReadStream } from 'node:fs'
import { stat, unlink } from 'node:fs/promises'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type User from '#app/access/user'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { ResourceDefinition } from '#app/core/resource'
import { importCsv, type ImportProgress } from '#app/imports/import_service'
import importsConfig from '#config/imports'

/**
 * The import_jobs row that lets a user (or the UI, polling) follow an import: created when the
 * file is in, updated in the transaction of every batch, closed as done or failed by the import
 * itself, or as interrupted by whoever finds its heartbeat stopped (its process died).
 */

export type ImportStatus = 'running' | 'done' | 'failed' | 'interrupted'

export interface ImportJob {
  id: number
  resource: string
  filename: string | null
  status: ImportStatus
  bytes_total: number
  bytes_read: number
  rows_read: number
  inserted: number
  updated: number
  rejected: number
  /** Every row up to this line of the file is settled (kept or rejected), except `deferred` of them. */
  kept_through_line: number
  deferred: number
  errors: unknown[]
  message: string | null
  created_by_id: number | null
  created_at: string
  /** The heartbeat while the job runs. */
  updated_at: string
}

/** Read progress (bytes, rows) is written at most this often between batches. */
const PROGRESS_INTERVAL_MS = 250

/** How often a running import shows it is alive, whatever its batches are doing. */
export function heartbeatMs() {
  return Math.min(5000, Math.floor(importsConfig.staleAfterMs / 6))
}

/** Heartbeats are the database's clock, as is the sweep's "now": no skew between hosts. */
const dbNow = () => db.raw('clock_timestamp()')

/** Thrown inside a batch whose job was closed meanwhile: the batch rolls back, the import stops. */
export class ImportAbandonedError extends Error {}

/** Thrown at a batch's start when this process is stopping: the import ends as interrupted. */
class ImportStoppedError extends Error {}

/** The imports this process runs, each with a way to stop it at its next batch. */
const runningHere = new Map<number, { stop(): void; settled: Promise<unknown> }>()

/**
 * Stops this process's imports as it shuts down: each ends at its next batch and is closed as
 * `interrupted` with what its committed batches kept, at once rather than when a sweep later finds
 * its heartbeat stopped. Importing the same file again completes it.
 */
export async function stopRunningImports() {
  const jobs = [...runningHere.values()]
  for (const job of jobs) job.stop()
  await Promise.allSettled(jobs.map((job) => job.settled))
}

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

/** What the job row says of rows kept; the counters commit with the rows they count. */
function committedColumns(progress: ImportProgress) {
  return {
    bytes_read: progress.bytesRead,
    rows_read: progress.rowsRead,
    inserted: progress.inserted,
    updated: progress.updated,
    unchanged: progress.unchanged,
    rejected: progress.rejected,
    kept_through_line: progress.keptThroughLine,
    deferred: progress.deferred,
  }
}

/**
 * Every write of a running import names status `running`: a job closed as interrupted (its
 * heartbeat stopped for too long) stays closed, and what it says was kept stays true.
 */
function whileRunning(query: { from(table: string): any }, jobId: number) {
  return query.from('import_jobs').where('id', jobId).where('status', 'running')
}

/**
 * Imports a file already on disk under an existing job and removes the file afterwards. Never
 * throws: whatever goes wrong ends up on the job as status `failed`, with what was kept.
 */
export async function runJob(jobId: number, def: ResourceDefinition, user: User, path: string, options: { removeFile?: boolean } = {}) {
  let lastWrite = 0
  let errorsWritten = 0
  // A timer rather than the batches: one batch may take long (a slow disk, a locked row), and
  // the job must not look dead meanwhile.
  let beating = false
  const heartbeat = setInterval(() => {
    if (beating) return
    beating = true
    whileRunning(db, jobId)
      .update({ updated_at: dbNow() })
      .catch((error: unknown) => logger.warn({ err: error, jobId }, 'import heartbeat not recorded'))
      .finally(() => (beating = false))
  }, heartbeatMs())
  heartbeat.unref()
  let stopping = false
  let settle = () => {}
  runningHere.set(jobId, { stop: () => (stopping = true), settled: new Promise<void>((resolve) => (settle = resolve)) })
  const stopIfAsked = () => {
    if (stopping) throw new ImportStoppedError(`import ${jobId} stopped: the server is shutting down`)
  }
  try {
    await importCsv({
      def,
      user,
      source: createReadStream(path, { highWaterMark: 256 * 1024 }),
      onBatch: async (trx: TransactionClientContract, progress) => {
        stopIfAsked()
        const columns: Record<string, unknown> = { ...committedColumns(progress), updated_at: dbNow() }
        const errorCount = progress.errors.items.length + progress.errors.omitted
        if (errorCount !== errorsWritten) columns.errors = JSON.stringify(progress.errors.toJSON())
        let changed: number
        try {
          changed = Number(await whileRunning(trx, jobId).update(columns))
        } catch (error) {
          // Not a row's fault: whatever the database says, the import cannot go on unrecorded.
          throw new Error(`cannot record the import's progress: ${(error as Error).message}`)
        }
        if (!changed) throw new ImportAbandonedError(`import ${jobId} was closed while it ran (its heartbeat had stopped)`)
        errorsWritten = errorCount
        lastWrite = Date.now()
      },
      onProgress: async (progress) => {
        if (progress.status === 'running') {
          stopIfAsked()
          // Between batches only what was read moves; the kept counters are the batches' own.
          const now = Date.now()
          if (now - lastWrite < PROGRESS_INTERVAL_MS) return
          lastWrite = now
          await whileRunning(db, jobId).update({ bytes_read: progress.bytesRead, rows_read: progress.rowsRead, updated_at: dbNow() })
          return
        }
        await whileRunning(db, jobId).update({
          ...committedColumns(progress),
          status: progress.status,
          message: progress.message,
          errors: JSON.stringify(progress.errors.toJSON()),
          updated_at: dbNow(),
        })
      },
    })
  } catch (error) {
    if (error instanceof ImportStoppedError) {
      await recordInterruption(jobId).catch((e) => logger.error({ err: e, jobId }, 'cannot record the interrupted import'))
    } else {
      logger.error({ err: error, jobId }, 'import failed')
      await recordFailure(jobId, error as Error).catch((e) => logger.error({ err: e, jobId }, 'cannot record the failed import'))
    }
  } finally {
    clearInterval(heartbeat)
    runningHere.delete(jobId)
    settle()
    if (options.removeFile) await unlink(path).catch(() => {})
  }
  return (await findJob(jobId))!
}

async function recordFailure(jobId: number, error: Error) {
  await db.transaction(async (trx) => {
    const row = await whileRunning(trx, jobId).forUpdate().first()
    if (!row) return
    await whileRunning(trx, jobId).update({
      status: 'failed',
      message: `the import stopped: ${error.message}; ${keptSummary(row)}`,
      updated_at: dbNow(),
    })
  })
}

async function recordInterruption(jobId: number) {
  await db.transaction(async (trx) => {
    const row = await whileRunning(trx, jobId).forUpdate().first()
    if (row) await whileRunning(trx, jobId).update({ status: 'interrupted', message: interruptedMessage(row) })
  })
}

/** What a job that did not finish kept, from its committed counters. */
export function keptSummary(row: Record<string, any>) {
  const line = Number(row.kept_through_line)
  if (!line) return 'no row was written'
  const counts = ['inserted', 'updated', 'unchanged', 'rejected'].map((k) => `${Number(row[k]).toLocaleString('en-US')} ${k}`)
  const deferred = Number(row.deferred)
  const waiting = deferred
    ? `, except ${deferred.toLocaleString('en-US')} row${deferred === 1 ? '' : 's'} naming a row further down the file, not written`
    : ''
  return `rows up to line ${line} were kept (${counts.join(', ')})${waiting}`
}

export function interruptedMessage(row: Record<string, any>) {
  return (
    `interrupted: the import stopped without finishing; ${keptSummary(row)}. ` +
    'Importing the same file again completes it: rows already kept are matched on their key, not duplicated'
  )
}

/**
 * Closes as `interrupted` every running job whose heartbeat is older than the threshold: its
 * process died (a crash, a kill, a restart). Rows its batches committed stay; its counters
 * already say which. Runs at server start and before imports are listed or read. A job whose
 * row is locked is being written by a live batch and is left alone.
 */
export async function sweepInterruptedJobs(staleAfter = importsConfig.staleAfterMs) {
  return db.transaction(async (trx) => {
    const stale = await trx
      .from('import_jobs')
      .where('status', 'running')
      .whereRaw('updated_at < clock_timestamp() - make_interval(secs => ?)', [staleAfter / 1000])
      .forUpdate()
      .skipLocked()
    for (const row of stale) {
      // updated_at is left as it was: the last time the import was seen alive.
      await trx.from('import_jobs').where('id', row.id).update({ status: 'interrupted', message: interruptedMessage(row) })
      logger.warn({ jobId: row.id, lastHeartbeat: row.updated_at }, 'import interrupted: its heartbeat stopped')
    }
    return stale.map((row) => Number(row.id))
  })
}

export async function fileSize(path: string) {
  return (await stat(path)).size
}

/**
 * A job as the API answers it. `unchanged` (rows read and neither written nor refused) is only
 * known once the job is done: while it runs, some rows read are still waiting in a batch. An
 * interrupted job reports what its committed batches found unchanged.
 */
export function present(row: Record<string, any>): ImportJob & { unchanged: number | null; errors_omitted: number } {
  const errors = (typeof row.errors === 'string' ? JSON.parse(row.errors) : row.errors) ?? []
  const omitted = errors.length ? (errors[errors.length - 1].omitted ?? 0) : 0
  const rowsRead = Number(row.rows_read)
  const inserted = Number(row.inserted)
  const updated = Number(row.updated)
  const rejected = Number(row.rejected)
  const unchanged =
    row.status === 'done'
      ? Math.max(0, rowsRead - inserted - updated - rejected)
      : row.status === 'interrupted'
        ? Number(row.unchanged)
        : null
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
    unchanged,
    rejected,
    kept_through_line: Number(row.kept_through_line),
    deferred: Number(row.deferred),
    errors,
    errors_omitted: omitted,
    created_by_id: row.created_by_id,
    created_at: row.created_at instanceof Date ? row.created_at.toISOString() : row.created_at,
    updated_at: row.updated_at instanceof Date ? row.updated_at.toISOString() : row.updated_at,
  }
}
