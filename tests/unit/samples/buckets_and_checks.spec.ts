import { test } from '@japa/runner'
import { ceilTo, floorTo } from '#app/samples/buckets'
import { dayPartition, monthPartition } from '#app/samples/partitions'
import { checkSample } from '#app/samples/record_samples'
import type { LinkSample } from '#app/samples/sample'

const now = new Date('2026-03-10T12:00:00Z')
const oldest = new Date('2026-03-03T12:00:00Z')
const good: LinkSample = {
  link_id: 7, at: '2026-03-10T11:59:00Z', in_bps: 1e6, out_bps: 2e6, in_util: 0.01, out_util: 0.02,
  in_errors_ps: 0, out_errors_ps: 0, in_discards_ps: 0, out_discards_ps: null, oper_status: 'up',
}

test.group('sample buckets and checks', () => {
  test('5-minute and hourly buckets are UTC; days are Taipei days (UTC+8)', ({ assert }) => {
    assert.equal(floorTo('5m', new Date('2026-03-10T12:07:59Z')).toISOString(), '2026-03-10T12:05:00.000Z')
    assert.equal(floorTo('1h', new Date('2026-03-10T12:07:59Z')).toISOString(), '2026-03-10T12:00:00.000Z')
    // 2026-03-10 07:59 UTC is 15:59 in Taipei: the Taipei day began at 16:00 UTC the day before.
    assert.equal(floorTo('1d', new Date('2026-03-10T07:59:00Z')).toISOString(), '2026-03-09T16:00:00.000Z')
    assert.equal(floorTo('1d', new Date('2026-03-10T16:00:00Z')).toISOString(), '2026-03-10T16:00:00.000Z')
    assert.equal(ceilTo('5m', new Date('2026-03-10T12:05:00Z')).toISOString(), '2026-03-10T12:05:00.000Z')
    assert.equal(ceilTo('5m', new Date('2026-03-10T12:05:01Z')).toISOString(), '2026-03-10T12:10:00.000Z')
  })

  test('partitions are named after their UTC day or month', ({ assert }) => {
    const day = dayPartition(new Date('2026-12-31T23:59:59Z'))
    assert.equal(day.name, 'link_samples_p20261231')
    assert.equal(day.to.toISOString(), '2027-01-01T00:00:00.000Z')
    const month = monthPartition('link_samples_5m', new Date('2026-12-31T23:59:59Z'))
    assert.equal(month.name, 'link_samples_5m_p202612')
    assert.equal(month.to.toISOString(), '2027-01-01T00:00:00.000Z')
  })

  test('a good sample passes, its status name becomes the IF-MIB number', ({ assert }) => {
    const clean = checkSample(good, now, oldest)
    assert.notTypeOf(clean, 'string')
    assert.equal((clean as any).oper_status, 1)
    assert.equal((clean as any).at.toISOString(), '2026-03-10T11:59:00.000Z')
    assert.equal((checkSample({ ...good, oper_status: 'lowerLayerDown' }, now, oldest) as any).oper_status, 7)
    assert.equal((checkSample({ ...good, oper_status: 2 }, now, oldest) as any).oper_status, 2)
  })

  test('each bad sample gets its reason', ({ assert }) => {
    const reason = (s: any) => checkSample(s, now, oldest)
    assert.match(reason({ ...good, link_id: 0 }) as string, /link_id/)
    assert.match(reason({ ...good, link_id: '7' }) as string, /link_id/)
    assert.match(reason({ ...good, at: 'yesterday-ish' }) as string, /not a timestamp/)
    assert.match(reason({ ...good, at: '2026-03-10T13:00:00Z' }) as string, /future/)
    assert.match(reason({ ...good, at: '2026-03-01T00:00:00Z' }) as string, /older than the raw retention/)
    assert.match(reason({ ...good, in_bps: -1 }) as string, /in_bps/)
    assert.match(reason({ ...good, out_bps: Number.POSITIVE_INFINITY }) as string, /out_bps/)
    assert.match(reason({ ...good, in_util: '0.5' }) as string, /in_util/)
    assert.match(reason({ ...good, oper_status: 9 }) as string, /oper_status/)
    assert.match(reason({ ...good, oper_status: 'sideways' }) as string, /oper_status/)
    assert.match(reason(null) as string, /not an object/)
  })
})
