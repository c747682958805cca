import { test } from '@japa/runner'
import { EchoProber } from '#collectors/probe/echo'
import { summariseBurst } from '#collectors/probe/burst'
import { ImpairedPath, fping } from '#tests/support/impaired_path'

/**
 * Our echo bursts against fping 5 (Debian), both run at the same time on the same impaired paths
 * (tests/support/impaired_path.ts): a namespace dropping a share of echo requests at random
 * (nftables), and a TUN responder answering after a delay with uniform jitter. Tolerances follow
 * from N, not from what happened to pass:
 *
 *   loss p = 20 %, N = 300 probes per tool and address: each measured share is Binomial(N, p)/N,
 *   σ = √(p(1−p)/N) = 2.31 points. Each tool within 4σ of p (9.2 points) and the two within
 *   4·√2·σ (13.1 points) of each other: a false failure about once in 15,000 runs.
 *
 *   delay 40 ms ± 10 ms uniform, N = 100: the sample median of U(30, 50) has σ ≈ 20/(2√N) =
 *   1 ms, the difference of two 1.41 ms; allowed 6 ms (4.2σ), as the machine's load adds timer
 *   lateness to both tools' replies. The mean absolute difference of consecutive RTTs (jitter) of
 *   U(30, 50) is 20/3 = 6.7 ms for both; allowed 3 ms apart (its σ is about 0.6 ms at N = 100).
 */

let path: ImpairedPath
let prober: EchoProber

test.group('probes agree with fping on impaired paths', (group) => {
  group.setup(async () => {
    path = await ImpairedPath.create()
    prober = new EchoProber()
    return async () => {
      prober.close()
      await path.close()
    }
  })

  test('loss: 20% of echo requests dropped, IPv4 and IPv6', async ({ assert }) => {
    await path.setLoss(20)
    const options = { count: 300, spacingMs: 10, timeoutMs: 1000 }
    const targets = [path.lossy.v4, path.lossy.v6]
    const [reference, ...ours] = await Promise.all([fping(targets, options), ...targets.map((t) => prober.burst(t, options))])
    const sigma = Math.sqrt((0.2 * 0.8) / options.count)
    for (const burst of ours) {
      const theirs = reference.get(burst.address)
      assert.exists(theirs, `fping reported ${burst.address}`)
      assert.equal(burst.sent, 300)
      assert.equal(theirs!.sent, 300)
      assert.closeTo(burst.loss!, 0.2, 4 * sigma, `our loss to ${burst.address}`)
      assert.closeTo(theirs!.loss, 0.2, 4 * sigma, `fping's loss to ${burst.address}`)
      assert.closeTo(burst.loss!, theirs!.loss, 4 * Math.SQRT2 * sigma, `ours vs fping to ${burst.address}`)
      // What was answered was timed: every RTT of a lossless local path is well under a second.
      assert.isBelow(burst.rttMaxMs!, 1000)
    }
    await path.setLoss(0)
  }).timeout(60_000)

  test('a path dropping everything is all loss; a clean one none', async ({ assert }) => {
    await path.setLoss(100)
    const lost = await Promise.all([path.lossy.v4, path.lossy.v6].map((t) => prober.burst(t, { count: 5, spacingMs: 10, timeoutMs: 300 })))
    for (const burst of lost) assert.deepInclude(burst, { sent: 5, received: 0, loss: 1, rttMedianMs: null })
    await path.setLoss(0)
    const clean = await Promise.all([path.lossy.v4, path.lossy.v6].map((t) => prober.burst(t, { count: 20, spacingMs: 10, timeoutMs: 1000 })))
    for (const burst of clean) assert.deepInclude(burst, { sent: 20, received: 20, loss: 0 })
  }).timeout(30_000)

  test('latency and jitter: 40 ms ± 10 ms behind a TUN responder, IPv4 and IPv6', async ({ assert }) => {
    await path.setDelay(40, 10)
    const options = { count: 100, spacingMs: 20, timeoutMs: 2000 }
    const targets = [path.slow.v4, path.slow.v6]
    const [reference, ...ours] = await Promise.all([fping(targets, options), ...targets.map((t) => prober.burst(t, options))])
    for (const burst of ours) {
      const theirs = summariseBurst(reference.get(burst.address)!.rtts)
      assert.equal(burst.received, 100, `every probe to ${burst.address} answered`)
      assert.equal(theirs.received, 100)
      // No reply leaves the responder before 30 ms, less what its timers may fire early (1 ms
      // granularity, and an event loop clock read before the wait began): under it, a clock error.
      assert.isAbove(burst.rttMedianMs!, 36)
      assert.isAbove(burst.rttMinMs!, 27)
      assert.closeTo(burst.rttMedianMs!, theirs.rttMedianMs!, 6, `median to ${burst.address}: ours vs fping`)
      assert.closeTo(burst.jitterMs!, theirs.jitterMs!, 3, `jitter to ${burst.address}: ours vs fping`)
      assert.isAbove(burst.rttP90Ms! - burst.rttP10Ms!, 8, 'the spread of ±10 ms jitter shows')
    }
    // Every reply was timed by the kernel on arrival, not when the event loop got to it.
    assert.equal(prober.unstamped, 0)
  }).timeout(60_000)
})
