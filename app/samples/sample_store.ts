import type { CleanSample, Resolution, SeriesPoint } from '#app/samples/sample'
import type { FiveMinuteSample } from '#app/samples/percentile'
import samplesConfig from '#config/samples'

/**
 * Where samples live. PostgreSQL is the default and the only store with rollup tables; an
 * Elasticsearch cluster (ELASTICSEARCH_URL) can take the samples instead, for sites that
 * already run one. Either way the 95th percentile is computed here, in percentile.ts, from
 * the store's 5-minute samples.
 */
export interface SampleStore {
  readonly kind: 'postgresql' | 'elasticsearch'
  /** Writes checked samples; a link and instant already stored is skipped. Returns how many were new. */
  write(samples: CleanSample[]): Promise<number>
  /** Chart points of one link in [from, to) at the given resolution, oldest first. */
  series(linkId: number, resolution: Resolution, from: Date, to: Date): Promise<SeriesPoint[]>
  /** The 5-minute samples (average rates per bucket) of one link whose bucket starts in [from, to). */
  fiveMinuteSamples(linkId: number, from: Date, to: Date): Promise<FiveMinuteSample[]>
}

let override: SampleStore | null = null
let cached: { url: string | undefined; store: SampleStore } | null = null

/** The configured store: Elasticsearch when config/samples.ts names a cluster, PostgreSQL otherwise. */
export async function sampleStore(): Promise<SampleStore> {
  if (override) return override
  const url = samplesConfig.elasticsearchUrl
  if (cached && cached.url === url) return cached.store
  let store: SampleStore
  if (url) {
    const { ElasticsearchSampleStore } = await import('#app/samples/elasticsearch_store')
    store = new ElasticsearchSampleStore({ node: url })
  } else {
    const { PostgresSampleStore } = await import('#app/samples/postgres_store')
    store = new PostgresSampleStore()
  }
  cached = { url, store }
  return store
}

/** Tests swap the store in and out with this. */
export function useSampleStore(store: SampleStore | null) {
  override = store
}
