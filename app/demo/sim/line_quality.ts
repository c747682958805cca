import { hashSeed } from '#app/demo/prng'
import type { SimDevice, SimInterface, SimNetwork } from '#app/demo/sim/model'
import { weekPosition } from '#app/demo/sim/traffic'

/**
 * What a probed line of the simulated GSN does to echo requests, as a function of the clock: one
 * model read both by the demo's past (app/demo/history.ts writes the bursts' 5-minute rows from it)
 * and by the live network (demo:network's echo responder answers each probe from it), so a line's
 * latency chart joins its history without a step.
 *
 * - A round trip of the line's own (a few ms for an uplink, 6–25 ms for an agency line across the
 *   island) that grows as the line fills (queueing on the busier direction), with a spread that
 *   widens with it.
 * - Probes lost while the interface is down (all), in the weekly calendar's error bursts (the
 *   errored share of packets), when the line is congested, and now and then one for nothing.
 * - **Loss episodes** on the probed agency (legacy) lines: each in turn, one after the other, loses
 *   8–14% of its packets for 18 minutes and its round trip grows by half (a carrier's failing
 *   repeater): above the legacy lines' 5% threshold, so the line turns degraded through the probes
 *   and its chart shows why. The turns follow the lines' circuit ids on a cycle of 25 minutes a
 *   line, from the Unix epoch, so whenever the demo runs one line is in an episode or about to be.
 */

export const PROBES_PER_BURST = 20

export const EPISODE_SLOT_S = 25 * 60
export const EPISODE_LENGTH_S = 18 * 60

/** A line under probe: where the simulation serves it. */
export interface ProbedLine {
  circuitId: string
  kind: 'legacy' | 'uplink'
  device: SimDevice
  iface: SimInterface
}

/** What a burst sent at an instant meets on a line (round trips in ms). */
export interface LineCondition {
  /** The interface is up (else every probe is lost). */
  up: boolean
  /** Share of probes lost, 0..1. */
  loss: number
  median: number
  p10: number
  p90: number
  min: number
  max: number
  jitter: number
  /** Inside one of the line's loss episodes. */
  episode: boolean
}

/** A well-spread number in [0, 1) from a line and an instant: the same instant always gets the same noise. */
export function noise(seed: number, t: number, salt: number) {
  let h = Math.imul(seed ^ Math.imul(t, 0x9e3779b1), 0x85ebca6b) ^ salt
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 4294967296
}

interface ErrorWindow {
  start: number
  end: number
  share: number
}

interface LineModel {
  seed: number
  base: number
  errors: ErrorWindow[]
  /** Slot on the episode cycle and the episode's loss, for legacy lines. */
  episode: { slot: number; loss: number } | null
}

export class LineQualityModel {
  readonly #lines = new Map<string, LineModel>()
  /** Seconds of one turn of every legacy line's episode. */
  readonly cycle: number

  constructor(network: SimNetwork, lines: readonly ProbedLine[]) {
    const legacy = [...new Set(lines.filter((l) => l.kind === 'legacy').map((l) => l.circuitId))].sort()
    this.cycle = Math.max(1, legacy.length) * EPISODE_SLOT_S
    for (const line of lines) {
      const seed = hashSeed(`probe/${line.circuitId}`)
      const slot = legacy.indexOf(line.circuitId)
      this.#lines.set(line.circuitId, {
        seed,
        base: line.kind === 'uplink' ? 1.5 + 4.5 * noise(seed, 0, 1) : 6 + 19 * noise(seed, 0, 2),
        errors: network.events
          .filter((e) => e.kind === 'errors' && e.device === line.device.hostname && e.ifIndex === line.iface.ifIndex)
          .map((e) => ({ start: e.start, end: e.end, share: e.errorShare ?? 0.01 })),
        episode: slot >= 0 ? { slot, loss: 0.08 + 0.06 * noise(seed, 0, 8) } : null,
      })
    }
  }

  /** The episode the line is in at t (Unix seconds), as [start, end), or null. */
  episodeAt(line: ProbedLine, t: number): [number, number] | null {
    const model = this.#lines.get(line.circuitId)
    if (!model?.episode) return null
    const start = Math.floor((t - model.episode.slot * EPISODE_SLOT_S) / this.cycle) * this.cycle + model.episode.slot * EPISODE_SLOT_S
    return t < start + EPISODE_LENGTH_S ? [start, start + EPISODE_LENGTH_S] : null
  }

  /** What a burst sent at t (Unix seconds) meets on the line. */
  at(line: ProbedLine, t: number): LineCondition {
    const model = this.#lines.get(line.circuitId)
    if (!model) throw new Error(`${line.circuitId} is not a probed line of this model`)
    const { iface } = line
    const { seed } = model
    const down = { up: false, loss: 1, median: 0, p10: 0, p90: 0, min: 0, max: 0, jitter: 0, episode: false }
    if (!iface.operUpAt(t)) return down
    const u = Math.max(iface.in.utilisationAt(t), iface.out.utilisationAt(t))
    const { second } = weekPosition(t)
    const error = model.errors.find((w) => second >= w.start && second < w.end)
    const episode = this.episodeAt(line, t) !== null
    let loss = (error ? error.share : 0) + (u > 0.9 ? 0.01 + 0.3 * (u - 0.9) : 0) + (episode ? model.episode!.loss : 0)
    if (noise(seed, t, 3) < 0.003) loss += 1 / PROBES_PER_BURST
    const queueing = u > 0.6 ? 3 * ((u - 0.6) / 0.4) ** 2 : 0
    const median = model.base * (1 + queueing) * (episode ? 1.5 : 1) * (0.96 + 0.08 * noise(seed, t, 5))
    const spread = 0.06 + 0.3 * u + (episode ? 0.25 : 0)
    return {
      up: true,
      loss: Math.min(1, loss),
      median,
      p10: median * (1 - spread / 2),
      p90: median * (1 + spread),
      min: median * (1 - spread / 1.5),
      max: median * (1 + 2.5 * spread) * (1 + noise(seed, t, 7)),
      jitter: median * (0.03 + 0.12 * u) * (0.8 + 0.4 * noise(seed, t, 6)),
      episode,
    }
  }

  /**
   * One probe sent at t: its round trip in ms, or null when it is lost. random() draws the loss
   * and the round trip, spread so that the burst's 10th, 50th and 90th percentiles are the
   * condition's (uniform between them, and from min and to max beyond).
   */
  probe(line: ProbedLine, t: number, random: () => number = Math.random): number | null {
    const c = this.at(line, t)
    if (!c.up || random() < c.loss) return null
    const r = random()
    const between = (a: number, b: number, share: number) => a + (b - a) * share
    if (r < 0.1) return between(c.min, c.p10, r / 0.1)
    if (r < 0.5) return between(c.p10, c.median, (r - 0.1) / 0.4)
    if (r < 0.9) return between(c.median, c.p90, (r - 0.5) / 0.4)
    return between(c.p90, c.max, (r - 0.9) / 0.1)
  }
}

/**
 * The demo's probed lines' far ends: the n-th (by link id) at DEMO_PROBE_BASE + n, in 198.19.0.0/16,
 * the upper half of the benchmarking range (RFC 2544, never routed; the tests' impaired paths use
 * 198.18.0.0/16), which demo:network routes to its TUN device.
 */
export const DEMO_PROBE_BASE = '198.19.0.0'
export const DEMO_PROBE_PREFIX = '198.19.0.0/16'
