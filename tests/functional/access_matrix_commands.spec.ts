import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import router from '@adonisjs/core/services/router'
import { ROLES, type Role } from '#app/access/roles'
import type User from '#app/access/user'
import { makeUser } from '#tests/support/fixtures'
import { bodyFor, validBody } from '#tests/support/bodies'
import { setting, write } from '#tests/support/access_setting'

/**
 * The command routes, role by role, written out here rather than read from roles.ts or the
 * routes: for each route the subjects a role may act on. S a service incident, X a security
 * incident, P a problem, C a change; '' refused everywhere. NOC works service incidents and
 * G-ISAC security ones; the board's votes ask only that the role reads changes (membership
 * decides the rest, and every voter here sits on the board).
 */
const INCIDENT_WORK = { admin: 'SX', noc: 'S', analyst: 'X', cio: '', agency_liaison: 'SX', auditor: '' }
const SECURITY_WORK = { admin: 'X', noc: '', analyst: 'X', cio: '', agency_liaison: 'X', auditor: '' }
const PROBLEM_WORK = { admin: 'P', noc: 'P', analyst: 'P', cio: '', agency_liaison: '', auditor: '' }
const CHANGE_WORK = { admin: 'C', noc: 'C', analyst: '', cio: '', agency_liaison: 'C', auditor: '' }
const CHANGE_VOTE = { admin: 'C', noc: 'C', analyst: 'C', cio: 'C', agency_liaison: 'C', auditor: 'C' }
const COMMAND_ROUTES: Record<string, Record<Role, string>> = {
  'POST /api/incidents/:id/assign': INCIDENT_WORK,
  'POST /api/incidents/:id/start': INCIDENT_WORK,
  'POST /api/incidents/:id/hold': INCIDENT_WORK,
  'POST /api/incidents/:id/resolve': INCIDENT_WORK,
  'POST /api/incidents/:id/close': INCIDENT_WORK,
  'POST /api/incidents/:id/reopen': INCIDENT_WORK,
  'POST /api/incidents/:id/cancel': INCIDENT_WORK,
  'POST /api/incidents/:id/notes': INCIDENT_WORK,
  'POST /api/incidents/:id/link_parent': INCIDENT_WORK,
  'POST /api/incidents/:id/attachments': INCIDENT_WORK,
  'POST /api/incidents/:id/grade': SECURITY_WORK,
  'POST /api/incidents/:id/authority_report/send': SECURITY_WORK,
  // Publishing needs the right to create indicators, which NOC has not.
  'POST /api/incidents/:id/publish_attacker': SECURITY_WORK,
  'POST /api/problems/:id/investigate': PROBLEM_WORK,
  'POST /api/problems/:id/identify': PROBLEM_WORK,
  'POST /api/problems/:id/resolve': PROBLEM_WORK,
  'POST /api/problems/:id/close': PROBLEM_WORK,
  'POST /api/problems/:id/reopen': PROBLEM_WORK,
  'POST /api/problems/:id/cancel': PROBLEM_WORK,
  'POST /api/problems/:id/incidents': PROBLEM_WORK,
  'DELETE /api/problems/:id/incidents/:incident_id': PROBLEM_WORK,
  'POST /api/changes/:id/submit': CHANGE_WORK,
  'POST /api/changes/:id/assess': CHANGE_WORK,
  'POST /api/changes/:id/schedule': CHANGE_WORK,
  'POST /api/changes/:id/start': CHANGE_WORK,
  'POST /api/changes/:id/complete': CHANGE_WORK,
  'POST /api/changes/:id/fail': CHANGE_WORK,
  'POST /api/changes/:id/back_out': CHANGE_WORK,
  'POST /api/changes/:id/review': CHANGE_WORK,
  'POST /api/changes/:id/close': CHANGE_WORK,
  'POST /api/changes/:id/cancel': CHANGE_WORK,
  'POST /api/changes/:id/approve': CHANGE_VOTE,
  'POST /api/changes/:id/reject': CHANGE_VOTE,
}

/** The subjects a route is tried on: every incident route on both types, unless only security ones have it. */
function subjectsOf(route: string, allowedByAnyone: string) {
  if (route.includes('/api/incidents/')) return allowedByAnyone.includes('S') ? ['S', 'X'] : ['X']
  return route.includes('/api/problems/') ? ['P'] : ['C']
}

/** Each write route the router holds on one incident, problem or change, as `METHOD pattern`. */
function commandRoutesOfRouter() {
  const found = new Set<string>()
  for (const route of Object.values(router.toJSON()).flat()) {
    if (!/^\/api\/(incidents|problems|changes)\/:id\/./.test(route.pattern)) continue
    for (const method of route.methods) if (!['GET', 'HEAD'].includes(method)) found.add(`${method} ${route.pattern}`)
  }
  return [...found]
}

/**
 * The state a subject is put in before a route is tried, so that an allowed role's call is a
 * move the subject offers: the answer then says only what the role may do.
 */
