import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import User from '#app/access/user'
import { clearInventory, seedDemo } from '#app/demo/loader'
import { historyRange } from '#app/demo/history'
import { lastFullMonth } from '#app/carrier_contracts/carrier_report'
import { makeUser } from '#tests/support/fixtures'

const PASSWORD = 'demo-password-for-tests'
const DAY = 86_400_000

/**
 * A fresh demo has a past: 30 days (and the whole last month) of samples and probe rollups for
 * the lines the carriers' contracts cover, read off the simulated network's curves and calendar
 * of faults, so the link charts and the month's carrier report have data on first open.
 */
test.group('demo history', (group) => {
  const now = new Date()
  let marks: Array<{ resolution: string; rolled_to: Date | null }> = []
  let linkIds: number[] = []
  group.setup(async () => {
    marks = await db.from('link_sample_rollups').select('resolution', 'rolled_to')
    const outcome = await seedDemo({ fresh: true, password: PASSWORD, generator: { now }, history: true })
    if (outcome.status !== 'loaded' || !outcome.history) throw new Error(`seed did not load its history: ${outcome.status}`)
    linkIds = (await db.from('carrier_contracts').select('link_id')).map((r) => r.link_id)
  })
  // Later files start from an empty inventory and the rollup marks as they were.
  group.teardown(async () => {
    for (const table of ['link_samples_5m', 'link_samples_1h', 'link_samples_1d', 'link_probes_5m', 'link_probes_1h', 'link_probes_1d']) {
      await db.from(table).whereIn('link_id', linkIds).delete()
    }
    for (const mark of marks) await db.from('link_sample_rollups').where('resolution', mark.resolution).update({ rolled_to: mark.rolled_to })
    await db.transaction((trx) => clearInventory(trx))
  })

  test('every uplink and contracted line has 30 days of 5-minute, hourly and daily rows, traffic and probes', async ({ assert }) => {
    const uplinks = await db.from('links').where('kind', 'uplink').whereNotNull('if_index').select('id')
    assert.isAtLeast(uplinks.length, 35)
    assert.includeMembers(linkIds, uplinks.map((u) => u.id))
    assert.isAbove(linkIds.length, uplinks.length, 'agency lines are under contract too')
    const since = new Date(now.getTime() - 30 * DAY)
    const counts = async (table: string) => {
      const { rows } = await db.rawQuery(
        `SELECT link_id, count(*)::int AS n FROM ${table} WHERE link_id = ANY(?::int[]) AND bucket >= ? GROUP BY link_id`,
        [linkIds, since.toISOString()]
      )
      return rows.map((r: { n: number }) => r.n)
    }
    for (const table of ['link_samples_1h', 'link_probes_1h']) {
      const hours = await counts(table)
      assert.lengthOf(hours, linkIds.length, table)
      assert.isTrue(hours.every((n: number) => n >= 30 * 24 - 2), `${table}: ${Math.min(...hours)} hours`)
    }
    for (const table of ['link_samples_1d', 'link_probes_1d']) assert.isTrue((await counts(table)).every((n: number) => n >= 30), table)
    // 5-minute rows: a poll a minute, less the minutes a device was silent.
    const fives = await counts('link_samples_5m')
    assert.isTrue(fives.every((n: number) => n >= 30 * 288 * 0.95), `5-minute rows: ${Math.min(...fives)}`)
    // The whole last month is there too, from its first Taipei midnight.
    const range = historyRange(now)
    const monthStart = DateTime.fromFormat(lastFullMonth(now), 'yyyy-MM', { zone: 'Asia/Taipei' }).toJSDate()
    assert.isAtMost(range.from.getTime(), monthStart.getTime())
    const first = await db.from('link_samples_1d').whereIn('link_id', linkIds).min('bucket as at').first()
    assert.equal(new Date(first.at).getTime(), range.from.getTime())
  }).timeout(120_000)

  test('the rows follow the simulated curves (office hours, faults), and the link charts read them', async ({ client, assert }) => {
    // Agency lines follow their staff's day: a weekday's 10:00–12:00 carries far more than 03:00–05:00.
    const { rows: [day] } = await db.rawQuery(
      `SELECT avg(s.out_avg) FILTER (WHERE extract(isodow FROM s.bucket AT TIME ZONE 'Asia/Taipei') <= 5
                                        AND extract(hour FROM s.bucket AT TIME ZONE 'Asia/Taipei') IN (10, 11)) AS office,
              avg(s.out_avg) FILTER (WHERE extract(hour FROM s.bucket AT TIME ZONE 'Asia/Taipei') IN (3, 4)) AS night
         FROM link_samples_1h s JOIN links l ON l.id = s.link_id
        WHERE l.kind = 'legacy' AND s.link_id = ANY(?::int[])`,
      [linkIds]
    )
    assert.isAbove(Number(day.office), 4 * Number(day.night))
    // The calendar's faults are in it: polls that saw lines down, probes lost, congested uplinks slower.
    const { rows: [faults] } = await db.rawQuery(
      `SELECT (SELECT sum(down_samples) FROM link_samples_5m WHERE link_id = ANY(?::int[])) AS down,
              (SELECT sum(sent - received) FROM link_probes_5m WHERE link_id = ANY(?::int[])) AS lost,
              (SELECT max(rtt_median) / min(rtt_median) FROM link_probes_5m WHERE link_id = ANY(?::int[])) AS spread`,
      [linkIds, linkIds, linkIds]
    )
    assert.isAbove(Number(faults.down), 0)
    assert.isAbove(Number(faults.lost), 0)
    assert.isAbove(Number(faults.spread), 2)
    // The charts read them: an uplink's 30 days have a point an hour, its 24 hours one every 5 minutes.
    const uplink = await db.from('links').where('kind', 'uplink').whereIn('id', linkIds).orderBy('id').firstOrFail()
    const noc = await makeUser('noc')
    const month = await client.get(`/api/links/${uplink.id}/traffic`).qs({ range: '30d' }).loginAs(noc)
    month.assertStatus(200)
    assert.isAtLeast(month.body().series.length, 30 * 24 - 2)
    assert.isAtLeast(month.body().p95_samples, 30 * 288 * 0.95)
    const today = await client.get(`/api/links/${uplink.id}/traffic`).qs({ range: '24h' }).loginAs(noc)
    assert.isAtLeast(today.body().series.filter((p: { in_bps: number | null }) => p.in_bps !== null).length, 288 * 0.9)
  }).timeout(120_000)

  test('the contracted lines are probed at addresses of their own, and the legacy lines had their loss episodes', async ({ assert }) => {
    const { rows } = await db.rawQuery(
      `SELECT l.id, l.kind, host(l.probe_address) AS address FROM links l WHERE l.id = ANY(?::int[]) ORDER BY l.id`,
      [linkIds]
    )
    assert.lengthOf(rows, linkIds.length)
    assert.isTrue(rows.every((r: { address: string | null }) => r.address?.startsWith('198.19.')), 'every contracted line has a far end in 198.19.0.0/16')
    assert.lengthOf(new Set(rows.map((r: { address: string }) => r.address)), rows.length)
    const probed = await db.from('links').whereNotNull('probe_address').count('* as n').first()
    assert.equal(Number(probed.n), linkIds.length, 'only the contracted lines are probed')
    // Every legacy line lost 8–14% in some 5-minute buckets (its episodes), above the 5% threshold.
    const legacy = rows.filter((r: { kind: string }) => r.kind === 'legacy').map((r: { id: number }) => r.id)
    assert.isAbove(legacy.length, 0)
    const { rows: episodes } = await db.rawQuery(
      `SELECT link_id, count(*) FILTER (WHERE loss >= 0.05)::int AS lossy, max(rtt_median) / min(rtt_median) AS spread
         FROM link_probes_5m WHERE link_id = ANY(?::int[]) GROUP BY link_id`,
      [legacy]
    )
    assert.lengthOf(episodes, legacy.length)
    for (const e of episodes) assert.isAtLeast(e.lossy, 30 * 3, `line ${e.link_id}: ${e.lossy} lossy buckets`)
  }).timeout(120_000)

  test("every simulated device has 30 days of health, and a leaking router's CPU climbs to its restart", async ({ client, assert }) => {
    const since = new Date(now.getTime() - 30 * DAY)
    const { rows } = await db.rawQuery(
      `SELECT d.id, d.hostname, d.kind,
              (SELECT count(*) FROM device_health_5m h WHERE h.device_id = d.id AND h.bucket >= ?)::int AS fives,
              (SELECT count(*) FROM device_health_1h h WHERE h.device_id = d.id AND h.bucket >= ?)::int AS hours,
              (SELECT count(*) FROM device_health_1d h WHERE h.device_id = d.id AND h.bucket >= ?)::int AS days,
              (SELECT count(*) FROM device_health h WHERE h.device_id = d.id)::int AS raw
         FROM devices d ORDER BY d.id`,
      [since.toISOString(), since.toISOString(), since.toISOString()]
    )
    assert.isAtLeast(rows.length, 100)
    for (const r of rows) {
      assert.isAtLeast(r.fives, 30 * 288 * 0.95, `${r.hostname} 5-minute rows`)
      assert.isAtLeast(r.hours, 30 * 24 - 2, `${r.hostname} hours`)
      assert.isAtLeast(r.days, 30, `${r.hostname} days`)
      assert.isAtLeast(r.raw, 50, `${r.hostname} raw polls of the last hour`)
    }
    // Some router's hourly CPU went past 90% and fell back below 40 an hour later (the restart).
    const { rows: climbs } = await db.rawQuery(
      `SELECT h.device_id FROM device_health_1h h
         JOIN device_health_1h n ON n.device_id = h.device_id AND n.bucket = h.bucket + interval '1 hour'
         JOIN devices d ON d.id = h.device_id AND d.kind = 'router'
        WHERE h.cpu_max >= 90 AND n.cpu_avg < 40 LIMIT 1`
    )
    assert.lengthOf(climbs, 1)
    const noc = await makeUser('noc')
    const health = await client.get(`/api/devices/${climbs[0].device_id}/health`).qs({ range: '30d' }).loginAs(noc)
    health.assertStatus(200)
    assert.isAtLeast(health.body().series.length, 30 * 24 - 2)
    assert.isAtLeast(Math.max(...health.body().series.map((p: { cpu_max: number | null }) => p.cpu_max ?? 0)), 90)
  }).timeout(120_000)

  test("the last full month's carrier report has figures, met and missed", async ({ client, assert }) => {
    const admin = await User.findByOrFail('email', 'admin@gsn.demo')
    const carriers = (await client.get('/api/reports/carriers').loginAs(admin)).body().carriers
    assert.includeMembers(carriers, ['中華電信', '台灣大哥大', '遠傳電信'])
    const month = lastFullMonth(now)
    const verdicts: string[] = []
    for (const carrier of carriers) {
      const response = await client.get('/api/reports/carrier').qs({ carrier, month }).loginAs(admin)
      response.assertStatus(200)
      const report = response.body()
      assert.isAbove(report.lines.length, 0)
      for (const line of report.lines) {
        assert.isAtLeast(line.delivered.coverage_pct, 95, `${line.circuit_id} coverage`)
        assert.isAbove(line.delivered.availability_pct, 98, line.circuit_id)
        assert.isAtMost(line.delivered.availability_pct, 100, line.circuit_id)
        assert.isAbove(line.delivered.rtt_p50_ms, 0, line.circuit_id)
        assert.isAtLeast(line.delivered.rtt_p95_ms, line.delivered.rtt_p50_ms, line.circuit_id)
        assert.isNotNull(line.delivered.loss_pct, line.circuit_id)
        assert.notEqual(line.verdict.overall, 'no_data', line.circuit_id)
        verdicts.push(line.verdict.availability, line.verdict.latency, line.verdict.loss)
      }
      assert.isTrue(report.lines.some((l: { delivered: { down_minutes: number } }) => l.delivered.down_minutes > 0), `${carrier}: some line was down`)
    }
    assert.include(verdicts, 'met')
    assert.include(verdicts, 'missed')
  }).timeout(120_000)
})
