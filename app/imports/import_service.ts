import db from '@adonisjs/lucid/services/db'
import { errors as vineErrors } from '@vinejs/vine'
import type { LucidRow } from '@adonisjs/lucid/types/model'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import { can } from '#app/access/roles'
import { recordAudit, diff, type AuditChange } from '#app/audit/audit_log'
import { FieldError, ForbiddenError } from '#app/core/errors'
import { attributesOf, agencyOfRow, type ResourceDefinition } from '#app/core/resource'
import { message, type MessageKey, type MessageParams } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { CsvReader, type CsvRecord } from '#app/imports/csv_reader'
import {
  bodyOf,
  cellsOf,
  csvFieldOf,
  csvMessage,
  ErrorLog,
  keyOf,
  readHeader,
  referencesOf,
  type Cells,
  type ImportSpec,
  type Layout,
  type RowError,
} from '#app/imports/csv_layout'
import { shapeValidatorOf, type ShapeValidator } from '#app/imports/shape_validator'
import { SEALED_COLUMNS, markSealed } from '#app/imports/sealed_columns'
import { databaseMessage, isRowDataError, sameValue, upsertBatch } from '#app/imports/bulk_upsert'
import { KnownRows } from '#app/imports/known_rows'
import { agencyIdsInScope } from '#app/access/scope'

/**
 * CSV import of one inventory resource: streamed, validated row by row with the resource's own
 * validator and hooks, written in batches (one upsert on the natural key and one audit append
 * per batch), with every rejected line reported and every good line kept.
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

/** The columns an import never writes itself: the database and the save hooks own them. */
const MANAGED_COLUMNS = new Set(['id', 'created_at', 'updated_at'])

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

interface PendingRow {
  line: number
  cells: Cells
  key: string | null
}

interface Write {
  row: PendingRow
  model: LucidRow
  input: Record<string, unknown>
  existing: Record<string, unknown> | null
  existingRaw: Record<string, unknown> | null
  payload: Record<string, unknown>
  /** Columns the upsert must set: all of a new row's, the changed ones of an existing row. */
  setColumns: string[]
  sealedChanged: string[]
}

interface Prepared {
  row: PendingRow
  model: LucidRow
  existingRaw: Record<string, unknown> | null
  existing: Record<string, unknown> | null
  merged: Record<string, unknown>
  /** The row's id: its own, or the one allocated to it when it is new. */
  id: number | null
  /** Rows of this batch that the row names, by natural key. */
  namesInBatch: Array<{ csvColumn: string; code: string }>
}

interface BatchOutcome {
  inserted: number
  updated: number
  unchanged: number
  rejected: Array<{ row: PendingRow; errors: RowError[] }>
  deferred: PendingRow[]
  saved: Array<{ key: string; id: number }>
}

class ImportRun {
  readonly spec: ImportSpec
  readonly shape: ShapeValidator
  readonly progress: ImportProgress
  readonly #def: ResourceDefinition
  readonly #user: User
  readonly #batchSize: number
  readonly #onProgress?: ImportOptions['onProgress']
  readonly #onBatch?: ImportOptions['onBatch']
  readonly #selfReferences: string[]
  readonly #agencyCsvColumn: string | null
  readonly #sealed: Record<string, (a: string, b: string) => boolean>
  readonly #managedAttributes: Set<string>
  readonly #readColumns: string[]
  /** The importing account's language: every message of the run is worded in it. */
  readonly #locale: string

  #layout: Layout | null = null
  #batch: PendingRow[] = []
  #pendingKeys = new Set<string>()
  #deferred: PendingRow[] = []
  #deferredKeys = new Set<string>()
  /** Deferred rows not yet settled, across passes (progress.deferred is its size). */
  #waiting = new Set<PendingRow>()
  #deferAllowed = true
  #knownRows: KnownRows
  /** Ids given to the new rows of the batch being written, by natural key. */
  #batchIds = new Map<string, number>()
  #batchKnown = new Set<number>()
  /** Lines of this file whose rows were refused, by natural key, to explain references to them. */
  #rejectedKeys = new Map<string, number>()
  /** Agency ids the user may write under; null for national users, who may write anywhere. */
  #scope: Set<number> | null = null

