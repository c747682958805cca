import { test } from '@japa/runner'
import {
  acceptsTaxii,
  COMMUNITY_COLLECTION_ID,
  decodeCursor,
  encodeCursor,
  groupCollectionId,
  indicatorUuidOf,
  PAGE_DEFAULT,
  PAGE_MOST,
  readQuery,
  taxiiError,
  TaxiiRequestError,
  taxiiTimestamp,
} from '#app/indicators/taxii/taxii_protocol'

test.group('TAXII 2.1 framing', () => {
  test('Accept: TAXII 2.1, its unversioned name, wildcards or nothing; not JSON, HTML, TAXII 2.0 or q=0', ({ assert }) => {
    for (const yes of [undefined, '', '*/*', 'application/*', 'application/taxii+json', 'application/taxii+json;version=2.1', 'Application/TAXII+JSON; Version="2.1"', 'text/html, application/taxii+json;version=2.1;q=0.5']) {
      assert.isTrue(acceptsTaxii(yes), String(yes))
    }
    for (const no of ['application/json', 'text/html', 'application/taxii+json;version=2.0', 'application/stix+json;version=2.1', 'application/taxii+json;version=2.1;q=0', '*/*;q=0']) {
      assert.isFalse(acceptsTaxii(no), no)
    }
  })

  test('timestamps: RFC 3339 with a zone, to UTC microseconds; impossible dates refused', ({ assert }) => {
    assert.equal(taxiiTimestamp('2026-03-01T08:00:00Z'), '2026-03-01T08:00:00.000000Z')
    assert.equal(taxiiTimestamp('2026-03-01T08:00:00.1234567Z'), '2026-03-01T08:00:00.123456Z')
    assert.equal(taxiiTimestamp('2026-03-01T08:00:00.5+08:00'), '2026-03-01T00:00:00.500000Z')
    assert.equal(taxiiTimestamp('2026-03-01t00:30:00-01:00'), '2026-03-01T01:30:00.000000Z')
    for (const bad of ['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01T08:00:00', '2026-03-01', 'yesterday', '2026-03-01T08:00:00+25:00', '']) {
      assert.isNull(taxiiTimestamp(bad), bad)
    }
  })

  test('the paging cursor goes round; anything else is not a cursor', ({ assert }) => {
    const cursor = { dateAdded: '2026-03-01T08:00:00.123456Z', id: 42 }
    assert.deepEqual(decodeCursor(encodeCursor(cursor)), cursor)
    assert.isNull(decodeCursor('not a cursor'))
    assert.isNull(decodeCursor(Buffer.from('2026-03-01T08:00:00.123456Z|x').toString('base64url')))
    assert.isNull(decodeCursor(Buffer.from('2026-03-01T08:00:00Z|1').toString('base64url')), 'not written as the server writes it')
    assert.isNull(decodeCursor(Buffer.from('2026-03-01T08:00:00.123456Z|99999999999').toString('base64url')))
    assert.isNull(decodeCursor(Buffer.from('2026-03-01T08:00:00.123456Z|1|2').toString('base64url')))
  })

  test('query: defaults, the page limit lowered to the most, match lists split, versions read', ({ assert }) => {
    assert.deepEqual(readQuery({}), { addedAfter: null, limit: PAGE_DEFAULT, cursor: null, ids: null, types: null, specVersions: null, version: { kind: 'last' } })
    assert.equal(readQuery({ limit: 10 ** 6 }).limit, PAGE_MOST)
    const q = readQuery({ added_after: '2026-03-01T08:00:00Z', match: { id: 'indicator--a, indicator--b,', type: 'indicator', version: 'all', spec_version: '2.1' } })
    assert.deepEqual(q.ids, ['indicator--a', 'indicator--b'])
    assert.deepEqual(q.types, ['indicator'])
    assert.deepEqual(q.version, { kind: 'all' })
    assert.equal(q.addedAfter, '2026-03-01T08:00:00.000000Z')
    assert.deepEqual(readQuery({ match: { version: 'first' } }).version, { kind: 'first' })
    assert.deepEqual(readQuery({ match: { version: '' } }).version, { kind: 'last' })
    assert.deepEqual(readQuery({ match: { version: '2026-03-01T08:00:00.123Z' } }).version, { kind: 'at', times: ['2026-03-01T08:00:00.123000Z'] })
    assert.deepEqual(readQuery({ match: { version: 'first,2026-03-01T08:00:00Z' } }).version, { kind: 'all' })
    for (const [input, parameter] of [
      [{ added_after: 'yesterday' }, 'added_after'],
      [{ next: '!!' }, 'next'],
      [{ match: { version: 'soon' } }, 'match[version]'],
    ] as const) {
      assert.throws(() => readQuery(input as any), TaxiiRequestError)
      try {
        readQuery(input as any)
      } catch (error) {
        assert.equal((error as TaxiiRequestError).parameter, parameter)
      }
    }
  })

  test('ids: indicators only; collection ids stable UUIDs; the error resource', ({ assert }) => {
    assert.equal(indicatorUuidOf('indicator--33fe3b22-0201-47cf-85d0-97c02164528d'), '33fe3b22-0201-47cf-85d0-97c02164528d')
    assert.isNull(indicatorUuidOf('malware--33fe3b22-0201-47cf-85d0-97c02164528d'))
    assert.isNull(indicatorUuidOf("indicator--33fe3b22-0201-47cf-85d0-97c02164528d' OR 1=1"))
    assert.match(COMMUNITY_COLLECTION_ID, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.equal(groupCollectionId(7), groupCollectionId(7))
    assert.notEqual(groupCollectionId(7), groupCollectionId(8))
    assert.notEqual(groupCollectionId(7), COMMUNITY_COLLECTION_ID)
    assert.deepEqual(taxiiError(404, 'Not found'), { title: 'Not found', http_status: '404' })
    assert.deepEqual(taxiiError(400, 'Bad request', 'limit: must be a number', { parameter: 'limit' }), {
      title: 'Bad request', http_status: '400', description: 'limit: must be a number', details: { parameter: 'limit' },
    })
  })
})
