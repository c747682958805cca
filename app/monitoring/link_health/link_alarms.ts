import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import {
  policyFor,
  stepLink,
  type LinkKind,
  type LinkMemory,
  type LinkPolicy,
  type LinkState,
  type Observation,
  type PolicyOverrides,
} from '#app/monitoring/link_health/link_state'
import {
  coveringWindows,
  decideAlarm,
  assessmentOf,
  suppressionOf,
  type AlarmContext,
  type SuppressedBy,
  type Trouble,
  type WindowView,
} from '#app/monitoring/link_health/alarm_rules'
import { incidentView, type MonitoringEvent } from '#app/monitoring/events'
import { keepEvents, publishKept, type EmitEvent } from '#app/monitoring/events_outbox'
import { attachItems, findForUpdate, noteBySystem, openIncident, raisePriority, settleOnRecovery, type NewIncident } from '#app/incidents/incident_service'
import { message } from '#app/core/messages'
import { activeWindows } from '#app/maintenance/active_windows'
import {
  changeRow,
  iso,
  memoryOf,
  normaliseObservations,
  stateColumns,
  type IncomingObservation,
  type RejectedObservation,
} from '#app/monitoring/link_health/link_state_rows'
import { reasonWords } from '#app/monitoring/link_health/link_reason_messages'
import { DEFAULT_QUALITY_POLICIES, type QualityPolicy } from '#app/line_quality/quality_rules'
import { qualityPolicies } from '#app/line_quality/quality_policies'

export interface LinkAlarmsOptions {
  policies?: PolicyOverrides
  emit?: EmitEvent
}

export interface ObserveReport {
  applied: number
  /** Older than or as old as the link's last applied observation (a late trap, a retried job). */
  stale: number
  rejected: RejectedObservation[]
  unknownLinks: number[]
  changes: number
  incidentsOpened: number[]
  incidentsSettled: number[]
}

/**
 * An observation no newer than what the link already took is dropped (a late trap, a retried
 * job): polls against the last poll, bursts against the last burst, as the two come on their
 * own schedules.
 */
function isStale(memory: LinkMemory, obs: Observation) {
  const last = obs.probe ? (memory.quality?.at ?? null) : memory.lastPollAt
  return last !== null && obs.at.getTime() <= last.getTime()
}

interface LinkRow {
  id: number
  circuit_id: string
  name: string
  kind: LinkKind
  agency_id: number
  a_end: string
  z_end: string
  device_id: number | null
  if_index: number | null
  status: string
  consolidated_into_id: number | null
  hostname: string | null
}

interface UplinkView {
  id: number
  circuitId: string
  deviceId: number | null
  state: LinkState
  openIncidentId: number | null
}

interface DeviceView {
  hostname: string | null
  reachable: boolean
  openIncidentId: number | null
}

interface BatchContext {
  devices: Map<number, DeviceView>
  uplinks: Map<number, UplinkView>
  windows: WindowView[]
}

/**
 * Turns observations of links into link states, their history, incidents and events.
 * Polls that touch no incident and notify nobody (nearly all of them) are written in batches;
 * a link where an incident opens or settles, or someone is told, is settled in its own short
 * transaction holding its link_states row. Several collector processes may report at once;
 * events go out after the transaction that caused them commits.
 */
export class LinkAlarms {
  /** The line quality thresholds read for the current batch (line_quality_policies). */
  private quality: Record<LinkKind, QualityPolicy> = DEFAULT_QUALITY_POLICIES

  constructor(private options: LinkAlarmsOptions = {}) {}

  /** A link class's thresholds: the overrides given, else the quality policies' rows, else the defaults. */
  private policyOf(kind: LinkKind): LinkPolicy {
    const policy = policyFor(kind, this.options.policies)
    return this.options.policies?.[kind]?.quality ? policy : { ...policy, quality: this.quality[kind] }
  }

