import { test } from '@japa/runner'
import { SnmpLab, LAB_USERS } from '#tests/support/snmp_lab'
import { SnmpSession } from '#collectors/snmp/session'
import { pollDevice, type DevicePoll } from '#collectors/snmp/interfaces'
import { SnmpPoller } from '#collectors/snmp/poller'
import { ensureDesPrivacy, opensslHasDes } from '#collectors/snmp/des_fallback'

/** Net-SNMP turns a text engineID into the RFC 3411 "text" format: enterprise 8072, type 4. */
const textEngineId = (text: string) => '80001f8804' + Buffer.from(text).toString('hex')

function okOf(result: DevicePoll) {
  if (!result.ok) throw new Error(`poll failed: ${result.error.kind}: ${result.error.message}`)
  return result
}

test.group('SNMP polling: SNMPv3 against Net-SNMP snmpd', (group) => {
  let lab: SnmpLab
  group.setup(async () => {
    lab = await SnmpLab.create({ pairs: 1 })
    return () => lab.close()
  })

  const poll = async (credentials: ReturnType<SnmpLab['credentialsV3']>, port = lab.port) => {
    const session = new SnmpSession({ host: lab.host, port, credentials, timeoutMs: 800, retries: 0 })
    try {
      return await pollDevice(session, 'lab')
    } finally {
      session.close()
    }
  }

  test('authPriv with SHA and AES: engine discovered, interfaces read', async ({ assert }) => {
    const result = okOf(await poll(lab.credentialsV3('shaAes')))
    assert.includeMembers(
      [...result.snapshot.interfaces.values()].map((i) => i.name),
      [lab.pairs[0].a, lab.pairs[0].b]
    )
    assert.match(result.engine!.id, /^80001f88/)
    assert.isAtLeast(result.engine!.boots!, 1)
  })

  for (const which of ['sha256Aes256', 'sha512Aes256c', 'md5Des'] as const) {
    test(`authPriv with ${LAB_USERS[which].authProtocol} and ${LAB_USERS[which].privProtocol}`, async ({ assert }) => {
      if (which === 'md5Des') {
        // OpenSSL 3 dropped DES; our own DES must be the one answering here.
        assert.equal(ensureDesPrivacy(), !opensslHasDes())
      }
      const result = okOf(await poll(lab.credentialsV3(which)))
      assert.isAbove(result.snapshot.interfaces.size, 2)
    })
  }

  const refusals = [
    { name: 'a wrong authentication key', change: { authKey: 'not-the-auth-key' }, message: /Wrong Digest/ },
    // snmpd cannot decrypt and stays silent; the discovery it did answer gives it away.
    { name: 'a wrong privacy key', change: { privKey: 'not-the-priv-key' }, message: /privacy key/ },
    { name: 'an unknown user', change: { user: 'nobody-here' }, message: /Unknown User Name/ },
  ]
  for (const refusal of refusals) {
    test(`${refusal.name} is an auth error`, async ({ assert }) => {
      const result = await poll({ ...lab.credentialsV3('shaAes'), ...refusal.change } as any)
      assert.isFalse(result.ok)
      if (!result.ok) {
        assert.equal(result.error.kind, 'auth')
        assert.match(result.error.message, refusal.message)
      }
    })
  }

  test('two devices sharing one engine ID are both polled, and the sharing is reported', async ({ assert }) => {
    const twinA = await lab.startAgent('twin-a', { engineId: 'gsn-twin' })
    const twinB = await lab.startAgent('twin-b', { engineId: 'gsn-twin' })
    // Different boots and times behind the same engine ID, as with a cloned configuration.
    await lab.restartAgent('twin-b')
    await lab.restartAgent('twin-b')
    const poller = new SnmpPoller({ concurrency: 4 })
    try {
      const targets = [twinA, twinB].map((agent) => ({
        id: agent.name,
        host: lab.host,
        port: agent.port,
        credentials: lab.credentialsV3('shaAes'),
        timeoutMs: 800,
      }))
      for (let cycle = 0; cycle < 3; cycle++) {
        const { results, stats } = await poller.pollCycle(targets)
        assert.equal(stats.ok, 2, `cycle ${cycle}: ${JSON.stringify(results.map((r) => !r.ok && r.error))}`)
        assert.equal(stats.rediscoveries, 0)
        assert.deepEqual(stats.sharedEngineIds, [{ engineId: textEngineId('gsn-twin'), devices: stats.sharedEngineIds[0]?.devices }])
        assert.sameMembers(stats.sharedEngineIds[0].devices, ['twin-a', 'twin-b'])
        const boots = Object.fromEntries(results.map((r) => [r.device, r.engine!.boots]))
        assert.equal(boots['twin-a'], 1)
        assert.equal(boots['twin-b'], 3)
      }
    } finally {
      poller.close()
      await lab.stopAgent('twin-a')
      await lab.stopAgent('twin-b')
    }
  })

  test('an agent that restarts, then loses its engineBoots, is found again by the same session', async ({ assert }) => {
    const agent = await lab.startAgent('phoenix', { engineId: 'gsn-phoenix' })
    const session = new SnmpSession({ host: lab.host, port: agent.port, credentials: lab.credentialsV3('shaAes'), timeoutMs: 800, retries: 0 })
    try {
      const first = okOf(await pollDevice(session, 'phoenix'))
      assert.equal(first.engine!.boots, 1)
      assert.equal(first.engine!.id, textEngineId('gsn-phoenix'))

      // An ordinary restart: engineBoots goes up.
      await lab.restartAgent('phoenix')
      await lab.restartAgent('phoenix')
      const restarted = okOf(await pollDevice(session, 'phoenix'))
      assert.equal(restarted.engine!.boots, 3)

      // Its flash wiped: engineBoots back to 1 under the same engine ID. Our notion (boots 3) is
      // now ahead of the agent's, which net-snmp alone never accepts again.
      await lab.restartAgent('phoenix', { forgetState: true })
      const reset = okOf(await pollDevice(session, 'phoenix'))
      assert.equal(reset.engine!.boots, 1)
      assert.equal(reset.engine!.id, textEngineId('gsn-phoenix'))
      assert.equal(reset.rediscoveries, 1)
      assert.isTrue((await pollDevice(session, 'phoenix')).ok)
    } finally {
      session.close()
      await lab.stopAgent('phoenix')
    }
  })

  test('a replaced device (new engine ID at the same address) is discovered again', async ({ assert }) => {
    const agent = await lab.startAgent('swap')
    const session = new SnmpSession({ host: lab.host, port: agent.port, credentials: lab.credentialsV3('shaAes'), timeoutMs: 800, retries: 0 })
    try {
      const before = okOf(await pollDevice(session, 'swap'))
      await lab.restartAgent('swap', { forgetState: true })
      const after = okOf(await pollDevice(session, 'swap'))
      assert.notEqual(after.engine!.id, before.engine!.id)
      // net-snmp follows the unknownEngineID report itself while our notion of the old engine's
      // time still fits the new one's window (as here, seconds apart); later it is our resync.
      assert.isAtMost(after.rediscoveries, 1)
    } finally {
      session.close()
      await lab.stopAgent('swap')
    }
  })
})
