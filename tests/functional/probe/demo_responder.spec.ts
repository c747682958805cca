import { test } from '@japa/runner'
import { EchoProber } from '#collectors/probe/echo'
import { buildDeviceSpecs, type InventoryDevice, type InventoryLink } from '#app/demo/sim/inventory'
import { DEFAULT_SIM_SEED, SimNetwork } from '#app/demo/sim/model'
import { ProbeResponder } from '#app/demo/sim/probe_responder'
import type { ProbedLine } from '#app/demo/sim/line_quality'
import { ImpairedPath } from '#tests/support/impaired_path'

/**
 * The demo network's probe responder answers each probed line's far end with the latency and loss
 * the simulation gives that line at that instant (app/demo/sim/line_quality.ts): our collector's
 * echo bursts, sent through a veth pair into a namespace of the test's own
 * (tests/support/impaired_path.ts), measure what the model says. The responder runs in the
 * namespace on its TUN device (tests/support/tun_echo_responder.ts --demo) with the simulation's clock
 * held at a chosen instant, so the condition is constant over a burst.
 *
 * Tolerances from N = 300 probes: loss is Binomial(N, p)/N, allowed 4σ = 4√(p(1−p)/N) (about
 * 7 points at p = 11%). The round trips are drawn so that the model's median is the draws' median;
 * the sample median of 300 draws lies within a few tenths of a ms of it, and the path and the
 * responder's timers (1 ms granularity, a loaded machine) add a little: allowed −1 to +4 ms.
 */

const device: InventoryDevice = {
  hostname: 'probe-test-rtr', kind: 'router', managementAddress: '127.20.250.1', snmpPort: 161,
  vendor: 'cisco', model: null, region: null, credentials: { version: '2c', community: 'public' },
}

let path: ImpairedPath
let prober: EchoProber
let links: InventoryLink[]
let responder: ProbeResponder
let legacy: ProbedLine
let uplink: ProbedLine

const answerAt = (at: number) => path.answerWith(['--demo', `${path.slow.v4.replace(/\d+$/, '128')}/25`, String(at), JSON.stringify({ devices: [device], links })])

/** The latest whole second ≤ now for which `wanted` holds. */
function instant(wanted: (t: number) => boolean) {
  for (let t = Math.floor(Date.now() / 1000); t > Date.now() / 1000 - 14 * 86_400; t -= 60) if (wanted(t)) return t
  throw new Error('no such instant in two weeks')
}

test.group('the demo network answers probes as its lines are', (group) => {
  group.setup(async () => {
    path = await ImpairedPath.create()
    prober = new EchoProber()
    const base = path.slow.v4.replace(/\d+$/, '')
    links = [
      { circuitId: 'PROBE-TEST-LEGACY', kind: 'legacy', status: 'active', bandwidthKbps: 2048, device: device.hostname, ifIndex: 1, probeAddress: `${base}130` },
      { circuitId: 'PROBE-TEST-UPLINK', kind: 'uplink', status: 'active', bandwidthKbps: 1_000_000, device: device.hostname, ifIndex: 2, probeAddress: `${base}131` },
    ]
    // The same network the responder builds, for what the model says.
    responder = new ProbeResponder(new SimNetwork(buildDeviceSpecs([device], links).specs, { seed: DEFAULT_SIM_SEED }), links)
    legacy = responder.lines.get(`${base}130`)!
    uplink = responder.lines.get(`${base}131`)!
    return async () => {
      prober.close()
      await path.close()
    }
  })

  const measure = async (at: number) => {
    await answerAt(at)
    const options = { count: 300, spacingMs: 10, timeoutMs: 2000 }
    return Promise.all([legacy, uplink].map((_, i) => prober.burst(links[i].probeAddress!, options)))
  }

  const agree = (assert: any, burst: Awaited<ReturnType<EchoProber['burst']>>, line: ProbedLine, at: number) => {
    const c = responder.model.at(line, at)
    const sigma = Math.sqrt((Math.max(c.loss, 0.01) * (1 - c.loss)) / burst.sent)
    assert.closeTo(burst.loss!, c.loss, 4 * sigma, `${line.circuitId}: loss ${burst.loss} vs the model's ${c.loss}`)
    assert.isAbove(burst.rttMedianMs!, c.median - 1, `${line.circuitId}: median ${burst.rttMedianMs} vs ${c.median}`)
    assert.isBelow(burst.rttMedianMs!, c.median + 4, `${line.circuitId}: median ${burst.rttMedianMs} vs ${c.median}`)
    assert.isAbove(burst.rttP90Ms! - burst.rttP10Ms!, 0.5 * (c.p90 - c.p10), `${line.circuitId}: spread`)
    return c
  }

  test('in a loss episode the legacy line loses its share, above the 5% threshold, and is slower', async ({ assert }) => {
    const at = instant((t) => {
      const l = responder.model.at(legacy, t)
      const u = responder.model.at(uplink, t)
      return l.episode && l.up && u.up && u.loss < 0.05 && responder.model.episodeAt(legacy, t)![0] < t - 120
    })
    const [lossy, clean] = await measure(at)
    const c = agree(assert, lossy, legacy, at)
    assert.isAtLeast(c.loss, 0.08)
    assert.isAtLeast(lossy.loss!, 0.05, 'over the legacy lines\' degraded threshold')
    agree(assert, clean, uplink, at)
  }).timeout(90_000)

  test('outside its episodes the same line answers at its own round trip, losing next to nothing', async ({ assert }) => {
    const at = instant((t) => {
      const l = responder.model.at(legacy, t)
      return !l.episode && l.up && l.loss < 0.02 && responder.model.at(uplink, t).up
    })
    const [line, up] = await measure(at)
    const c = agree(assert, line, legacy, at)
    assert.isBelow(line.loss!, 0.05)
    assert.isBelow(c.median, responder.model.at(legacy, instant((t) => responder.model.at(legacy, t).episode && responder.model.at(legacy, t).up)).median)
    agree(assert, up, uplink, at)
  }).timeout(90_000)

  test('a line that is down loses every probe; an address no line has is not answered', async ({ assert }) => {
    const at = instant((t) => !responder.model.at(legacy, t).up || !responder.model.at(uplink, t).up)
    await answerAt(at)
    const down = [legacy, uplink].findIndex((line) => !responder.model.at(line, at).up)
    const [gone, nobody] = await Promise.all(
      [links[down].probeAddress!, path.slow.v4.replace(/\d+$/, '140')].map((a) => prober.burst(a, { count: 5, spacingMs: 10, timeoutMs: 300 }))
    )
    assert.deepInclude(gone, { sent: 5, received: 0, loss: 1 })
    assert.deepInclude(nobody, { sent: 5, received: 0, loss: 1 })
  }).timeout(60_000)
})
