import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import ConsolidationProject from '#app/programme/consolidation_project'
import { isInScope } from '#app/access/scope'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { isoDate, naturalKey, reference } from '#app/core/vine_rules'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'
import { PROJECT_KINDS, PROJECT_STATUSES } from '#shared/programme'

export const consolidationProjectValidator = vine.create({
  code: naturalKey('consolidation_projects', 'code', 32),
  name: vine.string().trim().minLength(1).maxLength(200),
  kind: vine.enum(PROJECT_KINDS),
  agency_id: reference('agencies'),
  source_data_centre_id: reference('data_centres').nullable().optional(),
  receiving_data_centre_id: reference('data_centres').nullable().optional(),
  uplink_id: reference('links').nullable().optional(),
  lines_to_cut: vine.number().withoutDecimals().min(1).max(100000).nullable().optional(),
  systems: vine.string().trim().maxLength(4000).nullable().optional(),
  wave: vine.number().withoutDecimals().range([1, 99]),
  status: vine.enum(PROJECT_STATUSES),
  owner: vine.string().trim().maxLength(200).nullable().optional(),
  blockers: vine.string().trim().maxLength(4000).nullable().optional(),
  planned_date: isoDate(),
  actual_date: isoDate().nullable().optional(),
  change_id: vine.number().withoutDecimals().positive().max(2_147_483_647).nullable().optional(),
})

const OPEN = new Set(['planned', 'in_progress', 'blocked'])

/**
 * Whether a project has slipped: still open after its planned date, or done later than planned.
 * `today` is the Taipei date (YYYY-MM-DD).
 */
export function slipped(p: { status: string; planned_date: string; actual_date: string | null }, today: string) {
  if (p.status === 'cancelled') return false
  if (p.actual_date) return p.actual_date > p.planned_date
  return OPEN.has(p.status) && p.planned_date < today
}

const todayInTaipei = () => DateTime.now().setZone('Asia/Taipei').toISODate()!

// Liaisons enter their agency's projects; everyone reads them within their scope.
export const consolidationProjects = served(
  'consolidation_projects',
  { grants: { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'rcu', auditor: 'r' } },
  {
    model: ConsolidationProject,
    validator: consolidationProjectValidator,
    filters: {
      fields: { agency_id: 'exact', kind: 'exact', status: 'exact', wave: 'exact', planned_date: 'range', code: 'exact' },
      sortable: ['code', 'name', 'agency_id', 'kind', 'status', 'wave', 'planned_date', 'actual_date'],
      defaultSort: ['planned_date', 'ASC'],
    },
    searchExpression: "name || ' ' || code",
    searchAgencyNames: true,
    agencyColumn: 'agency_id',
    naturalKey: 'code',
    csvColumns: ['code', 'name', 'kind', 'agency_code', 'wave', 'status', 'owner', 'planned_date', 'actual_date', 'blockers'],
    csvReferences: { agency_code: ref.agency() },
    async prepare({ row, user, trx }) {
      if (row.kind === 'data_centre_closure' && !row.sourceDataCentreId) throw new FieldError('source_data_centre_id', message('programme.closure_needs_source'))
      if (row.kind === 'line_cutover' && !row.uplinkId) throw new FieldError('uplink_id', message('programme.cutover_needs_uplink'))
      if (row.sourceDataCentreId && row.sourceDataCentreId === row.receivingDataCentreId) {
        throw new FieldError('receiving_data_centre_id', message('programme.receiving_is_source'))
      }
      if (row.status === 'done' && !row.actualDate) throw new FieldError('actual_date', message('programme.done_needs_date'))
      // A change of another agency is answered as one that does not exist, as references are.
      if (row.changeId) {
        const change = await trx.from('changes').where('id', row.changeId).select('agency_id').first()
        if (!change || !(await isInScope(user, change.agency_id, trx))) throw new FieldError('change_id', message('programme.no_such_change'))
      }
    },
    answerFields: { properties: { slipped: { type: 'boolean' } } },
    present: (row) => ({
      slipped: slipped({ status: row.status, planned_date: row.plannedDate.toISODate()!, actual_date: row.actualDate?.toISODate() ?? null }, todayInTaipei()),
    }),
  }
)

/**
 * The projects in a scope that were late at the end of `day` (YYYY-MM-DD, Taipei): not cancelled,
 * planned before it, and not finished by it.
 */
export async function lateProjects(scope: { sql: string; bindings: number[] }, day: string) {
  const { rows } = await db.rawQuery(
    `SELECT p.id, p.code, p.name, p.kind, p.agency_id, p.status, p.owner, p.blockers, p.change_id,
            to_char(p.planned_date, 'YYYY-MM-DD') AS planned_date, to_char(p.actual_date, 'YYYY-MM-DD') AS actual_date
     FROM consolidation_projects p
     WHERE p.status <> 'cancelled' AND p.planned_date < ?::date AND (p.actual_date IS NULL OR p.actual_date >= ?::date) AND ${scope.sql}
     ORDER BY p.planned_date, p.code`,
    [day, day, ...scope.bindings]
  )
  return rows as Array<{
    id: number; code: string; name: string; kind: string; agency_id: number; status: string; owner: string | null; blockers: string | null
    change_id: number | null; planned_date: string; actual_date: string | null
  }>
}
