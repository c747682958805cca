import { test } from '@japa/runner'
import { MalformedDocument } from '#app/indicators/exchange'
import { guessType, readFeed } from '#app/indicators/feed'

test.group('plain feeds: one value a line, or CSV', () => {
  test('a bare value is taken as the first type it is a value of', ({ assert }) => {
    const cases: Array<[string, string | null]> = [
      ['203.0.113.7', 'ipv4'],
      ['2001:db8::1', 'ipv6'],
      ['198.51.100.0/24', 'ipv4_prefix'],
      ['2001:db8::/32', 'ipv6_prefix'],
      ['d41d8cd98f00b204e9800998ecf8427e', 'md5'],
      ['da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha1'],
      ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'sha256'],
      ['https://bad.example.org/x?y=1', 'url'],
      ['phish@example.org', 'email'],
      ['C2.Example.ORG', 'domain'],
      ['198.51.100.1/24', null],
      ['not a value', null],
      ['010.1.1.1', null],
    ]
    for (const [value, type] of cases) assert.equal(guessType(value), type, value)
  })

  test('lines: comments and blanks left out, what is no value passed over with its line number', ({ assert }) => {
    const read = readFeed({ feed: '# blocklist of 2026-12-06\r\n203.0.113.7\n\n; old\nevil.example.org\nnot a value\n' })
    assert.deepEqual(read.indicators.map((i) => [i.path, i.type, i.value, i.tlp]), [
      ['$.feed line 2', 'ipv4', '203.0.113.7', null],
      ['$.feed line 5', 'domain', 'evil.example.org', null],
    ])
    assert.deepEqual(read.skipped, [{ path: '$.feed line 6', reason: 'value_not_of_type', detail: 'not a value' }])
  })

  test('CSV with a header naming a value column, as feed.csv writes it (formula quotes taken off)', ({ assert }) => {
    const csv = [
      '\uFEFFtype,value,tlp,confidence,first_seen_at,last_seen_at,expires_at,stix_id',
      'ipv4,203.0.113.9,amber,80,2026-12-01T00:00:00.000Z,,,5b1f5f36-0f0a-4a55-9a55-0a1f0f0a0a0a',
      ',"\'-evil.example.org",green,,,,,',
      'ipv6,203.0.113.10,green,,,,,',
      'hash,abc,green,,,,,',
      'ipv4,203.0.113.11,purple,,,,,',
      'ipv4,203.0.113.12,amber+strict,,yesterday,,,',
      ',,green,,,,,',
    ].join('\n')
    const read = readFeed({ feed: csv })
    assert.deepEqual(read.indicators.map((i) => [i.type, i.value, i.tlp, i.confidence, i.firstSeenAt]), [['ipv4', '203.0.113.9', 'amber', 80, '2026-12-01T00:00:00.000Z']])
    assert.deepEqual(read.skipped.map((s) => [s.path, s.reason, s.detail]), [
      ['$.feed line 3', 'value_not_of_type', '-evil.example.org'],
      ['$.feed line 4', 'value_not_of_type', '203.0.113.10'],
      ['$.feed line 5', 'type_unsupported', 'hash'],
      ['$.feed line 6', 'tlp_unknown', 'purple'],
      ['$.feed line 7', 'bad_time', 'first_seen_at'],
      ['$.feed line 8', 'missing_field', 'value'],
    ])
  })

  test('a body that is no feed is refused naming where', ({ assert }) => {
    for (const body of [null, 'x', { feed: 12 }, { lines: ['a'] }]) {
      assert.throws(() => readFeed(body), MalformedDocument)
    }
    try {
      readFeed({ feed: 3 })
    } catch (error) {
      assert.equal((error as MalformedDocument).path, '$.feed')
      assert.equal((error as MalformedDocument).reason, 'not_a_feed')
    }
  })
})
