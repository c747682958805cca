import vine from '@vinejs/vine'
import LineQualityPolicy from '#app/line_quality/quality_policy'
import { forgetQualityPolicies } from '#app/line_quality/quality_policies'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { served } from '#app/core/registration'

/** Losses are shares of a burst's probes (0 < share ≤ 1); times are milliseconds. */
export const qualityPolicyValidator = vine.create({
  link_kind: vine.enum(['legacy', 'uplink'] as const),
  loss_degraded: vine.number().positive().max(1),
  loss_down: vine.number().positive().max(1),
  rtt_degraded_ms: vine.number().positive().max(10_000),
  jitter_degraded_ms: vine.number().positive().max(10_000),
})

/**
 * Line quality thresholds as policy data, one row per link class (uplink, legacy): the loss,
 * round trip and jitter at which a line reads degraded, and the loss at which it reads down. An
 * administrator changes them without a release; the monitoring reads them again within a
 * minute (quality_policies.ts). Rows are neither added nor removed, and a row stays its class.
 * Whoever reads the other policies reads these.
 */
export const lineQualityPolicies = served(
  'line_quality_policies',
  { grants: { admin: 'ru', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: '', auditor: 'r' } },
  {
    model: LineQualityPolicy,
    validator: qualityPolicyValidator,
    filters: {
      fields: { link_kind: 'exact' },
      sortable: ['link_kind', 'loss_degraded', 'loss_down', 'rtt_degraded_ms', 'jitter_degraded_ms'],
      defaultSort: ['id', 'ASC'],
    },
    searchExpression: 'link_kind::text',
    agencyColumn: null,
    naturalKey: 'id',
    csvColumns: ['link_kind', 'loss_degraded', 'loss_down', 'rtt_degraded_ms', 'jitter_degraded_ms'],

    prepare({ input, existing }) {
      if (!existing || input.link_kind !== existing.link_kind) {
        throw new FieldError('link_kind', message('line_quality.kind_fixed'))
      }
      const degraded = Number(input.loss_degraded)
      if (Number(input.loss_down) < degraded) throw new FieldError('loss_down', message('line_quality.loss_order', { degraded }))
    },
    afterSave() {
      forgetQualityPolicies()
    },
  }
)
