import { errors as vineErrors } from '@vinejs/vine'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { FieldError, ForbiddenError } from '#app/core/errors'
import { message, type MessageKey, type MessageParams } from '#app/core/messages'
import { OutOfScopeError, type RowWrite, type WritePipeline } from '#app/core/write_pipeline'
import { allocateIds, lockStored } from '#app/core/write_batch'
import { bodyOf, csvFieldOf, csvMessage, referencesOf, type Cells, type ImportSpec, type RowError } from '#app/imports/csv_layout'
import { shapeValidatorOf, type ShapeValidator } from '#app/imports/shape_validator'
import type { KnownRows } from '#app/imports/known_rows'

/**
 * One batch of a file's lines made into rows of the resource (its columns, and the rows it
 * names by natural key turned into ids) and handed to the resource's write pipeline. What the
 * pipeline refuses comes back as errors of the line, in the words of the file.
 */

export interface PendingRow {
  line: number
  cells: Cells
  key: string | null
}

interface Prepared {
  row: PendingRow
  write: RowWrite
  /** The row's fields as the file gives them, references turned into ids. */
  body: Record<string, unknown>
  /** Rows of this batch that the row names, by natural key. */
  namesInBatch: Array<{ csvColumn: string; code: string }>
}

export interface BatchOutcome {
  inserted: number
  updated: number
  unchanged: number
  rejected: Array<{ row: PendingRow; errors: RowError[] }>
  deferred: PendingRow[]
  saved: Array<{ key: string; id: number }>
}

export class ImportBatches {
  /** Whether a row naming one not yet written may wait for the end of the file. */
  deferAllowed = true
  readonly #spec: ImportSpec
  readonly #pipeline: WritePipeline
  readonly #knownRows: KnownRows
  readonly #rejectedKeys: ReadonlyMap<string, number>
  readonly #shape: ShapeValidator
  readonly #selfReferences: string[]
  readonly #agencyCsvColumn: string | null
  /** The importing account's language: every message of the run is worded in it. */
  readonly #locale: string
  /** Ids given to the new rows of the batch being written, by natural key. */
  #batchIds = new Map<string, number>()
  #batchKnown = new Set<number>()

  /** `rejectedKeys`: lines of the file whose rows were refused, by natural key, to explain references to them. */
  constructor(spec: ImportSpec, pipeline: WritePipeline, knownRows: KnownRows, rejectedKeys: ReadonlyMap<string, number>) {
    this.#spec = spec
    this.#pipeline = pipeline
    this.#knownRows = knownRows
    this.#rejectedKeys = rejectedKeys
    this.#locale = pipeline.user.locale
    this.#shape = shapeValidatorOf(pipeline.def.validator, { table: spec.table, column: spec.naturalKey })
    this.#selfReferences = Object.entries(spec.references)
      .filter(([, ref]) => ref.table === spec.table)
      .map(([csvColumn]) => csvColumn)
    this.#agencyCsvColumn = Object.entries(spec.references).find(([, ref]) => ref.column === pipeline.def.agencyColumn)?.[0] ?? null
  }

  #say<K extends MessageKey>(key: K, ...params: MessageParams<K>) {
    return message(key, ...params).in(this.#locale)
  }

  /** Makes sure every id the validator will ask `exists` about has been checked, in bulk. */
  async #checkIds(trx: TransactionClientContract, prepared: Prepared[]) {
    const wanted = new Map<string, Set<number>>()
    for (const { body, write } of prepared) {
      for (const [field, { table, column }] of this.#shape.references) {
        if (column !== 'id') continue
        // What the validator will see: the file's value, else the stored one.
        const value = Number(field in body ? body[field] : write.existing?.[field])
        if (!Number.isInteger(value) || value <= 0 || this.#referenceExists(table, 'id', value)) continue
        if (!wanted.has(table)) wanted.set(table, new Set())
        wanted.get(table)!.add(value)
      }
    }
    await this.#knownRows.checkIds(trx, wanted)
  }

