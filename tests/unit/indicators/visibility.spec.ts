import { test } from '@japa/runner'
import { mayRead, relationsOf, TLPS, type Reader, type Tlp } from '#app/indicators/visibility'

/**
 * The agencies: 1 a ministry, 2 an agency under it, 3 one under 2, 9 another ministry.
 * Group 50 has agency 2 as a member; the indicators come from agency 2 or from the G-ISAC.
 */
const reader = (role: Reader['role'], agencyId: number | null, line: number[], groups: number[], groupsAbove: number[]): Reader => ({
  role, agencyId, agencyLine: line, groups, groupsAbove,
})
const READERS = {
  isac: reader('analyst', null, [], [], []),
  admin: reader('admin', null, [], [], []),
  noc: reader('noc', null, [], [], []),
  cio: reader('cio', null, [], [], []),
  auditor: reader('auditor', null, [], [], []),
  source: reader('agency_liaison', 2, [2, 1], [50], [50]),
  under_source: reader('agency_liaison', 3, [3, 2, 1], [], [50]),
  above_source: reader('agency_liaison', 1, [1], [], []),
  member: reader('agency_liaison', 7, [7], [50], [50]),
  under_member: reader('agency_liaison', 8, [8, 7], [], [50]),
  outsider: reader('agency_liaison', 9, [9], [], []),
}
type Who = keyof typeof READERS

/** Who reads an indicator of agency 2 shared with group 50, by marking, in the console. */
const VIEW: Record<Tlp, Who[]> = {
  clear: Object.keys(READERS) as Who[],
  green: Object.keys(READERS) as Who[],
  amber: ['isac', 'source', 'under_source', 'member', 'under_member'],
  amber_strict: ['source', 'member'],
  red: ['source', 'member'],
}

test.group('Indicator visibility (TLP 2.0)', () => {
  for (const tlp of TLPS) {
    test(`${tlp}: exactly the expected readers, in the console and in files and feeds`, ({ assert }) => {
      const marked = { tlp, sourceAgencyId: 2, sharingGroupId: 50 }
      const viewers = (Object.keys(READERS) as Who[]).filter((who) => mayRead(READERS[who], marked, 'view'))
      assert.sameMembers(viewers, VIEW[tlp])
      const receivers = (Object.keys(READERS) as Who[]).filter((who) => mayRead(READERS[who], marked, 'distribute'))
      assert.sameMembers(receivers, tlp === 'red' ? [] : VIEW[tlp])
    })
  }

  test("the G-ISAC's own AMBER+STRICT and RED reach its analysts and the group's members only", ({ assert }) => {
    for (const tlp of ['amber_strict', 'red'] as const) {
      const marked = { tlp, sourceAgencyId: null, sharingGroupId: 50 }
      const viewers = (Object.keys(READERS) as Who[]).filter((who) => mayRead(READERS[who], marked, 'view'))
      assert.sameMembers(viewers, ['isac', 'source', 'member'])
    }
  })

  test('without a group, AMBER+STRICT and RED stay in the source agency', ({ assert }) => {
    for (const tlp of ['amber_strict', 'red'] as const) {
      const marked = { tlp, sourceAgencyId: 2, sharingGroupId: null }
      const viewers = (Object.keys(READERS) as Who[]).filter((who) => mayRead(READERS[who], marked, 'view'))
      assert.sameMembers(viewers, ['source'])
    }
  })

  test('an analyst bound to an agency is not the G-ISAC', ({ assert }) => {
    const bound = reader('analyst', 9, [9], [], [])
    assert.isFalse(relationsOf(bound, { sourceAgencyId: null, sharingGroupId: null }).has('isac'))
    assert.isFalse(mayRead(bound, { tlp: 'amber', sourceAgencyId: 2, sharingGroupId: 50 }, 'view'))
  })
})
