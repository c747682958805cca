import { SnmpError, type SnmpErrorKind } from '#collectors/snmp/errors'
import { pollDevice, type DevicePoll, type ReadOptions } from '#collectors/snmp/interfaces'
import { SnmpSession, type SnmpTarget } from '#collectors/snmp/session'

/** A device to poll: where, how, and optionally only which interfaces. */
export interface PollTarget extends SnmpTarget, ReadOptions {
  /** Stable identity (the device's id or hostname): sessions and in-flight state hang off it. */
  id: string
  /** Bound for the whole poll of this device; defaults to the poller's. */
  deadlineMs?: number
}

export interface PollerOptions {
  /** Devices polled at the same time, over all devices and overlapping cycles. */
  concurrency?: number
  /**
   * Share of the concurrency that devices which failed last time may hold. Dead devices cost a
   * full timeout each; with a cap they can never take every slot while healthy ones wait.
   */
  suspectShare?: number
  /** The cycle interval: polls that end after it are late, ones that would start after it are skipped. */
  intervalMs?: number
  /** Bound for one device's whole poll (all its requests); default: the interval. */
  deadlineMs?: number
}

export type SkipReason = 'in_flight' | 'out_of_time'

export interface CycleStats {
  startedAt: Date
  durationMs: number
  devices: number
  polled: number
  ok: number
  failed: number
  failedByKind: Partial<Record<SnmpErrorKind, number>>
  /** Values received (varbinds) over the cycle. */
  values: number
  valuesPerSecond: number
  requests: number
  /** Polls that ended after the interval had passed. */
  late: number
  /** Devices not polled this cycle (still in flight from before, or no time left). */
  skipped: number
  /** The cycle took longer than its interval. */
  overran: boolean
  /** SNMPv3 engines discovered again after a restart or replacement. */
  rediscoveries: number
  /** Engine IDs reported by more than one device (harmless here, a config smell to show). */
  sharedEngineIds: Array<{ engineId: string; devices: string[] }>
}

export interface CycleResult {
  results: DevicePoll[]
  skipped: Array<{ device: string; reason: SkipReason }>
  stats: CycleStats
}

/** A counting semaphore: at most `size` holders, the rest wait in arrival order. */
class Slots {
  #free: number
  #waiting: Array<() => void> = []
  constructor(size: number) {
    this.#free = size
  }
  acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--
      return Promise.resolve()
    }
    return new Promise((resolve) => this.#waiting.push(resolve))
  }
  release() {
    const next = this.#waiting.shift()
    if (next) next()
    else this.#free++
  }
}

interface SessionEntry {
  session: SnmpSession
  fingerprint: string
}

function fingerprint(t: PollTarget) {
  return JSON.stringify([t.host, t.port ?? null, t.credentials, t.timeoutMs ?? null, t.retries ?? null])
}

/**
 * Polls many devices at once. Each device has its own session (kept between cycles, so SNMPv3
 * engine discovery happens once, not every minute), at most one poll in flight, its own timeouts
 * and a deadline for its whole poll; a global limit caps the polls in flight, and devices that
 * failed last time are polled last and in a limited number of slots. So one unreachable device,
 * or a hundred, costs their own timeouts and not the healthy devices' polls.
 *
 * Callable directly (pollCycle); the BullMQ scheduling that spreads devices over collector
 * processes wraps this.
 */
export class SnmpPoller {
  readonly concurrency: number
  readonly suspectSlots: number
  readonly intervalMs: number
  readonly deadlineMs: number
  #sessions = new Map<string, SessionEntry>()
  #inFlight = new Set<string>()
  #failedLastTime = new Set<string>()
  #lastAttempt = new Map<string, number>()
  #slots: Slots
  #suspectSlots: Slots

