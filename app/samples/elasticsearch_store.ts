import { Client, type ClientOptions } from '@elastic/elasticsearch'
import { DAY } from '#app/samples/buckets'
import { operStatusName, type CleanSample, type Resolution, type SeriesPoint } from '#app/samples/sample'
import type { FiveMinuteSample } from '#app/samples/percentile'
import type { SampleStore } from '#app/samples/sample_store'

/**
 * Samples in Elasticsearch, one document per poll in daily indices (gsn-link-samples-2026.01.15).
 * There are no rollup indices: charts and 5-minute samples are date_histogram aggregations, and
 * the 95th percentile is still ours (percentile.ts), over those 5-minute buckets, never
 * Elasticsearch's approximate percentiles aggregation. Keep the indices for the rollup retention
 * (13 months) with an ILM delete phase; this store does not delete them itself.
 *
 * Only a stand-in server was available to test it (tests/functional/samples/elasticsearch_store.spec.ts):
 * the requests are checked, not a real cluster's answers.
 */
export const INDEX_PREFIX = 'gsn-link-samples-'
const FIELDS = ['in_bps', 'out_bps', 'in_util', 'out_util', 'in_errors_ps', 'out_errors_ps', 'in_discards_ps', 'out_discards_ps'] as const

export function indexOf(at: Date) {
  const d = at.toISOString()
  return `${INDEX_PREFIX}${d.slice(0, 4)}.${d.slice(5, 7)}.${d.slice(8, 10)}`
}

const INTERVAL = { '5m': '5m', '1h': '1h', '1d': '1d' } as const
/** Elasticsearch allows 65,536 buckets per search; a year of 5-minute buckets is asked in slices. */
const SLICE = 60 * DAY

export class ElasticsearchSampleStore implements SampleStore {
  readonly kind = 'elasticsearch' as const
  readonly client: Client
  private templateReady = false

  constructor(options: ClientOptions) {
    this.client = new Client(options)
  }

  private async ensureTemplate() {
    if (this.templateReady) return
    const number = { type: 'float' }
    await this.client.indices.putIndexTemplate({
      name: 'gsn-link-samples',
      index_patterns: [`${INDEX_PREFIX}*`],
      template: {
        mappings: {
          dynamic: 'strict',
          properties: {
            link_id: { type: 'integer' },
            at: { type: 'date' },
            in_bps: { type: 'double' },
            out_bps: { type: 'double' },
            ...Object.fromEntries(FIELDS.slice(2).map((f) => [f, number])),
            oper_status: { type: 'byte' },
          },
        },
      },
    })
    this.templateReady = true
  }

  async write(samples: CleanSample[]) {
    if (samples.length === 0) return 0
    await this.ensureTemplate()
    const operations = samples.flatMap((s) => [
      // The id makes a re-sent sample a conflict (409) instead of a second document.
      { create: { _index: indexOf(s.at), _id: `${s.link_id}-${s.at.getTime()}` } },
      { ...s, at: s.at.toISOString() },
    ])
    const result = await this.client.bulk({ operations })
    let created = 0
    for (const item of result.items) {
      const outcome = item.create!
      if (outcome.status === 201) created++
      else if (outcome.status !== 409) throw new Error(`Elasticsearch refused a sample: ${JSON.stringify(outcome.error)}`)
    }
    return created
  }

  private filter(linkId: number, from: Date, to: Date) {
    return {
      bool: {
        filter: [
          { term: { link_id: linkId } },
          { range: { at: { gte: from.toISOString(), lt: to.toISOString() } } },
        ],
      },
    }
  }

  private async histogram(linkId: number, resolution: Exclude<Resolution, 'raw'>, from: Date, to: Date) {
    const aggs: Record<string, any> = {}
    for (const f of FIELDS) aggs[`${f}_avg`] = { avg: { field: f } }
    aggs.in_bps_max = { max: { field: 'in_bps' } }
    aggs.out_bps_max = { max: { field: 'out_bps' } }
    aggs.down = { filter: { bool: { must_not: { term: { oper_status: 1 } } } } }
    const buckets: any[] = []
    for (let start = from.getTime(); start < to.getTime(); start += SLICE) {
      const end = new Date(Math.min(start + SLICE, to.getTime()))
      const result = await this.client.search({
        index: `${INDEX_PREFIX}*`,
        size: 0,
        query: this.filter(linkId, new Date(start), end),
        aggs: {
          buckets: {
            date_histogram: {
              field: 'at',
              fixed_interval: INTERVAL[resolution],
              // Days are Taipei days, as in the PostgreSQL rollups.
              time_zone: resolution === '1d' ? '+08:00' : 'UTC',
              min_doc_count: 1,
            },
            aggs,
          },
        },
      })
      buckets.push(...((result.aggregations as any)?.buckets?.buckets ?? []))
    }
    return buckets
  }

  async series(linkId: number, resolution: Resolution, from: Date, to: Date): Promise<SeriesPoint[]> {
    if (resolution === 'raw') {
      const result = await this.client.search<Record<string, any>>({
        index: `${INDEX_PREFIX}*`,
        size: Math.min(10_000, Math.ceil((to.getTime() - from.getTime()) / 1000)),
        query: this.filter(linkId, from, to),
        sort: [{ at: 'asc' }],
      })
      return result.hits.hits.map(({ _source: s }) => ({
        time: new Date(s!.at).toISOString(),
        in_bps: s!.in_bps ?? null,
        out_bps: s!.out_bps ?? null,
        in_max_bps: null,
        out_max_bps: null,
        in_util: s!.in_util ?? null,
        out_util: s!.out_util ?? null,
        in_errors_ps: s!.in_errors_ps ?? null,
        out_errors_ps: s!.out_errors_ps ?? null,
        in_discards_ps: s!.in_discards_ps ?? null,
        out_discards_ps: s!.out_discards_ps ?? null,
        oper_status: operStatusName(s!.oper_status ?? null),
      }))
    }
    const buckets = await this.histogram(linkId, resolution, from, to)
    return buckets.map((b) => ({
      time: new Date(b.key).toISOString(),
      in_bps: b.in_bps_avg.value,
      out_bps: b.out_bps_avg.value,
      in_max_bps: b.in_bps_max.value,
      out_max_bps: b.out_bps_max.value,
      in_util: b.in_util_avg.value,
      out_util: b.out_util_avg.value,
      in_errors_ps: b.in_errors_ps_avg.value,
      out_errors_ps: b.out_errors_ps_avg.value,
      in_discards_ps: b.in_discards_ps_avg.value,
      out_discards_ps: b.out_discards_ps_avg.value,
      samples: b.doc_count,
      down_samples: b.down.doc_count,
    }))
  }

  async fiveMinuteSamples(linkId: number, from: Date, to: Date): Promise<FiveMinuteSample[]> {
    const buckets = await this.histogram(linkId, '5m', from, to)
    return buckets.map((b) => ({ in_bps: b.in_bps_avg.value, out_bps: b.out_bps_avg.value }))
  }
}

