import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import Problem, { KnownError } from '#app/problems/problem'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { reference } from '#app/core/vine_rules'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'
import { subtreeQuery } from '#app/access/scope'
import { actorOf } from '#app/incidents/incident_service'
import { numberProblem, recordProblemOpened } from '#app/problems/problem_service'
import { announceProblem } from '#app/problems/problem_events'
import { OPEN_INCIDENT_STATUSES, PROBLEM_PRIORITIES, PROBLEM_STATUSES } from '#shared/problem_lifecycle'

const text = () => vine.string().trim().maxLength(20000).nullable().optional()

export const problemValidator = vine.create({
  title: vine.string().trim().minLength(3).maxLength(300),
  description: text(),
  priority: vine.enum(PROBLEM_PRIORITIES),
  status: vine.enum(PROBLEM_STATUSES).optional(),
  agency_id: reference('agencies').nullable().optional(),
  root_cause: text(),
  workaround: text(),
  resolution: text(),
})

/** What only the commands write: the edit form keeps the descriptive fields. */
const BY_COMMAND = ['status', 'root_cause', 'workaround', 'resolution'] as const

/** How many incidents each problem groups, and how many of them are still open: one query for a page. */
async function presentProblems(ids: number[]) {
  const rows = await db
    .from('incidents')
    .whereIn('problem_id', ids)
    .groupBy('problem_id')
    .select('problem_id')
    .count('* as total')
    .select(db.raw('count(*) FILTER (WHERE status = ANY (?))::int AS open', [[...OPEN_INCIDENT_STATUSES]]))
  const counts = new Map(rows.map((r) => [Number(r.problem_id), { incident_count: Number(r.total), open_incident_count: Number(r.open) }]))
  return new Map(ids.map((id) => [id, counts.get(id) ?? { incident_count: 0, open_incident_count: 0 }]))
}

// NOC and G-ISAC work problems; liaisons read their agencies' (a national one, with no agency, only national accounts see).
export const problems = served('problems', { grants: { admin: 'rcud', noc: 'rcu', analyst: 'rcu', cio: 'r', agency_liaison: 'r', auditor: 'r' } }, {
  model: Problem,
  validator: problemValidator,
  filters: {
    fields: { agency_id: 'exact', priority: 'exact', status: 'exact', opened_at: 'range', number: 'exact' },
    sortable: ['number', 'title', 'priority', 'status', 'agency_id', 'opened_at', 'resolved_at'],
    defaultSort: ['opened_at', 'DESC'],
  },
  searchExpression: "title || ' ' || number || ' ' || coalesce(description, '') || ' ' || coalesce(root_cause, '') || ' ' || coalesce(workaround, '')",
  agencyColumn: 'agency_id',
  naturalKey: 'number',
  csvColumns: ['number', 'title', 'priority', 'status', 'agency_code', 'opened_at', 'known_error_at', 'resolved_at', 'closed_at'],
  csvReferences: { agency_code: ref.agency() },

  async prepare({ row, input, existing, user, trx }) {
    if (existing) {
      for (const field of BY_COMMAND) {
        if ((input[field] ?? null) !== (existing[field] ?? null)) throw new FieldError(field, message('problems.by_command', { field }))
      }
      // The incidents it groups stay within its agency, as linking them required.
      if (row.agencyId !== null && row.agencyId !== existing.agency_id) {
        const outside = await trx
          .from('incidents')
          .where('problem_id', row.id)
          .whereNotIn('agency_id', subtreeQuery(row.agencyId, trx))
          .select('number')
          .first()
        if (outside) throw new FieldError('agency_id', message('problems.incident_outside', { incident: outside.number, problem: row.number }))
      }
      return
    }
    for (const field of BY_COMMAND) {
      const given = input[field] ?? null
      if (given !== null && !(field === 'status' && given === 'new')) throw new FieldError(field, message('problems.by_command', { field }))
    }
    await numberProblem(trx, row, new Date())
    row.reportedById = user.id
  },

  async afterSave({ row, trx, user, existing }) {
    if (!existing) {
      await recordProblemOpened(trx, actorOf(user), row)
      await announceProblem(trx, row, 'problem.opened', row.openedAt.toJSDate())
    }
  },

  presentMany: presentProblems,
  answerFields: {
    properties: {
      number: { type: 'string', pattern: '^PRB-\\d{4}-\\d{6}$' },
      status: { enum: [...PROBLEM_STATUSES] },
      reported_by_id: { type: ['integer', 'null'] },
      incident_count: { type: 'integer', description: 'incidents filed under this problem' },
      open_incident_count: { type: 'integer', description: 'of which still open: what resolving with resolve_incidents would resolve' },
    },
  },
})
export const problemResource = problems.definition

const knownErrorText = { type: 'string', description: 'as the problem team typed it' }

/**
 * The known-error records the service desk searches (`filter={"q":"…"}` over title, number,
 * symptoms, root cause and workaround): problems whose root cause and workaround are recorded.
 */
export const knownErrors = served('known_errors', { grants: { admin: 'r', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' }, readOnly: true }, {
  model: KnownError,
  validator: vine.create({}),
  filters: {
    fields: { agency_id: 'exact', priority: 'exact', status: 'exact', number: 'exact' },
    sortable: ['number', 'title', 'priority', 'status', 'known_error_at', 'updated_at'],
    defaultSort: ['known_error_at', 'DESC'],
  },
  // The problems' own search expression once the view is inlined, so their trigram index serves it.
  searchExpression: "title || ' ' || number || ' ' || coalesce(symptoms, '') || ' ' || coalesce(root_cause, '') || ' ' || coalesce(workaround, '')",
  agencyColumn: 'agency_id',
  naturalKey: 'number',
  csvColumns: ['number', 'title', 'symptoms', 'root_cause', 'workaround', 'resolution', 'priority', 'status', 'known_error_at'],
  answerFields: {
    properties: {
      number: { type: 'string', pattern: '^PRB-\\d{4}-\\d{6}$' },
      title: { type: 'string' },
      symptoms: { type: ['string', 'null'], description: "the problem's description" },
      root_cause: knownErrorText,
      workaround: knownErrorText,
      resolution: { type: ['string', 'null'] },
      priority: { enum: [...PROBLEM_PRIORITIES] },
      status: { enum: [...PROBLEM_STATUSES] },
      agency_id: { type: ['integer', 'null'], description: 'null for a national problem' },
      known_error_at: { type: ['string', 'null'], format: 'date-time' },
      resolved_at: { type: ['string', 'null'], format: 'date-time' },
      updated_at: { type: 'string', format: 'date-time' },
    },
  },
})
