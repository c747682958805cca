import { termCondition, termConditionWithAgency } from '#app/core/search_terms'
import db from '@adonisjs/lucid/services/db'
import type { LucidModel, LucidRow, ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import type { VineValidator } from '@vinejs/vine'
import type User from '#app/access/user'
import { can, type Resource } from '#app/access/roles'
import { isInScope, scopeQuery } from '#app/access/scope'
import { recordAudit, type Actor } from '#app/audit/audit_log'
import { ForbiddenError } from '#app/core/errors'
import { message } from '#app/core/messages'
import type { FilterSpec, ListQuery } from '#app/core/list_query'
import { countList } from '#app/core/list_count'
import { serializePlain } from '#app/core/plain_rows'

/**
 * Everything the generic list/show/create/update/delete/export/import code needs to know about
 * one inventory or ticket resource. Each domain folder declares one of these; the rules that
 * differ (incident numbering, device credentials, agency paths) live in its hooks.
 */
export interface ResourceDefinition<M extends LucidModel = LucidModel> {
  name: Resource
  model: M
  /** Validates a whole record: create bodies, and on update the stored record merged with the body. */
  validator: VineValidator<any, any>
  filters: FilterSpec
  /** SQL over the row's names, matching the trigram index of its table. */
  searchExpression: string
  /** The search box also finds rows by their agency's names, Chinese and English. */
  searchAgencyNames?: boolean
  /**
   * Column holding the agency that scopes the row; agencies scope on their own id. Null for
   * national records (the audit log), which users bound to an agency never see.
   */
  agencyColumn: string | null
  /**
   * Narrows reads to the rows the reader may see where the agency column alone does not decide
   * it (indicators by their TLP marking and sharing group): lists, shows, exports and the lookup
   * before a write all use it instead of the agency scope; `export` is a file leaving the
   * console (the CSV export), which may hold less. Writes still check `agencyColumn`.
   */
  readScope?: (query: ScopableQuery, user: User, purpose: ReadPurpose) => void
  /** Column that identifies a row in the agencies' own files (CSV imports upsert on it). */
  naturalKey: string
  /** Columns of CSV export and import, in order. */
  csvColumns: string[]
  /**
   * CSV columns that name another row by its natural key (agency_code → agency_id), so files
   * that agencies hand over never carry our database ids.
   */
  csvReferences?: Record<string, { column: string; table: string; key: string }>
  /** Fills or checks fields that are not simply copied from the body. */
  prepare?: (ctx: WriteContext<InstanceType<M>>) => Promise<void> | void
  /** Runs after the row is saved, in the same transaction (children, derived columns). */
  afterSave?: (ctx: WriteContext<InstanceType<M>>) => Promise<void> | void
  /** Runs after the row is deleted, in the same transaction (what was derived from it). */
  afterDelete?: (ctx: { user: User; trx: TransactionClientContract; row: InstanceType<M> }) => Promise<void> | void
  /** Adds derived fields to a record in API answers. */
  present?: (row: InstanceType<M>) => Promise<Record<string, unknown>> | Record<string, unknown>
  /**
   * What other tables know of the rows shown (a device's reachability, say), keyed by id: one
   * query for a whole page rather than one per row.
   */
  presentMany?: (ids: number[], reader?: User) => Promise<Map<number, Record<string, unknown>>>
  /**
   * Reshapes a page of the CSV export's records (serialised rows) for the reader, in place: what a
   * file leaving the console may not hold of them (an indicator's value in the audit log).
   */
  exportRows?: (records: Record<string, unknown>[], reader: User) => Promise<void>
  /**
   * The same, read in the statement that reads the rows themselves (a list's page, a show's
   * record) instead of a statement more per table: for answers that draw on many tables.
   */
  joined?: JoinedFields
  /**
   * The answer's fields that are not columns typed by the validator or a date column: what
   * present/presentMany add and columns only the system writes, as JSON Schemas (`properties`) or
   * by name when the validator types them too (`fromValidator`). The OpenAPI document builds each
   * answer from the model's columns, the validator and these (platform/openapi.ts); `optional`
   * names fields an answer may leave out.
   */
  answerFields?: { properties?: Record<string, Record<string, unknown>>; fromValidator?: string[]; optional?: string[] }
}

/**
 * What an answer shows from other tables, added to the query that reads the rows. `select` adds
 * joins and columns to a query over the rows, which stand as the derived table `r` (a page already
 * cut to its rows, so what it adds runs for those rows only); the columns it adds are named with
 * a leading `__`, which no answer carries. `present` makes the answer's fields of a row so read.
 */
export interface JoinedFields {
  select: (query: DatabaseQueryBuilderContract<any>, reader?: User) => void
  present: (rows: PlainRow[], reader?: User) => Promise<Map<number, Record<string, unknown>>> | Map<number, Record<string, unknown>>
}

/** Marks a row read with its joined columns (see withJoined). */
const JOINED = '__joined'

export interface WriteContext<R> {
  user: User
  trx: TransactionClientContract
  row: R
  input: Record<string, unknown>
  existing: Record<string, unknown> | null
}

export function authorise(user: User, def: ResourceDefinition, action: 'read' | 'create' | 'update' | 'delete') {
  if (!can(user.role, def.name, action)) {
    throw new ForbiddenError(message('access.role_may_not', { role: user.role, action, resource: def.name }))
  }
}

/**
 * Who the audit log names. A user never saved (`inventory:import` without --as runs as one) is
 * the system: its id must be null, not undefined, or the row's hash covers a field the stored
 * row does not hold and the chain reads as broken.
 */
export function actorOf(user: User): Actor {
  return { id: user.id ?? null, email: user.email ?? 'system' }
}

type ListBuilder = ModelQueryBuilderContract<any> | DatabaseQueryBuilderContract<any>

/** What a read scope may add to a query: conditions only. */
export type ScopableQuery = Pick<DatabaseQueryBuilderContract<any>, 'whereRaw'>

/** Rows read to be shown (lists, shows, the lookup before a write), or written into a file. */
export type ReadPurpose = 'show' | 'export'

export function scoped<Q extends ListBuilder>(query: Q, def: ResourceDefinition, user: User, purpose: ReadPurpose = 'show'): Q {
  if (def.readScope) {
    def.readScope(query as ScopableQuery, user, purpose)
    return query
  }
  return scopeQuery(query as any, user, def.agencyColumn) as Q
}

export function applyListQuery<Q extends ListBuilder>(query: Q, def: ResourceDefinition, list: ListQuery): Q {
  for (const term of list.search) {
    const condition =
      def.searchAgencyNames && def.agencyColumn
        ? termConditionWithAgency(def.searchExpression, `${def.model.table}.${def.agencyColumn}`, term)
        : termCondition(def.searchExpression, term)
    query.whereRaw(condition.sql, condition.bindings)
  }
  for (const { field, values } of list.equals) {
    const nonNull = values.filter((v) => v !== null)
    query.where((q: ListBuilder) => {
      if (nonNull.length) q.whereIn(field, nonNull as any[])
      if (nonNull.length !== values.length) q.orWhereNull(field)
    })
  }
  for (const { field, op, value } of list.ranges) query.where(field, op, value)
  for (const { field, value } of list.contains) query.whereILike(field, `%${value}%`)
  return query
}

/** A type of the rows lists and shows answer with: read only, never hydrated into models. */
export type PlainRow = Record<string, unknown>

/** A page of the list as plain rows (see core/plain_rows.ts), and the total Content-Range reports. */
export async function listRows(def: ResourceDefinition, user: User, list: ListQuery): Promise<{ rows: PlainRow[]; total: number }> {
  const base = () => applyListQuery(scoped(db.from(def.model.table), def, user), def, list)
  const wholeTable = !def.readScope && user.isNational && !list.search.length && !list.equals.length && !list.ranges.length && !list.contains.length
  const page = base().orderBy(list.sort.field, list.sort.order).orderBy('id', 'asc').offset(list.offset).limit(list.limit)
  const [total, rows] = await Promise.all([countList(base, def.model.table, wholeTable), def.joined ? withJoined(def, page, user, list.sort) : page])
  return { rows: rows as PlainRow[], total }
}

/**
 * The rows `rows` reads, each with the columns the definition's joined fields read, in one
 * statement; in the order `sort` gives when the rows are a page (a derived table keeps none).
 */
function withJoined(def: ResourceDefinition, rows: ListBuilder, reader?: User, sort?: ListQuery['sort']) {
  const query = db.query().from(rows.as('r')).select('r.*', db.raw(`true AS ${JOINED}`))
  def.joined!.select(query, reader)
  if (sort) query.orderBy(`r.${sort.field}`, sort.order).orderBy('r.id', 'asc')
  return query
}

/**
 * The row with this id if the user's scope holds it, else null: a record of another agency is
 * answered as one that does not exist, so ids cannot be probed for what other agencies hold.
 */
export async function findRow(def: ResourceDefinition, user: User, id: number | string) {
  const row = await def.model.find(id)
  if (!row) return null
  const visible = def.readScope
    ? Boolean(await scoped(db.from(def.model.table), def, user).where('id', id).first())
    : await isInScope(user, agencyOfRow(def, row))
  return visible ? row : null
}

/**
 * The same as findRow for an answer only: a plain row, its scope checked in the same statement
 * (one round trip where findRow takes two for a user bound to an agency).
 */
export async function findPlainRow(def: ResourceDefinition, user: User, id: number | string): Promise<PlainRow | null> {
  const record = scoped(db.from(def.model.table), def, user).where('id', id)
  const row = await (def.joined ? withJoined(def, record, user) : record).first()
  return row ?? null
}

export function agencyOfRow(def: ResourceDefinition, row: LucidRow | Record<string, unknown>) {
  if (def.agencyColumn === null) return null
  const data = 'serialize' in row && typeof row.serialize === 'function' ? (row as LucidRow).$attributes : row
  const camel = def.agencyColumn.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
  return ((data as any)[camel] ?? (data as any)[def.agencyColumn]) as number | null
}

/** API bodies use the column names (snake_case); models use their attribute names. */
export function attributesOf(model: LucidModel, input: Record<string, unknown>) {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) {
    const attribute = model.$keys.serializedToAttributes.get(key) ?? model.$keys.columnsToAttributes.get(key)
    if (attribute && attribute !== 'id') out[attribute] = value
  }
  return out
}

