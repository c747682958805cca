import { test } from '@japa/runner'
import { Enricher, exporterKey, parseAddress, parsePrefix, PrefixTable } from '#app/flows/enrichment'

test.group('flow enrichment: addresses and prefixes', () => {
  test('reads IPv4, IPv6 (compressed, embedded IPv4, zone) and IPv4-mapped IPv6 as IPv4', ({ assert }) => {
    assert.deepEqual(parseAddress('10.0.0.1'), { family: 4, value: 0x0a000001 })
    assert.deepEqual(parseAddress('::ffff:10.0.0.1'), { family: 4, value: 0x0a000001 })
    assert.deepEqual(parseAddress('2001:db8::1'), { family: 6, value: (0x20010db8n << 96n) | 1n })
    assert.deepEqual(parseAddress('fe80::1%eth0'), { family: 6, value: (0xfe80n << 112n) | 1n })
    assert.deepEqual(parseAddress('::'), { family: 6, value: 0n })
    assert.deepEqual(parseAddress('64:ff9b::192.0.2.33'), { family: 6, value: (0x64ff9bn << 96n) | 0xc0000221n })
    assert.deepEqual(parseAddress('255.255.255.255'), { family: 4, value: 0xffffffff })
    assert.deepEqual(parseAddress('010.0.0.001'), { family: 4, value: 0x0a000001 })
    const badV4 = ['10.0.0.256', '10.0.0', '10.0.0.1.', '.10.0.0.1', '10..0.1', '10.0.0.1000', '10.0.0.-1', '10.0.0.1 ', ' 10.0.0.1', '1.2.3.4.5']
    for (const bad of [...badV4, '1::2::3', '12345::', 'g::1', '', '1:2:3:4:5:6:7:8:9', 'host.example']) {
      assert.isNull(parseAddress(bad), bad)
    }
  })

  test('reads CIDR prefixes and refuses bad lengths', ({ assert }) => {
    assert.deepEqual(parsePrefix('10.1.0.0/16'), { family: 4, value: 0x0a010000, length: 16 })
    assert.deepEqual(parsePrefix('10.1.2.3'), { family: 4, value: 0x0a010203, length: 32 })
    assert.equal(parsePrefix('2001:db8::/32')?.length, 32)
    assert.equal(parsePrefix('::ffff:10.0.0.0/104')?.length, 8)
    for (const bad of ['10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/', '2001:db8::/129', '10.0.0.0/8x']) assert.isNull(parsePrefix(bad), bad)
  })

  test('longest prefix wins, for IPv4 and IPv6, and nothing outside every prefix matches', ({ assert }) => {
    const table = new PrefixTable([
      { prefix: '10.0.0.0/8', value: 1 },
      { prefix: '10.20.0.0/16', value: 2 },
      { prefix: '10.20.30.0/24', value: 3 },
      { prefix: '10.20.30.40/32', value: 4 },
      { prefix: '2001:db8::/32', value: 6 },
      { prefix: '2001:db8:1::/48', value: 7 },
      { prefix: 'not a prefix', value: 99 },
    ])
    assert.equal(table.lookup('10.1.1.1'), 1)
    assert.equal(table.lookup('10.20.1.1'), 2)
    assert.equal(table.lookup('10.20.30.1'), 3)
    assert.equal(table.lookup('10.20.30.40'), 4)
    assert.equal(table.lookup('::ffff:10.20.30.41'), 3)
    assert.equal(table.lookup('2001:db8:2::1'), 6)
    assert.equal(table.lookup('2001:db8:1:ffff::1'), 7)
    assert.isNull(table.lookup('11.0.0.1'))
    assert.isNull(table.lookup('2001:db9::1'))
    assert.isNull(table.lookup('garbage'))
    // A default route catches what nothing narrower holds.
    const withDefault = new PrefixTable([{ prefix: '0.0.0.0/0', value: 'world' }, { prefix: '192.168.0.0/16', value: 'home' }])
    assert.equal(withDefault.lookup('8.8.8.8'), 'world')
    assert.equal(withDefault.lookup('192.168.3.4'), 'home')
    assert.isNull(withDefault.lookup('2001:db8::1'))
  })

  test('agrees with a brute-force match over random prefixes and addresses', ({ assert }) => {
    // A fixed seed: the test is the same every run, and a failure can be replayed.
    let seed = 12345
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const prefixes: Array<{ value: number; length: number; id: number }> = []
    for (let id = 1; id <= 300; id++) {
      const length = 8 + Math.floor(random() * 25)
      const base = Math.floor(random() * 2 ** 32)
      const value = Math.floor(base / 2 ** (32 - length)) * 2 ** (32 - length)
      prefixes.push({ value, length, id })
    }
    const text = (v: number) => `${Math.floor(v / 2 ** 24)}.${Math.floor(v / 2 ** 16) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`
    // Later duplicates of one prefix replace earlier ones, as in the table.
    const table = new PrefixTable(prefixes.map((p) => ({ prefix: `${text(p.value)}/${p.length}`, value: p.id })))
    for (let i = 0; i < 3000; i++) {
      // Half the addresses are drawn inside a known prefix so that matches are common.
      const p = prefixes[Math.floor(random() * prefixes.length)]
      const address = random() < 0.5 ? Math.floor(random() * 2 ** 32) : p.value + Math.floor(random() * 2 ** (32 - p.length))
      let best: { length: number; id: number } | null = null
      for (const q of prefixes) {
        if (Math.floor(address / 2 ** (32 - q.length)) * 2 ** (32 - q.length) !== q.value) continue
        if (!best || q.length > best.length || (q.length === best.length && q.id > best.id)) best = q
      }
      assert.equal(table.lookup(text(address)), best?.id ?? null, text(address))
    }
  })
})

