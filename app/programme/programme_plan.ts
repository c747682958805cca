import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#app/access/user'
import { isInScope } from '#app/access/scope'
import { recordAudit } from '#app/audit/audit_log'
import { actorOf } from '#app/core/resource'
import { FieldError, ForbiddenError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { derivedTargets, type Measure, type YearTarget } from '#app/programme/programme_maths'

/**
 * The plan as data: yearly targets per measure, nationally (agency null) and allocated per
 * ministry. An edit never overwrites: the current row is superseded and a new one inserted, in
 * one transaction with its audit entry, so every version stays readable (`history`).
 */

export interface TargetRow {
  id: number
  measure: Measure
  agency_id: number | null
  year: number
  baseline: number
  target: number
  entered_by: number | null
  entered_at: Date
  superseded_at: Date | null
}

const plain = (r: any): TargetRow => ({ ...r, baseline: Number(r.baseline), target: Number(r.target) })

/** The current targets of the nation and of the given agencies, by agency (null the nation) and measure. */
export async function currentTargets(agencyIds: readonly number[] = []) {
  const rows = await db
    .from('programme_targets')
    .whereNull('superseded_at')
    .where((q) => {
      q.whereNull('agency_id')
      if (agencyIds.length) q.orWhereIn('agency_id', agencyIds as number[])
    })
    .orderBy('year')
  return targetsByScope(rows.map(plain))
}

/** Current target rows (in year order) by agency (null the nation) and measure. */
export function targetsByScope(rows: readonly Pick<TargetRow, 'measure' | 'agency_id' | 'year' | 'baseline' | 'target'>[]) {
  const by = new Map<number | null, Map<Measure, YearTarget[]>>()
  for (const r of rows) {
    const scope = by.get(r.agency_id) ?? new Map<Measure, YearTarget[]>()
    by.set(r.agency_id, scope)
    const list = scope.get(r.measure) ?? []
    list.push({ year: r.year, baseline: r.baseline, target: r.target })
    scope.set(r.measure, list)
  }
  return by
}

export type Allocation = 'national' | 'allocated' | 'derived'

/**
 * The targets a scope is measured against: the nation's plan for the nation, a scope's own
 * allocation where an admin made one, else the national plan pro rata to the scope's baseline
 * (derivedTargets): never the national 280 → 80 for a ministry holding nine data centres.
 */
export function targetsFor(
  all: Map<number | null, Map<Measure, YearTarget[]>>,
  agencyId: number | null,
  measure: Measure,
  ownBaseline: number | null,
  share: number | null = null
): { targets: YearTarget[]; allocation: Allocation } {
  const national = all.get(null)?.get(measure) ?? []
  if (agencyId === null) return { targets: national, allocation: 'national' }
  const own = all.get(agencyId)?.get(measure)
  if (own?.length) return { targets: own, allocation: 'allocated' }
  return { targets: derivedTargets(national, measure, ownBaseline, share), allocation: 'derived' }
}

/** Every version of the targets a reader may see (the nation's and their scope's), newest first. */
export async function targetHistory(user: User, filters: { measure?: string; agency_id?: number | null; year?: number }) {
  const query = db.from('programme_targets').orderBy('id', 'desc').limit(1000)
  if (filters.measure) query.where('measure', filters.measure)
  if (filters.year) query.where('year', filters.year)
  if (filters.agency_id === null) query.whereNull('agency_id')
  else if (filters.agency_id !== undefined) query.where('agency_id', filters.agency_id)
  if (!user.isNational) {
    query.where((q) => {
      q.whereNull('agency_id').orWhereRaw(`agency_id IN (SELECT id FROM agencies WHERE path LIKE (SELECT path FROM agencies WHERE id = ?) || '%')`, [user.agencyId!])
    })
  }
  return (await query).map(plain)
}

export interface TargetInput {
  measure: Measure
  agency_id: number | null
  year: number
  baseline: number
  target: number
}

/**
 * Sets one year's target of one measure for the nation or one ministry: the version in force is
 * superseded, the new one inserted, and the audit log records both values. Only ministries
 * (level 2) get allocations; a writer bound to an agency sets only targets inside their scope
 * (admins are national in practice, but the rule holds for any).
 */
export async function setTarget(user: User, input: TargetInput) {
  if (input.agency_id === null ? !user.isNational : !(await isInScope(user, input.agency_id))) {
    throw new ForbiddenError(message('programme.target_outside'))
  }
  if (input.agency_id !== null) {
    const agency = await db.from('agencies').where('id', input.agency_id).select('level').first()
    if (!agency) throw new FieldError('agency_id', message('programme.agency_unknown'))
    if (agency.level !== 2) throw new FieldError('agency_id', message('programme.ministry_only'))
  }
  return db.transaction(async (trx) => {
    // One writer per target at a time: two edits must not both supersede the same version.
    await trx.rawQuery(`SELECT pg_advisory_xact_lock(hashtext('programme_targets'), ?)`, [input.year])
    const current = await currentRow(trx, input)
    const now = new Date()
    if (current) await trx.from('programme_targets').where('id', current.id).update({ superseded_at: now })
    const [row] = await trx
      .insertQuery()
      .table('programme_targets')
      .insert({ ...input, entered_by: user.id ?? null, entered_at: now })
      .returning('*')
    const after = { measure: input.measure, agency_id: input.agency_id, year: input.year, baseline: input.baseline, target: input.target, supersedes: current?.id ?? null }
    await recordAudit(trx, actorOf(user), [
      current
        ? { action: 'update', entity: 'programme_targets', entityId: row.id, before: { id: current.id, baseline: current.baseline, target: current.target }, after }
        : { action: 'create', entity: 'programme_targets', entityId: row.id, before: null, after },
    ])
    return plain(row)
  })
}

async function currentRow(trx: TransactionClientContract, input: TargetInput) {
  const query = trx.from('programme_targets').whereNull('superseded_at').where({ measure: input.measure, year: input.year })
  if (input.agency_id === null) query.whereNull('agency_id')
  else query.where('agency_id', input.agency_id)
  const row = await query.forUpdate().first()
  return row ? plain(row) : null
}

/**
 * Moves the national plan's years by `offset` (the demo's review runs on recent years rather than
 * 2008–2011): every current national row is superseded by one `offset` years later, so the
 * plan's history still shows the years it was written with.
 */
export async function shiftNationalPlan(offset: number, trx: TransactionClientContract) {
  if (!offset) return
  const rows = await trx.from('programme_targets').whereNull('superseded_at').whereNull('agency_id')
  const now = new Date()
  await trx.from('programme_targets').whereNull('superseded_at').whereNull('agency_id').update({ superseded_at: now })
  if (rows.length) {
    await trx
      .insertQuery()
      .table('programme_targets')
      .multiInsert(rows.map((r) => ({ measure: r.measure, agency_id: null, year: r.year + offset, baseline: r.baseline, target: r.target, entered_at: now })))
  }
}
