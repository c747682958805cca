import { test } from '@japa/runner'
import { median, nearestRank, summariseBurst } from '#collectors/probe/burst'
import { internetChecksum } from '#collectors/probe/echo'
import { ipv6Bytes } from '#collectors/probe/icmp_socket'

test.group('probe burst summary', () => {
  test('median, spread, loss and jitter of a burst with lost probes', ({ assert }) => {
    const s = summariseBurst([10, null, 14, 12, null, 30, 11, 13, 12, 15])
    assert.equal(s.sent, 10)
    assert.equal(s.received, 8)
    assert.equal(s.loss, 0.2)
    // Answered, sorted: 10 11 12 12 13 14 15 30; median of the even count is the middle pair's mean.
    assert.equal(s.rttMedianMs, 12.5)
    assert.equal(s.rttMinMs, 10)
    assert.equal(s.rttMaxMs, 30)
    assert.equal(s.rttP10Ms, 10)
    assert.equal(s.rttP90Ms, 30)
    // In sending order, lost ones skipped: |14-10| |12-14| |30-12| |11-30| |13-11| |12-13| |15-12|.
    assert.closeTo(s.jitterMs!, (4 + 2 + 18 + 19 + 2 + 1 + 3) / 7, 1e-12)
  })

  test('a burst with no answer is all loss and no latency; an empty one says nothing', ({ assert }) => {
    const lost = summariseBurst([null, null, null])
    assert.deepInclude(lost, { sent: 3, received: 0, loss: 1, rttMedianMs: null, jitterMs: null, rttP90Ms: null })
    const one = summariseBurst([7])
    assert.deepInclude(one, { loss: 0, rttMedianMs: 7, jitterMs: null, rttMinMs: 7, rttMaxMs: 7 })
    assert.deepInclude(summariseBurst([]), { sent: 0, loss: null, rttMedianMs: null })
  })

  test('nearest rank is always a measured value; the median of an odd count is the middle one', ({ assert }) => {
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1)
    assert.equal(nearestRank(twenty, 0.1), 2)
    assert.equal(nearestRank(twenty, 0.9), 18)
    assert.equal(nearestRank(twenty, 0), 1)
    assert.equal(nearestRank(twenty, 1), 20)
    assert.isNull(nearestRank([], 0.5))
    assert.equal(median([1, 5, 9]), 5)
  })
})

test.group('echo request encoding', () => {
  test('the Internet checksum of RFC 1071 (its worked example) and of an echo request', ({ assert }) => {
    // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (one's complement 220d).
    assert.equal(internetChecksum(Buffer.from('0001f203f4f5f6f7', 'hex')), 0x220d)
    const echo = Buffer.from('08000000123400010102030405060708', 'hex')
    echo.writeUInt16BE(internetChecksum(echo), 2)
    // A message carrying its checksum sums to zero.
    assert.equal(internetChecksum(echo), 0)
    assert.equal(internetChecksum(Buffer.from([0x01])), ~0x0100 & 0xffff)
  })

  test('IPv6 addresses in text become their 16 bytes', ({ assert }) => {
    assert.equal(ipv6Bytes('::1').toString('hex'), '00000000000000000000000000000001')
    assert.equal(ipv6Bytes('fd00:47::9').toString('hex'), 'fd000047000000000000000000000009')
    assert.equal(ipv6Bytes('2001:db8:0:0:1:0:0:1').toString('hex'), '20010db8000000000001000000000001')
    assert.equal(ipv6Bytes('::ffff:192.0.2.1').toString('hex'), '00000000000000000000ffffc0000201')
    assert.equal(ipv6Bytes('fe80::1%eth0').toString('hex'), 'fe800000000000000000000000000001')
  })
})
