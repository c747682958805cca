import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { AlarmService } from '#app/monitoring/alarm_service'
import { boardCells } from '#app/monitoring/board/board'
import { dropCells, freshCells, storeCells } from '#app/monitoring/board/board_cells'
import { MonitoringWorker } from '#app/monitoring/ingest/monitoring_worker'
import { clock, downAt, makeDevice, makeLink, upAt } from '#tests/functional/monitoring/support'
import { dropSite, testSite } from '#tests/functional/pipeline/support'

const quiet = new AlarmService({ emit: () => {} })

/** The summary with its tiles in one order (SQL leaves ties of its ORDER BY unordered) and no time. */
function comparable(summary: any) {
  const { generated_at: _, ...rest } = summary
  const key = (c: any) => JSON.stringify([c.ministry_id, c.region, c.state, c.admin_down, c.suppressed, c.in_maintenance])
  return { ...rest, by_ministry: [...rest.by_ministry].sort((a, b) => key(a).localeCompare(key(b))) }
}

async function network() {
  const t = clock()
  const { ministry, child, other } = await makeAgencyTree()
  const core = await makeDevice(ministry.id, { region: 'south' })
  const uplink = await makeLink(ministry.id, { kind: 'uplink', deviceId: core.id })
  const healthy = await makeLink(child.id, { deviceId: core.id, consolidatedIntoId: uplink.id })
  const broken = await makeLink(child.id, { deviceId: core.id })
  await makeLink(child.id)
  await makeLink(child.id, { status: 'decommissioned' })
  const foreign = await makeLink(other.id, { deviceId: (await makeDevice(other.id)).id })
  await quiet.observe([upAt(uplink, t(0)), upAt(healthy, t(0)), upAt(broken, t(0)), upAt(foreign, t(0)), upAt(uplink, t(60)), downAt(broken, t(60)), downAt(foreign, t(60))])
  await db.table('device_status').insert({ device_id: core.id, reachable: true, last_poll_at: t(60), polls_total: 9, polls_late: 1, polls_skipped: 2 })
  return { t, ministry, child, other, uplink, healthy, broken }
}

test.group('NOC board counts kept by the monitoring worker', (group) => {
  group.each.teardown(() => dropCells())

  test('answer every scope and board filter exactly as counting the tables does', async ({ client, assert }) => {
    const { ministry, child } = await network()
    const noc = await makeUser('noc')
    const liaison = await makeUser('agency_liaison', ministry.id)
    const childLiaison = await makeUser('agency_liaison', child.id)
    const asked: Array<[any, Record<string, unknown>]> = [
      [noc, {}],
      [noc, { agency_id: ministry.id }],
      [noc, { agency_id: [child.id, ministry.id], kind: 'legacy' }],
      [noc, { region: 'south', state: 'down' }],
      [noc, { kind: 'uplink' }],
      [liaison, {}],
      [liaison, { region: ['south', 'north'] }],
      [childLiaison, {}],
    ]
    const summary = async (user: any, filter: Record<string, unknown>) => {
      const response = await client.get('/api/link_states/summary').qs({ filter: JSON.stringify(filter) }).withGuard('api').loginAs(user)
      response.assertStatus(200)
      return response.body()
    }
    const counted = []
    for (const [user, filter] of asked) counted.push(await summary(user, filter))

    const cells = await boardCells()
    await storeCells(cells)
    for (const [i, [user, filter]] of asked.entries()) {
      const kept = await summary(user, filter)
      assert.equal(kept.generated_at, new Date(cells.at).toISOString(), 'answered from the kept counts')
      assert.deepEqual(comparable(kept), comparable(counted[i]), JSON.stringify(filter))
    }
    assert.isAbove(counted[1].total, 0)
  })

  test('are what the API answers while fresh; a search is still counted, and without them the tables are', async ({ client, assert }) => {
    const { t, ministry, healthy } = await network()
    const noc = await makeUser('noc')
    const filter = { filter: JSON.stringify({ agency_id: ministry.id }) }
    await storeCells(await boardCells())
    const before = (await client.get('/api/link_states/summary').qs(filter).withGuard('api').loginAs(noc)).body()

    await quiet.observe([downAt(healthy, t(120))])
    const kept = (await client.get('/api/link_states/summary').qs(filter).withGuard('api').loginAs(noc)).body()
    assert.deepEqual(kept.by_state, before.by_state, 'not recounted per request')
    const searched = await client.get('/api/link_states/summary').qs({ filter: JSON.stringify({ agency_id: ministry.id, q: healthy.circuit_id }) }).withGuard('api').loginAs(noc)
    assert.deepEqual(searched.body().by_state, { up: 0, down: 1, degraded: 0, unknown: 0 }, 'a search is counted from the tables')

    await storeCells({ ...(await boardCells()), at: Date.now() - 60_000 })
    assert.isNull(await freshCells(), 'counts nobody refreshed are not used')
    const live = (await client.get('/api/link_states/summary').qs(filter).withGuard('api').loginAs(noc)).body()
    assert.equal(live.by_state.down, before.by_state.down + 1)
  })

  test('are stored by a running monitoring worker and removed when it stops', async ({ assert }) => {
    await dropCells()
    const site = testSite()
    const worker = new MonitoringWorker({ site, autorun: false })
    try {
      let cells = null
      for (let i = 0; i < 100 && !cells; i++) {
        await new Promise((r) => setTimeout(r, 50))
        cells = await freshCells()
      }
      assert.isNotNull(cells, 'the worker counted the board when it started')
      assert.isAbove(Object.keys(cells!.agencies).length, 0)
    } finally {
      await worker.close()
      await dropSite(site)
    }
    assert.isNull(await freshCells())
  })
})