  async observe(input: IncomingObservation[]): Promise<ObserveReport> {
    const { good, rejected } = normaliseObservations(input)
    const report: ObserveReport = {
      applied: 0,
      stale: 0,
      rejected,
      unknownLinks: [],
      changes: 0,
      incidentsOpened: [],
      incidentsSettled: [],
    }
    if (!good.length) return report
    if (good.some((o) => o.probe)) this.quality = await qualityPolicies()

    const byLink = new Map<number, Observation[]>()
    for (const o of good) {
      if (!byLink.has(o.linkId)) byLink.set(o.linkId, [])
      byLink.get(o.linkId)!.push(o)
    }
    for (const list of byLink.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime())

    const links: LinkRow[] = await db
      .from('links as l')
      .leftJoin('devices as d', 'd.id', 'l.device_id')
      .whereRaw('l.id = ANY(?::int[])', [[...byLink.keys()]])
      .select('l.id', 'l.circuit_id', 'l.name', 'l.kind', 'l.agency_id', 'l.a_end', 'l.z_end', 'l.device_id', 'l.if_index', 'l.status', 'l.consolidated_into_id', 'd.hostname')
    const found = new Set(links.map((l) => l.id))
    report.unknownLinks = [...byLink.keys()].filter((id) => !found.has(id))

    let first = Infinity
    let latest = -Infinity
    for (const o of good) {
      first = Math.min(first, o.at.getTime())
      latest = Math.max(latest, o.at.getTime())
    }
    const context = await this.loadContext(links, new Date(first), new Date(latest))

    // Uplinks first: the lines behind them are judged against their state of this same batch.
    const uplinks = links.filter((l) => l.kind === 'uplink')
    const lines = links.filter((l) => l.kind !== 'uplink')
    for (const group of [uplinks, lines]) {
      const eventful = await this.applyQuiet(group, byLink, context, report)
      for (const link of eventful) {
        const { events, kept } = await this.applyLink(link, byLink.get(link.id)!, context, report)
        await publishKept(events, kept, this.options.emit)
      }
    }
    return report
  }

  private async loadContext(links: LinkRow[], from: Date, to: Date): Promise<BatchContext> {
    const uplinkIds = [...new Set(links.map((l) => l.consolidated_into_id).filter((id): id is number => id !== null))]
    const uplinks = new Map<number, UplinkView>()
    if (uplinkIds.length) {
      const rows = await db
        .from('links as l')
        .leftJoin('link_states as s', 's.link_id', 'l.id')
        .whereIn('l.id', uplinkIds)
        .select('l.id', 'l.circuit_id', 'l.device_id', 's.state', 's.open_incident_id')
      for (const r of rows) {
        uplinks.set(r.id, { id: r.id, circuitId: r.circuit_id, deviceId: r.device_id, state: r.state ?? 'unknown', openIncidentId: r.open_incident_id ?? null })
      }
    }
    const deviceIds = [
      ...new Set([...links.map((l) => l.device_id), ...[...uplinks.values()].map((u) => u.deviceId)].filter((id): id is number => id !== null)),
    ]
    const devices = new Map<number, DeviceView>()
    if (deviceIds.length) {
      const rows = await db
        .from('devices as d')
        .leftJoin('device_status as s', 's.device_id', 'd.id')
        .whereIn('d.id', deviceIds)
        .select('d.id', 'd.hostname', 's.reachable', 's.open_incident_id')
      for (const r of rows) {
        devices.set(r.id, { hostname: r.hostname, reachable: r.reachable ?? true, openIncidentId: r.open_incident_id ?? null })
      }
    }
    const windows = await activeWindows(
      links.map((l) => l.id),
      deviceIds,
      from,
      to
    )
    return { devices, uplinks, windows }
  }

  private upstreamOf(link: LinkRow, ctx: BatchContext) {
    const device = link.device_id === null ? null : ctx.devices.get(link.device_id)
    const uplink = link.consolidated_into_id === null ? null : ctx.uplinks.get(link.consolidated_into_id)
    const uplinkDevice = uplink?.deviceId ? ctx.devices.get(uplink.deviceId) : null
    return {
      view: {
        device: device ? { id: link.device_id!, hostname: device.hostname, reachable: device.reachable } : null,
        uplink: uplink
          ? { id: uplink.id, circuitId: uplink.circuitId, state: uplink.state, deviceReachable: uplinkDevice?.reachable ?? true }
          : null,
      },
      incidentOf(by: SuppressedBy) {
        return by.type === 'device' ? (device?.openIncidentId ?? null) : (uplink?.openIncidentId ?? null)
      },
    }
  }

