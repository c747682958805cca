import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { SnmpLab, LAB_USERS } from '#tests/support/snmp_lab'
import { SnmpSession } from '#collectors/snmp/session'
import { pollDevice, type DevicePoll, type InterfaceSnapshot } from '#collectors/snmp/interfaces'
import { computeRates } from '#collectors/snmp/rates'

const run = promisify(execFile)

function snapshotOf(result: DevicePoll): InterfaceSnapshot {
  if (!result.ok) throw new Error(`poll failed: ${result.error.kind}: ${result.error.message}`)
  return result.snapshot
}

function byName(snapshot: InterfaceSnapshot, name: string) {
  const found = [...snapshot.interfaces.values()].find((i) => i.name === name)
  if (!found) throw new Error(`no interface ${name} in ${[...snapshot.interfaces.values()].map((i) => i.name).join(', ')}`)
  return found
}

test.group('SNMP polling: Net-SNMP snmpd in a network namespace (v2c)', (group) => {
  let lab: SnmpLab
  let session: SnmpSession
  group.setup(async () => {
    lab = await SnmpLab.create({ pairs: 2 })
    session = new SnmpSession({ host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), timeoutMs: 1000, retries: 1 })
    return async () => {
      session.close()
      await lab.close()
    }
  })

  test('a poll returns the veths with their ifIndex, names, status and speed', async ({ assert }) => {
    const result = await pollDevice(session, 'lab')
    const snapshot = snapshotOf(result)
    assert.isAbove(snapshot.sysUpTime!, 0)
    for (const { a, b } of lab.pairs) {
      for (const name of [a, b]) {
        const i = byName(snapshot, name)
        assert.equal(i.ifIndex, await lab.ifIndex(name), `${name} ifIndex is the kernel's`)
        assert.equal(i.descr, name)
        assert.equal(i.operStatus, 1, `${name} is up`)
        assert.equal(i.adminStatus, 1)
        assert.equal(i.highSpeed, 10_000)
        assert.equal(i.octetBits, 64)
        assert.equal(typeof i.inOctets, 'bigint')
      }
    }
    // GETBULK over all columns: a handful of interfaces is one round trip, not one per value.
    assert.isAtMost(result.requests, 2)
    assert.isAbove(result.values, snapshot.interfaces.size * 10)
  })

  test('octet counters move by exactly the bytes sent, as the kernel counts them', async ({ assert }) => {
    const { a, b } = lab.pairs[0]
    const before = snapshotOf(await pollDevice(session, 'lab'))
    const txBefore = await lab.statistic(a, 'tx_bytes')
    const rxBefore = await lab.statistic(b, 'rx_bytes')
    const sent = await lab.sendTraffic(0, { datagrams: 2500, payloadBytes: 1000 })
    const txAfter = await lab.statistic(a, 'tx_bytes')
    const rxAfter = await lab.statistic(b, 'rx_bytes')
    const after = snapshotOf(await pollDevice(session, 'lab'))

    const outDelta = byName(after, a).outOctets! - byName(before, a).outOctets!
    const inDelta = byName(after, b).inOctets! - byName(before, b).inOctets!
    assert.isAtLeast(Number(outDelta), sent.bytes)
    assert.equal(outDelta, txAfter - txBefore, 'ifHCOutOctets delta equals tx_bytes delta')
    assert.equal(inDelta, rxAfter - rxBefore, 'ifHCInOctets delta equals rx_bytes delta')
    // The untouched pair did not move.
    assert.equal(byName(after, lab.pairs[1].a).outOctets, byName(before, lab.pairs[1].a).outOctets)

    const rates = computeRates(before, after, { intervalMs: 60_000 })
    const rate = rates.interfaces.get(byName(after, a).ifIndex)!
    assert.closeTo(rate.outBitsPerSecond!, (Number(outDelta) * 8) / rates.elapsedSeconds, 1e-6)
    assert.isAbove(rate.outUtilisation!, 0)
  })

  test('ip link set down shows ifOperStatus 2 on the next poll, up brings it back', async ({ assert }) => {
    const { a, b } = lab.pairs[1]
    try {
      await lab.setLink(a, 'down')
      const down = snapshotOf(await pollDevice(session, 'lab'))
      assert.equal(byName(down, a).operStatus, 2)
      assert.equal(byName(down, a).adminStatus, 2)
      assert.notEqual(byName(down, b).operStatus, 1, 'the far end lost its carrier')
      assert.equal(byName(down, b).adminStatus, 1)
    } finally {
      await lab.setLink(a, 'up')
    }
    const up = snapshotOf(await pollDevice(session, 'lab'))
    assert.equal(byName(up, a).operStatus, 1)
    assert.equal(byName(up, b).operStatus, 1)
  })

  test('known ifIndexes are read with multi-OID GETs; a vanished one is left out', async ({ assert }) => {
    const wanted = await lab.ifIndex(lab.pairs[0].a)
    const result = await pollDevice(session, 'lab', { ifIndexes: [wanted, 999_999] })
    const snapshot = snapshotOf(result)
    assert.deepEqual([...snapshot.interfaces.keys()], [wanted])
    assert.equal(snapshot.interfaces.get(wanted)!.name, lab.pairs[0].a)
    assert.isAbove(snapshot.sysUpTime!, 0)
    assert.equal(result.requests, 1)
  })

  test('a small targetVarbinds forces many GETBULK round trips and still reads the same table', async ({ assert }) => {
    const whole = snapshotOf(await pollDevice(session, 'lab'))
    const piecemeal = await pollDevice(session, 'lab', { targetVarbinds: 3, maxRepetitions: 1 })
    const snapshot = snapshotOf(piecemeal)
    assert.isAtLeast(piecemeal.requests, whole.interfaces.size)
    assert.deepEqual([...snapshot.interfaces.keys()], [...whole.interfaces.keys()])
    for (const [ifIndex, i] of snapshot.interfaces) {
      assert.equal(i.name, whole.interfaces.get(ifIndex)!.name)
      assert.equal(i.operStatus, whole.interfaces.get(ifIndex)!.operStatus)
    }
  })

  test('snmp:poll --json prints one parsable object per interface, counters as decimal strings', async ({ assert }) => {
    const { stdout } = await run(process.execPath, ['ace', 'snmp:poll', `${lab.host}:${lab.port}`, '--community', 'gsn-lab-ro', '--json'], {
      cwd: process.cwd(),
    })
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line))
    const a = lines.find((l) => l.if_name === lab.pairs[0].a)
    assert.exists(a)
    assert.equal(a.if_index, await lab.ifIndex(lab.pairs[0].a))
    assert.equal(a.oper_status, 'up')
    assert.equal(a.admin_status, 'up')
    assert.equal(a.speed_bps, 10e9)
    for (const field of ['in_octets', 'out_octets', 'in_errors', 'out_errors', 'in_discards', 'out_discards']) {
      assert.match(a[field], /^\d+$/, field)
    }
    assert.isAtLeast(Number(a.out_octets), 2500 * 1042)
  })

  test('snmp:poll with SNMPv3 prints a table; failures exit non-zero with a clear message', async ({ assert }) => {
    const u = LAB_USERS.shaAes
    const target = `${lab.host}:${lab.port}`
    const v3 = ['--user', u.user, '--auth-protocol', 'SHA', '--auth-key', u.authKey, '--priv-protocol', 'AES', '--priv-key', u.privKey]
    const { stdout } = await run(process.execPath, ['ace', 'snmp:poll', target, ...v3])
    assert.include(stdout, lab.pairs[0].a)
    assert.match(stdout, /interfaces, sysUpTime/)

    const timeout = await run(process.execPath, ['ace', 'snmp:poll', target, '--community', 'wrong', '--timeout', '300', '--retries', '0']).then(
      () => null,
      (error) => error
    )
    assert.equal(timeout?.code, 2)
    assert.match(timeout.stderr + timeout.stdout, /timeout: no answer from .* wrong community/)

    const badKey = v3.map((v) => (v === u.authKey ? 'not-the-key' : v))
    const auth = await run(process.execPath, ['ace', 'snmp:poll', target, ...badKey]).then(
      () => null,
      (error) => error
    )
    assert.equal(auth?.code, 3)
    assert.match(auth.stderr + auth.stdout, /auth: .*Wrong Digest/)

    const usage = await run(process.execPath, ['ace', 'snmp:poll', target]).then(
      () => null,
      (error) => error
    )
    assert.equal(usage?.code, 1)
    assert.match(usage.stderr + usage.stdout, /--community/)
  })
})
