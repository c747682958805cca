import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { recordProbes } from '#app/line_quality/record_probes'
import { rollUp } from '#app/samples/rollups'
import { forgetPartitions } from '#app/samples/partitions'
import { summariseBurst } from '#collectors/probe/burst'
import type { ProbeReport } from '#collectors/probe/probe_schedule'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { makeLink } from '#tests/functional/samples/links'

const MINUTE = 60_000

/** A burst of 20 probes: `lost` of them lost, the rest at base + 0..(answered-1) ms. */
function burst(linkId: number, at: number, base: number, lost: number): ProbeReport {
  const s = summariseBurst(Array.from({ length: 20 }, (_, i) => (i < lost ? null : base + i)))
  return {
    linkId, address: '198.18.0.2', collector: 'test', scheduledAt: at, startedAt: at,
    sent: s.sent, received: s.received, loss: s.loss, rttMedianMs: s.rttMedianMs, rttMinMs: s.rttMinMs,
    rttMaxMs: s.rttMaxMs, rttP10Ms: s.rttP10Ms, rttP90Ms: s.rttP90Ms, jitterMs: s.jitterMs,
  }
}

const sum = (series: Array<Record<string, any>>, field: string) => series.reduce((n, p) => n + p[field], 0)

test.group('line quality: latency and loss series per link', (group) => {
  group.each.setup(() => forgetPartitions())

  test('bursts for short ranges, rollups (and the bursts not yet rolled up) for long ones', async ({ assert, client }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const noc = await makeUser('noc')
    const now = Date.now()
    // Three hours of a burst a minute; the last hour loses 2 probes in 20 and is 10 ms slower.
    const reports = Array.from({ length: 180 }, (_, k) => burst(link.id, now - k * MINUTE - 30_000, k < 60 ? 30 : 20, k < 60 ? 2 : 0))
    await recordProbes(reports, new Date(now))

    const hour = (await client.get(`/api/links/${link.id}/latency`).qs({ range: '1h' }).loginAs(noc)).body()
    assert.equal(hour.resolution, 'raw')
    assert.lengthOf(hour.series, 60)
    assert.deepInclude(hour.series[0], { bursts: 1, sent: 20, received: 18 })
    assert.closeTo(hour.series[0].loss, 0.1, 1e-6)
    // 18 answered at 32..49 ms: median 40.5, band 33..48.
    assert.deepInclude(hour.series[0], { rtt_median: 40.5, rtt_min: 32, rtt_max: 49 })
    assert.closeTo(hour.loss, 0.1, 1e-6)

    // Nothing rolled up yet: the week is summed from the bursts, hour by hour.
    const fresh = (await client.get(`/api/links/${link.id}/latency`).qs({ range: '7d' }).loginAs(noc)).body()
    assert.equal(fresh.resolution, '1h')
    assert.equal(sum(fresh.series, 'bursts'), 180)
    assert.equal(fresh.sent, 3600)
    assert.closeTo(fresh.loss, 120 / 3600, 1e-6)

    await rollUp(new Date(now))
    const rolled = await db.from('link_probes_1h').where('link_id', link.id).orderBy('bucket')
    assert.isNotEmpty(rolled, 'the finished hours are rolled up')
    const week = (await client.get(`/api/links/${link.id}/latency`).qs({ range: '7d' }).loginAs(noc)).body()
    assert.equal(sum(week.series, 'bursts'), 180, 'rolled-up hours and the open hour, each counted once')
    assert.deepEqual(week.series.map((p: any) => p.time), fresh.series.map((p: any) => p.time))
    assert.deepInclude(week.series[0], { time: new Date(rolled[0].bucket).toISOString(), bursts: rolled[0].bursts, sent: rolled[0].sent })
    const day = (await client.get(`/api/links/${link.id}/latency`).loginAs(noc)).body()
    assert.include(day, { range: '24h', resolution: '5m', sent: 3600 })
  })

  test('scoped like the link: another agency\'s liaison is told it does not exist; bad ranges are 422', async ({ assert, client }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const link = await makeLink(child.id)
    await recordProbes([burst(link.id, Date.now() - MINUTE, 20, 0)])
    const own = await makeUser('agency_liaison', ministry.id)
    const outsider = await makeUser('agency_liaison', other.id)
    const mine = await client.get(`/api/links/${link.id}/latency`).qs({ range: '1h' }).loginAs(own)
    mine.assertStatus(200)
    assert.lengthOf(mine.body().series, 1)
    const theirs = await client.get(`/api/links/${link.id}/latency`).qs({ range: '1h' }).loginAs(outsider)
    theirs.assertStatus(404)
    assert.notProperty(theirs.body(), 'series')
    const bad = await client.get(`/api/links/${link.id}/latency`).qs({ range: '2w' }).loginAs(own)
    bad.assertStatus(422)
    assert.equal(bad.body().errors[0].field, 'range')
    ;(await client.get('/api/links/abc/latency').loginAs(own)).assertStatus(422)
    ;(await client.get(`/api/links/${link.id}/latency`)).assertStatus(401)
  })
})
