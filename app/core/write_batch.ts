import type { LucidModel, LucidRow } from '@adonisjs/lucid/types/model'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { ResourceDefinition } from '#app/core/resource'
import type { RowWrite, WritePipeline } from '#app/core/write_pipeline'
import { sameValue, upsertBatch } from '#app/imports/bulk_upsert'
import { SEALED_COLUMNS } from '#app/imports/sealed_columns'

/**
 * The batch side of the write pipeline: many rows of one resource read, locked and written by
 * their natural key in a few statements rather than one save per row, which is what keeps a
 * file of 17,485 lines a matter of seconds.
 */

/** The columns a batch never writes itself: the database and the save hooks own them. */
const MANAGED_COLUMNS = new Set(['id', 'created_at', 'updated_at'])

export interface BatchResult<R extends LucidRow> {
  /** Rows whose stored values the batch would not change: nothing written, nothing audited. */
  unchanged: Array<RowWrite<R>>
  /** Written rows, with whether the upsert inserted them, their id and natural key. */
  saved: Array<{ write: RowWrite<R>; inserted: boolean; id: number; key: string }>
}

/**
 * The stored rows with these natural keys, locked so that what is compared and merged is what
 * the upsert overwrites. Without the timestamps: nothing compares or merges them, and turning
 * them into dates and back is most of what reading a row costs.
 */
export async function lockStored(trx: TransactionClientContract, def: ResourceDefinition, keys: string[]) {
  if (!keys.length) return new Map<string, LucidRow>()
  const columns = [...def.model.$columnsDefinitions.values()]
    .map((column) => column.columnName)
    .filter((column) => column === 'id' || !MANAGED_COLUMNS.has(column))
  const rows = await trx.from(def.model.table).select(columns).whereIn(def.naturalKey, keys).forUpdate()
  // Models not bound to the transaction: nothing here saves a model, the hooks are handed the
  // transaction, and every bound model adds listeners to it, which slows down past a few
  // thousand rows.
  return new Map(rows.map((r) => [String(r[def.naturalKey]), def.model.$createFromAdapterResult(r)!]))
}

/**
 * Ids for new rows, given before they are written, so that a row can name one above it in the
 * same batch (a parent agency above its children) and both go in the same statement: foreign
 * keys are checked at the end of the statement.
 */
export async function allocateIds(trx: TransactionClientContract, table: string, count: number): Promise<number[]> {
  if (!count) return []
  const ids = await trx.rawQuery(`SELECT nextval(pg_get_serial_sequence(?, 'id')) AS id FROM generate_series(1, ?)`, [table, count])
  return ids.rows.map((r: { id: string }) => Number(r.id))
}

interface Staged<R extends LucidRow> {
  write: RowWrite<R>
  payload: Record<string, unknown>
  /** Columns the upsert must set: all of a new row's, the changed ones of an existing row. */
  setColumns: string[]
}

/**
 * Attributes as the database stores them (column names, each column's own `prepare`), leaving
 * out the columns the database and save hooks own.
 */
function columnValues(managed: Set<string>, row: LucidRow, attributes: Record<string, unknown>) {
  const own: Record<string, unknown> = {}
  for (const key in attributes) if (!managed.has(key)) own[key] = attributes[key]
  return (row as unknown as { prepareForAdapter(a: Record<string, unknown>): Record<string, unknown> }).prepareForAdapter(own)
}

/** The attributes of the columns in MANAGED_COLUMNS. */
function managedAttributes(model: LucidModel) {
  return new Set(
    [...model.$columnsDefinitions.entries()].filter(([, column]) => MANAGED_COLUMNS.has(column.columnName)).map(([attribute]) => attribute)
  )
}

/** What the upsert writes for one row, or null when it would change nothing stored. */
function stage<R extends LucidRow>(def: ResourceDefinition, managed: Set<string>, write: RowWrite<R>): Staged<R> | null {
  const sealed = SEALED_COLUMNS[def.name] ?? {}
  const payload: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(columnValues(managed, write.row, write.row.$attributes))) {
    if (value !== undefined) payload[column] = value
  }
  const id = write.row.$primaryKeyValue
  if (!write.existing) {
    if (id !== undefined && id !== null) payload.id = id
    return { write, payload, setColumns: Object.keys(payload) }
  }
  const before = columnValues(managed, write.row, write.row.$original)
  const setColumns: string[] = []
  for (const column of Object.keys(payload)) {
    if (sameValue(before[column], payload[column])) continue
    const same = sealed[column]
    if (same && typeof before[column] === 'string' && typeof payload[column] === 'string' && same(before[column], payload[column])) {
      // The same secret sealed afresh: keep the stored text.
      payload[column] = before[column]
      continue
    }
    setColumns.push(column)
  }
  return setColumns.length ? { write, payload, setColumns } : null
}

/**
 * A new row as saved: the model the batch built, plus what only the database knew (its id,
 * timestamps and column defaults), without reading back what the model already holds.
 */
function completeNew(model: LucidModel, row: LucidRow, raw: Record<string, unknown>) {
  const fromDatabase: Record<string, unknown> = {}
  const attributes = row.$attributes as Record<string, unknown>
  for (const [column, value] of Object.entries(raw)) {
    const attribute = model.$keys.columnsToAttributes.get(column)
    if (attribute && attributes[attribute] === undefined) fromDatabase[column] = value
  }
  row.$consumeAdapterResult(fromDatabase)
  row.$isPersisted = true
  return row
}

/** The batch's rows prepared by the pipeline, written in one upsert per shape, then finished. */
export async function saveBatch<M extends LucidModel>(
  pipeline: WritePipeline<M>,
  trx: TransactionClientContract,
  writes: Array<RowWrite<InstanceType<M>>>
): Promise<BatchResult<InstanceType<M>>> {
  const def = pipeline.def as unknown as ResourceDefinition
  const result: BatchResult<InstanceType<M>> = { unchanged: [], saved: [] }
  const staged: Array<Staged<InstanceType<M>>> = []
  const managed = managedAttributes(def.model)
  for (const write of writes) {
    const entry = stage(def, managed, write)
    if (entry) staged.push(entry)
    else result.unchanged.push(write)
  }
  if (!staged.length) return result

  const touchesUpdatedAt = def.model.$getColumn('updatedAt') !== undefined
  const saved = await upsertBatch(trx, { table: def.model.table, naturalKey: def.naturalKey, touchesUpdatedAt }, staged)
  const finished = []
  for (const entry of staged) {
    const key = String(entry.payload[def.naturalKey])
    const raw = saved.get(key)!
    const inserted = Boolean(raw.__inserted)
    delete raw.__inserted
    // An updated row is the merged model already; a new one lacks only what the database gave
    // it. A row someone else inserted meanwhile (updated, not inserted) is read back whole.
    if (!entry.write.existing) {
      entry.write.row = (inserted ? completeNew(def.model, entry.write.row, raw) : def.model.$createFromAdapterResult(raw)!) as InstanceType<M>
    }
    if (!inserted && !entry.write.existing) {
      // Someone else inserted it meanwhile: an update of what they stored.
      entry.write.existing = {}
      entry.write.stored = {}
    }
    finished.push({ write: entry.write, saved: entry.payload })
    result.saved.push({ write: entry.write, inserted, id: Number(entry.write.row.$primaryKeyValue), key })
  }
  await pipeline.finish(trx, finished)
  return result
}
