import vine from '@vinejs/vine'
import DataCentre from '#app/data_centres/data_centre'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { isoDate, naturalKey, reference } from '#app/core/vine_rules'
import { REGIONS } from '#shared/agencies'
import { DATA_CENTRE_STATUSES } from '#shared/data_centres'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'

export const dataCentreValidator = vine.create({
  code: naturalKey('data_centres', 'code', 32),
  name: vine.string().trim().minLength(1).maxLength(200),
  agency_id: reference('agencies'),
  region: vine.enum(REGIONS),
  status: vine.enum(DATA_CENTRE_STATUSES),
  consolidated_into_id: reference('data_centres').nullable().optional(),
  closure_date: isoDate().nullable().optional(),
  racks: vine.number().withoutDecimals().min(0).max(100000),
  servers: vine.number().withoutDecimals().min(0).max(1000000),
})

// An agency's liaison keeps its own inventory.
export const dataCentres = served('data_centres', { grants: { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'rcu', auditor: 'r' }, importable: true }, {
  model: DataCentre,
  validator: dataCentreValidator,
  filters: {
    fields: { agency_id: 'exact', region: 'exact', status: 'exact', consolidated_into_id: 'exact', closure_date: 'range', code: 'exact' },
    sortable: ['code', 'name', 'agency_id', 'region', 'status', 'closure_date', 'racks', 'servers'],
    defaultSort: ['code', 'ASC'],
  },
  searchExpression: "name || ' ' || code",
  searchAgencyNames: true,
  agencyColumn: 'agency_id',
  naturalKey: 'code',
  csvColumns: ['code', 'name', 'agency_code', 'region', 'status', 'consolidated_into_code', 'closure_date', 'racks', 'servers'],
  csvReferences: { agency_code: ref.agency(), consolidated_into_code: ref.dataCentre('consolidated_into_id') },
  prepare({ row }) {
    if (row.id && row.consolidatedIntoId === row.id) {
      throw new FieldError('consolidated_into_id', message('data_centres.consolidate_into_itself'))
    }
    if (row.status === 'closed' && !row.closureDate) {
      throw new FieldError('closure_date', message('data_centres.closure_date'))
    }
  },
})
export const dataCentreResource = dataCentres.definition