test.group('flow enrichment: device, link, agencies', () => {
  const snapshot = {
    devices: [
      { id: 1, managementAddress: '192.0.2.1' },
      { id: 2, managementAddress: '2001:DB8::2' },
    ],
    links: [
      { id: 10, deviceId: 1, ifIndex: 3 },
      { id: 11, deviceId: 1, ifIndex: 4 },
      { id: 12, deviceId: 2, ifIndex: 3 },
      { id: 9, deviceId: 2, ifIndex: 3 },
      { id: 13, deviceId: null, ifIndex: 5 },
    ],
    prefixes: [
      { agencyId: 100, prefix: '10.1.0.0/16' },
      { agencyId: 200, prefix: '10.2.0.0/16' },
    ],
  }
  const enricher = new Enricher(snapshot)

  test('the exporter address names the device, whatever its spelling', ({ assert }) => {
    assert.equal(enricher.deviceOf('192.0.2.1'), 1)
    assert.equal(enricher.deviceOf('::ffff:192.0.2.1'), 1)
    assert.equal(enricher.deviceOf('2001:db8:0::2'), 2)
    assert.isNull(enricher.deviceOf('192.0.2.99'))
    assert.equal(exporterKey('::ffff:192.0.2.1'), '192.0.2.1')
  })

  test('the input interface names the link, then the output one; two links on a port give the lower id', ({ assert }) => {
    assert.equal(enricher.linkOf(1, 3, 4), 10)
    assert.equal(enricher.linkOf(1, 7, 4), 11)
    assert.isNull(enricher.linkOf(1, 7, 8))
    assert.isNull(enricher.linkOf(null, 3, 4))
    assert.equal(enricher.linkOf(2, 3, 0), 9)
  })

  test('an exporter asked again gets the same device (read once per snapshot)', ({ assert }) => {
    const fresh = new Enricher(snapshot)
    for (let round = 0; round < 3; round++) {
      assert.equal(fresh.deviceOf('::ffff:192.0.2.1'), 1)
      assert.equal(fresh.deviceOf('2001:db8::2'), 2)
      assert.isNull(fresh.deviceOf('192.0.2.99'))
    }
  })

  test('a flow is placed: device, link and both agencies', ({ assert }) => {
    assert.deepEqual(enricher.place({ exporter: '192.0.2.1', srcAddr: '10.1.5.5', dstAddr: '10.2.0.1', inputIf: 4, outputIf: 3 }), {
      deviceId: 1,
      linkId: 11,
      srcAgencyId: 100,
      dstAgencyId: 200,
    })
    assert.deepEqual(enricher.place({ exporter: '198.51.100.1', srcAddr: '8.8.8.8', dstAddr: '10.1.0.1', inputIf: 3, outputIf: 4 }), {
      deviceId: null,
      linkId: null,
      srcAgencyId: null,
      dstAgencyId: 100,
    })
  })
})
