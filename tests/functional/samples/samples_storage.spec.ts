import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeLink } from '#tests/functional/samples/links'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { recordSamples } from '#app/samples/record_samples'
import { applyRetention, maintainSamples, rollUp } from '#app/samples/rollups'
import { nearestRankPercentile } from '#app/samples/percentile'
import { floorTo, MINUTE } from '#app/samples/buckets'
import { partitionsOf, forgetPartitions } from '#app/samples/partitions'
import type { LinkSample } from '#app/samples/sample'

/** One sample a minute; a deterministic, bursty pattern so averages, maxima and percentiles differ. */
function minuteSamples(linkId: number, from: Date, minutes: number, seed = 1): LinkSample[] {
  return Array.from({ length: minutes }, (_, i) => {
    const wobble = ((i * 7919 + seed * 104729) % 97) / 97
    const inBps = 50e6 + 400e6 * wobble + (i % 13 === 0 ? 300e6 : 0)
    const outBps = 30e6 + 200e6 * (1 - wobble)
    return {
      link_id: linkId,
      at: new Date(from.getTime() + i * MINUTE),
      in_bps: inBps,
      out_bps: outBps,
      in_util: inBps / 1e9,
      out_util: outBps / 1e9,
      in_errors_ps: i % 10 === 0 ? 2 : 0,
      out_errors_ps: 0,
      in_discards_ps: 0,
      out_discards_ps: 0,
      oper_status: i % 29 === 28 ? 'down' : 'up',
    }
  })
}

const f32 = Math.fround
const close = (a: number, b: number) => Math.abs(a - b) <= Math.abs(b) * 1e-6 + 1e-6

/** What the 5-minute rollup should hold, computed here from the raw samples. */
function expectedFiveMinute(samples: LinkSample[]) {
  const buckets = new Map<number, LinkSample[]>()
  for (const s of samples) {
    const key = floorTo('5m', new Date(s.at)).getTime()
    buckets.set(key, [...(buckets.get(key) ?? []), s])
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucket, rows]) => {
      const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
      const ins = rows.map((r) => r.in_bps!)
      const outs = rows.map((r) => r.out_bps!)
      return {
        bucket,
        samples: rows.length,
        in_avg: avg(ins),
        in_max: Math.max(...ins),
        in_p95: nearestRankPercentile(ins)!,
        out_avg: avg(outs),
        peak_avg: Math.max(avg(ins), avg(outs)),
        peak_p95: nearestRankPercentile(rows.map((r) => Math.max(r.in_bps!, r.out_bps!)))!,
        down: rows.filter((r) => r.oper_status !== 'up').length,
      }
    })
}

