import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { SnmpLab } from '#tests/support/snmp_lab'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { startCollector, startMonitoring } from '#app/monitoring/processes'
import type { QueueSite } from '#collectors/polling/wire'
import type { Collector } from '#collectors/polling/collector'
import { dropSite, makeBoundLink, makePolledDevice, testSite, waitFor } from '#tests/functional/pipeline/support'
import { approvedChange, window } from '#tests/functional/changes/support'

const INTERVAL_S = 2

const linkState = (linkId: number) => db.from('link_states').where('link_id', linkId).first()

/**
 * The change's maintenance window, end to end: snmpd in a namespace, the real collector and
 * monitoring over BullMQ. Two lines on one device go down together with `ip link set down`; the
 * one an approved, scheduled change covers opens no incident, the other does.
 */
test.group('a scheduled change silences its links in the real pipeline', (group) => {
  let lab: SnmpLab
  let site: QueueSite
  let collector: Collector
  let monitoring: Awaited<ReturnType<typeof startMonitoring>>

  group.setup(async () => {
    lab = await SnmpLab.create({ pairs: 2 })
    site = testSite()
    monitoring = await startMonitoring({ site, maxWaitMs: 50, sync: { tickMs: 300 } })
    collector = startCollector({ site, concurrency: 4, timeoutMs: 700, retries: 1 })
    return async () => {
      await collector.close()
      await monitoring.close()
      await lab.close()
      await dropSite(site)
    }
  })

  test('a link down inside the change window opens no incident; the same outside it does', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const noc = await makeUser('noc')
    const device = await makePolledDevice(ministry.id, { host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), intervalS: INTERVAL_S })
    // The far ends: taking gsaN down leaves gsbN up with its carrier lost, which is a fault.
    const covered = await makeBoundLink(ministry.id, device.id, await lab.ifIndex('gsb0'))
    const outside = await makeBoundLink(ministry.id, device.id, await lab.ifIndex('gsb1'))
    const { as, change } = await approvedChange(client, ministry.id, [{ item_type: 'link', item_id: covered.id }], window(-0.05, 1))
    const scheduled = await as.command(change.id, 'schedule')
    scheduled.assertStatus(200)
    ;(await as.command(change.id, 'start')).assertStatus(200)

    for (const link of [covered, outside]) await waitFor(`${link.circuit_id} seen up`, async () => (await linkState(link.id))?.state === 'up', 60_000)
    await lab.setLink('gsa0', 'down')
    await lab.setLink('gsa1', 'down')
    try {
      const incidentId = await waitFor('an incident on the link outside the window', async () => {
        const response = await client.get(`/api/links/${outside.id}/incidents`).loginAs(noc)
        return response.status() === 200 && response.body().length ? response.body()[0].id : null
      }, 60_000)
      assert.isAbove(incidentId, 0)
      // Both went down in the same polls; by now the covered one has been seen down as well.
      const state = await waitFor('the covered link seen down', async () => {
        const row = await linkState(covered.id)
        return row?.state === 'down' ? row : null
      })
      assert.isTrue(state.in_maintenance)
      assert.equal(state.maintenance_window_id, scheduled.body().window_id)
      assert.isNull(state.open_incident_id)
      const none = await client.get(`/api/links/${covered.id}/incidents`).loginAs(noc)
      assert.deepEqual(none.body(), [], 'no incident inside the window')
      const items = await db.from('incident_items').where({ item_type: 'link', item_id: covered.id })
      assert.lengthOf(items, 0)
    } finally {
      await lab.setLink('gsa0', 'up')
      await lab.setLink('gsa1', 'up')
    }
    // The work is done: the window ends and the covered line's alarms are live again.
    ;(await as.command(change.id, 'complete')).assertStatus(200)
    await waitFor('the covered link up again', async () => (await linkState(covered.id))?.state === 'up', 60_000)
    await lab.setLink('gsa0', 'down')
    try {
      await waitFor('an incident on the formerly covered link, once the change is implemented', async () => {
        const response = await client.get(`/api/links/${covered.id}/incidents`).loginAs(noc)
        return response.status() === 200 && response.body().length > 0
      }, 60_000)
    } finally {
      await lab.setLink('gsa0', 'up')
    }
  }).timeout(240_000)
})
