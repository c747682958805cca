import vine from '@vinejs/vine'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { reference } from '#app/core/vine_rules'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'
import { instant } from '#app/maintenance/maintenance_window_resource'
import FreezePeriod from '#app/changes/freeze_period'

export const freezePeriodValidator = vine.create({
  name: vine.string().trim().minLength(3).maxLength(200),
  starts_at: instant(),
  ends_at: instant(),
  reason: vine.string().trim().minLength(3).maxLength(20000),
  agency_id: reference('agencies').nullable().optional(),
})

// Administrators keep the freezes; everyone raising or deciding changes reads them (a liaison
// through the change calendar, which shows the programme-wide ones as well as their agency's).
export const freezePeriods = served('freeze_periods', { grants: { admin: 'rcud', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' } }, {
  model: FreezePeriod,
  validator: freezePeriodValidator,
  filters: {
    fields: { agency_id: 'exact', starts_at: 'range', ends_at: 'range' },
    sortable: ['name', 'starts_at', 'ends_at', 'agency_id'],
    defaultSort: ['starts_at', 'DESC'],
  },
  searchExpression: 'name',
  agencyColumn: 'agency_id',
  naturalKey: 'id',
  csvColumns: ['name', 'starts_at', 'ends_at', 'reason', 'agency_code'],
  csvReferences: { agency_code: ref.agency() },
  prepare({ row }) {
    if (row.endsAt <= row.startsAt) throw new FieldError('ends_at', message('changes.ends_after_start'))
  },
})
