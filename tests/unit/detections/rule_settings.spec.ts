import { test } from '@japa/runner'
import { DEFAULT_RULES, rulesWith } from '#app/detections/rules'
import { defaultRuleRows, overrideOf, RULE_NAMES, RULE_SETTINGS, settingsProblems } from '#app/detections/rule_settings'
import { SETTING_KIND } from '#shared/detection_rules'
import { DetectionEngine } from '#app/detections/engine'
import { flow } from './flows.js'

test.group('Detection rules as rows an admin edits', () => {
  test('the default rows are rules.ts\u2019s defaults, and read back as them', ({ assert }) => {
    const rows = defaultRuleRows()
    assert.deepEqual(rows.map((r) => r.rule), [...RULE_NAMES])
    assert.deepEqual(rows.find((r) => r.rule === 'port_scan')!.settings, { windowSeconds: 60, distinctPorts: 100, probeMaxPackets: 4 })
    assert.deepEqual(rows.find((r) => r.rule === 'brute_force')!.settings.ports, DEFAULT_RULES.bruteForce.ports)
    assert.deepEqual(rows.find((r) => r.rule === 'indicator')!.settings, {})
    assert.deepEqual(rulesWith(overrideOf(rows)), DEFAULT_RULES)
    // Every setting a row holds has a kind the form draws, and exists in rules.ts.
    for (const rule of RULE_NAMES) for (const name of RULE_SETTINGS[rule]) assert.property(SETTING_KIND, name)
  })

  test('a tuned row overrides its rule only; a rule switched off is off; a foreign key is passed over', ({ assert }) => {
    const rows = defaultRuleRows().map((r) =>
      r.rule === 'port_scan' ? { ...r, settings: { ...r.settings, distinctPorts: 20 } } : r.rule === 'flood' ? { ...r, enabled: false } : r
    )
    rows.push({ rule: 'host_sweep', enabled: true, settings: { distinctPorts: 3 } } as any)
    const rules = rulesWith(overrideOf(rows))
    assert.equal(rules.portScan.distinctPorts, 20)
    assert.equal(rules.hostSweep.distinctHosts, 50)
    assert.isFalse(rules.flood.enabled)
    assert.isTrue(rules.portScan.enabled)
    // An empty table (a test or a seed cleared it) runs the defaults.
    assert.deepEqual(rulesWith(overrideOf([])), DEFAULT_RULES)
  })

  test('a tuned threshold changes what the engine raises', ({ assert }) => {
    const probes = Array.from({ length: 30 }, (_, i) => flow({ srcAddr: '203.0.113.9', dstAddr: '10.1.0.5', srcPort: 51_000, dstPort: i + 1, at: i * 0.1 }))
    assert.lengthOf(new DetectionEngine({ rules: overrideOf(defaultRuleRows()) }).observeAll(probes), 0)
    const tuned = defaultRuleRows().map((r) => (r.rule === 'port_scan' ? { ...r, settings: { ...r.settings, distinctPorts: 25 } } : r))
    const events = new DetectionEngine({ rules: overrideOf(tuned) }).observeAll(probes)
    assert.deepEqual(events.map((e) => [e.kind, e.counts.threshold]), [['port_scan', 25]])
  })

  test('settings problems name the setting', ({ assert }) => {
    const rows = defaultRuleRows()
    assert.deepEqual(settingsProblems('port_scan', { windowSeconds: 60, distinctPorts: 100, probeMaxPackets: 4 }, rows), [])
    assert.deepEqual(settingsProblems('port_scan', { distinctHosts: 5 }, rows), [['distinctHosts', 'foreign']])
    assert.deepEqual(settingsProblems('general', { dedupSeconds: 600, ignoreSources: ['10.0.0.0/8', '2001:db8::/32', 'nope'] }, rows), [['ignoreSources.2', 'address']])
    assert.deepEqual(settingsProblems('beaconing', { ...rows.find((r) => r.rule === 'beaconing')!.settings, minIntervalSeconds: 600, maxIntervalSeconds: 60 }, rows), [
      ['minIntervalSeconds', 'range'],
    ])
    // Another rule's problem is not this row's to answer.
    assert.deepEqual(settingsProblems('flood', { ...rows.find((r) => r.rule === 'flood')!.settings, alpha: 2 }, rows), [['alpha', 'range']])
  })
})