  constructor(options: ImportOptions) {
    this.#def = options.def
    this.#user = options.user
    this.#knownRows = new KnownRows(options.user)
    this.#locale = options.user.locale
    this.#batchSize = options.batchSize ?? BATCH_SIZE
    this.#onProgress = options.onProgress
    this.#onBatch = options.onBatch
    this.spec = importSpecOf(options.def)
    this.shape = shapeValidatorOf(options.def.validator, { table: this.spec.table, column: this.spec.naturalKey })
    this.#selfReferences = Object.entries(this.spec.references)
      .filter(([, ref]) => ref.table === this.spec.table)
      .map(([csvColumn]) => csvColumn)
    this.#agencyCsvColumn =
      Object.entries(this.spec.references).find(([, ref]) => ref.column === options.def.agencyColumn)?.[0] ?? null
    this.#sealed = SEALED_COLUMNS[options.def.name] ?? {}
    this.#readColumns = [...options.def.model.$columnsDefinitions.values()]
      .map((column) => column.columnName)
      .filter((column) => column === 'id' || !MANAGED_COLUMNS.has(column))
    this.#managedAttributes = new Set(
      [...options.def.model.$columnsDefinitions.entries()]
        .filter(([, column]) => MANAGED_COLUMNS.has(column.columnName))
        .map(([attribute]) => attribute)
    )
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
    await this.#loadScope()
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
      if (this.#deferred.length >= rows.length) this.#deferAllowed = false
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
        const outcome = await this.#apply(trx, rows)
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

  async #loadScope() {
    this.#scope = await agencyIdsInScope(this.#user)
  }

  #inScope(agencyId: number | null | undefined) {
    if (this.#scope === null) return true
    return agencyId !== null && agencyId !== undefined && this.#scope.has(Number(agencyId))
  }

  /** Makes sure every id the validator will ask `exists` about has been checked, in bulk. */
  async #checkIds(trx: TransactionClientContract, inputs: Array<Record<string, unknown>>) {
    const wanted = new Map<string, Set<number>>()
    for (const input of inputs) {
      for (const [field, { table, column }] of this.shape.references) {
        if (column !== 'id') continue
        const value = Number(input[field])
        if (!Number.isInteger(value) || value <= 0 || this.#referenceExists(table, 'id', value)) continue
        if (!wanted.has(table)) wanted.set(table, new Set())
        wanted.get(table)!.add(value)
      }
    }
    await this.#knownRows.checkIds(trx, wanted)
  }

  /**
   * Attributes as the database stores them (column names, each column's own `prepare`), leaving
   * out the columns the database and save hooks own.
   */
  #columnValues(model: LucidRow, attributes: Record<string, unknown>): Record<string, unknown> {
    const own: Record<string, unknown> = {}
    for (const key in attributes) if (!this.#managedAttributes.has(key)) own[key] = attributes[key]
    return (model as unknown as { prepareForAdapter(a: Record<string, unknown>): Record<string, unknown> }).prepareForAdapter(own)
  }