const BEFORE: Record<string, string> = {
  assign: 'new', start: 'new', hold: 'in_progress', resolve: 'in_progress', close: 'resolved', reopen: 'resolved', cancel: 'new',
  notes: 'new', link_parent: 'new', attachments: 'new', grade: 'new', send: 'new', publish_attacker: 'new',
}
const PROBLEM_BEFORE: Record<string, string> = {
  investigate: 'new', identify: 'investigating', resolve: 'investigating', close: 'resolved', reopen: 'resolved', cancel: 'new', incidents: 'new',
}
const CHANGE_BEFORE: Record<string, string> = {
  submit: 'draft', assess: 'submitted', schedule: 'approved', start: 'scheduled', complete: 'implementing', fail: 'implementing',
  back_out: 'failed', review: 'implemented', close: 'reviewed', cancel: 'draft', approve: 'assessed', reject: 'assessed',
}
const COMMAND_BODIES: Record<string, Record<string, unknown>> = {
  hold: { reason: 'supplier' },
  resolve: { resolution: 'Carrier replaced the SFP' },
  reopen: { reason: 'It failed again' },
  cancel: { reason: 'Raised in error' },
  notes: { body: 'Called the carrier', minutes_spent: 5 },
  link_parent: { parent_id: null },
  grade: { assessment: { systems: 'core', confidentiality: 'minor', integrity: 'none', availability: 'none', classified: 'none' } },
  send: { note: 'Sent by e-mail' },
  publish_attacker: { value: '198.51.100.7' },
  identify: { root_cause: 'A worn patch cord', workaround: 'Reseat the cord' },
  assess: { risk: 'low', impact: 'low', assessment: 'One line, off-peak' },
  fail: { reason: 'Router did not boot' },
  review: { review: 'Went to plan' },
  reject: { comment: 'Wrong week' },
}

test.group('access matrix: command routes', () => {
  test('the table names every write route on one incident, problem or change the router holds', ({ assert }) => {
    const registered = commandRoutesOfRouter()
    // Guards the search itself: a router read wrongly would make this test vacuous.
    assert.include(registered, 'POST /api/changes/:id/approve')
    assert.sameMembers(Object.keys(COMMAND_ROUTES), registered)
  })

  for (const role of ROLES) {
    test(`${role} × the command routes`, async ({ client, assert }) => {
      const { ministry, admin, user } = await setting(role)
      const other = await makeUser('noc')
      const [board] = await db.table('change_boards').insert({ name: `CAB ${role} ${Date.now()}`, change_type: 'normal', agency_id: ministry.id, quorum: 1 }).returning('*')
      await db.table('change_board_members').multiInsert([{ board_id: board.id, user_id: user.id }, { board_id: board.id, user_id: other.id }])
      const seed = async (resource: string, body: object) => {
        const made = await write(client, admin, 'post', `/api/${resource}`).json(body)
        assert.equal(made.status(), 201, made.text())
        return made.body().id as number
      }
      const incidentOf = (type: 'service' | 'security') => seed('incidents', { ...validBody('incidents', ministry.id, 'noc'), type })
      // A change raised by another, so that the role's own votes are not refused as the requester's.
      const raisedBy = async (requester: User) => {
        const made = await write(client, requester, 'post', '/api/changes').json(await bodyFor('changes', ministry.id, 'noc'))
        assert.equal(made.status(), 201, made.text())
        return made.body().id as number
      }

      const answers: string[] = []
      for (const [route, grants] of Object.entries(COMMAND_ROUTES)) {
        const [method, pattern] = route.split(' ')
        const name = pattern.split('/').filter((part) => part && !part.startsWith(':')).at(-1)!
        for (const subject of subjectsOf(route, Object.values(grants).join(''))) {
          let path: string
          // The role hands an incident to itself; a problem files the incident made for it.
          const body: Record<string, unknown> = { ...COMMAND_BODIES[name], ...(name === 'assign' ? { assignee_id: user.id } : {}) }
          if (subject === 'S' || subject === 'X') {
            const id = await incidentOf(subject === 'S' ? 'service' : 'security')
            await db.from('incidents').where('id', id).update({ status: BEFORE[name] })
            if (name === 'send') await db.from('incidents').where('id', id).update({ security_level: 2 })
            path = pattern.replace(':id', String(id))
          } else if (subject === 'P') {
            const id = await seed('problems', await bodyFor('problems', ministry.id, role))
            await db.from('problems').where('id', id).update({ status: PROBLEM_BEFORE[name] ?? 'investigating' })
            if (name === 'incidents' || pattern.includes(':incident_id')) {
              const incident = await incidentOf(role === 'analyst' ? 'security' : 'service')
              if (method === 'DELETE') await db.from('incidents').where('id', incident).update({ problem_id: id })
              body.incident_id = incident
              path = pattern.replace(':id', String(id)).replace(':incident_id', String(incident))
            } else {
              path = pattern.replace(':id', String(id))
            }
          } else {
            const id = await raisedBy(other.id === user.id ? admin : other)
            await db.from('changes').where('id', id).update({ status: CHANGE_BEFORE[name], board_id: board.id })
            path = pattern.replace(':id', String(id))
          }
          const request = write(client, user, method.toLowerCase() as 'post' | 'delete', path)
          const answer =
            name === 'attachments'
              ? await request.file('file', Buffer.from('ping loss 40%\n'), { filename: 'ping.txt', contentType: 'text/plain' })
              : await request.json(body)
          const allowed = grants[role].includes(subject)
          // Allowed: the move is made (2xx); publishing an address the incident never saw is
          // refused afterwards on its value (422), which no role's refusal would reach.
          const fine = allowed && (answer.status() < 300 || (name === 'publish_attacker' && answer.status() === 422))
          if (allowed ? !fine : answer.status() !== 403) answers.push(`${route} on ${subject}: ${answer.status()} ${answer.text().slice(0, 200)}`)
        }
      }
      assert.deepEqual(answers, [], `${role}: answers the table does not expect`)
    }).timeout(120_000)
  }
})
