import vine from '@vinejs/vine'
import LegalClockPolicy from '#app/security_grading/legal_clock_policy'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { served } from '#app/core/registration'
import { SERVICE_LEVEL_GRANTS } from '#app/service_levels/sla_policy_resource'
import { LEGAL_CLOCKS, LEGAL_CLOCK_UNITS } from '#shared/security_grading'
import { rescheduleOpenLegalAlarms } from '#app/security_grading/incident_legal_clocks'

/** A year in hours, or twelve months: no deadline of the regulation is longer. */
const MAX = { hours: 366 * 24, months: 12 } as const

export const legalClockPolicyValidator = vine.create({
  clock: vine.enum(LEGAL_CLOCKS),
  unit: vine.enum(LEGAL_CLOCK_UNITS),
  levels_1_2: vine.number().withoutDecimals().min(1).max(MAX.hours),
  levels_3_4: vine.number().withoutDecimals().min(1).max(MAX.hours),
  warning_percent: vine.number().withoutDecimals().range([1, 99]),
})

/**
 * The legal clocks' durations as policy data: the regulation (資通安全事件通報應變及演練辦法) was
 * rewritten on 2026-01-05 and may be again. Four rows, one per clock, edited for their
 * durations and warning share; none is added or removed, and a row stays its clock. Admins
 * write; who reads the SLA policies reads these (liaisons read their incidents' clocks instead).
 */
export const legalClockPolicies = served('legal_clock_policies', { grants: { ...SERVICE_LEVEL_GRANTS, admin: 'ru' } }, {
  model: LegalClockPolicy,
  validator: legalClockPolicyValidator,
  filters: {
    fields: { clock: 'exact', unit: 'exact' },
    sortable: ['clock', 'unit', 'levels_1_2', 'levels_3_4', 'warning_percent'],
    defaultSort: ['id', 'ASC'],
  },
  searchExpression: 'clock',
  agencyColumn: null,
  naturalKey: 'id',
  csvColumns: ['clock', 'unit', 'levels_1_2', 'levels_3_4', 'warning_percent'],

  prepare({ input, existing }) {
    if (!existing || input.clock !== existing.clock) throw new FieldError('clock', message('security.clock_fixed'))
    const max = MAX[input.unit as keyof typeof MAX]
    for (const field of ['levels_1_2', 'levels_3_4'] as const) {
      if ((input[field] as number) > max) throw new FieldError(field, message('security.duration_max', { unit: input.unit as string, max }))
    }
  },

  async afterSave({ trx }) {
    await rescheduleOpenLegalAlarms(trx)
  },
})
