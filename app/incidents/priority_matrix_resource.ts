import vine from '@vinejs/vine'
import { served } from '#app/core/registration'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { PRIORITIES } from '#shared/incident_lifecycle'
import { IMPACTS, URGENCIES } from '#shared/service_desk'
import { PriorityCell } from '#app/incidents/assignment_group'

export const priorityCellValidator = vine.create({
  impact: vine.enum(IMPACTS),
  urgency: vine.enum(URGENCIES),
  priority: vine.enum(PRIORITIES),
})

/**
 * The priority matrix (priority_matrix.ts): nine cells, one per impact and urgency, each edited
 * for its priority. Cells are neither added nor removed, so the matrix always answers. A changed
 * cell ranks incidents opened (or re-assessed) after it; those already open keep their priority.
 */
export const priorityMatrix = served('priority_matrix', { grants: { admin: 'ru', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: '', auditor: 'r' } }, {
  model: PriorityCell,
  validator: priorityCellValidator,
  filters: {
    fields: { impact: 'exact', urgency: 'exact', priority: 'exact' },
    sortable: ['impact', 'urgency', 'priority'],
    defaultSort: ['impact', 'ASC'],
  },
  searchExpression: "impact::text || ' ' || urgency::text",
  agencyColumn: null,
  naturalKey: 'id',
  csvColumns: ['impact', 'urgency', 'priority'],
  prepare({ input, existing }) {
    for (const field of ['impact', 'urgency'] as const) {
      if (!existing || input[field] !== existing[field]) throw new FieldError(field, message('priority_matrix.cell_fixed'))
    }
  },
})
