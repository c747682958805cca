import vine from '@vinejs/vine'
import { served } from '#app/core/registration'
import { LEVELS } from '#shared/change_lifecycle'
import ChangeTemplate from '#app/changes/change_template'

export const changeTemplateValidator = vine.create({
  name: vine.string().trim().minLength(3).maxLength(200),
  description: vine.string().trim().minLength(3).maxLength(20000),
  risk: vine.enum(LEVELS),
  back_out_plan: vine.string().trim().minLength(3).maxLength(20000),
  active: vine.boolean(),
})

// Pre-approved standard changes are national: administrators keep them, those raising changes
// pick from them. Liaisons raise normal changes for their agency, which their board decides.
export const changeTemplates = served('change_templates', { grants: { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: '', auditor: 'r' } }, {
  model: ChangeTemplate,
  validator: changeTemplateValidator,
  filters: { fields: { active: 'exact', risk: 'exact' }, sortable: ['name', 'risk', 'active'], defaultSort: ['name', 'ASC'] },
  searchExpression: 'name',
  agencyColumn: null,
  naturalKey: 'id',
  csvColumns: ['name', 'description', 'risk', 'back_out_plan', 'active'],
})