test.group('link samples: storage, rollups, retention', (group) => {
  group.each.setup(() => forgetPartitions())

  test('PostgreSQL percentile_disc(0.95) and our nearest-rank function pick the same sample', async ({ assert }) => {
    let seed = 12345
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let n = 1; n <= 400; n += n < 40 ? 1 : 17) {
      const values = Array.from({ length: n }, () => Math.round(random() * 1e9))
      const { rows } = await db.rawQuery('SELECT percentile_disc(0.95) WITHIN GROUP (ORDER BY v) AS p FROM unnest(?::float8[]) AS v', [
        `{${values.join(',')}}`,
      ])
      assert.equal(Number(rows[0].p), nearestRankPercentile(values), `n=${n}`)
    }
  })

  test('batches are stored once; bad samples are reported by index and the good ones kept', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const now = new Date()
    const samples = minuteSamples(link.id, new Date(now.getTime() - 30 * MINUTE), 30)
    const first = await recordSamples(samples, now)
    assert.deepEqual(first, { written: 30, duplicates: 0, rejected: [] })

    const again = await recordSamples(samples, now)
    assert.deepEqual(again, { written: 0, duplicates: 30, rejected: [] })

    const mixed = [
      { ...samples[0], at: new Date(now.getTime() - 31 * MINUTE) },
      { ...samples[0], link_id: 2_000_000_000, at: new Date(now.getTime() - 32 * MINUTE) },
      { ...samples[0], in_bps: -5 },
      { ...samples[0], at: new Date(now.getTime() - 33 * MINUTE), oper_status: 'lowerLayerDown' as const },
      { ...samples[0], at: new Date(now.getTime() - 33 * MINUTE) },
    ]
    const result = await recordSamples(mixed, now)
    assert.equal(result.written, 2)
    assert.equal(result.duplicates, 1)
    assert.deepEqual(result.rejected.map((r) => r.index), [1, 2])
    assert.match(result.rejected[0].reason, /link 2000000000 does not exist/)
    assert.match(result.rejected[1].reason, /in_bps/)

    const stored = await db.from('link_samples').where('link_id', link.id).count('* as n').first()
    assert.equal(Number(stored.n), 32)
    const status = await db.from('link_samples').where({ link_id: link.id, at: new Date(now.getTime() - 33 * MINUTE) }).first()
    assert.equal(status.oper_status, 7)
  })

  test('rollups: 5 minutes from raw polls, hours and days from the 5-minute samples', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id, 'uplink')
    // Three whole hours of polls, well closed before "now".
    const start = new Date('2026-03-10T02:00:00Z')
    const now = new Date('2026-03-10T05:30:00Z')
    const samples = minuteSamples(link.id, start, 180, 7)
    await recordSamples(samples, now)
    await rollUp(now)

    const five = await db.from('link_samples_5m').where('link_id', link.id).orderBy('bucket')
    const expected = expectedFiveMinute(samples)
    assert.lengthOf(five, 36)
    for (const [i, row] of five.entries()) {
      const e = expected[i]
      assert.equal(new Date(row.bucket).getTime(), e.bucket)
      assert.equal(row.samples, e.samples)
      assert.isTrue(close(row.in_avg, e.in_avg), `in_avg ${row.in_avg} vs ${e.in_avg}`)
      // Stored as real: PostgreSQL sends the shortest text that is still that real.
      assert.equal(f32(row.in_max), f32(e.in_max))
      assert.equal(f32(row.in_p95), f32(e.in_p95))
      assert.isTrue(close(row.peak_avg, e.peak_avg))
      assert.equal(f32(row.peak_p95), f32(e.peak_p95))
      assert.equal(row.down_samples, e.down)
    }

    const hours = await db.from('link_samples_1h').where('link_id', link.id).orderBy('bucket')
    assert.lengthOf(hours, 3)
    for (const [h, row] of hours.entries()) {
      const inHour = five.slice(h * 12, h * 12 + 12)
      // The hourly 95th percentile is of the twelve 5-minute samples, exactly as stored.
      assert.equal(row.in_p95, nearestRankPercentile(inHour.map((r: any) => r.in_avg)))
      assert.equal(row.out_p95, nearestRankPercentile(inHour.map((r: any) => r.out_avg)))
      assert.equal(row.peak_p95, nearestRankPercentile(inHour.map((r: any) => r.peak_avg)))
      assert.equal(row.in_max, Math.max(...inHour.map((r: any) => r.in_max)))
      assert.equal(row.samples, 60)
    }

    // 02:00–05:00 UTC is 10:00–13:00 in Taipei: one (unfinished) Taipei day, not yet final.
    assert.lengthOf(await db.from('link_samples_1d').where('link_id', link.id), 0)
    await rollUp(new Date('2026-03-10T16:10:00Z'))
    const days = await db.from('link_samples_1d').where('link_id', link.id)
    assert.lengthOf(days, 1)
    assert.equal(new Date(days[0].bucket).toISOString(), '2026-03-09T16:00:00.000Z')
    // Of all 36 five-minute samples, not of the three hourly rows.
    assert.equal(days[0].in_p95, nearestRankPercentile(five.map((r: any) => r.in_avg)))
    assert.notEqual(days[0].in_p95, nearestRankPercentile(hours.map((r: any) => r.in_avg)))
    assert.equal(days[0].samples, 180)
  })

  test('a late sample pulls the rollups back and is rolled up, not lost', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const early = await makeLink(ministry.id)
    const late = await makeLink(ministry.id)
    const now = new Date('2026-03-11T05:30:00Z')
    await recordSamples(minuteSamples(early.id, new Date('2026-03-11T03:00:00Z'), 60), now)
    await rollUp(now)
    const marks = async () =>
      Object.fromEntries((await db.from('link_sample_rollups')).map((r) => [r.resolution, new Date(r.rolled_to).toISOString()]))
    assert.equal((await marks())['5m'], '2026-03-11T05:25:00.000Z')

    // An hour late: a poll of another link at 03:12.
    await recordSamples([{ ...minuteSamples(late.id, new Date('2026-03-11T03:12:00Z'), 1)[0] }], now)
    assert.equal((await marks())['5m'], '2026-03-11T03:10:00.000Z')
    await rollUp(now)
    assert.equal((await marks())['5m'], '2026-03-11T05:25:00.000Z')
    const five = await db.from('link_samples_5m').where('link_id', late.id)
    assert.lengthOf(five, 1)
    assert.equal(new Date(five[0].bucket).toISOString(), '2026-03-11T03:10:00.000Z')
    assert.lengthOf(await db.from('link_samples_1h').where('link_id', late.id), 1)
    // The early link's rows were recomputed in place, not doubled.
    assert.lengthOf(await db.from('link_samples_5m').where('link_id', early.id), 12)
  })

  test('retention drops whole raw days after 7 days and rollup months after 13 months', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const now = new Date('2026-03-12T12:00:00Z')
    await recordSamples(minuteSamples(link.id, new Date('2026-03-12T10:00:00Z'), 60), now)
    await maintainSamples(now)
    const names = async (table: string) => (await partitionsOf(table)).map((p) => p.name)
    assert.include(await names('link_samples'), 'link_samples_p20260312')
    // Tomorrow's partition is made ahead of need.
    assert.include(await names('link_samples'), 'link_samples_p20260313')

    // 6 days on, the day is still within 7 days.
    await applyRetention(new Date('2026-03-18T12:00:00Z'))
    assert.include(await names('link_samples'), 'link_samples_p20260312')
    // Once every row of it is older than 7 days, the day goes; its rollups stay.
    const dropped = await applyRetention(new Date('2026-03-20T00:00:01Z'))
    assert.include(dropped, 'link_samples_p20260312')
    assert.notInclude(await names('link_samples'), 'link_samples_p20260312')
    assert.isAbove(Number((await db.from('link_samples_5m').where('link_id', link.id).count('* as n').first()).n), 0)

    await applyRetention(new Date('2027-04-30T00:00:00Z'))
    assert.include(await names('link_samples_5m'), 'link_samples_5m_p202603')
    await applyRetention(new Date('2027-05-01T00:00:00Z'))
    for (const table of ['link_samples_5m', 'link_samples_1h', 'link_samples_1d']) {
      assert.notInclude(await names(table), `${table}_p202603`)
    }
    assert.lengthOf(await db.from('link_samples_1h').where('link_id', link.id), 0)
  })
})

