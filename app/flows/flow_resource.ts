import vine from '@vinejs/vine'
import AgencyPrefix from '#app/flows/agency_prefix'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { reference } from '#app/core/vine_rules'
import { routed, served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'
import { checkPrefix } from '#app/flows/enrichment'

export const agencyPrefixValidator = vine.create({
  agency_id: reference('agencies'),
  prefix: vine.string().trim().minLength(2).maxLength(64),
  description: vine.string().trim().maxLength(200).nullable().optional(),
})

/**
 * Address prefixes per agency. Only the national network teams write them: a prefix decides
 * whose flows an agency's people see, so a liaison who could add one could read another
 * agency's traffic by claiming its addresses. Liaisons read their own.
 */
export const agencyPrefixes = served(
  'agency_prefixes',
  { grants: { admin: 'rcud', noc: 'rcud', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' }, importable: true },
  {
    model: AgencyPrefix,
    validator: agencyPrefixValidator,
    filters: {
      fields: { agency_id: 'exact', prefix: 'exact' },
      sortable: ['prefix', 'agency_id', 'description'],
      defaultSort: ['prefix', 'ASC'],
    },
    searchExpression: "prefix::text || ' ' || coalesce(description, '')",
    agencyColumn: 'agency_id',
    naturalKey: 'prefix',
    csvColumns: ['prefix', 'agency_code', 'description'],
    csvReferences: { agency_code: ref.agency() },
    prepare({ row }) {
      const checked = checkPrefix(row.prefix)
      if (!checked.ok) {
        throw new FieldError('prefix', checked.network ? message('flows.prefix_host_bits', { network: checked.network }) : message('flows.prefix'))
      }
    },
  }
)

/** The flow queries (flow_routes.ts): every role reads them, each within its agency scope. */
export const flows = routed('flows', {
  grants: { admin: 'r', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' },
  routes: () => import('#app/flows/flow_routes'),
})
