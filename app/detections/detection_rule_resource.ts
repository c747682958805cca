import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import DetectionRule from '#app/detections/detection_rule'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { served } from '#app/core/registration'
import { RULE_NAMES, settingsProblems, type RuleRow, type RuleSettings } from '#app/detections/rule_settings'

const DAY = 86_400
const int = (min: number, max: number) => vine.number().withoutDecimals().min(min).max(max).optional()
const ports = (min: number) => vine.array(vine.number().withoutDecimals().range([min, 65_535])).maxLength(1000)

/**
 * Every setting any rule has, each within what the rule can use (a window of a week at most,
 * a port a port); which settings belong to which rule, and how they fit together, is checked in
 * `prepare` against rule_settings.ts. A body may carry only the settings it changes.
 */
export const detectionRuleValidator = vine.create({
  rule: vine.enum(RULE_NAMES),
  enabled: vine.boolean(),
  settings: vine.object({
    dedupSeconds: int(1, DAY),
    ignoreSources: vine.array(vine.string().trim().maxLength(50)).maxLength(1000).optional(),
    windowSeconds: int(1, 7 * DAY),
    distinctPorts: int(2, 65_535),
    distinctHosts: int(2, 1_000_000),
    probeMaxPackets: int(1, 1000),
    ignorePorts: ports(0).optional(),
    bucketSeconds: int(10, 3600),
    alpha: vine.number().min(0.001).max(1).optional(),
    factor: vine.number().min(1.1).max(10_000).optional(),
    warmupBuckets: int(1, 10_000),
    minBytesPerSecond: vine.number().min(0).max(1e12).optional(),
    minPacketsPerSecond: vine.number().min(0).max(1e10).optional(),
    internalOnly: vine.boolean().optional(),
    ports: ports(1).minLength(1).optional(),
    attempts: int(2, 1_000_000),
    sessionMaxPackets: int(1, 1_000_000),
    sessionMaxSeconds: int(1, DAY),
    learningSeconds: int(0, 31 * DAY),
    servicePortBelow: int(1, 65_536),
    minConnections: int(3, 1000),
    maxJitter: vine.number().min(0.001).max(1).optional(),
    minIntervalSeconds: int(1, DAY),
    maxIntervalSeconds: int(1, 7 * DAY),
    maxBytes: int(1, 1e12),
  }),
})

/** Keys VineJS gives back for the optional settings a body left out. */
const given = (settings: Record<string, unknown>) => Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as RuleSettings

/**
 * The flow detections' rules as data (table detection_rules, one row per rule): an admin switches
 * a rule off or changes its thresholds, every change audited; flows:work reads them within
 * RULES_REFRESH_MS (app/security/flow_detections.ts), without a restart. Rows are neither added
 * nor removed and a row stays its rule. Who reads the legal clocks' policy reads these.
 */
export const detectionRules = served(
  'detection_rules',
  { grants: { admin: 'ru', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: '', auditor: 'r' } },
  {
    model: DetectionRule,
    validator: detectionRuleValidator,
    filters: {
      fields: { rule: 'exact', enabled: 'exact' },
      sortable: ['rule', 'enabled', 'updated_at'],
      defaultSort: ['id', 'ASC'],
    },
    searchExpression: 'rule',
    agencyColumn: null,
    naturalKey: 'rule',
    csvColumns: ['rule', 'enabled', 'settings'],
    answerFields: { properties: { settings: { type: 'object', description: "the rule's thresholds, named as in README's table of rules" } } },

    async prepare({ input, existing, row, trx }) {
      if (!existing || input.rule !== existing.rule) throw new FieldError('rule', message('detections.rule_fixed'))
      if (input.rule === 'general' && input.enabled === false) throw new FieldError('enabled', message('detections.general_on'))
      // A body may name only what it changes: the stored settings stay for the rest.
      const settings = { ...(existing.settings as RuleSettings), ...given(input.settings as Record<string, unknown>) }
      const others = (await trx.from('detection_rules').select('rule', 'enabled', 'settings')) as RuleRow[]
      for (const [setting, problem] of settingsProblems(input.rule as RuleRow['rule'], settings, others)) {
        const field = `settings.${setting}`
        if (problem === 'foreign') throw new FieldError(field, message('detections.setting_foreign', { setting }))
        if (problem === 'address') throw new FieldError(field, message('detections.setting_address'))
        throw new FieldError(field, message('detections.setting_range', { setting }))
      }
      row.settings = settings
    },
  }
)

/** The stored rules, for flows:work (a table emptied by a test or a seed: the defaults). */
export async function storedRuleRows(): Promise<RuleRow[]> {
  return (await db.from('detection_rules').orderBy('rule').select('rule', 'enabled', 'settings')) as RuleRow[]
}
