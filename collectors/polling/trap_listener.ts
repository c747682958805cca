import { EventEmitter } from 'node:events'
import type { SnmpCredentials } from '#collectors/snmp/credentials'
import { TrapReceiver, type TrapDrops, type TrapEvent, type TrapKind, type TrapRejection } from '#collectors/snmp/traps'
import { PollSchedule } from '#collectors/polling/schedule'
import type { QueueSite } from '#collectors/polling/wire'

export interface TrapCredentials {
  communities: string[]
  users: SnmpCredentials[]
}

export interface TrapListenerOptions {
  site: QueueSite
  port: number
  /** Address to listen on (default all IPv4 addresses). */
  address?: string
  /**
   * Communities and SNMPv3 users to accept: those the devices are polled with, read by the
   * service side (app/monitoring/ingest/targets.ts), plus any given on the command line.
   */
  credentials: () => Promise<TrapCredentials>
  /** The devices at the address a trap is about (service side: devices.management_address). */
  devicesAt: (address: string) => Promise<number[]>
  /** How often the accepted credentials are read again; the receiver restarts when they changed. Default 60 s. */
  refreshMs?: number
  /**
   * A trap refused for credentials we do not know (a device added or re-keyed since the last
   * read) reads them again at once, at most this often. Default 5 s.
   */
  recheckMs?: number
  /** Datagrams taken per second from one address (default 200) and from all (default 2000); see TrapReceiverOptions. */
  perSourcePerSecond?: number
  perSecond?: number
}

/**
 * How long the devices at an address are remembered: a device sending a thousand traps a second
 * costs one lookup a second, not a thousand; a device just added is found after this at worst.
 */
const DEVICES_AT_KEPT_MS = 1000

/** Refusals that a fresher copy of the devices' credentials could turn into acceptance. */
const CREDENTIAL_MISSES = new Set(['unknown_community', 'unknown_user', 'auth_failure', 'decrypt_failure'])

export interface TrapOutcome {
  kind: TrapKind
  address: string
  ifIndex?: number
  /** polled: an immediate poll was queued for each device; ignored: not a trap we act on. */
  action: 'polled' | 'ignored' | 'unknown_device'
  devices: number[]
}

/** Notifications that say an interface or the whole device changed: read it again now. */
const ACTED_ON = new Set<TrapKind>(['linkDown', 'linkUp', 'coldStart', 'warmStart'])

const fingerprint = (c: TrapCredentials) => JSON.stringify([[...c.communities].sort(), c.users.map((u) => JSON.stringify(u)).sort()])

/**
 * Turns traps into immediate polls. A linkDown, linkUp, coldStart or warmStart from a device
 * queues a poll of that device ahead of the schedule (PollSchedule.pollNow), so a link that goes
 * down is seen within a second or so instead of up to a poll interval later.
 *
 * Why a poll and not an observation made from the trap itself: the poll reads ifOperStatus and
 * ifAdminStatus as they are now, so a port shut on purpose is told from a fault, traps that
 * arrive out of order or twice do no harm, and a forged or misaddressed trap can at worst cost
 * one extra poll. Everything after the poll (rates, states, incidents) is the ordinary path.
 *
 * Emits 'trap' (TrapOutcome) for each accepted notification, 'rejected' (TrapRejection) for
 * refused ones, 'dropped' (TrapDrops) once a second while a flood is cut down to its share, and
 * 'error' when queueing failed.
 */
export class TrapListener extends EventEmitter {
  readonly schedule: PollSchedule
  #options: TrapListenerOptions
  #receiver: TrapReceiver | null = null
  #print = ''
  #timer: NodeJS.Timeout | null = null
  #lastRead = 0
  #reading: Promise<void> | null = null
  #devicesAt = new Map<string, { at: number; devices: Promise<number[]> }>()

  private constructor(options: TrapListenerOptions) {
    super()
    this.#options = options
    this.schedule = new PollSchedule(options.site)
  }

  static async start(options: TrapListenerOptions): Promise<TrapListener> {
    const listener = new TrapListener(options)
    try {
      await listener.#listen(await options.credentials())
    } catch (error) {
      await listener.schedule.close()
      throw error
    }
    listener.#refreshLater()
    return listener
  }

  get receiver() {
    return this.#receiver
  }

