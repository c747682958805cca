import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import type { ResourceDefinition } from '#app/core/resource'
import { WritePipeline } from '#app/core/write_pipeline'
import { message, type MessageKey, type MessageParams } from '#app/core/messages'
import { CsvReader, type CsvRecord } from '#app/imports/csv_reader'
import { cellsOf, csvFieldOf, ErrorLog, keyOf, readHeader, type ImportSpec, type Layout, type RowError } from '#app/imports/csv_layout'
import { shapeValidatorOf } from '#app/imports/shape_validator'
import { databaseMessage, isRowDataError } from '#app/imports/bulk_upsert'
import { KnownRows } from '#app/imports/known_rows'
import { ImportBatches, type BatchOutcome, type PendingRow } from '#app/imports/import_batches'

/**
 * CSV import of one inventory resource: streamed, each line mapped to a row (columns, and the
 * rows it names by natural key), and handed in batches to the resource's write pipeline
 * (core/write_pipeline.ts: its own validator, hooks, scope, one upsert and one audit append per
 * batch), with every rejected line reported and every good line kept.
 */

export const BATCH_SIZE = 1000

export interface ImportProgress {
  status: 'running' | 'done' | 'failed'
  message: string | null
  bytesRead: number
  rowsRead: number
  inserted: number
  updated: number
  unchanged: number
  rejected: number
  errors: ErrorLog
  /**
   * The last line of the file whose row a committed batch settled (written, unchanged or
   * rejected) or set waiting: batches commit in file order, so every row up to it is settled,
   * except the `deferred` ones.
   */
  keptThroughLine: number
  /** Rows that name a row further down the file, waiting for it: read, not yet written. */
  deferred: number
}

export interface ImportResult extends ImportProgress {
  elapsedMs: number
}

export interface ImportOptions {
  def: ResourceDefinition
  user: User
  /** The file's bytes (a Readable, or any iterable of chunks). */
  source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>
  batchSize?: number
  /** Called after every committed batch and at the end; awaited, so keep it short. */
  onProgress?: (progress: ImportProgress) => Promise<void> | void
  /**
   * Called inside every batch's transaction once its rows are written, with the progress as it
   * will stand when the batch commits: what it records commits with the rows or not at all.
   * Throwing rolls the batch back and ends the import.
   */
  onBatch?: (trx: TransactionClientContract, progress: ImportProgress) => Promise<void>
}

export function importSpecOf(def: ResourceDefinition): ImportSpec {
  const table = def.model.table
  const shape = shapeValidatorOf(def.validator, { table, column: def.naturalKey })
  const references = def.csvReferences ?? {}
  const optional = new Map(shape.fields.map((f) => [f.field, f.optional]))
  const requiredColumns = def.csvColumns.filter((column) => {
    if (column === def.naturalKey) return true
    const field = references[column]?.column ?? column
    return optional.get(field) === false
  })
  return { resource: def.name, table, naturalKey: def.naturalKey, csvColumns: def.csvColumns, references, requiredColumns }
}

class ImportRun {
  readonly spec: ImportSpec
  readonly progress: ImportProgress
  readonly #def: ResourceDefinition
  readonly #user: User
  readonly #batchSize: number
  readonly #onProgress?: ImportOptions['onProgress']
  readonly #onBatch?: ImportOptions['onBatch']
  /** The importing account's language: every message of the run is worded in it. */
  readonly #locale: string

  #layout: Layout | null = null
  #batch: PendingRow[] = []
  #pendingKeys = new Set<string>()
  #deferred: PendingRow[] = []
  #deferredKeys = new Set<string>()
  /** Deferred rows not yet settled, across passes (progress.deferred is its size). */
  #waiting = new Set<PendingRow>()
  #knownRows: KnownRows
  /** Lines of this file whose rows were refused, by natural key, to explain references to them. */
  #rejectedKeys = new Map<string, number>()
  #batches: ImportBatches | null = null

