import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { coveringWindows, deviceAssessment } from '#app/monitoring/link_health/alarm_rules'
import { carriesUplink } from '#app/monitoring/reachability/device_uplinks'
import type { LinkAlarms } from '#app/monitoring/link_health/link_alarms'
import { toDate, iso } from '#app/monitoring/link_health/link_state_rows'
import { incidentView, type MonitoringEvent } from '#app/monitoring/events'
import { keepEvents, publishKept, type EmitEvent } from '#app/monitoring/events_outbox'
import { findForUpdate, openIncident, settleOnRecovery } from '#app/incidents/incident_service'
import { message } from '#app/core/messages'
import { parsePollError } from '#shared/device_poll_errors'
import { activeWindows } from '#app/maintenance/active_windows'

export interface DevicePoll {
  /** The device answered the poll. */
  ok: boolean
  error?: string | null
  /** The poll started later than its schedule. */
  late?: boolean
  /** The poll did not run at all (the previous one overran); nothing else is recorded. */
  skipped?: boolean
  at?: Date
}

export interface DeviceReachabilityOptions {
  /** Failed polls in a row before a device counts as unreachable. */
  unreachableAfter: number
  emit?: EmitEvent
  /** Where the links of an unreachable device are moved to unknown. */
  links: Pick<LinkAlarms, 'observe'>
}

/**
 * Whether each device answers its polls (device_status), and the incident of a device that
 * stops: its links then go to unknown, their own alarms suppressed behind it.
 */
export class DeviceReachability {
  constructor(private options: DeviceReachabilityOptions) {}

  /**
   * Counts one poll of a device. After `unreachableAfter` failures in a row the device is
   * unreachable: one incident opens for it (unless a maintenance window covers it) and its links
   * go to unknown, suppressed behind it. The first answer after that settles the incident.
   */
  async recordPoll(deviceId: number, poll: DevicePoll) {
    const at = poll.at ?? new Date()
    const events: MonitoringEvent[] = []
    let kept: string[] = []
    const status = await db.transaction(async (trx) => {
      const device = await trx.from('devices').where('id', deviceId).select('id', 'hostname', 'agency_id').first()
      if (!device) throw new Error(`device ${deviceId} does not exist`)
      await trx.rawQuery('INSERT INTO device_status (device_id) VALUES (?) ON CONFLICT (device_id) DO NOTHING', [deviceId])
      const row = await trx.from('device_status').where('device_id', deviceId).forUpdate().first()
      if (poll.skipped) {
        const [updated] = await trx
          .from('device_status')
          .where('device_id', deviceId)
          .update({ polls_skipped: row.polls_skipped + 1, updated_at: new Date() })
          .returning('*')
        return updated
      }

      const next: Record<string, unknown> = {
        polls_total: row.polls_total + 1,
        polls_late: row.polls_late + (poll.late ? 1 : 0),
        last_poll_at: at,
        updated_at: new Date(),
      }
      let reachable: boolean = row.reachable
      let openIncidentId: number | null = row.open_incident_id
      const deviceEvent = (type: MonitoringEvent['type'], error: string | null): MonitoringEvent => ({
        type,
        at: iso(at),
        device: { id: device.id, hostname: device.hostname, agency_id: device.agency_id, last_error: error },
        detail: error,
      })

      if (poll.ok) {
        Object.assign(next, { consecutive_failures: 0, failing_since: null, last_ok_at: at })
        reachable = true
        if (!row.reachable && openIncidentId) {
          const incident = await findForUpdate(trx, openIncidentId)
          if (incident) {
            const outcome = await settleOnRecovery(trx, incident, { subject: device.hostname, at })
            events.push({ ...deviceEvent('device.reachable', null), incident: incidentView(incident) })
            events.push({ ...deviceEvent(outcome === 'resolved' ? 'incident.resolved' : 'incident.noted', null), incident: incidentView(incident) })
          }
        }
        openIncidentId = null
      } else {
        const error = (poll.error ?? 'no answer').slice(0, 2000)
        const failures = row.consecutive_failures + 1
        const failingSince = row.failing_since ?? at
        Object.assign(next, { consecutive_failures: failures, failing_since: failingSince, last_error: error, last_error_at: at })
        if (failures >= this.options.unreachableAfter) reachable = false
        if (!reachable && !openIncidentId) {
          const windows = await activeWindows([], [deviceId], at, at)
          if (!coveringWindows(windows, 0, deviceId, at).length) {
            const opened = await openIncident(trx, await this.deviceIncident(trx, device, error, toDate(failingSince)!, at))
            openIncidentId = opened.id
            events.push({ ...deviceEvent('device.unreachable', error), incident: incidentView(opened) })
            events.push({ ...deviceEvent('incident.opened', error), incident: incidentView(opened) })
          }
        }
      }
      Object.assign(next, { reachable, open_incident_id: openIncidentId })
      const [updated] = await trx.from('device_status').where('device_id', deviceId).update(next).returning('*')
      kept = await keepEvents(trx, events)
      return updated
    })
    await publishKept(events, kept, this.options.emit)

    if (!poll.skipped && !status.reachable) {
      const links = await db
        .from('links')
        .where('device_id', deviceId)
        .whereNot('status', 'decommissioned')
        .select('id')
      await this.options.links.observe(
        links.map((l) => ({
          linkId: l.id,
          at,
          reachable: false,
          operStatus: null,
          adminStatus: null,
          inUtil: null,
          outUtil: null,
          errorRate: null,
        }))
      )
    }
    return status
  }

  private async deviceIncident(
    trx: TransactionClientContract,
    device: { id: number; hostname: string; agency_id: number },
    error: string,
    since: Date,
    at: Date
  ) {
    return {
      title: message('incidents.device_title', { hostname: device.hostname }),
      description: message('incidents.device_description', { hostname: device.hostname, since: iso(since), polls: this.options.unreachableAfter, error: parsePollError(error) }),
      type: 'service' as const,
      ...deviceAssessment(await carriesUplink(trx, device.id)),
      agencyId: device.agency_id,
      items: [{ item_type: 'device' as const, item_id: device.id }],
      at,
    }
  }
}
