import { AGENCY_NAMES } from '#app/core/search_terms'
import vine from '@vinejs/vine'
import Agency from '#app/agencies/agency'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { naturalKey, reference } from '#app/core/vine_rules'
import { AGENCY_KINDS, AGENCY_LEVELS, REGIONS } from '#shared/agencies'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'

export const agencyValidator = vine.create({
  code: naturalKey('agencies', 'code', 32),
  name: vine.string().trim().minLength(1).maxLength(200),
  name_en: vine.string().trim().maxLength(200).nullable().optional(),
  level: vine.number().withoutDecimals().range([Math.min(...AGENCY_LEVELS), Math.max(...AGENCY_LEVELS)]),
  kind: vine.enum(AGENCY_KINDS),
  region: vine.enum(REGIONS),
  parent_id: reference('agencies').nullable().optional(),
  hub_agency_id: reference('agencies').nullable().optional(),
})

export const agencies = served('agencies', { grants: { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' }, importable: true }, {
  model: Agency,
  validator: agencyValidator,
  filters: {
    fields: { level: 'exact', kind: 'exact', region: 'exact', parent_id: 'exact', hub_agency_id: 'exact', code: 'exact' },
    sortable: ['code', 'name', 'level', 'region', 'kind', 'parent_id'],
    defaultSort: ['code', 'ASC'],
  },
  searchExpression: AGENCY_NAMES,
  agencyColumn: 'id',
  naturalKey: 'code',
  csvColumns: ['code', 'name', 'name_en', 'level', 'kind', 'region', 'parent_code', 'hub_code'],
  csvReferences: { parent_code: ref.agency('parent_id'), hub_code: ref.agency('hub_agency_id') },

  async prepare({ row, trx, existing }) {
    if (existing && row.parentId !== null) {
      // A parent may not sit inside its own subtree.
      const parent = await trx.from('agencies').where('id', row.parentId).first()
      if (parent && String(parent.path).includes(`/${row.id}/`)) {
        throw new FieldError('parent_id', message('agencies.under_itself'))
      }
    }
  },

  async afterSave({ row, trx, existing }) {
    const parent = row.parentId ? await trx.from('agencies').where('id', row.parentId).first() : null
    const path = `${parent?.path ?? '/'}${row.id}/`
    if (path !== row.path) {
      const oldPath = row.path
      await trx.from('agencies').where('id', row.id).update({ path })
      if (existing && oldPath && oldPath !== '/') {
        // Moving an agency moves its whole subtree.
        await trx.rawQuery(
          `UPDATE agencies SET path = ? || substr(path, length(?) + 1) WHERE path LIKE ? AND id <> ?`,
          [path, oldPath, `${oldPath}%`, row.id]
        )
      }
      row.path = path
    }
  },
})
export const agencyResource = agencies.definition