  constructor(options: ImportOptions) {
    this.#def = options.def
    this.#user = options.user
    this.#knownRows = new KnownRows(options.user)
    this.#locale = options.user.locale
    this.#batchSize = options.batchSize ?? BATCH_SIZE
    this.#onProgress = options.onProgress
    this.#onBatch = options.onBatch
    this.spec = importSpecOf(options.def)
    this.progress = {
      status: 'running',
      message: null,
      bytesRead: 0,
      rowsRead: 0,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      errors: new ErrorLog(undefined, this.#locale),
      keptThroughLine: 0,
      deferred: 0,
    }
  }

  async run(source: ImportOptions['source']) {
    const pipeline = await WritePipeline.of(this.#def, this.#user)
    this.#batches = new ImportBatches(this.spec, pipeline, this.#knownRows, this.#rejectedKeys)
    const reader = new CsvReader({ locale: this.#locale })
    // Non-fatal decoding: bytes that are not UTF-8 become U+FFFD and their line is refused,
    // rather than the whole file.
    const decoder = new TextDecoder('utf-8')
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      this.progress.bytesRead += bytes.length
      if (!(await this.#records(reader.push(decoder.decode(bytes, { stream: true }))))) return
    }
    const tail = reader.push(decoder.decode())
    if (!(await this.#records([...tail, ...reader.end()]))) return
    if (!this.#layout) return this.#fail(this.#say('imports.empty_file'))
    await this.#flush()
    while (this.#deferred.length) {
      // Rows that name a row further down the file are retried once the file is read; when a
      // pass settles none of them, the last pass reports them.
      const rows = this.#deferred
      this.#deferred = []
      this.#deferredKeys = new Set()
      for (const row of rows) await this.#enqueue(row)
      await this.#flush()
      if (this.#deferred.length >= rows.length) this.#batches.deferAllowed = false
    }
    this.progress.status = 'done'
    const p = this.progress
    this.progress.message = this.#say('imports.summary', {
      rows: p.rowsRead,
      inserted: p.inserted,
      updated: p.updated,
      unchanged: p.unchanged,
      rejected: p.rejected,
    })
    await this.#onProgress?.(this.progress)
  }

  /** A message in the importing account's language. */
  #say<K extends MessageKey>(key: K, ...params: MessageParams<K>) {
    return message(key, ...params).in(this.#locale)
  }

  async #fail(text: string, errors: RowError[] = []) {
    this.progress.status = 'failed'
    this.progress.message = text
    for (const error of errors) this.progress.errors.add(error)
    await this.#onProgress?.(this.progress)
  }

  /** Returns false when the file cannot be read any further (a bad header). */
  async #records(records: CsvRecord[]) {
    for (const record of records) {
      if (!this.#layout) {
        if (record.error) {
          await this.#fail(this.#say('imports.header_unreadable', { reason: record.error }), [
            { line: record.line, field: null, message: record.error },
          ])
          return false
        }
        const { layout, errors } = readHeader(this.spec, record.fields, this.#locale)
        if (!layout) {
          await this.#fail(this.#say('imports.header_mismatch', { resource: this.spec.resource }), errors)
          return false
        }
        this.#layout = layout
        continue
      }
      this.progress.rowsRead++
      if (record.error) {
        this.#reject({ line: record.line, cells: {}, key: null }, [
          { line: record.line, field: null, message: record.error },
        ])
        continue
      }
      const { cells, error } = cellsOf(this.#layout, record.fields, record.line)
      if (error) {
        this.#reject({ line: record.line, cells: {}, key: null }, [error])
        continue
      }
      await this.#enqueue({ line: record.line, cells: cells!, key: keyOf(this.spec, cells!) })
    }
    return true
  }

  async #enqueue(row: PendingRow) {
    // One statement cannot write a row twice: a key already waiting starts a new batch.
    if (row.key !== null && this.#pendingKeys.has(row.key)) await this.#flush()
    // A later line for a key whose earlier line waits for the end of the file waits behind it,
    // so the later line still wins.
    if (row.key !== null && this.#deferredKeys.has(row.key)) {
      this.#defer(row)
      return
    }
    this.#batch.push(row)
    if (row.key !== null) this.#pendingKeys.add(row.key)
    if (this.#batch.length >= this.#batchSize) await this.#flush()
  }

  async #flush() {
    if (!this.#batch.length) return
    const rows = this.#batch
    this.#batch = []
    this.#pendingKeys = new Set()
    await this.#write(rows)
    await this.#onProgress?.(this.progress)
  }

  /**
   * Writes a batch in one transaction. When the database refuses it (a value a validator let
   * through, a row deleted meanwhile), the batch is split in halves until the refused rows are
   * alone, so they are reported and the others kept.
   */
  async #write(rows: PendingRow[]): Promise<void> {
    let settled = false
    try {
      await db.transaction(async (trx) => {
        const outcome = await this.#batches!.apply(trx, rows)
        // The run's counters now include this batch, so that onBatch records them in its
        // transaction. Past this point a failure ends the import: splitting the batch would
        // count its rows twice.
        settled = true
        this.#settle(rows, outcome)
        await this.#onBatch?.(trx, this.progress)
      })
    } catch (error) {
      if (settled || !isRowDataError(error)) throw error
      if (rows.length === 1) {
        const column = (error as { column?: string }).column
        this.#reject(rows[0], [
          {
            line: rows[0].line,
            field: column ? csvFieldOf(this.spec, column) : null,
            message: this.#say('imports.database_refused', { reason: databaseMessage(error) }),
          },
        ])
        this.#settled(rows[0])
        return
      }
      const half = Math.ceil(rows.length / 2)
      await this.#write(rows.slice(0, half))
      await this.#write(rows.slice(half))
    }
  }

  /** What a written batch did, into the run's counters and memory. */
  #settle(rows: PendingRow[], outcome: BatchOutcome) {
    this.progress.inserted += outcome.inserted
    this.progress.updated += outcome.updated
    this.progress.unchanged += outcome.unchanged
    for (const { row, errors } of outcome.rejected) this.#reject(row, errors)
    const deferred = new Set(outcome.deferred)
    for (const row of rows) if (!deferred.has(row)) this.#settled(row)
    for (const row of outcome.deferred) {
      this.#defer(row)
      if (row.key !== null) this.#deferredKeys.add(row.key)
      // Accounted for as waiting: the lines after it may count as kept.
      this.#passed(row)
    }
    for (const { key, id } of outcome.saved) this.#knownRows.remember(this.spec.table, key, id)
  }

  #settled(row: PendingRow) {
    this.#waiting.delete(row)
    this.progress.deferred = this.#waiting.size
    this.#passed(row)
  }

  #passed(row: PendingRow) {
    if (row.line > this.progress.keptThroughLine) this.progress.keptThroughLine = row.line
  }

  #defer(row: PendingRow) {
    this.#deferred.push(row)
    this.#waiting.add(row)
    this.progress.deferred = this.#waiting.size
  }

  #reject(row: PendingRow, errors: RowError[]) {
    this.progress.rejected++
    for (const error of errors) this.progress.errors.add(error)
    if (row.key !== null && !this.#rejectedKeys.has(row.key)) this.#rejectedKeys.set(row.key, row.line)
  }
}

/** Runs one import to its end; the progress callback sees every committed batch. */
export async function importCsv(options: ImportOptions): Promise<ImportResult> {
  const started = performance.now()
  const run = new ImportRun(options)
  await run.run(options.source)
  return { ...run.progress, elapsedMs: performance.now() - started }
}