  async #listen(credentials: TrapCredentials) {
    const previous = this.#receiver
    this.#receiver = null
    // Same port: the old socket must be gone first. The gap is a few milliseconds.
    await previous?.close()
    this.#receiver = await TrapReceiver.start({
      port: this.#options.port,
      address: this.#options.address,
      communities: credentials.communities,
      users: credentials.users,
      perSourcePerSecond: this.#options.perSourcePerSecond ?? 200,
      perSecond: this.#options.perSecond ?? 2000,
      onTrap: (event) => this.#handle(event),
      onRejected: (rejection: TrapRejection) => this.#rejected(rejection),
      onDropped: (drops) => this.#dropped(drops),
    })
    this.#print = fingerprint(credentials)
    this.#lastRead = Date.now()
  }

  /** Reads the credentials again and restarts the receiver if they changed; one read at a time. */
  #refresh() {
    this.#reading ??= (async () => {
      try {
        const credentials = await this.#options.credentials()
        this.#lastRead = Date.now()
        if (this.#timer && fingerprint(credentials) !== this.#print) await this.#listen(credentials)
      } catch (error) {
        this.#report('error', error)
      } finally {
        this.#reading = null
      }
    })()
    return this.#reading
  }

  #refreshLater() {
    this.#timer = setTimeout(async () => {
      await this.#refresh()
      if (this.#timer) this.#refreshLater()
    }, this.#options.refreshMs ?? 60_000)
  }

  /**
   * Without this, a device added to the inventory would have its traps refused until the next
   * periodic read, up to a minute during which its linkDown is lost. The refused trap itself is
   * gone (the receiver cannot replay it); the device's next trap, and its polls, are not.
   */
  #rejected(rejection: TrapRejection) {
    this.#report('rejected', rejection)
    if (!CREDENTIAL_MISSES.has(rejection.reason)) return
    if (Date.now() - this.#lastRead < (this.#options.recheckMs ?? 5_000)) return
    void this.#refresh()
  }

  #report(event: 'trap' | 'rejected' | 'dropped' | 'error', payload: unknown) {
    if (event === 'error' && this.listenerCount('error') === 0) {
      console.error(`trap listener: ${(payload as Error)?.message ?? payload}`)
      return
    }
    this.emit(event, payload)
  }

  /**
   * Traps dropped in a flood said at least "look at me": each address that lost some has its
   * devices polled once (the queue keeps one immediate poll per device waiting), so the last
   * change a flood carried is still read.
   */
  #dropped(drops: TrapDrops) {
    this.#report('dropped', drops)
    for (const address of drops.sources.keys()) {
      this.#pollDevicesAt(address, `${drops.sources.get(address)} traps dropped in a flood from ${address}`).catch((error) => this.#report('error', error))
    }
  }

  async #pollDevicesAt(address: string, reason: string) {
    const devices = await this.#lookUp(address)
    for (const deviceId of devices) await this.schedule.pollNow(deviceId, { trigger: 'trap', reason })
    return devices
  }

  #lookUp(address: string) {
    const now = Date.now()
    const kept = this.#devicesAt.get(address)
    if (kept && now - kept.at < DEVICES_AT_KEPT_MS) return kept.devices
    if (this.#devicesAt.size > 10_000) this.#devicesAt.clear()
    const devices = this.#options.devicesAt(address)
    this.#devicesAt.set(address, { at: now, devices })
    devices.catch(() => this.#devicesAt.delete(address))
    return devices
  }

  #handle(event: TrapEvent) {
    this.#act(event).catch((error) => this.#report('error', error))
  }

  async #act(event: TrapEvent) {
    const base = { kind: event.kind, address: event.agentAddress, ifIndex: event.ifIndex }
    if (!ACTED_ON.has(event.kind)) {
      this.#report('trap', { ...base, action: 'ignored', devices: [] } satisfies TrapOutcome)
      return
    }
    const reason = `${event.kind}${event.ifIndex !== undefined ? ` ifIndex ${event.ifIndex}` : ''} trap from ${event.agentAddress}`
    const devices = await this.#pollDevicesAt(event.agentAddress, reason)
    if (!devices.length) {
      this.#report('trap', { ...base, action: 'unknown_device', devices } satisfies TrapOutcome)
      return
    }
    this.#report('trap', { ...base, action: 'polled', devices } satisfies TrapOutcome)
  }

  async close() {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    await this.#reading
    await this.#receiver?.close()
    this.#receiver = null
    await this.schedule.close()
  }
}
