import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ProbeCollector, ProbeSchedule } from '#collectors/probe/probe_schedule'
import { ProbeIngest, burstObservation } from '#app/line_quality/probe_ingest'
import { forgetQualityPolicies } from '#app/line_quality/quality_policies'
import { AlarmService } from '#app/monitoring/alarm_service'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { dropSite, testSite, waitFor } from '#tests/functional/pipeline/support'
import { clock, downAt, incidentsOf, makeDevice, makeLink, upAt } from '#tests/functional/monitoring/support'
import { ImpairedPath } from '#tests/support/impaired_path'
import type { ProbeReport } from '#collectors/probe/probe_schedule'
import { PARTS_OF } from '#database/migrations/0037_link_reasons'
import { reasonWords } from '#app/monitoring/link_health/link_reason_messages'

const quiet = new AlarmService({ emit: () => {} })

async function speaking(locale: 'zh-TW' | 'en', role: 'noc' | 'agency_liaison', agencyId: number | null = null) {
  const user = await makeUser(role, agencyId)
  user.locale = locale
  await user.save()
  return user
}

/** A burst report of 20 probes at `at`: `loss` of them lost, the rest around 12 ms. */
function report(linkId: number, at: Date, loss: number): ProbeReport {
  const received = Math.round(20 * (1 - loss))
  const rtt = received ? 12 : null
  return {
    linkId, address: '198.18.0.2', collector: 'test', scheduledAt: at.getTime(), startedAt: at.getTime(), sent: 20, received,
    loss: 1 - received / 20, rttMedianMs: rtt, rttMinMs: rtt, rttMaxMs: rtt, rttP10Ms: rtt, rttP90Ms: rtt, jitterMs: received > 1 ? 0.5 : null,
  }
}