const isModel = (row: LucidRow | PlainRow): row is LucidRow => typeof (row as LucidRow).serialize === 'function'

/**
 * Rows as the API answers them, from models or plain rows alike; `reader` is who reads them (the
 * language of worded fields). A definition whose `present` reads a model gets plain rows hydrated.
 */
export async function presentRows(def: ResourceDefinition, given: Array<LucidRow | PlainRow>, reader?: User) {
  const rows = def.present ? given.map((row) => (isModel(row) ? row : def.model.$createFromAdapterResult(row)!)) : given
  const idOf = (row: LucidRow | PlainRow) => Number(isModel(row) ? row.$primaryKeyValue : row.id)
  const [extra, joined] = await Promise.all([
    def.presentMany && rows.length ? def.presentMany(rows.map(idOf), reader) : null,
    def.joined && rows.length ? joinedOf(def, given, idOf, reader) : null,
  ])
  return Promise.all(
    rows.map(async (row) => ({
      ...(isModel(row) ? row.serialize() : serializePlain(def.model, row)),
      ...(def.present ? await def.present(row as any) : {}),
      ...(extra?.get(idOf(row)) ?? {}),
      ...(joined?.get(idOf(row)) ?? {}),
    }))
  )
}

/** The joined fields of rows: from the rows when they were read with them, else read for them by id. */
async function joinedOf(def: ResourceDefinition, rows: Array<LucidRow | PlainRow>, idOf: (row: LucidRow | PlainRow) => number, reader?: User) {
  const read = rows.every((row) => !isModel(row) && row[JOINED] === true)
    ? (rows as PlainRow[])
    : ((await withJoined(def, db.from(def.model.table).whereIn('id', rows.map(idOf)), reader)) as PlainRow[])
  return def.joined!.present(read, reader)
}

export async function present(def: ResourceDefinition, row: LucidRow | PlainRow, reader?: User) {
  const [shown] = await presentRows(def, [row], reader)
  return shown
}

export async function deleteRow(def: ResourceDefinition, user: User, id: number | string) {
  const row = await findRow(def, user, id)
  if (!row) return null
  await db.transaction(async (trx) => {
    row.useTransaction(trx)
    const before = row.serialize()
    await row.delete()
    await def.afterDelete?.({ user, trx, row })
    await recordAudit(trx, actorOf(user), [
      { action: 'delete', entity: def.name, entityId: id, before, after: null },
    ])
  })
  return row
}
