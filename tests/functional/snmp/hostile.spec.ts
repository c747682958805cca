import { test } from '@japa/runner'
import { SnmpLab } from '#tests/support/snmp_lab'
import { SnmpSession } from '#collectors/snmp/session'
import { pollDevice, type DevicePoll } from '#collectors/snmp/interfaces'
import { SnmpPoller, type PollTarget } from '#collectors/snmp/poller'
import { behaviours, closedPort, startHostileAgent, type HostileAgent } from '#tests/functional/snmp/hostile_agents'
import { until } from '#tests/support/wait'

function errorOf(result: DevicePoll | undefined) {
  if (!result) throw new Error('no result for the device')
  if (result.ok) throw new Error(`${result.device} was polled fine, an error was expected`)
  return result.error
}

test.group('SNMP polling: bad answers and silent devices', (group) => {
  let lab: SnmpLab
  const agents: HostileAgent[] = []
  group.setup(async () => {
    lab = await SnmpLab.create({ pairs: 1 })
    return async () => {
      for (const agent of agents) await agent.close()
      await lab.close()
    }
  })
  const hostile = async (behaviour: Parameters<typeof startHostileAgent>[0]) => {
    const agent = await startHostileAgent(behaviour)
    agents.push(agent)
    return agent
  }
  const v2c = (id: string, port: number, extra: Partial<PollTarget> = {}): PollTarget => ({
    id,
    host: '127.0.0.1',
    port,
    credentials: { version: '2c', community: 'public' },
    timeoutMs: 300,
    retries: 0,
    ...extra,
  })

  test('a wrong community is a timeout on that device only', async ({ assert }) => {
    const poller = new SnmpPoller({ concurrency: 4 })
    try {
      const healthy = { id: 'healthy', host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), timeoutMs: 1000 }
      const wrong = { ...healthy, id: 'wrong', credentials: lab.credentialsV2c('not-the-community'), timeoutMs: 300, retries: 0 }
      const { results, stats } = await poller.pollCycle([wrong, healthy])
      assert.isTrue(results.find((r) => r.device === 'healthy')!.ok)
      const error = errorOf(results.find((r) => r.device === 'wrong'))
      assert.equal(error.kind, 'timeout')
      assert.match(error.message, /wrong community/)
      assert.deepEqual(stats.failedByKind, { timeout: 1 })
      assert.equal(stats.ok, 1)
    } finally {
      poller.close()
    }
  })

  test('a device that never answers does not hold up a healthy one beyond its own timeout', async ({ assert }) => {
    const silentPort = await closedPort()
    const blackHole = await hostile(() => null)
    const poller = new SnmpPoller({ concurrency: 4 })
    const deadTimeoutMs = 2000
    try {
      // What was going on when the healthy device's answer came in.
      let whenHealthy: { inFlight: string[]; blackHoleRequests: number } | undefined
      const { results } = await poller.pollCycle(
        [
          v2c('closed-port', silentPort, { timeoutMs: deadTimeoutMs, retries: 1 }),
          v2c('black-hole', blackHole.port, { timeoutMs: deadTimeoutMs, retries: 1 }),
          { id: 'healthy', host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), timeoutMs: deadTimeoutMs },
        ],
        {
          onResult: (r) => {
            if (r.device === 'healthy') whenHealthy = { inFlight: [...poller.inFlight], blackHoleRequests: blackHole.requests.length }
          },
        }
      )
      assert.isTrue(results.find((r) => r.device === 'healthy')!.ok)
      assert.equal(errorOf(results.find((r) => r.device === 'closed-port')).kind, 'timeout')
      assert.equal(errorOf(results.find((r) => r.device === 'black-hole')).kind, 'timeout')
      // The healthy device was done while both silent ones were still on their first attempt
      // (the black hole had not been asked again), and each silent one took its two attempts.
      assert.sameMembers(whenHealthy!.inFlight, ['closed-port', 'black-hole'])
      assert.equal(whenHealthy!.blackHoleRequests, 1)
      assert.equal(blackHole.requests.length, 2)
    } finally {
      poller.close()
    }
  })

  test('devices that failed last cycle cannot take every slot: the healthy one goes first', async ({ assert }) => {
    // One silent agent for the four dead devices: each request it gets is a dead device starting,
    // and at that moment we note how many dead devices the poller has in flight.
    const suspectsInFlight: number[] = []
    let healthyStarted = false
    let healthyStartedBeforeSuspects: boolean | undefined
    const deadInFlight = () => [...poller.inFlight].filter((id) => id.startsWith('dead-'))
    const blackHole = await hostile(() => {
      suspectsInFlight.push(deadInFlight().length)
      healthyStartedBeforeSuspects ??= healthyStarted || poller.inFlight.has('healthy')
      return null
    })
    const dead = [0, 1, 2, 3].map((i) => v2c(`dead-${i}`, blackHole.port, { timeoutMs: 700, retries: 0 }))
    const healthy: PollTarget = { id: 'healthy', host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), timeoutMs: 1000 }
    // Two slots: in the first cycle the dead devices, listed first, hold both.
    const poller = new SnmpPoller({ concurrency: 2 })
    try {
      const first: string[] = []
      await poller.pollCycle([...dead, healthy], { onResult: (r) => first.push(r.device) })
      assert.deepEqual(first.slice(0, 2).sort(), ['dead-0', 'dead-1'], 'first cycle: nothing known, the healthy device waited for a slot')
      assert.equal(Math.max(...suspectsInFlight), 2)

      // Now they are suspects: at most one slot (a quarter of two, at least one) is theirs, and
      // the healthy device is started before any of them.
      suspectsInFlight.length = 0
      healthyStartedBeforeSuspects = undefined
      const { stats } = await poller.pollCycle([...dead, healthy], {
        onResult: (r) => r.device === 'healthy' && (healthyStarted = true),
      })
      assert.isTrue(healthyStartedBeforeSuspects, 'the healthy device was started before the first suspect')
      assert.equal(stats.ok, 1)
      assert.equal(stats.failed, 4)
      assert.deepEqual(suspectsInFlight, [1, 1, 1, 1], 'one suspect at a time')

      // A cycle of suspects still running holds one slot, not both: another cycle's healthy
      // device is polled while the suspect is still waiting for its answer.
      suspectsInFlight.length = 0
      const suspectsCycle = poller.pollCycle(dead.map((d) => ({ ...d, timeoutMs: 1500 })))
      await until('a suspect to hold its slot', () => suspectsInFlight.length > 0)
      let stillWaiting: string[] = []
      const alone = await poller.pollCycle([healthy], { onResult: () => (stillWaiting = deadInFlight()) })
      assert.equal(alone.stats.ok, 1)
      assert.lengthOf(stillWaiting, 1, 'a suspect was still being polled when the healthy device was done')
      await suspectsCycle
      assert.deepEqual(suspectsInFlight, [1, 1, 1, 1])
    } finally {
      poller.close()
    }
  })

  test('the concurrency limit holds across overlapping cycles', async ({ assert }) => {
    // Each request the silent agent gets is a poll starting: note how many were in flight then.
    const inFlightAtStart: number[] = []
    const blackHole = await hostile(() => {
      inFlightAtStart.push(poller.inFlight.size)
      return null
    })
    const poller = new SnmpPoller({ concurrency: 2 })
    try {
      const devices = (prefix: string) => [1, 2, 3].map((n) => v2c(`${prefix}-${n}`, blackHole.port, { timeoutMs: 400 }))
      const [a, b] = await Promise.all([poller.pollCycle(devices('a')), poller.pollCycle(devices('b'))])
      assert.equal(a.stats.polled + b.stats.polled, 6)
      assert.equal(blackHole.requests.length, 6)
      assert.isAtMost(Math.max(...inFlightAtStart), 2)
      assert.include(inFlightAtStart, 2, 'both slots were used at once')
    } finally {
      poller.close()
    }
  })

  test('garbage datagrams are reported as malformed, nothing crashes, the other device is polled', async ({ assert }) => {
    const garbage = await hostile(behaviours.garbage())
    const poller = new SnmpPoller()
    try {
      const { results } = await poller.pollCycle([
        v2c('garbage', garbage.port),
        { id: 'healthy', host: lab.host, port: lab.port, credentials: lab.credentialsV2c() },
      ])
      const error = errorOf(results.find((r) => r.device === 'garbage'))
      assert.equal(error.kind, 'malformed')
      assert.match(error.message, /not SNMP/)
      assert.isTrue(results.find((r) => r.device === 'healthy')!.ok)
    } finally {
      poller.close()
    }
  })

  test('an agent whose walk does not move is malformed, not an endless loop', async ({ assert }) => {
    const stuck = await hostile(behaviours.stuck())
    const session = new SnmpSession(v2c('stuck', stuck.port))
    try {
      const error = errorOf(await pollDevice(session, 'stuck'))
      assert.equal(error.kind, 'malformed')
      assert.match(error.message, /walks backwards/)
      assert.isBelow(stuck.requests.length, 5)
    } finally {
      session.close()
    }
  })

  test('a table that never ends is stopped and reported as oversized', async ({ assert }) => {
    const endless = await hostile(behaviours.endless())
    const session = new SnmpSession(v2c('endless', endless.port))
    try {
      const error = errorOf(await pollDevice(session, 'endless', { maxRows: 500 }))
      assert.equal(error.kind, 'oversized')
      assert.match(error.message, /more than 500 rows/)
    } finally {
      session.close()
    }
  })

  test('a Counter64 wider than 64 bits is malformed', async ({ assert }) => {
    const wide = await hostile(behaviours.wideCounter())
    const session = new SnmpSession(v2c('wide', wide.port))
    try {
      const error = errorOf(await pollDevice(session, 'wide', { ifIndexes: [1] }))
      assert.equal(error.kind, 'malformed')
      assert.match(error.message, /more than 64 bits/)
    } finally {
      session.close()
    }
  })

  test('tooBig makes the walk ask for less; an agent that refuses even one row is oversized', async ({ assert }) => {
    const tooBig = await hostile(behaviours.tooBig())
    const session = new SnmpSession(v2c('too-big', tooBig.port))
    try {
      const error = errorOf(await pollDevice(session, 'too-big'))
      assert.equal(error.kind, 'oversized')
      const repetitions = tooBig.requests.map((r) => r.maxRepetitions)
      assert.equal(repetitions.at(-1), 1)
      for (let i = 1; i < repetitions.length; i++) assert.isBelow(repetitions[i], repetitions[i - 1])
    } finally {
      session.close()
    }
  })

  test('a poll that runs past its deadline is cut off as a timeout', async ({ assert }) => {
    const blackHole = await hostile(() => null)
    const session = new SnmpSession(v2c('slow', blackHole.port, { timeoutMs: 5000, retries: 3 }))
    try {
      const result = await pollDevice(session, 'slow', { deadlineMs: 300 })
      const error = errorOf(result)
      assert.equal(error.kind, 'timeout')
      assert.match(error.message, /deadline of 300 ms/)
      // Cut off during the first request's 5 s wait: none of the three retries was sent.
      assert.equal(blackHole.requests.length, 1)
    } finally {
      session.close()
    }
  })

  test('a poll cycle longer than its interval counts late and skipped devices', async ({ assert }) => {
    const blackHole = await hostile(() => null)
    // The deadline is well past the interval: a deadline equal to it may fire a fraction of a
    // millisecond early (timers run on the loop's millisecond clock), leaving slow-1 on time.
    const poller = new SnmpPoller({ concurrency: 1, intervalMs: 400, deadlineMs: 800 })
    try {
      const { stats, skipped } = await poller.pollCycle([
        v2c('slow-1', blackHole.port, { timeoutMs: 500 }),
        v2c('slow-2', blackHole.port, { timeoutMs: 500 }),
      ])
      assert.isTrue(stats.overran)
      assert.equal(stats.late, 1)
      assert.equal(stats.skipped, 1)
      assert.deepEqual(skipped, [{ device: 'slow-2', reason: 'out_of_time' }])
    } finally {
      poller.close()
    }
  })

  test('a device still in flight from the previous cycle is skipped, not polled twice', async ({ assert }) => {
    const blackHole = await hostile(() => null)
    const poller = new SnmpPoller({ concurrency: 4 })
    try {
      const slow = v2c('slow', blackHole.port, { timeoutMs: 600 })
      const firstCycle = poller.pollCycle([slow])
      await until('the first poll to be under way', () => blackHole.requests.length > 0)
      const second = await poller.pollCycle([slow])
      assert.deepEqual(second.skipped, [{ device: 'slow', reason: 'in_flight' }])
      assert.equal(second.stats.polled, 0)
      await firstCycle
      assert.equal(blackHole.requests.length, 1)
    } finally {
      poller.close()
    }
  })

  test('bad credentials in the inventory fail that device as config, the cycle goes on', async ({ assert }) => {
    const poller = new SnmpPoller()
    try {
      const { results } = await poller.pollCycle([
        { id: 'typo', host: lab.host, port: lab.port, credentials: { version: '3', user: 'noc', level: 'authPriv', authKey: 'short', privKey: 'short' } },
        { id: 'healthy', host: lab.host, port: lab.port, credentials: lab.credentialsV2c() },
      ])
      assert.equal(errorOf(results.find((r) => r.device === 'typo')).kind, 'config')
      assert.isTrue(results.find((r) => r.device === 'healthy')!.ok)
    } finally {
      poller.close()
    }
  })
})
