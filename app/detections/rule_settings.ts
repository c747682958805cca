import { DEFAULT_RULES, rulesProblems, rulesWith, type DetectionRules, type RulesOverride } from '#app/detections/rules'
import { canonicalPrefix } from '#app/detections/prefixes'
import { RULE_NAMES, RULE_SETTINGS, type RuleName } from '#shared/detection_rules'

export { RULE_NAMES, RULE_SETTINGS, type RuleName }

/**
 * The detection rules as the rows an admin edits (table detection_rules, migration 0036): one row
 * per rule, whether it is on, and its thresholds under the names rules.ts gives them. `general`
 * holds what every rule shares (the dedup period, the sources never reported). The capacity of
 * the rules' tables and the evidence kept are the operator's (config), not thresholds.
 */

type Section = 'portScan' | 'hostSweep' | 'flood' | 'bruteForce' | 'indicator' | 'newExposure' | 'beaconing'

/** Where each row's settings sit in DetectionRules (general: at the top). */
export const RULE_SECTION: Record<RuleName, Section | null> = {
  general: null,
  port_scan: 'portScan',
  host_sweep: 'hostSweep',
  flood: 'flood',
  brute_force: 'bruteForce',
  indicator: 'indicator',
  new_exposure: 'newExposure',
  beaconing: 'beaconing',
}

export type RuleSettings = Record<string, number | boolean | number[] | string[]>

export interface RuleRow {
  rule: RuleName
  enabled: boolean
  settings: RuleSettings
}

/** The rows as the defaults of rules.ts give them: what migration 0036 stores first. */
export function defaultRuleRows(): RuleRow[] {
  return RULE_NAMES.map((rule) => {
    const section = RULE_SECTION[rule]
    const source = (section ? DEFAULT_RULES[section] : DEFAULT_RULES) as unknown as Record<string, RuleSettings[string]>
    const settings: RuleSettings = {}
    for (const name of RULE_SETTINGS[rule]) settings[name] = source[name]
    return { rule, enabled: section ? (DEFAULT_RULES[section] as { enabled: boolean }).enabled : true, settings }
  })
}

/**
 * The stored rows as an override of the defaults: each row's own settings only (a key that is
 * not its rule's is passed over), a rule switched off as `enabled: false`. A rule without a row
 * keeps its defaults.
 */
export function overrideOf(rows: Array<Pick<RuleRow, 'rule' | 'enabled' | 'settings'>>): RulesOverride {
  const out: Record<string, unknown> = {}
  for (const row of rows) {
    if (!(RULE_NAMES as readonly string[]).includes(row.rule)) continue
    const own: Record<string, unknown> = {}
    for (const name of RULE_SETTINGS[row.rule]) if (row.settings?.[name] !== undefined) own[name] = row.settings[name]
    const section = RULE_SECTION[row.rule]
    if (section) out[section] = { ...own, enabled: row.enabled }
    else Object.assign(out, own)
  }
  return out as RulesOverride
}

/**
 * What is wrong with one row's settings laid over the others (the rules as they would run),
 * as [setting, problem] pairs: a setting another rule has, a source that is no address or
 * prefix, and rules.ts's own checks (an interval range upside down).
 */
export function settingsProblems(rule: RuleName, settings: RuleSettings, others: RuleRow[]): Array<[string, string]> {
  const problems: Array<[string, string]> = []
  for (const name of Object.keys(settings)) if (!RULE_SETTINGS[rule].includes(name)) problems.push([name, 'foreign'])
  if (rule === 'general') {
    const sources = (settings.ignoreSources ?? []) as string[]
    sources.forEach((value, i) => {
      if (!canonicalPrefix(value)) problems.push([`ignoreSources.${i}`, 'address'])
    })
  }
  if (problems.length) return problems
  let rules: DetectionRules
  try {
    rules = rulesWith(overrideOf([...others.filter((o) => o.rule !== rule), { rule, enabled: true, settings }]))
  } catch {
    return [['settings', 'invalid']]
  }
  for (const line of rulesProblems(rules)) {
    const [path] = line.split(' ')
    const [section, name] = path.includes('.') ? path.split('.') : [null, path]
    if ((RULE_SECTION[rule] ?? null) === section) problems.push([name, 'range'])
  }
  return problems
}
