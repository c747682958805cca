import { test } from '@japa/runner'
import { guessType, normaliseValue, type IndicatorType } from '#app/indicators/indicator_values'

const accepted: Array<[IndicatorType, string, string]> = [
  ['ipv4', ' 192.0.2.7 ', '192.0.2.7'],
  ['ipv6', '2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
  ['ipv6', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['ipv6', '::ffff:192.0.2.1', '::ffff:c000:201'],
  ['ipv4_prefix', '198.51.100.0/24', '198.51.100.0/24'],
  ['ipv4_prefix', '0.0.0.0/0', '0.0.0.0/0'],
  ['ipv6_prefix', '2001:DB8::/32', '2001:db8::/32'],
  ['domain', 'Evil.Example.COM.', 'evil.example.com'],
  ['domain', '例子.測試', 'xn--fsqu00a.xn--g6w251d'],
  ['url', 'HTTP://Evil.Example.com/a%20b?q=1', 'http://evil.example.com/a%20b?q=1'],
  ['md5', 'D41D8CD98F00B204E9800998ECF8427E', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['sha256', 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['email', 'Phisher@Evil.Example.com', 'Phisher@evil.example.com'],
]

const refused: Array<[IndicatorType, string]> = [
  ['ipv4', '192.0.2.256'],
  ['ipv4', '010.0.0.1'],
  ['ipv4', '192.0.2.0/24'],
  ['ipv6', '2001:db8::1%eth0'],
  ['ipv6', '2001:db8:::1'],
  ['ipv4_prefix', '198.51.100.0'],
  ['ipv4_prefix', '198.51.100.0/33'],
  ['ipv6_prefix', '2001:db8::/129'],
  ['domain', 'localhost'],
  ['domain', '-bad.example.com'],
  ['domain', '192.0.2.7'],
  ['domain', `${'a'.repeat(64)}.example.com`],
  ['url', 'javascript:alert(1)'],
  ['url', 'evil.example.com/path'],
  ['md5', 'd41d8cd98f00b204e9800998ecf8427'],
  ['sha1', 'zz39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['sha256', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['email', 'no-at-sign.example.com'],
  ['email', 'a..b@example.com'],
  ['email', 'user@localhost'],
]

test.group('Indicator values', () => {
  for (const [type, raw, value] of accepted) {
    test(`${type} ${raw} is written ${value}`, ({ assert }) => {
      assert.deepEqual(normaliseValue(type, raw), { ok: true, value })
    })
  }

  for (const [type, raw] of refused) {
    test(`${type} refuses ${raw}`, ({ assert }) => {
      assert.isFalse(normaliseValue(type, raw).ok)
    })
  }

  test('a prefix with host bits set is refused with the network to write instead', ({ assert }) => {
    assert.deepEqual(normaliseValue('ipv4_prefix', '198.51.100.7/24'), { ok: false, reason: 'host_bits', network: '198.51.100.0/24' })
    const v6 = normaliseValue('ipv6_prefix', '2001:db8::1/32')
    assert.isFalse(v6.ok)
    assert.equal(!v6.ok && v6.reason, 'host_bits')
  })

  test('a bare value is given the type it most likely is', ({ assert }) => {
    assert.equal(guessType('192.0.2.1'), 'ipv4')
    assert.equal(guessType('2001:db8::1'), 'ipv6')
    assert.equal(guessType('192.0.2.0/24'), 'ipv4_prefix')
    assert.equal(guessType('2001:db8::/48'), 'ipv6_prefix')
    assert.equal(guessType('d41d8cd98f00b204e9800998ecf8427e'), 'md5')
    assert.equal(guessType('a@example.com'), 'email')
    assert.equal(guessType('https://example.com/x'), 'url')
    assert.equal(guessType('example.com'), 'domain')
    assert.isNull(guessType('not a value'))
  })
})
