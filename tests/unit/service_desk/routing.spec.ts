import { test } from '@japa/runner'
import { routeIncident, type RoutingRule } from '#app/incidents/incident_routing'

const fallbacks = { regional: { north: 11, central: 12, south: 13, east: 14 }, noc: 1 }
const rule = (r: Partial<RoutingRule> & Pick<RoutingRule, 'id' | 'groupId'>): RoutingRule => ({ position: 100, type: null, agencyPath: null, ...r })

test.group('incident routing', () => {
  test("with no rule an incident goes to its region's team, and to the NOC when that team is missing", ({ assert }) => {
    assert.equal(routeIncident([], { type: 'service', agencyPath: '/1/7/', region: 'east' }, fallbacks), 14)
    assert.equal(routeIncident([], { type: 'security', agencyPath: '/1/7/', region: 'south' }, fallbacks), 13)
    assert.equal(routeIncident([], { type: 'service', agencyPath: '/1/', region: 'east' }, { regional: { north: 11 }, noc: 1 }), 1)
    assert.isNull(routeIncident([], { type: 'service', agencyPath: '/1/', region: 'east' }, { regional: {}, noc: null }))
  })

  test('a rule matches its type and its agency with those below it, not a sibling that shares a prefix of digits', ({ assert }) => {
    const rules = [rule({ id: 1, type: 'security', groupId: 2 }), rule({ id: 2, position: 50, agencyPath: '/1/7/', groupId: 70 })]
    assert.equal(routeIncident(rules, { type: 'security', agencyPath: '/1/8/', region: 'north' }, fallbacks), 2)
    assert.equal(routeIncident(rules, { type: 'service', agencyPath: '/1/7/', region: 'north' }, fallbacks), 70)
    assert.equal(routeIncident(rules, { type: 'service', agencyPath: '/1/7/9/', region: 'north' }, fallbacks), 70)
    assert.equal(routeIncident(rules, { type: 'service', agencyPath: '/1/77/', region: 'north' }, fallbacks), 11)
  })

  test('the first rule by position decides, then by id; order given does not matter', ({ assert }) => {
    const rules = [
      rule({ id: 9, position: 100, type: 'security', groupId: 2 }),
      rule({ id: 5, position: 10, type: 'security', agencyPath: '/1/7/', groupId: 70 }),
      rule({ id: 3, position: 10, agencyPath: '/1/7/', groupId: 71 }),
    ]
    assert.equal(routeIncident(rules, { type: 'security', agencyPath: '/1/7/', region: 'north' }, fallbacks), 71)
    assert.equal(routeIncident(rules.reverse(), { type: 'security', agencyPath: '/1/7/', region: 'north' }, fallbacks), 71)
    assert.equal(routeIncident(rules, { type: 'security', agencyPath: '/1/8/', region: 'north' }, fallbacks), 2)
  })
})