  #referenceExists = (table: string, column: string, value: unknown) => {
    if (column !== 'id') return false
    const id = Number(value)
    return this.#knownRows.ids(table).has(id) || (table === this.#spec.table && this.#batchKnown.has(id))
  }

  /**
   * Maps a batch's lines to rows and hands them to the write pipeline: role, references, then
   * validation, prepare hook and scope row by row, and one upsert and audit append for the rows
   * that pass. A refused row is reported against its line; the others are kept.
   */
  async apply(trx: TransactionClientContract, rows: PendingRow[]): Promise<BatchOutcome> {
    const spec = this.#spec
    const pipeline = this.#pipeline
    const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, rejected: [], deferred: [], saved: [] }
    const reject = (row: PendingRow, errors: Array<Omit<RowError, 'line'>>) =>
      outcome.rejected.push({ row, errors: errors.map((e) => ({ line: row.line, ...e })) })

    const keys = rows.map((r) => r.key).filter((k): k is string => k !== null)
    const stored = await lockStored(trx, this.#pipeline.def, keys)
    await this.#knownRows.lookUpKeys(trx, rows.flatMap((row) => referencesOf(this.#spec, row.cells)))
    const newKeys = [...new Set(keys.filter((k) => !stored.has(k)))]
    const ids = await allocateIds(trx, spec.table, newKeys.length)
    const allocated = new Map(newKeys.map((key, i) => [key, ids[i]]))
    this.#batchIds = new Map()
    this.#batchKnown = new Set()

    // First the body of every row, so the ids they name can be checked in one query per table.
    const prepared: Prepared[] = []
    for (const row of rows) {
      const storedRow = row.key !== null ? (stored.get(row.key) ?? null) : null
      const refusal = pipeline.refusal(storedRow ? 'update' : 'create')
      if (refusal) {
        reject(row, [{ field: null, message: refusal.in(this.#locale) }])
        continue
      }
      const namesInBatch: Prepared['namesInBatch'] = []
      const { body, unresolved } = bodyOf(spec, row.cells, (csvColumn, code) => {
        const table = spec.references[csvColumn].table
        const id = this.#knownRows.idOf(table, code)
        if (id !== undefined || table !== spec.table) return id
        const inBatch = this.#batchIds.get(code)
        if (inBatch !== undefined) namesInBatch.push({ csvColumn, code })
        return inBatch
      })
      if (unresolved.length) {
        // A row naming one further down the file waits until the file is read.
        const forward = unresolved.every(({ csvColumn }) => this.#selfReferences.includes(csvColumn))
        if (forward && this.deferAllowed) {
          outcome.deferred.push(row)
          continue
        }
        reject(row, unresolved.map(({ csvColumn, code }) => this.#unresolvedError(csvColumn, code)))
        continue
      }
      const write = pipeline.begin(storedRow)
      const id = !storedRow && row.key !== null ? allocated.get(row.key) : undefined
      if (id !== undefined) {
        ;(write.row as unknown as { id: number }).id = id
        this.#batchIds.set(row.key!, id)
        this.#batchKnown.add(id)
      }
      prepared.push({ row, write, body, namesInBatch })
    }
    await this.#checkIds(trx, prepared)

    const writes: RowWrite[] = []
    const refusedInBatch = new Map<string, number>()
    for (const entry of prepared) {
      const refused = entry.namesInBatch.find(({ code }) => refusedInBatch.has(code))
      const errors = refused
        ? [this.#refusedReference(spec.table, refused.csvColumn, refused.code, refusedInBatch.get(refused.code)!)]
        : await this.#check(trx, entry)
      if (!errors) {
        writes.push(entry.write)
        continue
      }
      reject(entry.row, errors)
      if (entry.row.key !== null) refusedInBatch.set(entry.row.key, entry.row.line)
    }
    if (!writes.length) return outcome

    const result = await pipeline.saveBatch(trx, writes)
    outcome.unchanged += result.unchanged.length
    for (const { inserted, id, key } of result.saved) {
      if (inserted) outcome.inserted++
      else outcome.updated++
      outcome.saved.push({ key, id })
    }
    return outcome
  }

  #unresolvedError(csvColumn: string, code: string): Omit<RowError, 'line'> {
    const ref = this.#spec.references[csvColumn]
    const self = ref.table === this.#spec.table
    const rejectedOn = self ? this.#rejectedKeys.get(code) : undefined
    if (rejectedOn !== undefined) return this.#refusedReference(ref.table, csvColumn, code, rejectedOn)
    return {
      field: csvColumn,
      message: this.#say('imports.no_such_reference', { table: ref.table, key: ref.key, code, inFile: self }),
    }
  }

  #refusedReference(table: string, csvColumn: string, code: string, line: number): Omit<RowError, 'line'> {
    return { field: csvColumn, message: this.#say('imports.refused_reference', { table, code, line }) }
  }

  /**
   * One row through the pipeline's checks (stored scope, validator, prepare hook, new scope):
   * null when it may be written, else its refusals in the words of the file.
   */
  async #check(trx: TransactionClientContract, { row, write, body }: Prepared): Promise<Array<Omit<RowError, 'line'>> | null> {
    const spec = this.#spec
    const pipeline = this.#pipeline
    try {
      await pipeline.validate(write, body, this.#referenceExists)
      await pipeline.prepare(trx, write)
      return null
    } catch (error) {
      if (error instanceof vineErrors.E_VALIDATION_ERROR) {
        return (error.messages as Array<{ field: string; message: string }>).map((m) => ({
          field: csvFieldOf(spec, m.field),
          message: csvMessage(spec, m.field, m.message),
        }))
      }
      if (error instanceof OutOfScopeError) {
        if (error.record === 'stored') {
          return [{ field: this.#agencyCsvColumn, message: this.#say('imports.row_outside', { table: spec.table, key: row.key }) }]
        }
        const field = this.#pipeline.def.agencyColumn === 'id' ? csvFieldOf(spec, 'parent_id') : this.#agencyCsvColumn
        return [{ field, message: this.#say('imports.agency_outside', { table: spec.table }) }]
      }
      if (error instanceof FieldError) {
        const [{ message: text }] = error.errorsIn(this.#locale)
        return [{ field: csvFieldOf(spec, error.field), message: csvMessage(spec, error.field, text) }]
      }
      if (error instanceof ForbiddenError) return [{ field: null, message: error.errorsIn(this.#locale)[0].message }]
      throw error
    }
  }
}
