import vine from '@vinejs/vine'
import Link from '#app/links/link'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { isoDate, naturalKey, reference } from '#app/core/vine_rules'
import { ref } from '#app/core/csv_references'
import { LINK_KINDS, LINK_STATUSES } from '#shared/links'
import { served } from '#app/core/registration'

export const linkValidator = vine.create({
  circuit_id: naturalKey('links', 'circuit_id', 64),
  name: vine.string().trim().minLength(1).maxLength(200),
  kind: vine.enum(LINK_KINDS),
  agency_id: reference('agencies'),
  a_end: vine.string().trim().minLength(1).maxLength(200),
  z_end: vine.string().trim().minLength(1).maxLength(200),
  bandwidth_kbps: vine.number().withoutDecimals().positive().max(400_000_000),
  device_id: reference('devices').nullable().optional(),
  if_index: vine.number().withoutDecimals().range([1, 2147483647]).nullable().optional(),
  status: vine.enum(LINK_STATUSES),
  consolidated_into_id: reference('links').nullable().optional(),
  decommission_date: isoDate().nullable().optional(),
})

// Network operations run the links; everyone else reads them as context.
export const links = served('links', { grants: { admin: 'rcud', noc: 'rcud', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' }, importable: true }, {
  model: Link,
  validator: linkValidator,
  filters: {
    fields: {
      agency_id: 'exact', kind: 'exact', status: 'exact', device_id: 'exact', consolidated_into_id: 'exact',
      decommission_date: 'range', bandwidth_kbps: 'range', circuit_id: 'exact',
    },
    sortable: ['circuit_id', 'name', 'kind', 'agency_id', 'bandwidth_kbps', 'status', 'decommission_date', 'device_id'],
    defaultSort: ['circuit_id', 'ASC'],
  },
  searchExpression: "name || ' ' || circuit_id || ' ' || a_end || ' ' || z_end",
  searchAgencyNames: true,
  agencyColumn: 'agency_id',
  naturalKey: 'circuit_id',
  csvColumns: [
    'circuit_id', 'name', 'kind', 'agency_code', 'a_end', 'z_end', 'bandwidth_kbps',
    'device_hostname', 'if_index', 'status', 'consolidated_into_circuit', 'decommission_date',
  ],
  csvReferences: {
    agency_code: ref.agency(),
    device_hostname: ref.device(),
    consolidated_into_circuit: ref.link('consolidated_into_id'),
  },
  prepare({ row }) {
    if ((row.deviceId ?? null) === null !== ((row.ifIndex ?? null) === null)) {
      throw new FieldError((row.deviceId ?? null) === null ? 'device_id' : 'if_index', message('links.polled_interface'))
    }
    if (row.kind === 'uplink' && (row.consolidatedIntoId ?? null) !== null) {
      throw new FieldError('consolidated_into_id', message('links.uplink_does_not_fold'))
    }
    if (row.status === 'decommissioned' && !row.decommissionDate) {
      throw new FieldError('decommission_date', message('links.decommission_date'))
    }
  },
})
export const linkResource = links.definition