test.group('line quality feeds the link states', (group) => {
  group.each.setup(() => forgetQualityPolicies())

  test('a line losing packets on an impaired path turns degraded, opens its incident, and recovers', async ({ assert, client, cleanup }) => {
    const site = testSite()
    const path = await ImpairedPath.create()
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    await db.from('links').where('id', link.id).update({ probe_address: path.lossy.v4 })
    const schedule = new ProbeSchedule(site)
    const collector = new ProbeCollector(site)
    const ingest = new ProbeIngest(site, { alarms: quiet })
    cleanup(async () => {
      await ingest.close()
      await collector.close()
      await schedule.close()
      await path.close()
      await dropSite(site)
    })
    // 40% of echo requests dropped at random by nftables in the namespace: a burst of 20 shows
    // no loss (under the legacy line's 5%) with probability 0.6^20, about 4e-5.
    await path.setLoss(40)
    await schedule.sync([{ linkId: link.id, address: path.lossy.v4, intervalS: 2, count: 20 }])

    const degraded = await waitFor('the line degraded with its incident', async () => {
      const row = await db.from('link_states').where('link_id', link.id).first()
      return row?.state === 'degraded' && row.open_incident_id ? row : null
    }, 60_000)
    assert.equal(degraded.reason_message[0].key, 'line_quality.loss')
    assert.isAtLeast(degraded.reason_message[0].params.loss, 5)
    assert.match(degraded.reason, /^packet loss [\d.]+% at or above 5%/)
    assert.isAtLeast(Number((await db.from('link_probes').where('link_id', link.id).count('* as n'))[0].n), 2, 'stored as well')
    const [incident] = await incidentsOf('link', link.id)
    assert.include(incident, { id: degraded.open_incident_id, priority: 'P4', status: 'new' })

    // The NOC reads it in Chinese: the board, the history and the incident.
    const noc = await speaking('zh-TW', 'noc')
    const board = await client.get('/api/link_states').qs({ filter: JSON.stringify({ id: [link.id] }) }).loginAs(noc)
    board.assertStatus(200)
    assert.match(board.body()[0].reason, /^封包遺失率 [\d.]+%，達 5% 門檻/)
    assert.equal(board.body()[0].reason_message[0].key, 'line_quality.loss')
    const titles = await client.get(`/api/links/${link.id}/incidents`).loginAs(noc)
    assert.match(titles.body()[0].title, /：線路品質劣化$/)

    await path.setLoss(0)
    const healed = await waitFor('the line up again', async () => {
      const row = await db.from('link_states').where('link_id', link.id).first()
      return row?.state === 'up' && row.open_incident_id === null ? row : null
    }, 60_000)
    assert.deepEqual(healed.reason_message, [])
    const settled = await db.from('incidents').where('id', incident.id).first()
    assert.equal(settled.status, 'resolved', 'nobody had taken it: resolved by monitoring')
    const changes = await db.from('link_state_changes').where('link_id', link.id).orderBy('at').select('from_state', 'to_state')
    assert.deepEqual(changes.map((c) => c.to_state).slice(-2), ['degraded', 'up'])
  }).timeout(120_000)

  test('bursts inside a maintenance window change the state but open nothing', async ({ assert }) => {
    const t = clock()
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const link = await makeLink(ministry.id, { kind: 'uplink' })
    const [window] = await db
      .table('maintenance_windows')
      .insert({ title: 'carrier work', starts_at: t(0), ends_at: t(3600), reason: 'fibre splice', agency_id: ministry.id, created_by_id: admin.id })
      .returning('id')
    await db.table('maintenance_window_items').insert({ window_id: window.id, item_type: 'link', item_id: link.id })
    for (const [s, loss] of [[60, 0], [120, 0.5], [180, 0.5]] as const) await quiet.observe([burstObservation(report(link.id, t(s), loss))])
    const row = await db.from('link_states').where('link_id', link.id).first()
    assert.include(row, { state: 'degraded', in_maintenance: true, maintenance_window_id: window.id, open_incident_id: null })
    assert.lengthOf(await incidentsOf('link', link.id), 0)
    // The same bursts after the window: the incident opens, an uplink's degradation is P2.
    for (const [s, loss] of [[3660, 0], [3720, 0.5], [3780, 0.5]] as const) await quiet.observe([burstObservation(report(link.id, t(s), loss))])
    const [incident] = await incidentsOf('link', link.id)
    assert.include(incident, { priority: 'P2' })
    // A burst delivered twice is judged once.
    const again = await quiet.observe([burstObservation(report(link.id, t(3780), 0.5))])
    assert.equal(again.stale, 1)
  })

  test('reasons and incident texts are worded in the reader\'s language and Taipei time; old English rows as written', async ({ assert, client }) => {
    const t = clock()
    const { ministry, other } = await makeAgencyTree()
    const device = await makeDevice(ministry.id)
    const link = await makeLink(ministry.id, { deviceId: device.id })
    await quiet.observe([upAt(link, t(0)), downAt(link, t(60))])
    const zh = await speaking('zh-TW', 'noc')
    const en = await speaking('en', 'noc')
    const filter = { filter: JSON.stringify({ id: [link.id] }) }
    const [zhRow] = (await client.get('/api/link_states').qs(filter).loginAs(zh)).body()
    const [enRow] = (await client.get('/api/link_states').qs(filter).loginAs(en)).body()
    assert.equal(zhRow.reason, '介面運作狀態為 down（ifOperStatus）')
    assert.equal(enRow.reason, 'ifOperStatus down')
    assert.deepEqual(zhRow.reason_message, [{ key: 'link_state.oper_down', params: { status: 'down' } }])
    const [change] = (await client.get(`/api/links/${link.id}/state_changes`).loginAs(zh)).body()
    assert.equal(change.reason, '介面運作狀態為 down（ifOperStatus）')

    const [incident] = await incidentsOf('link', link.id)
    const shown = (await client.get(`/api/incidents/${incident.id}`).loginAs(zh)).body()
    assert.match(shown.title, /：線路中斷$/)
    // Opened at t(60), shown in Taipei time (UTC+8) and with the reason in Chinese.
    const taipei = new Date(t(60).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
    assert.include(shown.description, taipei)
    assert.include(shown.description, '介面運作狀態為 down（ifOperStatus）')

    // A row written before reasons were keys is shown as it was written.
    await db.from('link_states').where('link_id', link.id).update({ reason: 'legacy text', reason_message: null })
    const [old] = (await client.get('/api/link_states').qs(filter).loginAs(zh)).body()
    assert.include(old, { reason: 'legacy text', reason_message: null })

    // Another agency's liaison does not see the link, nor its history.
    const outsider = await speaking('zh-TW', 'agency_liaison', other.id)
    assert.lengthOf((await client.get('/api/link_states').qs(filter).loginAs(outsider)).body(), 0)
    ;(await client.get(`/api/links/${link.id}/state_changes`).loginAs(outsider)).assertStatus(404)
  })

  test('migration 0037 turns the old English sentences into parts that word back to the same English', async ({ assert }) => {
    const old = [
      'device did not answer', 'shut on purpose (ifAdminStatus down)', 'interface in test mode (ifOperStatus testing)', 'up',
      'ifOperStatus down', 'ifOperStatus lowerLayerDown', 'utilisation 96.2% above 80% for 6 min', '2.5 errors/s above 1/s',
    ]
    for (const reason of old) {
      const { rows } = await db.rawQuery(`SELECT ${PARTS_OF} AS parts FROM (VALUES (?::text)) AS t(reason)`, [reason])
      assert.isArray(rows[0].parts, reason)
      assert.equal(reasonWords(rows[0].parts, 'en'), reason)
    }
    assert.deepEqual(reasonWords([{ key: 'link_state.util_high', params: { util: 96.2, threshold: 80, minutes: 6 } }], 'zh-TW'), '使用率 96.2%，超過 80% 已 6 分鐘')
    const { rows } = await db.rawQuery(`SELECT ${PARTS_OF} AS parts FROM (VALUES (?::text)) AS t(reason)`, ['utilisation 90% above 80% for 5 min; 2 errors/s above 1/s'])
    assert.isNull(rows[0].parts, 'several reasons joined are left as written')
  })
})
