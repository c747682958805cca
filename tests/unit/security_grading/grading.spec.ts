import { test } from '@japa/runner'
import { proposedLevel, type SecurityAssessment } from '#shared/security_grading'

const none: SecurityAssessment = { systems: 'non_core', confidentiality: 'none', integrity: 'none', availability: 'none', classified: 'none' }
const grade = (a: Partial<SecurityAssessment>) => proposedLevel({ ...none, ...a })

test.group('grading: the regulation\'s four levels (資通安全事件等級)', () => {
  test('nothing harmed proposes no level', ({ assert }) => {
    assert.isNull(grade({}))
    assert.isNull(grade({ systems: 'core_ci' }))
  })

  test('level 1: non-core information slightly leaked or tampered with, non-core operations back in time', ({ assert }) => {
    assert.equal(grade({ confidentiality: 'minor' }), 1)
    assert.equal(grade({ integrity: 'minor' }), 1)
    assert.equal(grade({ availability: 'within_tolerance' }), 1)
  })

  test('level 2: non-core seriously, or core (no critical infrastructure) slightly or back in time', ({ assert }) => {
    assert.equal(grade({ confidentiality: 'serious' }), 2)
    assert.equal(grade({ integrity: 'serious' }), 2)
    assert.equal(grade({ availability: 'beyond_tolerance' }), 2)
    assert.equal(grade({ systems: 'core', confidentiality: 'minor' }), 2)
    assert.equal(grade({ systems: 'core', integrity: 'minor' }), 2)
    assert.equal(grade({ systems: 'core', availability: 'within_tolerance' }), 2)
  })

  test('level 3: core seriously or not back in time, critical infrastructure or official secrets slightly', ({ assert }) => {
    assert.equal(grade({ systems: 'core', confidentiality: 'serious' }), 3)
    assert.equal(grade({ systems: 'core', integrity: 'serious' }), 3)
    assert.equal(grade({ systems: 'core', availability: 'beyond_tolerance' }), 3)
    assert.equal(grade({ systems: 'core_ci', confidentiality: 'minor' }), 3)
    assert.equal(grade({ systems: 'core_ci', integrity: 'minor' }), 3)
    assert.equal(grade({ systems: 'core_ci', availability: 'within_tolerance' }), 3)
    // General official secrets or sensitive data rank with critical infrastructure, on any system.
    assert.equal(grade({ classified: 'official', confidentiality: 'minor' }), 3)
    assert.equal(grade({ classified: 'official', integrity: 'minor' }), 3)
  })

  test('level 4: critical infrastructure or official secrets seriously, national secrets at all', ({ assert }) => {
    assert.equal(grade({ systems: 'core_ci', confidentiality: 'serious' }), 4)
    assert.equal(grade({ systems: 'core_ci', integrity: 'serious' }), 4)
    assert.equal(grade({ systems: 'core_ci', availability: 'beyond_tolerance' }), 4)
    assert.equal(grade({ classified: 'official', confidentiality: 'serious' }), 4)
    assert.equal(grade({ classified: 'national_secret', confidentiality: 'minor' }), 4)
    assert.equal(grade({ classified: 'national_secret', integrity: 'minor' }), 4)
  })

  test('classified data does not raise an outage: availability counts by the systems alone', ({ assert }) => {
    assert.equal(grade({ classified: 'national_secret', availability: 'within_tolerance' }), 1)
    assert.equal(grade({ classified: 'official', availability: 'beyond_tolerance' }), 2)
  })

  test('the highest of the three dimensions wins', ({ assert }) => {
    assert.equal(grade({ systems: 'core', confidentiality: 'minor', integrity: 'serious', availability: 'within_tolerance' }), 3)
    assert.equal(grade({ confidentiality: 'minor', availability: 'beyond_tolerance' }), 2)
  })
})