  #referenceExists = (table: string, column: string, value: unknown) => {
    if (column !== 'id') return false
    const id = Number(value)
    return this.#knownRows.ids(table).has(id) || (table === this.spec.table && this.#batchKnown.has(id))
  }

  async #apply(trx: TransactionClientContract, rows: PendingRow[]): Promise<BatchOutcome> {
    const def = this.#def
    const spec = this.spec
    const outcome: BatchOutcome = { inserted: 0, updated: 0, unchanged: 0, rejected: [], deferred: [], saved: [] }
    const reject = (row: PendingRow, errors: Array<Omit<RowError, 'line'>>) =>
      outcome.rejected.push({ row, errors: errors.map((e) => ({ line: row.line, ...e })) })

    const keys = rows.map((r) => r.key).filter((k): k is string => k !== null)
    // Locked, so what is compared and merged below is what the upsert overwrites.
    // Without the timestamps: nothing here compares or merges them, and turning them into
    // dates and back is most of what reading a row costs.
    const existingRows = keys.length
      ? await trx.from(spec.table).select(this.#readColumns).whereIn(spec.naturalKey, keys).forUpdate()
      : []
    const existingByKey = new Map(existingRows.map((r) => [String(r[spec.naturalKey]), r as Record<string, unknown>]))
    await this.#knownRows.lookUpKeys(trx, rows.flatMap((row) => referencesOf(this.spec, row.cells)))

    // New rows get their ids now, so a row can name one defined above it in the same batch (a
    // parent agency above its children) and both go in the same statement: foreign keys are
    // checked at the end of the statement.
    const newKeys = [...new Set(keys.filter((k) => !existingByKey.has(k)))]
    const allocated = new Map<string, number>()
    if (newKeys.length) {
      const ids = await trx.rawQuery(
        `SELECT nextval(pg_get_serial_sequence(?, 'id')) AS id FROM generate_series(1, ?)`,
        [spec.table, newKeys.length]
      )
      newKeys.forEach((key, i) => allocated.set(key, Number(ids.rows[i].id)))
    }
    this.#batchIds = new Map()
    this.#batchKnown = new Set()

    // First the body of every row, so the ids they name can be checked in one query per table.
    const prepared: Prepared[] = []
    for (const row of rows) {
      const existingRaw = row.key !== null ? (existingByKey.get(row.key) ?? null) : null
      const action = existingRaw ? 'update' : 'create'
      if (!can(this.#user.role, def.name, action)) {
        reject(row, [{ field: null, message: this.#say('access.role_may_not', { role: this.#user.role, action, resource: def.name }) }])
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
        if (forward && this.#deferAllowed) {
          outcome.deferred.push(row)
          continue
        }
        reject(row, unresolved.map(({ csvColumn, code }) => this.#unresolvedError(csvColumn, code)))
        continue
      }
      // Not bound to the transaction (useTransaction): nothing here saves a model, the hooks are
      // handed the transaction, and every bound model adds listeners to it, which slows down
      // past a few thousand rows.
      const model = existingRaw ? def.model.$createFromAdapterResult(existingRaw)! : new def.model()
      const existing = existingRaw ? model.serialize() : null
      const id = existingRaw ? Number(existingRaw.id) : row.key !== null ? (allocated.get(row.key) ?? null) : null
      if (!existingRaw && id !== null && row.key !== null) {
        this.#batchIds.set(row.key, id)
        this.#batchKnown.add(id)
      }
      prepared.push({ row, model, existingRaw, existing, merged: { ...(existing ?? {}), ...body }, id, namesInBatch })
    }
    await this.#checkIds(trx, prepared.map((p) => p.merged))

    const writes: Write[] = []
    const refusedInBatch = new Map<string, number>()
    for (const entry of prepared) {
      const refused = entry.namesInBatch.find(({ code }) => refusedInBatch.has(code))
      const errors = refused
        ? [this.#refusedReference(spec.table, refused.csvColumn, refused.code, refusedInBatch.get(refused.code)!)]
        : await this.#check(trx, entry, writes)
      if (errors === 'unchanged') outcome.unchanged++
      else if (errors) {
        reject(entry.row, errors)
        if (entry.row.key !== null) refusedInBatch.set(entry.row.key, entry.row.line)
      }
    }
    if (!writes.length) return outcome

    const touchesUpdatedAt = this.#def.model.$getColumn('updatedAt') !== undefined
    const saved = await upsertBatch(trx, { table: this.spec.table, naturalKey: this.spec.naturalKey, touchesUpdatedAt }, writes)
    const changes: AuditChange[] = []
    for (const write of writes) {
      const raw = saved.get(String(write.payload[spec.naturalKey]))!
      const inserted = Boolean(raw.__inserted)
      delete raw.__inserted
      // An updated row is the merged model already; a new one lacks only what the database gave
      // it. A row someone else inserted meanwhile (updated, not inserted) is read back whole.
      const row = write.existingRaw
        ? write.model
        : inserted
          ? this.#completeNew(write.model, raw)
          : def.model.$createFromAdapterResult(raw)!
      const ctx = { user: this.#user, trx, row, input: write.input, existing: write.existing }
      await def.afterSave?.(ctx as never)
      const after = row.serialize()
      const id = (row as unknown as { id: number }).id
      if (inserted) {
        outcome.inserted++
        markSealed({ before: null, after }, write.sealedChanged, null, write.payload)
        changes.push({ action: 'create', entity: def.name, entityId: id, before: null, after })
      } else {
        outcome.updated++
        const changed = diff(write.existing ?? {}, after)
        markSealed(changed, write.sealedChanged, write.existingRaw ?? {}, write.payload)
        changes.push({ action: 'update', entity: def.name, entityId: id, before: changed.before, after: changed.after })
      }
      outcome.saved.push({ key: String(raw[spec.naturalKey]), id })
    }
    await recordAudit(trx, { id: this.#user.id ?? null, email: this.#user.email ?? 'system' }, changes)
    return outcome
  }

  #unresolvedError(csvColumn: string, code: string): Omit<RowError, 'line'> {
    const ref = this.spec.references[csvColumn]
    const self = ref.table === this.spec.table
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
   * One row through the resource's own rules: validator, prepare hook, role and scope. Queues
   * the write and returns null, returns 'unchanged', or returns the row's errors.
   */
  async #check(
    trx: TransactionClientContract,
    { row, model, existingRaw, existing, merged, id }: Prepared,
    writes: Write[]
  ): Promise<Array<Omit<RowError, 'line'>> | 'unchanged' | null> {
    const def = this.#def
    const spec = this.spec
    if (existingRaw && !this.#inScope(agencyOfRow(def, model))) {
      return [{ field: this.#agencyCsvColumn, message: this.#say('imports.row_outside', { table: spec.table, key: row.key }) }]
    }

    let input: Record<string, unknown>
    try {
      input = await this.shape.validate(
        merged,
        { id: existingRaw ? id : null, user: this.#user, referenceExists: this.#referenceExists },
        messagesFor(this.#locale)
      )
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      return (error.messages as Array<{ field: string; message: string }>).map((m) => ({
        field: csvFieldOf(spec, m.field),
        message: csvMessage(spec, m.field, m.message),
      }))
    }

    model.merge(attributesOf(def.model, input))
    try {
      await def.prepare?.({ user: this.#user, trx, row: model, input, existing } as never)
    } catch (error) {
      if (error instanceof FieldError) {
        const [{ message: text }] = error.errorsIn(this.#locale)
        return [{ field: csvFieldOf(spec, error.field), message: csvMessage(spec, error.field, text) }]
      }
      if (error instanceof ForbiddenError) return [{ field: null, message: error.errorsIn(this.#locale)[0].message }]
      throw error
    }

    // Agencies scope on themselves: a new one must sit under an agency the user may write.
    const scopeAgency =
      def.agencyColumn === 'id' && !existingRaw ? ((model as any).parentId ?? null) : agencyOfRow(def, model)
    if (!this.#inScope(scopeAgency)) {
      const field = def.agencyColumn === 'id' ? csvFieldOf(spec, 'parent_id') : this.#agencyCsvColumn
      return [{ field, message: this.#say('imports.agency_outside', { table: spec.table }) }]
    }

    const after = this.#columnValues(model, model.$attributes)
    const payload: Record<string, unknown> = {}
    for (const [column, value] of Object.entries(after)) {
      if (value !== undefined) payload[column] = value
    }
    const sealedChanged: string[] = []
    let setColumns: string[]
    if (existingRaw) {
      const before = this.#columnValues(model, model.$original)
      setColumns = []
      for (const column of Object.keys(payload)) {
        if (sameValue(before[column], payload[column])) continue
        const same = this.#sealed[column]
        if (same && typeof before[column] === 'string' && typeof payload[column] === 'string' && same(before[column] as string, payload[column] as string)) {
          // The same secret sealed afresh: keep the stored text.
          payload[column] = before[column]
          continue
        }
        setColumns.push(column)
        if (this.#sealed[column]) sealedChanged.push(column)
      }
      if (!setColumns.length) return 'unchanged'
    } else {
      setColumns = Object.keys(payload)
      for (const column of Object.keys(this.#sealed)) if (payload[column] != null) sealedChanged.push(column)
      if (id !== null) payload.id = id
      // An agency created under one the user may write is theirs too, for the rows below it.
      if (this.#scope && def.agencyColumn === 'id' && id !== null) this.#scope.add(id)
    }
    writes.push({ row, model, input, existing, existingRaw, payload, setColumns, sealedChanged })
    return null
  }

  /**
   * A new row as saved: the model the import built, plus what only the database knew (its id,
   * timestamps and column defaults), without reading back what the model already holds.
   */
  #completeNew(model: LucidRow, raw: Record<string, unknown>) {
    const fromDatabase: Record<string, unknown> = {}
    const attributes = model.$attributes as Record<string, unknown>
    for (const [column, value] of Object.entries(raw)) {
      const attribute = this.#def.model.$keys.columnsToAttributes.get(column)
      if (attribute && attributes[attribute] === undefined) fromDatabase[column] = value
    }
    model.$consumeAdapterResult(fromDatabase)
    model.$isPersisted = true
    return model
  }
}

/** Runs one import to its end; the progress callback sees every committed batch. */
export async function importCsv(options: ImportOptions): Promise<ImportResult> {
  const started = performance.now()
  const run = new ImportRun(options)
  await run.run(options.source)
  return { ...run.progress, elapsedMs: performance.now() - started }
}
