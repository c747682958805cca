import { test } from '@japa/runner'
import { presumedAssessment } from '#app/security/presumed_assessment'
import { proposedLevel } from '#shared/security_grading'

const level = (origin: 'detection' | 'eve' | 'syslog' | 'manual', kind: string, severity: number, core = false) => {
  const assessment = presumedAssessment({ origin, kind, severity }, core)
  return assessment ? proposedLevel(assessment) : null
}

test.group('The assessment security:work proposes on opening', () => {
  test('every detection proposes level 1 on non-core systems and 2 on core ones', ({ assert }) => {
    for (const kind of ['port_scan', 'host_sweep', 'flood', 'brute_force', 'indicator', 'new_exposure', 'beaconing']) {
      assert.equal(level('detection', kind, 2), 1, kind)
      assert.equal(level('detection', kind, 2, true), 2, kind)
    }
  })

  test('what each presumes: reconnaissance leaks, guessing and C2 may take over, a flood hits operations', ({ assert }) => {
    assert.deepInclude(presumedAssessment({ origin: 'detection', kind: 'port_scan', severity: 2 }, false)!, { confidentiality: 'minor', integrity: 'none', availability: 'none' })
    assert.deepInclude(presumedAssessment({ origin: 'detection', kind: 'brute_force', severity: 2 }, false)!, { confidentiality: 'minor', integrity: 'minor' })
    assert.deepInclude(presumedAssessment({ origin: 'detection', kind: 'flood', severity: 1 }, false)!, { confidentiality: 'none', availability: 'within_tolerance' })
    assert.deepInclude(presumedAssessment({ origin: 'eve', kind: 'ET SCAN', severity: 1 }, true)!, { systems: 'core', integrity: 'minor' })
    assert.deepInclude(presumedAssessment({ origin: 'syslog', kind: 'sshd', severity: 3 }, false)!, { integrity: 'none', confidentiality: 'minor' })
    // Nothing is presumed classified: that takes a person who knows what was on the system.
    assert.equal(presumedAssessment({ origin: 'eve', kind: 'x', severity: 1 }, true)!.classified, 'none')
  })

  test("a liaison's report is graded by the liaison", ({ assert }) => {
    assert.isNull(presumedAssessment({ origin: 'manual', kind: 'report', severity: 2 }, true))
  })
})
