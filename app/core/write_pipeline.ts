import db from '@adonisjs/lucid/services/db'
import type { LucidModel, LucidRow } from '@adonisjs/lucid/types/model'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import { can } from '#app/access/roles'
import { agencyIdsInScope } from '#app/access/scope'
import { recordAudit, diff, type AuditChange } from '#app/audit/audit_log'
import { ForbiddenError } from '#app/core/errors'
import { message, type Message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { actorOf, agencyOfRow, attributesOf, findRow, type ResourceDefinition, type WriteContext } from '#app/core/resource'
import { markSealed, sealedChanges } from '#app/imports/sealed_columns'
import { shapeValidatorOf, type ReferenceCheck, type ShapeValidator } from '#app/imports/shape_validator'
import { saveBatch, type BatchResult } from '#app/core/write_batch'

/**
 * The one way a resource's rows are written, one row from a form or a batch from a CSV file:
 * authorise → validate → prepare hook → scope of the stored and the new record → save (the row
 * alone, or one upsert for the batch) → afterSave hook → audit, sealed columns marked. The REST
 * routes and the importer differ only in where rows come from and how a refusal is told: an
 * answer (403, 422) thrown from here, or a line of the import's error list.
 */

/** One row on its way through the pipeline. */
export interface RowWrite<R extends LucidRow = LucidRow> {
  /** The model: the stored record (or a new one), the validated body merged in by `prepare`. */
  row: R
  /** The stored record as the API shows it; null for a new row. */
  existing: Record<string, unknown> | null
  /** The stored values by column, sealed ones included; null for a new row. */
  stored: Record<string, unknown> | null
  /** The validated body; set by `validate`. */
  input: Record<string, unknown>
}

/** The stored record, or the one being written, lies outside the writer's agency scope. */
export class OutOfScopeError extends ForbiddenError {
  constructor(
    readonly record: 'stored' | 'new',
    readonly agencyId: number | null
  ) {
    super(message('scope.agency_outside', { agencyId }))
  }
}

/** A row's values by column name, as stored (sealed columns included). */
export function columnsOf(row: LucidRow): Record<string, unknown> {
  const model = row.constructor as LucidModel
  const out: Record<string, unknown> = {}
  for (const [attribute, value] of Object.entries(row.$attributes)) {
    out[model.$keys.attributesToColumns.get(attribute) ?? attribute] = value
  }
  return out
}

export class WritePipeline<M extends LucidModel = LucidModel> {
  #shape: ShapeValidator | null = null

  private constructor(
    readonly def: ResourceDefinition<M>,
    readonly user: User,
    /** Agency ids the user may write under; null for national users, who may write anywhere. */
    readonly scope: Set<number> | null
  ) {}

  static async of<M extends LucidModel>(def: ResourceDefinition<M>, user: User) {
    return new WritePipeline(def, user, await agencyIdsInScope(user))
  }

  /** Why the user's role may not create or update these rows; null when it may. */
  refusal(action: 'create' | 'update'): Message | null {
    const { user, def } = this
    return can(user.role, def.name, action) ? null : message('access.role_may_not', { role: user.role, action, resource: def.name })
  }

  authorise(action: 'create' | 'update') {
    const refusal = this.refusal(action)
    if (refusal) throw new ForbiddenError(refusal)
  }

  /** A write of `stored` (a new row when null), its stored values kept for the diff and the audit. */
  begin(stored: InstanceType<M> | null): RowWrite<InstanceType<M>> {
    return {
      row: stored ?? (new this.def.model() as InstanceType<M>),
      existing: stored ? stored.serialize() : null,
      stored: stored ? columnsOf(stored) : null,
      input: {},
    }
  }

  inScope(agencyId: number | null | undefined) {
    if (this.scope === null) return true
    return agencyId !== null && agencyId !== undefined && this.scope.has(Number(agencyId))
  }

  /**
   * Checks the stored record's scope, then validates the stored record merged with `body`,
   * with messages in the user's language. A batch passes `referenceExists`, so that the
   * validator's `exists` rules are answered from ids it looked up in bulk (shape_validator.ts).
   */
  async validate(write: RowWrite<InstanceType<M>>, body: Record<string, unknown>, referenceExists?: ReferenceCheck) {
    const { def, user } = this
    if (write.existing) {
      const agencyId = agencyOfRow(def, write.row)
      if (!this.inScope(agencyId)) throw new OutOfScopeError('stored', agencyId)
    }
    const data = { ...(write.existing ?? {}), ...body }
    const meta = { id: write.existing ? (write.row.$primaryKeyValue as number) : null, user, existing: write.existing }
    const messagesProvider = messagesFor(user.locale)
    if (referenceExists) {
      this.#shape ??= shapeValidatorOf(def.validator, { table: def.model.table, column: def.naturalKey })
      write.input = await this.#shape.validate(data, { ...meta, referenceExists }, messagesProvider)
    } else {
      write.input = await def.validator.validate(data, { meta, messagesProvider })
    }
  }

  /** Merges the validated body, runs the resource's prepare hook, and checks the new record's scope. */
  async prepare(trx: TransactionClientContract, write: RowWrite<InstanceType<M>>) {
    const { def } = this
    write.row.merge(attributesOf(def.model, write.input) as Partial<InstanceType<M>>)
    await def.prepare?.(this.#context(trx, write))
    // Agencies scope on themselves: a new one must sit under an agency the user may write.
    const isNewAgency = def.agencyColumn === 'id' && !write.existing
    const agencyId = isNewAgency ? ((write.row as any).parentId ?? null) : agencyOfRow(def, write.row)
    if (!this.inScope(agencyId)) throw new OutOfScopeError('new', agencyId)
    // An agency created under one the user may write is theirs too, for the rows below it.
    const id = write.row.$primaryKeyValue
    if (isNewAgency && this.scope && id !== undefined && id !== null) this.scope.add(Number(id))
  }

  /** Saves one row on its own (Lucid's save, so the model's own hooks run), then finishes it. */
  async saveOne(trx: TransactionClientContract, write: RowWrite<InstanceType<M>>) {
    await write.row.save()
    await this.finish(trx, [{ write, saved: columnsOf(write.row) }])
  }

  /** Saves a batch in one upsert on the natural key, then finishes its rows. */
  saveBatch(trx: TransactionClientContract, writes: Array<RowWrite<InstanceType<M>>>): Promise<BatchResult<InstanceType<M>>> {
    return saveBatch(this, trx, writes)
  }

  /**
   * Runs the afterSave hook of each saved row and appends their audit records, in one append.
   * `saved` holds the values written by column, so that a changed secret is marked though it
   * never serialises.
   */
  async finish(trx: TransactionClientContract, rows: Array<{ write: RowWrite<InstanceType<M>>; saved: Record<string, unknown> }>) {
    const { def } = this
    const changes: AuditChange[] = []
    for (const { write, saved } of rows) {
      await def.afterSave?.(this.#context(trx, write))
      const after = write.row.serialize()
      const entityId = write.row.$primaryKeyValue as number
      const sealed = sealedChanges(def.name, write.stored, saved)
      if (write.existing) {
        const changed = diff(write.existing, after)
        markSealed(changed, sealed, write.stored, saved)
        if (changed.changed || sealed.length) {
          changes.push({ action: 'update', entity: def.name, entityId, before: changed.before, after: changed.after })
        }
      } else {
        markSealed({ before: null, after }, sealed, null, saved)
        changes.push({ action: 'create', entity: def.name, entityId, before: null, after })
      }
    }
    if (changes.length) await recordAudit(trx, actorOf(this.user), changes)
  }

  #context(trx: TransactionClientContract, write: RowWrite<InstanceType<M>>): WriteContext<InstanceType<M>> {
    return { user: this.user, trx, row: write.row, input: write.input, existing: write.existing }
  }
}

/** Writes one row (create when `id` is null) through the pipeline; null when no such row is in scope. */
export async function saveRow<M extends LucidModel>(
  def: ResourceDefinition<M>,
  user: User,
  id: number | string | null,
  body: Record<string, unknown>
): Promise<InstanceType<M> | null> {
  const stored = id === null ? null : ((await findRow(def, user, id)) as InstanceType<M> | null)
  if (id !== null && !stored) return null
  const pipeline = await WritePipeline.of(def, user)
  pipeline.authorise(stored ? 'update' : 'create')
  const write = pipeline.begin(stored)
  await pipeline.validate(write, body)
  return db.transaction(async (trx) => {
    write.row.useTransaction(trx)
    await pipeline.prepare(trx, write)
    await pipeline.saveOne(trx, write)
    return write.row
  })
}
