export type FlowStoreKind = 'postgresql' | 'elasticsearch'

/**
 * The store FLOWS_STORE names, checked against ELASTICSEARCH_URL. Elasticsearch without a
 * cluster is refused rather than read as PostgreSQL: a site that chose a cluster would find its
 * flows in a database nobody sized for them, and nothing would say why. Read at boot by
 * start/env.ts and again by flowStore() when the store is first used.
 */
export function flowStoreKind(store: string | undefined, elasticsearchUrl: string | undefined): FlowStoreKind {
  if (store === undefined || store === '' || store === 'postgresql') return 'postgresql'
  if (store !== 'elasticsearch') throw new Error(`FLOWS_STORE must be postgresql or elasticsearch, got "${store}"`)
  if (!elasticsearchUrl?.trim()) {
    throw new Error('FLOWS_STORE=elasticsearch needs ELASTICSEARCH_URL, the cluster to store flows in; set it, or unset FLOWS_STORE to keep flows in PostgreSQL')
  }
  return 'elasticsearch'
}
