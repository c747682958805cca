import { execFile, spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { test } from '@japa/runner'
import { createRandom } from '#app/demo/prng'
import type { SnmpCredentials } from '#app/devices/snmp_credentials'
import { TrapReceiver, readUsmHeader, type TrapEvent, type TrapRejection } from '#collectors/snmp/traps'
import { SnmpLab } from '#tests/support/snmp_lab'
import { freeUdpPort } from '#tests/functional/sim/udp'

/**
 * The trap receiver against Net-SNMP's own senders: snmptrap and snmpinform (v1, v2c, v3
 * authPriv SHA/AES), garbage, and snmpd itself telling us a veth went down inside a lab namespace.
 */

const run = promisify(execFile)
const ENV = { ...process.env, MIBS: '' }
const COMMUNITY = 'gsn-traps'
const USER = { user: 'gsntrap', auth: 'trap-auth-key-1', priv: 'trap-priv-key-1' }
const V3_USER: SnmpCredentials = {
  version: '3',
  user: USER.user,
  level: 'authPriv',
  authProtocol: 'sha',
  authKey: USER.auth,
  privProtocol: 'aes',
  privKey: USER.priv,
}
const LINK_DOWN = '1.3.6.1.6.3.1.1.5.3'
const IF = '1.3.6.1.2.1.2.2.1'


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | false>, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

const v3Args = (user = USER.user, auth = USER.auth, priv = USER.priv) => ['-v3', '-u', user, '-l', 'authPriv', '-a', 'SHA', '-A', auth, '-x', 'AES', '-X', priv]

test.group('SNMP traps: receiving from Net-SNMP snmptrap and snmpinform', (group) => {
  let receiver: TrapReceiver
  let port: number
  const events: TrapEvent[] = []
  const rejections: TrapRejection[] = []
  const target = () => `127.0.0.1:${port}`

  group.setup(async () => {
    port = await freeUdpPort()
    receiver = await TrapReceiver.start({
      port,
      address: '127.0.0.1',
      communities: [COMMUNITY],
      users: [
        V3_USER,
        // The same user name with keys of its own, as a second device would have it.
        { ...V3_USER, authKey: 'other-device-auth', privKey: 'other-device-priv' },
      ],
      onTrap: (e) => events.push(e),
      onRejected: (r) => rejections.push(r),
    })
    return () => receiver.close()
  })
  group.each.setup(() => {
    events.length = 0
    rejections.length = 0
  })

  test('v2c linkDown: kind, ifIndex, admin and oper status, sender, community', async ({ assert }) => {
    await run('snmptrap', ['-v2c', '-c', COMMUNITY, target(), '4242', LINK_DOWN, `${IF}.1.7`, 'i', '7', `${IF}.7.7`, 'i', '1', `${IF}.8.7`, 'i', '2'], { env: ENV })
    const e = await until('the trap', () => events[0])
    assert.equal(e.kind, 'linkDown')
    assert.equal(e.pdu, 'trap')
    assert.equal(e.version, '2c')
    assert.equal(e.ifIndex, 7)
    assert.equal(e.adminStatus, 1)
    assert.equal(e.operStatus, 2)
    assert.equal(e.upTime, 4242)
    assert.equal(e.community, COMMUNITY)
    assert.equal(e.source.address, '127.0.0.1')
    assert.equal(e.agentAddress, '127.0.0.1')
    assert.instanceOf(e.at, Date)
    assert.deepEqual(e.varbinds[2], { oid: `${IF}.1.7`, type: 'Integer', value: 7 })
  })

  test('linkUp without an ifIndex varbind takes the index from ifOperStatus; a relay names the agent', async ({ assert }) => {
    await run('snmptrap', ['-v2c', '-c', COMMUNITY, target(), '', '1.3.6.1.6.3.1.1.5.4', `${IF}.8.12`, 'i', '1', '1.3.6.1.6.3.18.1.3.0', 'a', '10.20.30.40'], { env: ENV })
    const e = await until('the trap', () => events[0])
    assert.equal(e.kind, 'linkUp')
    assert.equal(e.ifIndex, 12)
    assert.equal(e.operStatus, 1)
    assert.equal(e.agentAddress, '10.20.30.40')
  })

  test('v3 authPriv SHA/AES trap: user and sending engine', async ({ assert }) => {
    await run('snmptrap', [...v3Args(), '-e', '0x80001f8804736e6d70', '-E', '0x80001f8804736e6d70', target(), '', '1.3.6.1.6.3.1.1.5.1'], { env: ENV })
    const e = await until('the trap', () => events[0])
    assert.equal(e.kind, 'coldStart')
    assert.equal(e.version, '3')
    assert.equal(e.user, USER.user)
    assert.equal(e.engineId, '80001f8804736e6d70')
    assert.isNull(e.community)
  })

  test('two devices with one user name and different keys are both authenticated', async ({ assert }) => {
    await run('snmptrap', [...v3Args(USER.user, 'other-device-auth', 'other-device-priv'), '-e', '0x80001f880401', target(), '', '1.3.6.1.6.3.1.1.5.2'], { env: ENV })
    await run('snmptrap', [...v3Args(), '-e', '0x80001f880402', target(), '', '1.3.6.1.6.3.1.1.5.2'], { env: ENV })
    await until('both traps', () => events.length === 2)
    assert.deepEqual(events.map((e) => e.kind), ['warmStart', 'warmStart'])
    assert.lengthOf(rejections, 0)
  })

  test('informs, v2c and v3 (with discovery of our engine), are acknowledged', async ({ assert }) => {
    // snmpinform exits 0 only once the receiver has answered.
    await run('snmpinform', ['-v2c', '-c', COMMUNITY, '-t', '3', '-r', '1', target(), '', LINK_DOWN, `${IF}.1.3`, 'i', '3'], { env: ENV })
    await run('snmpinform', [...v3Args(), '-t', '3', '-r', '1', target(), '', LINK_DOWN, `${IF}.1.4`, 'i', '4'], { env: ENV })
    await until('both informs', () => events.length === 2)
    assert.deepEqual(
      events.map((e) => [e.pdu, e.version, e.ifIndex]),
      [
        ['inform', '2c', 3],
        ['inform', '3', 4],
      ]
    )
    assert.isAtLeast(receiver.stats.informs, 2)
  })

  test('SNMPv1 generic traps map to their SNMPv2 meaning, with the agent address from the PDU', async ({ assert }) => {
    await run('snmptrap', ['-v1', '-c', COMMUNITY, target(), '1.3.6.1.4.1.9', '10.9.8.7', '2', '0', '', `${IF}.1.5`, 'i', '5'], { env: ENV })
    const e = await until('the trap', () => events[0])
    assert.equal(e.kind, 'linkDown')
    assert.equal(e.pdu, 'v1trap')
    assert.equal(e.version, '1')
    assert.equal(e.trapOid, LINK_DOWN)
    assert.equal(e.agentAddress, '10.9.8.7')
    assert.equal(e.ifIndex, 5)
  })

  test('unknown community, wrong keys and unknown users are counted and reported, never delivered', async ({ assert }) => {
    const before = { ...receiver.stats }
    await run('snmptrap', ['-v2c', '-c', 'not-ours', target(), '', LINK_DOWN], { env: ENV })
    await run('snmptrap', [...v3Args(USER.user, 'wrong-auth-key'), '-e', '0x80001f880403', target(), '', LINK_DOWN], { env: ENV })
    await run('snmptrap', [...v3Args('nobody-here'), '-e', '0x80001f880404', target(), '', LINK_DOWN], { env: ENV })
    // An inform from an unknown user is answered with a USM report, which snmpinform reports.
    const inform = await run('snmpinform', [...v3Args('nobody-either'), '-t', '2', '-r', '0', target(), '', LINK_DOWN], { env: ENV }).catch((error) => error)
    assert.match(String(inform.stderr), /Unknown user name/i)
    await until('four rejections', () => rejections.length >= 4)
    assert.lengthOf(events, 0)
    assert.sameMembers(
      rejections.map((r) => r.reason),
      ['unknown_community', 'auth_failure', 'unknown_user', 'unknown_user']
    )
    assert.equal(receiver.stats.unknownCommunity - before.unknownCommunity, 1)
    assert.equal(receiver.stats.authFailures - before.authFailures, 3)
    for (const r of rejections) assert.equal(r.source?.address, '127.0.0.1')
  })

  test('garbage and thousands of damaged traps are counted; the receiver keeps receiving', async ({ assert }) => {
    // Real datagrams to damage: captured from snmptrap on a socket of our own.
    const capture = createSocket('udp4')
    const captured: Buffer[] = []
    capture.on('message', (m) => captured.push(m))
    const capturePort = await new Promise<number>((resolve) => capture.bind(0, '127.0.0.1', () => resolve(capture.address().port)))
    try {
      const at = `127.0.0.1:${capturePort}`
      await run('snmptrap', ['-v2c', '-c', COMMUNITY, at, '', LINK_DOWN, `${IF}.1.7`, 'i', '7', '1.3.6.1.2.1.31.1.1.1.6.7', 'C', '12345678901234'], { env: ENV })
      await run('snmptrap', [...v3Args(), '-e', '0x80001f880405', at, '', '1.3.6.1.6.3.1.1.5.4'], { env: ENV })
      await run('snmptrap', ['-v1', '-c', COMMUNITY, at, '1.3.6.1.4.1.9', '10.1.2.3', '3', '0', ''], { env: ENV })
      await until('three captured datagrams', () => captured.length === 3)
    } finally {
      capture.close()
    }
    const header = readUsmHeader(captured[1])
    assert.equal(header?.userName, USER.user)
    assert.equal(header?.engineId.toString('hex'), '80001f880405')
    const counted = () => receiver.stats.received + receiver.stats.malformed + receiver.stats.unknownCommunity + receiver.stats.authFailures + receiver.stats.unsupported
    const before = counted()
    const sender = createSocket('udp4')
    const random = createRandom('trap-fuzz')
    const sent: Buffer[] = [Buffer.from('definitely not SNMP'), Buffer.alloc(0), Buffer.from([0x30, 0x82, 0xff, 0xff]), Buffer.alloc(1400, 0x30)]
    for (let i = 0; i < 2000; i++) {
      const damaged = Buffer.from(captured[i % captured.length])
      for (let k = random.int(1, 4); k > 0; k--) {
        const at = random.int(0, damaged.length - 1)
        damaged[at] = random.chance(0.5) ? damaged[at] ^ (1 << random.int(0, 7)) : random.int(0, 255)
      }
      sent.push(random.chance(0.1) ? damaged.subarray(0, random.int(0, damaged.length)) : damaged)
    }
    try {
      for (let i = 0; i < sent.length; i++) {
        await new Promise<void>((resolve) => sender.send(sent[i], port, '127.0.0.1', () => resolve()))
        // Paced, so the kernel's receive buffer never drops any and every datagram can be accounted for.
        if (i % 25 === 0) await sleep(2)
      }
    } finally {
      sender.close()
    }
    const expected = sent.length
    await until('every datagram accounted for', () => counted() - before >= expected, 15_000)
    assert.equal(counted() - before, expected)
    assert.isAbove(receiver.stats.malformed, 100)
    assert.equal(receiver.stats.callbackErrors, 0)
    events.length = 0
    await run('snmptrap', ['-v2c', '-c', COMMUNITY, target(), '', LINK_DOWN, `${IF}.1.9`, 'i', '9'], { env: ENV })
    const e = await until('a trap after the storm', () => events.find((x) => x.ifIndex === 9))
    assert.equal(e.kind, 'linkDown')
  }).timeout(60_000)
})

test.group('SNMP traps: the receiver itself', () => {
  test('a consumer that throws is counted and the next trap still arrives', async ({ assert }) => {
    const port = await freeUdpPort()
    const seen: TrapEvent[] = []
    const receiver = await TrapReceiver.start({
      port,
      address: '127.0.0.1',
      acceptAnyCommunity: true,
      onTrap: (e) => {
        seen.push(e)
        if (seen.length === 1) throw new Error('consumer bug')
      },
    })
    try {
      await run('snmptrap', ['-v2c', '-c', 'anything', `127.0.0.1:${port}`, '', LINK_DOWN], { env: ENV })
      await run('snmptrap', ['-v2c', '-c', 'whatever', `127.0.0.1:${port}`, '', LINK_DOWN], { env: ENV })
      await until('two traps', () => seen.length === 2)
      assert.equal(receiver.stats.callbackErrors, 1)
      assert.deepEqual(seen.map((e) => e.community), ['anything', 'whatever'])
    } finally {
      await receiver.close()
    }
  })

  test('a port already taken is a clear error, not a crash later', async ({ assert }) => {
    const blocker = createSocket('udp4')
    const port = await new Promise<number>((resolve) => blocker.bind(0, '127.0.0.1', () => resolve(blocker.address().port)))
    try {
      await assert.rejects(() => TrapReceiver.start({ port, address: '127.0.0.1', onTrap: () => {} }), /cannot receive traps on port \d+: .*EADDRINUSE/)
    } finally {
      blocker.close()
    }
  })

  test('snmp:traps prints each notification as a JSON line and exits after --count', async ({ assert }) => {
    const port = await freeUdpPort()
    const child = spawn(process.execPath, ['ace', 'snmp:traps', '--port', String(port), '--address', '127.0.0.1', '--community', COMMUNITY, '--json', '--count', '2'], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      // It listens once it answers an inform.
      await until(
        'the command to listen',
        async () => {
          try {
            await run('snmpinform', ['-v2c', '-c', COMMUNITY, '-t', '1', '-r', '0', `127.0.0.1:${port}`, '', LINK_DOWN, `${IF}.1.21`, 'i', '21'], { env: ENV })
            return true
          } catch {
            return false
          }
        },
        30_000
      )
      await run('snmptrap', ['-v2c', '-c', 'wrong', `127.0.0.1:${port}`, '', LINK_DOWN], { env: ENV })
      await run('snmptrap', ['-v2c', '-c', COMMUNITY, `127.0.0.1:${port}`, '', '1.3.6.1.6.3.1.1.5.4', `${IF}.1.22`, 'i', '22'], { env: ENV })
      assert.equal(await exited, 0, stderr)
    } finally {
      child.kill('SIGKILL')
    }
    const lines = stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
    assert.deepEqual(lines.map((l) => [l.kind, l.ifIndex]).slice(-2), [['linkDown', 21], ['linkUp', 22]])
    assert.match(stderr, /"rejected":"unknown_community"/)
    assert.match(stderr, /"stats"/)
  }).timeout(60_000)
})

test.group('SNMP traps: snmpd in a lab namespace reports a veth going down', (group) => {
  let lab: SnmpLab
  group.setup(async () => {
    lab = await SnmpLab.create({ pairs: 1, startAgent: false })
    return () => lab.close()
  })

  test('linkDown and linkUp arrive from snmpd across the lab uplink, v2c and v3', async ({ assert }) => {
    const port = await freeUdpPort(lab.rootAddress)
    const events: TrapEvent[] = []
    const receiver = await TrapReceiver.start({
      port,
      address: lab.rootAddress,
      communities: ['gsn-lab-traps'],
      users: [{ ...V3_USER, user: 'gsnlabtrap' }],
      onTrap: (e) => events.push(e),
    })
    try {
      // snmpd reads snmpd.local.conf beside the lab's snmpd.conf (SNMPCONFPATH): the lab's own
      // configuration stays as it is. linkUpDownNotifications would check only every 60 s, so
      // the same monitors are spelled out with a 1 s period and numeric OIDs (the lab runs MIBS="").
      const conf = join(lab.dir, 'agents', 'trapper', 'conf')
      mkdirSync(conf, { recursive: true })
      writeFileSync(
        join(conf, 'snmpd.local.conf'),
        [
          'createUser gsnInternal',
          'rouser gsnInternal noauth',
          'iquerySecName gsnInternal',
          // For SNMPv3 traps snmpd is the authoritative engine: the user lives in its own USM.
          `createUser gsnlabtrap SHA "${USER.auth}" AES "${USER.priv}"`,
          `trap2sink ${lab.rootAddress}:${port} gsn-lab-traps`,
          `trapsess -v 3 -u gsnlabtrap -l authPriv -a SHA -A ${USER.auth} -x AES -X ${USER.priv} ${lab.rootAddress}:${port}`,
          `notificationEvent gsnLinkUp .1.3.6.1.6.3.1.1.5.4 .${IF}.1 .${IF}.7 .${IF}.8`,
          `notificationEvent gsnLinkDown ${'.' + LINK_DOWN} .${IF}.1 .${IF}.7 .${IF}.8`,
          `monitor -r 1 -e gsnLinkUp "link up" .${IF}.8 != 2`,
          `monitor -r 1 -e gsnLinkDown "link down" .${IF}.8 == 2`,
        ].join('\n') + '\n'
      )
      const agent = await lab.startAgent('trapper')
      const ifIndex = await lab.ifIndex(lab.pairs[0].a)
      // At start snmpd announces itself and every interface that is up.
      await until('coldStart over v2c and v3', () => events.filter((e) => e.kind === 'coldStart').length >= 2, 15_000)
      events.length = 0

      // snmpd checks its monitors every second here; its log says why, should a trap not come.
      const snmpdLog = (error: Error) => {
        throw new Error(`${error.message}\n${readFileSync(join(agent.dir, 'snmpd.log'), 'utf8').slice(-1000)}`)
      }
      await lab.setLink(lab.pairs[0].a, 'down')
      const downs = await until(
        'linkDown for the veth, v2c and v3',
        () => {
          const found = events.filter((e) => e.kind === 'linkDown' && e.ifIndex === ifIndex)
          return found.length >= 2 ? found : null
        },
        15_000
      ).catch(snmpdLog)
      assert.sameMembers(downs.map((e) => e.version), ['2c', '3'])
      for (const e of downs) {
        assert.equal(e.source.address, lab.host)
        assert.equal(e.operStatus, 2)
        assert.equal(e.adminStatus, 2)
      }
      assert.equal(downs.find((e) => e.version === '3')!.user, 'gsnlabtrap')
      assert.isNotNull(downs.find((e) => e.version === '3')!.engineId)

      await lab.setLink(lab.pairs[0].a, 'up')
      const ups = await until(
        'linkUp for the veth, v2c and v3',
        () => {
          const found = events.filter((e) => e.kind === 'linkUp' && e.ifIndex === ifIndex)
          return found.length >= 2 ? found : null
        },
        15_000
      ).catch(snmpdLog)
      assert.sameMembers(ups.map((e) => e.version), ['2c', '3'])
      for (const e of ups) assert.include(e, { operStatus: 1, adminStatus: 1 })
      // Every trap snmpd sent was read and counted as what it was; none refused.
      assert.isAtLeast(receiver.stats.byKind.linkDown, 2)
      assert.isAtLeast(receiver.stats.byKind.linkUp, 2)
      assert.equal(receiver.stats.malformed + receiver.stats.authFailures + receiver.stats.unknownCommunity, 0)
    } finally {
      await receiver.close()
    }
  }).timeout(60_000)
})
