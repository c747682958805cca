import vine from '@vinejs/vine'
import DeviceHealthPolicy from '#app/device_health/health_policy'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { served } from '#app/core/registration'

export const healthPolicyValidator = vine.create({
  device_kind: vine.enum(['router', 'switch', 'firewall'] as const),
  cpu_pct: vine.number().range([1, 100]),
  memory_pct: vine.number().range([1, 100]),
  storage_pct: vine.number().range([1, 100]),
  temperature_c: vine.number().range([1, 150]),
  sustain_polls: vine.number().withoutDecimals().range([1, 60]),
})

/**
 * Device health thresholds as policy data, one row per device kind (router, switch, firewall):
 * an administrator changes them without a release, and the next poll is judged by them. Rows
 * are neither added nor removed, and a row stays its kind. Everyone who reads the inventory's
 * policies reads these; the device page shows its own kind's to whoever may see the device.
 */
export const deviceHealthPolicies = served(
  'device_health_policies',
  { grants: { admin: 'ru', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: '', auditor: 'r' } },
  {
    model: DeviceHealthPolicy,
    validator: healthPolicyValidator,
    filters: {
      fields: { device_kind: 'exact' },
      sortable: ['device_kind', 'cpu_pct', 'memory_pct', 'storage_pct', 'temperature_c', 'sustain_polls'],
      defaultSort: ['id', 'ASC'],
    },
    searchExpression: 'device_kind::text',
    agencyColumn: null,
    naturalKey: 'id',
    csvColumns: ['device_kind', 'cpu_pct', 'memory_pct', 'storage_pct', 'temperature_c', 'sustain_polls'],

    prepare({ input, existing }) {
      if (!existing || input.device_kind !== existing.device_kind) {
        throw new FieldError('device_kind', message('device_health.not_editable', { field: 'device_kind' }))
      }
    },
  }
)