  /** One observation through the rules, with what surrounds the link: the heart of both paths. */
  private judge(link: LinkRow, memory: LinkMemory, suppressedBefore: boolean, obs: Observation, ctx: BatchContext, incident: AlarmContext['incident']) {
    const step = stepLink(memory, obs, this.policyOf(link.kind))
    const upstream = this.upstreamOf(link, ctx)
    const suppressedBy = suppressionOf(step.memory.state, upstream.view)
    const covering = coveringWindows(ctx.windows, link.id, link.device_id, obs.at)
    const decision = decideAlarm({
      step,
      suppressed: suppressedBy !== null,
      inMaintenance: covering.length > 0,
      retired: link.status === 'decommissioned',
      incident,
    })
    // What sits behind an outage is listed on the outage's incident, so its impact shows there.
    const upstreamIncident = suppressedBy && (!suppressedBefore || step.changed) ? upstream.incidentOf(suppressedBy) : null
    // Nothing for incidents or notifications: such a step can be written with a batch of others.
    const quiet = !decision.open && !decision.recover && !decision.note && !decision.events.length
    return { step, suppressedBy, windowId: covering[0]?.id ?? null, decision, upstreamIncident, quiet }
  }

  private remember(link: LinkRow, ctx: BatchContext, state: LinkState, openIncidentId: number | null) {
    if (link.kind !== 'uplink') return
    const known = ctx.uplinks.get(link.id)
    if (known) Object.assign(known, { state, openIncidentId })
    else ctx.uplinks.set(link.id, { id: link.id, circuitId: link.circuit_id, deviceId: link.device_id, state, openIncidentId })
  }

  /**
   * Most polls touch no incident and tell nobody anything: new readings, at most a state change
   * that is suppressed, silenced or damped. Those are written for a whole group at once, guarded
   * by the last poll time read, so a row another collector process moved meanwhile is left
   * alone. Such rows, and every link where an incident opens or settles or someone is told, go
   * one by one through applyLink under a row lock. Returns those links.
   */
  private async applyQuiet(links: LinkRow[], byLink: Map<number, Observation[]>, ctx: BatchContext, report: ObserveReport) {
    if (!links.length) return []
    const ids = links.map((l) => l.id)
    await db.rawQuery('INSERT INTO link_states (link_id) SELECT unnest(?::int[]) ON CONFLICT (link_id) DO NOTHING', [ids])
    const rows = new Map((await db.from('link_states').whereRaw('link_id = ANY(?::int[])', [ids])).map((r) => [r.link_id, r]))
    const eventful: LinkRow[] = []
    const updates: Array<{
      link: LinkRow
      values: Record<string, unknown>
      changes: Record<string, unknown>[]
      impact: number[]
      applied: number
      stale: number
    }> = []
    for (const link of links) {
      const row = rows.get(link.id)
      let memory = memoryOf(row)
      let suppressedBy: SuppressedBy | null = row.suppressed_by
      let windowId: number | null = row.maintenance_window_id
      let last: Observation | null = null
      let quiet = true
      let applied = 0
      let stale = 0
      const changes: Record<string, unknown>[] = []
      const impact: number[] = []
      const incident = row.open_incident_id ? { id: row.open_incident_id, status: 'unknown' } : null
      for (const obs of byLink.get(link.id)!) {
        if (isStale(memory, obs)) {
          stale++
          continue
        }
        const j = this.judge(link, memory, suppressedBy !== null, obs, ctx, incident)
        if (!j.quiet) {
          quiet = false
          break
        }
        memory = j.step.memory
        suppressedBy = j.suppressedBy
        windowId = j.windowId
        last = obs
        applied++
        if (j.step.changed) changes.push(changeRow(link.id, obs, j.step, suppressedBy, windowId))
        if (j.upstreamIncident) impact.push(j.upstreamIncident)
      }
      if (!quiet) eventful.push(link)
      else if (last) {
        const values = { ...stateColumns(memory, suppressedBy, windowId), prev_poll_at: row.last_poll_at, prev_quality: row.quality, link_id: link.id }
        updates.push({ link, values, changes, impact, applied, stale })
      } else report.stale += stale
    }

    for (let i = 0; i < updates.length; i += 1000) {
      const chunk = updates.slice(i, i + 1000)
      let done: Set<number>
      try {
        done = await db.transaction(async (trx) => this.writeQuiet(trx, chunk))
      } catch (error) {
        // Two processes batching overlapping links may deadlock; the loser goes link by link.
        if ((error as { code?: string }).code !== '40P01') throw error
        done = new Set()
      }
      for (const u of chunk) {
        if (!done.has(u.link.id)) {
          eventful.push(u.link)
          continue
        }
        report.applied += u.applied
        report.stale += u.stale
        report.changes += u.changes.length
        this.remember(u.link, ctx, u.values.state as LinkState, rows.get(u.link.id).open_incident_id)
      }
    }
    return eventful
  }

