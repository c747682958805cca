import { test } from '@japa/runner'
import { canonicalPrefix, parseIPv4, parseIPv6, PrefixSet } from '#app/detections/prefixes'

test.group('Detections: addresses and prefixes', () => {
  test('IPv4 and IPv6 text parse, and what is neither does not', ({ assert }) => {
    assert.equal(parseIPv4('10.1.2.3'), 0x0a010203)
    assert.isNull(parseIPv4('10.1.2.256'))
    assert.isNull(parseIPv4('10.1.2'))
    assert.equal(parseIPv6('2001:db8::1'), (0x20010db8n << 96n) | 1n)
    assert.equal(parseIPv6('::'), 0n)
    assert.equal(parseIPv6('::ffff:192.0.2.1'), (0xffffn << 32n) | 0xc0000201n)
    assert.equal(parseIPv6('1:2:3:4:5:6:7:8'), 0x00010002000300040005000600070008n)
    assert.isNull(parseIPv6('1:2:3:4:5:6:7'))
    assert.isNull(parseIPv6('1::2::3'))
    assert.isNull(parseIPv6('12345::'))
  })

  test('the most specific prefix holding an address is found, per family', ({ assert }) => {
    const set = new PrefixSet(['10.0.0.0/8', '10.1.0.0/16', '192.0.2.7', '2001:db8::/32', 'garbage', '10.0.0.0/33'])
    assert.deepEqual(set.rejected, ['garbage', '10.0.0.0/33'])
    assert.equal(set.match('10.1.2.3'), '10.1.0.0/16')
    assert.equal(set.match('10.2.2.3'), '10.0.0.0/8')
    assert.equal(set.match('192.0.2.7'), '192.0.2.7/32')
    assert.isNull(set.match('192.0.2.8'))
    assert.isNull(set.match('11.0.0.1'))
    assert.equal(set.match('2001:db8:ffff::1'), '2001:db8::/32')
    assert.isNull(set.match('2001:db9::1'))
    assert.isNull(set.match('not an address'))
    assert.isTrue(new PrefixSet(['0.0.0.0/0']).has('198.51.100.1'))
  })

  test('a prefix written with host bits set reads as its network', ({ assert }) => {
    assert.equal(canonicalPrefix('10.1.2.3/16'), '10.1.0.0/16')
    assert.equal(canonicalPrefix('2001:db8::5/64'), '2001:db8::/64')
    assert.isNull(canonicalPrefix('10.1.2.3/40'))
  })
})
