import { test } from '@japa/runner'
import { makeAgencyTree } from '#tests/support/fixtures'
import { makeLink } from '#tests/functional/samples/links'
import { recordSamples } from '#app/samples/record_samples'
import { sampleStore, useSampleStore } from '#app/samples/sample_store'
import { overrideConfig } from '#tests/support/config'
import { standInElasticsearch } from '#tests/support/elasticsearch'
import samplesConfig from '#config/samples'
import { ElasticsearchSampleStore } from '#app/samples/elasticsearch_store'
import { linkTraffic } from '#app/samples/traffic'
import { nearestRankPercentile } from '#app/samples/percentile'
import { MINUTE, floorTo } from '#app/samples/buckets'

/**
 * The shared Elasticsearch stand-in (tests/support/elasticsearch.ts), taught the sample store's
 * search: one link's samples in a time range, raw or as a date_histogram of averages, maxima and
 * down samples, computed over what it was sent.
 */
function standInForSamples() {
  return standInElasticsearch(({ path, body }, docs) => {
    if (!path.endsWith('/_search')) return
    const search = JSON.parse(body)
    const [term, range] = search.query.bool.filter
    const from = Date.parse(range.range.at.gte)
    const to = Date.parse(range.range.at.lt)
    const hits = [...docs.values()]
      .map((d) => d.source)
      .filter((d) => d.link_id === term.term.link_id && Date.parse(d.at) >= from && Date.parse(d.at) < to)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    if (!search.aggs) return [200, { hits: { total: { value: hits.length }, hits: hits.map((d) => ({ _source: d })) } }]
    const histogram = search.aggs.buckets.date_histogram
    const size = { '5m': 5 * MINUTE, '1h': 60 * MINUTE, '1d': 1440 * MINUTE }[histogram.fixed_interval as string]!
    const offset = histogram.time_zone === '+08:00' ? 8 * 60 * MINUTE : 0
    const groups = new Map<number, any[]>()
    for (const d of hits) {
      const key = Math.floor((Date.parse(d.at) + offset) / size) * size - offset
      groups.set(key, [...(groups.get(key) ?? []), d])
    }
    const metric = (rows: any[], f: string, op: 'avg' | 'max') => {
      const values = rows.map((r) => r[f]).filter((v) => v !== null && v !== undefined)
      if (!values.length) return { value: null }
      return { value: op === 'avg' ? values.reduce((a, b) => a + b, 0) / values.length : Math.max(...values) }
    }
    const buckets = [...groups.entries()].map(([key, rows]) => {
      const bucket: Record<string, any> = { key, key_as_string: new Date(key).toISOString(), doc_count: rows.length }
      for (const [name, agg] of Object.entries<any>(search.aggs.buckets.aggs)) {
        if (agg.avg) bucket[name] = metric(rows, agg.avg.field, 'avg')
        else if (agg.max) bucket[name] = metric(rows, agg.max.field, 'max')
        else if (agg.filter) bucket[name] = { doc_count: rows.filter((r) => r.oper_status !== 1).length }
      }
      return bucket
    })
    return [200, { hits: { total: { value: hits.length }, hits: [] }, aggregations: { buckets: { buckets } } }]
  })
}

test.group('Elasticsearch sample store (against a stand-in server)', (group) => {
  group.each.teardown(() => useSampleStore(null))

  test('ELASTICSEARCH_URL selects it; without it PostgreSQL is the store', async ({ assert, cleanup }) => {
    cleanup(overrideConfig(samplesConfig, { elasticsearchUrl: 'http://127.0.0.1:9' }))
    assert.equal((await sampleStore()).kind, 'elasticsearch')
    samplesConfig.elasticsearchUrl = undefined
    assert.equal((await sampleStore()).kind, 'postgresql')
  })

  test('writes daily indices with the bulk API once per sample, and answers traffic with our percentile', async ({ assert }) => {
    const es = await standInForSamples()
    try {
      const store = new ElasticsearchSampleStore({ node: es.url })
      useSampleStore(store)
      const { ministry } = await makeAgencyTree()
      const link = await makeLink(ministry.id)
      const now = new Date()
      const start = new Date(floorTo('5m', now).getTime() - 60 * MINUTE)
      const samples = Array.from({ length: 60 }, (_, i) => ({
        link_id: link.id, at: new Date(start.getTime() + i * MINUTE),
        in_bps: 1e6 * ((i * 37) % 50), out_bps: 2e6 * ((i * 11) % 20), in_util: 0.1, out_util: 0.2,
        in_errors_ps: 0, out_errors_ps: 0, in_discards_ps: 0, out_discards_ps: 0, oper_status: i === 5 ? 2 : 1,
      }))

      const first = await recordSamples(samples, now)
      assert.equal(first.written, 60)
      const again = await recordSamples(samples.slice(0, 10), now)
      assert.deepEqual([again.written, again.duplicates], [0, 10])
      assert.equal(es.calls.filter((c) => c.path === '/_index_template/gsn-link-samples').length, 1)
      const firstDoc = es.docs.get(`${link.id}-${start.getTime()}`)!
      assert.equal(firstDoc.index, `gsn-link-samples-${start.toISOString().slice(0, 10).replaceAll('-', '.')}`)
      assert.equal(firstDoc.source.in_bps, 0)

      const traffic = await linkTraffic(link.id, '24h', now)
      assert.equal(traffic.store, 'elasticsearch')
      assert.equal(traffic.resolution, '5m')
      assert.lengthOf(traffic.series, 12)
      const fiveMinute = Array.from({ length: 12 }, (_, b) => samples.slice(b * 5, b * 5 + 5))
      const avg = (xs: number[]) => xs.reduce((a, c) => a + c, 0) / xs.length
      assert.equal(traffic.p95_in, nearestRankPercentile(fiveMinute.map((rows) => avg(rows.map((r) => r.in_bps)))))
      assert.equal(traffic.p95_out, nearestRankPercentile(fiveMinute.map((rows) => avg(rows.map((r) => r.out_bps)))))
      assert.equal(traffic.series[1].down_samples, 1)

      const search = JSON.parse(es.calls.filter((c) => c.path.endsWith('/_search')).at(-1)!.body)
      assert.equal(search.aggs.buckets.date_histogram.fixed_interval, '5m')
      // Elasticsearch's own percentiles aggregation is approximate: the store must not ask for it.
      assert.notInclude(JSON.stringify(search), 'percentiles')

      const hour = await linkTraffic(link.id, '1h', now)
      assert.equal(hour.resolution, 'raw')
      assert.isAtLeast(hour.series.length, 50)
      assert.equal(hour.series.find((p) => p.oper_status === 'down')?.time, new Date(start.getTime() + 5 * MINUTE).toISOString())
    } finally {
      await es.close()
    }
  })
})
