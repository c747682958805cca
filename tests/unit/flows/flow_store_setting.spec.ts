import { test } from '@japa/runner'
import { flowStoreKind } from '#app/flows/flow_store_setting'

test.group('Flow store setting', () => {
  test('PostgreSQL unless Elasticsearch is asked for with a cluster; never a quiet fallback', ({ assert }) => {
    assert.equal(flowStoreKind(undefined, undefined), 'postgresql')
    assert.equal(flowStoreKind('', 'http://es.example:9200'), 'postgresql', 'a cluster alone moves samples, not flows')
    assert.equal(flowStoreKind('postgresql', undefined), 'postgresql')
    assert.equal(flowStoreKind('elasticsearch', 'http://es.example:9200'), 'elasticsearch')
    for (const url of [undefined, '', '  ']) {
      assert.throws(() => flowStoreKind('elasticsearch', url), /FLOWS_STORE=elasticsearch needs ELASTICSEARCH_URL/)
    }
    assert.throws(() => flowStoreKind('elastic', 'http://es.example:9200'), 'FLOWS_STORE must be postgresql or elasticsearch, got "elastic"')
  })
})
