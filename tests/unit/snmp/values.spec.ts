import { test } from '@japa/runner'
import snmp from 'net-snmp'
import { SnmpError } from '#collectors/snmp/errors'
import { compareOids } from '#collectors/snmp/interfaces'
import { counter64ToBigInt, readCounter, readInteger, readText } from '#collectors/snmp/values'
import { desCbcDecrypt, desCbcEncrypt, desEncryptBlock } from '#collectors/snmp/des'

const T = snmp.ObjectType
const hex = (s: string) => Buffer.from(s, 'hex')

test.group('SNMP values: Counter64 folding', () => {
  test('short buffers, as net-snmp hands them over, fold to their value', ({ assert }) => {
    assert.equal(counter64ToBigInt(hex('00')), 0n)
    assert.equal(counter64ToBigInt(hex('045e')), 1118n)
    assert.equal(counter64ToBigInt(hex('0290')), 656n)
    assert.equal(counter64ToBigInt(hex('01000000')), 16_777_216n)
  })

  test('values above 2^53 keep every bit (a JS number would not)', ({ assert }) => {
    // 2^53 + 1: the value snmp-native returned as 9007199254740992.
    assert.equal(counter64ToBigInt(hex('20000000000001')), 9_007_199_254_740_993n)
    assert.equal(counter64ToBigInt(hex('123456789abcdef0')), 0x123456789abcdef0n)
  })

  test('the BER sign byte in front of a top-bit value is not part of it', ({ assert }) => {
    assert.equal(counter64ToBigInt(hex('00ffffffffffffffff')), (1n << 64n) - 1n)
    assert.equal(counter64ToBigInt(hex('0080')), 128n)
    // Redundant leading zeros from sloppy encoders are tolerated.
    assert.equal(counter64ToBigInt(hex('0000000001')), 1n)
  })

  test('more than 64 bits or no bytes at all is malformed', ({ assert }) => {
    for (const bad of [hex('010000000000000000'), hex(''), 'abc', -1, 1.5]) {
      assert.throws(() => counter64ToBigInt(bad), SnmpError as any)
      try {
        counter64ToBigInt(bad)
      } catch (error) {
        assert.equal((error as SnmpError).kind, 'malformed')
      }
    }
  })

  test('readCounter tells 64-bit from 32-bit counters', ({ assert }) => {
    assert.deepEqual(readCounter({ oid: '1.3.6.1.2.1.31.1.1.1.6.1', type: T.Counter64, value: hex('0100000000') }).value, {
      count: 4_294_967_296n,
      bits: 64,
    })
    assert.deepEqual(readCounter({ oid: '1.3.6.1.2.1.2.2.1.10.1', type: T.Counter, value: 42 }).value, { count: 42n, bits: 32 })
    assert.isNull(readCounter({ oid: '1.3.6.1.2.1.31.1.1.1.6.1', type: T.NoSuchInstance, value: null }).value)
    const wrongType = readCounter({ oid: '1.3.6.1.2.1.31.1.1.1.6.1', type: T.OctetString, value: hex('00') })
    assert.isNull(wrongType.value)
    assert.match(wrongType.problem!, /expected a counter/)
  })
})

test.group('SNMP values: text and numbers', () => {
  test('UTF-8 text, Big5 text from older equipment, trailing NULs trimmed', ({ assert }) => {
    const oid = '1.3.6.1.2.1.31.1.1.1.18.1'
    assert.equal(readText({ oid, type: T.OctetString, value: Buffer.from('教育部 GSN-0001', 'utf8') }).value, '教育部 GSN-0001')
    // "教育部" in Big5
    assert.equal(readText({ oid, type: T.OctetString, value: hex('b1d0a87cb3a1') }).value, '教育部')
    assert.equal(readText({ oid, type: T.OctetString, value: Buffer.from('eth0\0\0') }).value, 'eth0')
  })

  test('over-long text is cut and reported', ({ assert }) => {
    const r = readText({ oid: '1.3.6.1.2.1.2.2.1.2.1', type: T.OctetString, value: Buffer.alloc(4000, 0x41) })
    assert.lengthOf(r.value!, 255)
    assert.match(r.problem!, /cut to 255/)
  })

  test('numbers come from numeric types only', ({ assert }) => {
    assert.equal(readInteger({ oid: '1.3.6.1.2.1.2.2.1.8.1', type: T.Integer, value: 2 }).value, 2)
    assert.equal(readInteger({ oid: '1.3.6.1.2.1.1.3.0', type: T.TimeTicks, value: 12345 }).value, 12345)
    assert.isNull(readInteger({ oid: '1.3.6.1.2.1.2.2.1.8.1', type: T.OctetString, value: hex('01') }).value)
  })

  test('OIDs compare as numbers, not as text', ({ assert }) => {
    assert.equal(compareOids('1.3.6.1.2.1.2.2.1.8.9', '1.3.6.1.2.1.2.2.1.8.10'), -1)
    assert.equal(compareOids('1.3.6.1.2.1.2.2.1.8.10', '1.3.6.1.2.1.2.2.1.8.9'), 1)
    assert.equal(compareOids('1.3.6.1.2.1.2.2.1.8', '1.3.6.1.2.1.2.2.1.8.1'), -1)
    assert.equal(compareOids('1.3.6.1.2.1.2.2.1.8.1', '1.3.6.1.2.1.2.2.1.8.1'), 0)
  })
})

test.group('SNMP DES privacy (OpenSSL 3 has none)', () => {
  test('the FIPS 46 worked example', ({ assert }) => {
    assert.equal(desEncryptBlock(hex('133457799bbcdff1'), hex('0123456789abcdef')).toString('hex'), '85e813540f0ab405')
  })

  test('CBC agrees with OpenSSL des-cbc (vectors made with --openssl-legacy-provider)', ({ assert }) => {
    const vectors = [
      ['4d1d30e3cf9a20ab', 'cc7c12e27de3ca3c', 'a184aa185eb3df24', '5a9655b53f33b996'],
      ['e9118610f56ceb22', '7eff4bf102f2e7fe', '56ef004c8a7de1953409491f4912d1a8', 'f8b6598a968003909cb5953a74aadb26'],
      [
        '59fd97b4bf79e621',
        '4a7f34f6119428ae',
        '6e3650329da9ef46dcc288b45b41f03400b80c22f019ea42',
        'cf92196b132505de2d82091a3c98fa1fd2fb93864293e2c4',
      ],
    ]
    for (const [key, iv, plain, cipher] of vectors) {
      assert.equal(desCbcEncrypt(hex(key), hex(iv), hex(plain)).toString('hex'), cipher)
      assert.equal(desCbcDecrypt(hex(key), hex(iv), hex(cipher)).toString('hex'), plain)
    }
  })
})
