import vine from '@vinejs/vine'
import InformationSystem from '#app/systems/information_system'
import { SYSTEM_CATEGORIES, SYSTEM_STATUSES } from '#shared/information_systems'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { isoDate, naturalKey, reference } from '#app/core/vine_rules'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'

export const informationSystemValidator = vine.create({
  code: naturalKey('information_systems', 'code', 32),
  name: vine.string().trim().minLength(1).maxLength(200),
  agency_id: reference('agencies'),
  data_centre_id: reference('data_centres').nullable().optional(),
  category: vine.enum(SYSTEM_CATEGORIES),
  status: vine.enum(SYSTEM_STATUSES),
  merged_into_id: reference('information_systems').nullable().optional(),
  retirement_date: isoDate().nullable().optional(),
  // A core system (核心資通系統) raises the level of a security incident that touches it.
  core: vine.boolean().optional(),
})

// An agency's liaison keeps its own inventory.
export const informationSystems = served('information_systems', { grants: { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'rcu', auditor: 'r' }, importable: true }, {
  model: InformationSystem,
  validator: informationSystemValidator,
  filters: {
    fields: { agency_id: 'exact', data_centre_id: 'exact', category: 'exact', status: 'exact', merged_into_id: 'exact', retirement_date: 'range', code: 'exact', core: 'exact' },
    sortable: ['code', 'name', 'agency_id', 'data_centre_id', 'category', 'status', 'retirement_date'],
    defaultSort: ['code', 'ASC'],
  },
  searchExpression: "name || ' ' || code",
  searchAgencyNames: true,
  agencyColumn: 'agency_id',
  naturalKey: 'code',
  csvColumns: ['code', 'name', 'agency_code', 'data_centre_code', 'category', 'status', 'merged_into_code', 'retirement_date', 'core'],
  csvReferences: {
    agency_code: ref.agency(),
    data_centre_code: ref.dataCentre(),
    merged_into_code: ref.system('merged_into_id'),
  },
  prepare({ row }) {
    row.core ??= false
    if (row.status === 'merged' && !row.mergedIntoId) {
      throw new FieldError('merged_into_id', message('systems.merged_needs_target'))
    }
    if (row.id && row.mergedIntoId === row.id) {
      throw new FieldError('merged_into_id', message('systems.merge_into_itself'))
    }
  },
})
export const informationSystemResource = informationSystems.definition