test.group('GET /api/links/:id/traffic', (group) => {
  // The tests above ran the rollups at dates long past; start these from a fresh system's marks.
  group.each.setup(async () => {
    forgetPartitions()
    await db.from('link_sample_rollups').update({ rolled_to: null })
  })

  test('each range at its resolution, with 95th percentiles from the 5-minute samples', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const link = await makeLink(child.id)
    const now = new Date()
    const start = new Date(floorTo('5m', now).getTime() - 120 * MINUTE)
    const samples = minuteSamples(link.id, start, 118, 3)
    await recordSamples(samples, now)
    await maintainSamples(now)

    const noc = await makeUser('noc')
    const hour = await client.get(`/api/links/${link.id}/traffic`).qs({ range: '1h' }).loginAs(noc)
    hour.assertStatus(200)
    assert.equal(hour.body().resolution, 'raw')
    const hourPoints = hour.body().series
    const since = (ms: number) => samples.filter((s) => new Date(s.at).getTime() >= ms).length
    // The server's "now" is a moment after ours.
    assert.isAtMost(hourPoints.length, since(now.getTime() - 60 * MINUTE))
    assert.isAtLeast(hourPoints.length, since(now.getTime() - 60 * MINUTE + 30_000))
    assert.isAtLeast(hourPoints.length, 50)
    assert.sameMembers(Object.keys(hourPoints[0]), [
      'time', 'in_bps', 'out_bps', 'in_max_bps', 'out_max_bps', 'in_util', 'out_util',
      'in_errors_ps', 'out_errors_ps', 'in_discards_ps', 'out_discards_ps', 'oper_status',
    ])

    const day = await client.get(`/api/links/${link.id}/traffic`).qs({ range: '24h' }).loginAs(noc)
    day.assertStatus(200)
    assert.equal(day.body().resolution, '5m')
    const expected = expectedFiveMinute(samples)
    assert.lengthOf(day.body().series, expected.length)
    assert.equal(day.body().p95_samples, expected.length)
    // Expected from the raw polls: average each 5 minutes, then nearest rank.
    assert.isTrue(close(day.body().p95_in, nearestRankPercentile(expected.map((e) => e.in_avg))!))
    assert.isTrue(close(day.body().p95_out, nearestRankPercentile(expected.map((e) => e.out_avg))!))
    assert.isTrue(close(day.body().p95_max, nearestRankPercentile(expected.map((e) => e.peak_avg))!))
    assert.isAbove(day.body().p95_max, day.body().p95_out)

    const week = await client.get(`/api/links/${link.id}/traffic`).qs({ range: '7d' }).loginAs(noc)
    assert.equal(week.body().resolution, '1h')
    assert.isAtLeast(week.body().series.length, 1)
    const year = await client.get(`/api/links/${link.id}/traffic`).qs({ range: '1y' }).loginAs(noc)
    assert.equal(year.body().resolution, '1d')
    // However coarse the series, the percentiles are the same 5-minute ones.
    assert.equal(year.body().p95_in, day.body().p95_in)
    assert.equal(year.body().p95_max, day.body().p95_max)
    assert.equal((await client.get(`/api/links/${link.id}/traffic`).qs({ range: '30d' }).loginAs(noc)).body().resolution, '1h')

    // Scope: the ministry's liaison sees its agency's link; a neighbour's does not.
    const own = await makeUser('agency_liaison', ministry.id)
    ;(await client.get(`/api/links/${link.id}/traffic`).loginAs(own)).assertStatus(200)
    const stranger = await makeUser('agency_liaison', other.id)
    ;(await client.get(`/api/links/${link.id}/traffic`).qs({ range: '1h' }).loginAs(stranger)).assertStatus(404)

    const bad = await client.get(`/api/links/${link.id}/traffic`).qs({ range: '2d' }).loginAs(noc)
    bad.assertStatus(422)
    bad.assertBodyContains({ errors: [{ field: 'range' }] })
    ;(await client.get('/api/links/999999999/traffic').loginAs(noc)).assertStatus(404)
    ;(await client.get(`/api/links/${link.id}/traffic`)).assertStatus(401)
  })

  test('a link with no samples answers empty series and no percentile', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const link = await makeLink(ministry.id)
    const response = await client.get(`/api/links/${link.id}/traffic`).qs({ range: '30d' }).loginAs(await makeUser('cio'))
    response.assertStatus(200)
    assert.deepEqual(response.body().series, [])
    assert.isNull(response.body().p95_in)
    assert.equal(response.body().p95_samples, 0)
  })
})