  /** Writes a batch of quiet steps; answers the links written (the others moved meanwhile). */
  private async writeQuiet(
    trx: TransactionClientContract,
    chunk: Array<{ link: LinkRow; values: Record<string, unknown>; changes: Record<string, unknown>[]; impact: number[] }>
  ) {
    const { rows: written } = await trx.rawQuery(
      `UPDATE link_states s SET
         state = v.state, since = v.since, last_poll_at = v.last_poll_at, admin_down = v.admin_down,
         oper_status = v.oper_status, admin_status = v.admin_status, in_util = v.in_util, out_util = v.out_util,
         error_rate = v.error_rate, reason = v.reason, reason_message = v.reason_message, polled_verdict = v.polled_verdict,
         quality = v.quality, flapping = v.flapping, util_high_since = v.util_high_since,
         error_high_since = v.error_high_since, recent_changes = v.recent_changes, suppressed = v.suppressed,
         suppressed_by = v.suppressed_by, in_maintenance = v.in_maintenance,
         maintenance_window_id = v.maintenance_window_id, updated_at = now()
       FROM jsonb_to_recordset(?::jsonb) AS v(
         link_id int, prev_poll_at timestamptz, prev_quality jsonb, state text, since timestamptz, last_poll_at timestamptz,
         admin_down boolean, oper_status text, admin_status text, in_util float8, out_util float8,
         error_rate float8, reason text, reason_message jsonb, polled_verdict jsonb, quality jsonb, flapping boolean, util_high_since timestamptz,
         error_high_since timestamptz, recent_changes jsonb, suppressed boolean, suppressed_by jsonb,
         in_maintenance boolean, maintenance_window_id int)
       WHERE s.link_id = v.link_id AND s.last_poll_at IS NOT DISTINCT FROM v.prev_poll_at AND s.quality IS NOT DISTINCT FROM v.prev_quality
       RETURNING s.link_id`,
      [JSON.stringify(chunk.map((u) => u.values))]
    )
    const done = new Set<number>(written.map((r: { link_id: number }) => r.link_id))
    const mine = chunk.filter((u) => done.has(u.link.id))
    const changes = mine.flatMap((u) => u.changes)
    if (changes.length) await trx.insertQuery().table('link_state_changes').multiInsert(changes)
    const impact = mine.flatMap((u) => u.impact.map((incidentId) => ({ incident_id: incidentId, item_type: 'link', item_id: u.link.id })))
    if (impact.length) {
      await trx.knexQuery().table('incident_items').insert(impact).onConflict(['incident_id', 'item_type', 'item_id']).ignore()
    }
    return done
  }