  constructor(options: PollerOptions = {}) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 64))
    this.suspectSlots = Math.max(1, Math.floor(this.concurrency * (options.suspectShare ?? 0.25)))
    this.intervalMs = options.intervalMs ?? 60_000
    this.deadlineMs = options.deadlineMs ?? this.intervalMs
    this.#slots = new Slots(this.concurrency)
    this.#suspectSlots = new Slots(this.suspectSlots)
  }

  /** Devices whose poll has not finished yet (across overlapping cycles). */
  get inFlight(): ReadonlySet<string> {
    return this.#inFlight
  }

  #session(target: PollTarget): SnmpSession {
    const print = fingerprint(target)
    const entry = this.#sessions.get(target.id)
    if (entry && entry.fingerprint === print) return entry.session
    entry?.session.close()
    const session = new SnmpSession(target)
    this.#sessions.set(target.id, { session, fingerprint: print })
    return session
  }

  async #pollOne(target: PollTarget): Promise<DevicePoll> {
    let session: SnmpSession
    try {
      session = this.#session(target)
    } catch (error) {
      const e = error instanceof SnmpError ? error : new SnmpError('internal', String(error))
      return { ok: false, device: target.id, error: e.toJSON(), values: 0, requests: 0, durationMs: 0, engine: null, rediscoveries: 0 }
    }
    try {
      return await pollDevice(session, target.id, {
        ifIndexes: target.ifIndexes,
        maxRepetitions: target.maxRepetitions,
        targetVarbinds: target.targetVarbinds,
        maxRows: target.maxRows,
        deadlineMs: target.deadlineMs ?? this.deadlineMs,
        health: target.health,
      })
    } catch (error) {
      // pollDevice does not throw; should it ever, the device fails and the cycle goes on.
      const message = error instanceof Error ? error.message : String(error)
      return { ok: false, device: target.id, error: { kind: 'internal', message }, values: 0, requests: 0, durationMs: 0, engine: null, rediscoveries: 0 }
    }
  }

  /**
   * One cycle over the given devices. Results arrive through onResult as each device finishes
   * (so a caller can store them without waiting for the slowest device) and all together at the end.
   */
  async pollCycle(targets: PollTarget[], options: { onResult?: (result: DevicePoll) => void } = {}): Promise<CycleResult> {
    const startedAt = new Date()
    const t0 = performance.now()
    const results: DevicePoll[] = []
    const skipped: CycleResult['skipped'] = []
    let late = 0

    const seen = new Set<string>()
    const healthy: PollTarget[] = []
    const suspects: PollTarget[] = []
    for (const target of targets) {
      if (seen.has(target.id)) continue
      seen.add(target.id)
      if (this.#inFlight.has(target.id)) skipped.push({ device: target.id, reason: 'in_flight' })
      else if (this.#failedLastTime.has(target.id)) suspects.push(target)
      else healthy.push(target)
    }
    // Among suspects, the one tried longest ago goes first, so a large outage rotates through all
    // of them instead of always skipping the same tail.
    suspects.sort((a, b) => (this.#lastAttempt.get(a.id) ?? 0) - (this.#lastAttempt.get(b.id) ?? 0))

    const pollOne = async (target: PollTarget, suspect: boolean) => {
      this.#inFlight.add(target.id)
      this.#lastAttempt.set(target.id, Date.now())
      let result: DevicePoll
      try {
        result = await this.#pollOne(target)
      } finally {
        this.#inFlight.delete(target.id)
        this.#slots.release()
        if (suspect) this.#suspectSlots.release()
      }
      if (result.ok) this.#failedLastTime.delete(target.id)
      else this.#failedLastTime.add(target.id)
      if (performance.now() - t0 > this.intervalMs) late++
      results.push(result)
      try {
        options.onResult?.(result)
      } catch {
        // A failing consumer must not stop the polling of the other devices.
      }
    }

    // Healthy devices are started first; every start waits for a free slot of the poller (shared by
    // overlapping cycles), suspects for one of their own few slots as well.
    const running: Array<Promise<void>> = []
    for (const [list, suspect] of [
      [healthy, false],
      [suspects, true],
    ] as const) {
      for (const target of list) {
        if (suspect) await this.#suspectSlots.acquire()
        await this.#slots.acquire()
        if (performance.now() - t0 > this.intervalMs || this.#inFlight.has(target.id)) {
          this.#slots.release()
          if (suspect) this.#suspectSlots.release()
          skipped.push({ device: target.id, reason: this.#inFlight.has(target.id) ? 'in_flight' : 'out_of_time' })
          continue
        }
        running.push(pollOne(target, suspect))
      }
    }
    await Promise.all(running)

    const durationMs = performance.now() - t0
    const failedByKind: CycleStats['failedByKind'] = {}
    let values = 0
    let requests = 0
    let rediscoveries = 0
    const byEngine = new Map<string, string[]>()
    for (const r of results) {
      values += r.values
      requests += r.requests
      rediscoveries += r.rediscoveries
      if (!r.ok) failedByKind[r.error.kind] = (failedByKind[r.error.kind] ?? 0) + 1
      if (r.engine) byEngine.set(r.engine.id, [...(byEngine.get(r.engine.id) ?? []), r.device])
    }
    const ok = results.filter((r) => r.ok).length
    return {
      results,
      skipped,
      stats: {
        startedAt,
        durationMs,
        devices: seen.size,
        polled: results.length,
        ok,
        failed: results.length - ok,
        failedByKind,
        values,
        valuesPerSecond: durationMs > 0 ? (values * 1000) / durationMs : 0,
        requests,
        late,
        skipped: skipped.length,
        overran: durationMs > this.intervalMs,
        rediscoveries,
        sharedEngineIds: [...byEngine.entries()]
          .filter(([, devices]) => devices.length > 1)
          .map(([engineId, devices]) => ({ engineId, devices })),
      },
    }
  }

  /** Drops a device's session (it left the inventory or moved to another collector). */
  forget(id: string) {
    this.#sessions.get(id)?.session.close()
    this.#sessions.delete(id)
    this.#failedLastTime.delete(id)
    this.#lastAttempt.delete(id)
  }

  close() {
    for (const id of [...this.#sessions.keys()]) this.forget(id)
  }
}
