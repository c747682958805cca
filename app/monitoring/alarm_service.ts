import type { IncomingObservation } from '#app/monitoring/link_health/link_state_rows'
import type { PolicyOverrides } from '#app/monitoring/link_health/link_state'
import type { EmitEvent } from '#app/monitoring/events_outbox'
import { LinkAlarms, type ObserveReport } from '#app/monitoring/link_health/link_alarms'
import { DeviceReachability, type DevicePoll } from '#app/monitoring/reachability/device_reachability'

export type { DevicePoll, ObserveReport }

export interface AlarmServiceOptions {
  policies?: PolicyOverrides
  /** Failed polls in a row before a device counts as unreachable. */
  unreachableAfter?: number
  /** Where events go; defaults to the in-process emitter plus the notifications queue. */
  emit?: EmitEvent
}

/**
 * Turns what the collectors observe into link states, their history, incidents and events: the
 * one door from ingest to the two stages behind it, device reachability (reachability/) and link
 * health (link_health/). Both share the policies, the unreachable count and where events go.
 *
 * Contract with the collectors: after each device poll call recordDevicePoll(); when the poll
 * answered, then call observe() with one observation per polled link. A failed poll needs no
 * observations: once the device counts as unreachable its links are moved to unknown here.
 */
export class AlarmService {
  readonly links: LinkAlarms
  readonly devices: DeviceReachability

  constructor(private options: AlarmServiceOptions = {}) {
    this.links = new LinkAlarms({ policies: options.policies, emit: options.emit })
    this.devices = new DeviceReachability({ unreachableAfter: this.unreachableAfter, emit: options.emit, links: this.links })
  }

  get unreachableAfter() {
    return this.options.unreachableAfter ?? 2
  }

  observe(input: IncomingObservation[]): Promise<ObserveReport> {
    return this.links.observe(input)
  }

  /** Counts one poll of a device; see DeviceReachability.recordPoll. */
  recordDevicePoll(deviceId: number, poll: DevicePoll) {
    return this.devices.recordPoll(deviceId, poll)
  }
}

/** The service the collectors call. */
export const alarmService = new AlarmService()