  private async applyLink(link: LinkRow, list: Observation[], ctx: BatchContext, report: ObserveReport) {
    const events: MonitoringEvent[] = []
    let kept: string[] = []
    await db.transaction(async (trx) => {
      const row = await trx.from('link_states').where('link_id', link.id).forUpdate().first()
      let memory = memoryOf(row)
      let openIncidentId: number | null = row.open_incident_id
      let suppressedBy: SuppressedBy | null = row.suppressed_by
      let windowId: number | null = row.maintenance_window_id
      let last: Observation | null = null

      for (const obs of list) {
        if (isStale(memory, obs)) {
          report.stale++
          continue
        }
        const incident = openIncidentId ? await findForUpdate(trx, openIncidentId) : null
        if (openIncidentId && !incident) openIncidentId = null
        const j = this.judge(link, memory, suppressedBy !== null, obs, ctx, incident ? { id: incident.id, status: incident.status } : null)
        const { step, decision } = j
        memory = step.memory
        suppressedBy = j.suppressedBy
        windowId = j.windowId
        last = obs
        report.applied++

        if (step.changed) {
          report.changes++
          await trx.insertQuery().table('link_state_changes').insert(changeRow(link.id, obs, step, suppressedBy, windowId))
        }
        if (j.upstreamIncident) await attachItems(trx, j.upstreamIncident, [{ item_type: 'link', item_id: link.id }])

        const linkEvent = (type: MonitoringEvent['type']): MonitoringEvent => ({
          type,
          at: iso(obs.at),
          link: {
            id: link.id,
            circuit_id: link.circuit_id,
            name: link.name,
            kind: link.kind,
            agency_id: link.agency_id,
            state: memory.state,
            reason: reasonWords(memory.reason, 'en'),
            reason_message: memory.reason,
            in_util: memory.readings.inUtil,
            out_util: memory.readings.outUtil,
          },
          detail: reasonWords(memory.reason, 'en'),
        })
        for (const type of decision.events) events.push(linkEvent(type))

        if (decision.open) {
          const opened = await openIncident(trx, this.linkIncident(link, decision.open, memory, obs.at))
          openIncidentId = opened.id
          report.incidentsOpened.push(opened.id)
          events.push({ ...linkEvent('incident.opened'), incident: incidentView(opened) })
        }
        if (incident && decision.note) {
          await noteBySystem(trx, incident.id, decision.note, obs.at)
          if (decision.escalate) await raisePriority(trx, incident, assessmentOf(link.kind, decision.escalate), obs.at)
          events.push({ ...linkEvent('incident.noted'), incident: incidentView(incident) })
        }
        if (incident && decision.recover) {
          const outcome = await settleOnRecovery(trx, incident, { subject: link.circuit_id, at: obs.at })
          openIncidentId = null
          report.incidentsSettled.push(incident.id)
          events.push({ ...linkEvent(outcome === 'resolved' ? 'incident.resolved' : 'incident.noted'), incident: incidentView(incident) })
        }
      }

      kept = await keepEvents(trx, events)
      if (!last) return
      const columns = stateColumns(memory, suppressedBy, windowId)
      await trx
        .from('link_states')
        .where('link_id', link.id)
        .update({
          ...columns,
          reason_message: JSON.stringify(columns.reason_message),
          polled_verdict: columns.polled_verdict === null ? null : JSON.stringify(columns.polled_verdict),
          quality: columns.quality === null ? null : JSON.stringify(columns.quality),
          recent_changes: JSON.stringify(columns.recent_changes),
          suppressed_by: columns.suppressed_by === null ? null : JSON.stringify(columns.suppressed_by),
          open_incident_id: openIncidentId,
          updated_at: new Date(),
        })
      this.remember(link, ctx, memory.state, openIncidentId)
    })
    return { events, kept }
  }

  private linkIncident(link: LinkRow, trouble: Trouble, memory: LinkMemory, at: Date): NewIncident {
    return {
      title: message('incidents.link_title', { circuitId: link.circuit_id, name: link.name, trouble }),
      description: message('incidents.link_description', {
        kind: link.kind, circuitId: link.circuit_id, name: link.name, aEnd: link.a_end, zEnd: link.z_end,
        hostname: link.hostname ?? null, ifIndex: link.if_index ?? null, trouble, at: iso(at), reason: memory.reason,
      }),
      type: 'service',
      ...assessmentOf(link.kind, trouble),
      agencyId: link.agency_id,
      items: [{ item_type: 'link' as const, item_id: link.id }],
      at,
    }
  }
}
