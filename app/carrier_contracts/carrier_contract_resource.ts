import vine from '@vinejs/vine'
import CarrierContract from '#app/carrier_contracts/carrier_contract'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { isoDate, naturalKey, reference } from '#app/core/vine_rules'
import { ref } from '#app/core/csv_references'
import { served } from '#app/core/registration'

export const LATENCY_PERCENTILES = [50, 95, 99] as const

export const carrierContractValidator = vine.create({
  contract_ref: naturalKey('carrier_contracts', 'contract_ref', 64),
  // One contract per line: a circuit is leased from one carrier at a time.
  link_id: reference('links').unique({
    table: 'carrier_contracts',
    column: 'link_id',
    filter: (query, _value, field) => {
      const id = (field.meta as { id?: number | null }).id
      if (id) query.whereNot('id', id)
    },
  }),
  carrier: vine.string().trim().minLength(1).maxLength(100),
  availability_pct: vine.number().decimal([0, 3]).min(50).max(100),
  latency_ms: vine.number().decimal([0, 2]).min(0.1).max(10000),
  latency_percentile: vine.number().in([...LATENCY_PERCENTILES]).optional(),
  loss_pct: vine.number().decimal([0, 3]).min(0).max(100),
  starts_on: isoDate().nullable().optional(),
  ends_on: isoDate().nullable().optional(),
})

// The contracts are the national network's purchasing: administrators keep them; everyone who
// reads links reads what was promised for them, liaisons for their own agency's lines.
export const carrierContracts = served(
  'carrier_contracts',
  { grants: { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' }, importable: true },
  {
    model: CarrierContract,
    validator: carrierContractValidator,
    filters: {
      fields: { carrier: 'exact', link_id: 'exact', agency_id: 'exact', contract_ref: 'exact', latency_percentile: 'exact', starts_on: 'range', ends_on: 'range' },
      sortable: ['contract_ref', 'carrier', 'link_id', 'agency_id', 'availability_pct', 'latency_ms', 'loss_pct', 'starts_on', 'ends_on'],
      defaultSort: ['contract_ref', 'ASC'],
    },
    searchExpression: "carrier || ' ' || contract_ref",
    searchAgencyNames: true,
    agencyColumn: 'agency_id',
    naturalKey: 'contract_ref',
    csvColumns: ['contract_ref', 'circuit_id', 'carrier', 'availability_pct', 'latency_ms', 'latency_percentile', 'loss_pct', 'starts_on', 'ends_on'],
    csvReferences: { circuit_id: ref.link('link_id') },

    /** The row is scoped by its link's agency: read from the link on every write, never from the body. */
    async prepare({ row, trx }) {
      const link = await trx.from('links').where('id', row.linkId).select('agency_id').first()
      if (!link) throw new FieldError('link_id', message('carrier_contracts.link_missing'))
      row.agencyId = link.agency_id
      row.latencyPercentile ??= 95
      if (row.startsOn && row.endsOn && row.endsOn.toMillis() < row.startsOn.toMillis()) {
        throw new FieldError('ends_on', message('carrier_contracts.ends_before_start'))
      }
    },
    answerFields: { properties: { agency_id: { type: 'integer' } } },
  }
)
export const carrierContractResource = carrierContracts.definition
