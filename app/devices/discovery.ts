import { Queue } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import type User from '#app/access/user'
import { scopeQuery } from '#app/access/scope'
import { DomainError, FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { authorise, findRow } from '#app/core/resource'
import { saveRow } from '#app/core/write_pipeline'
import { linkResource } from '#app/links/link_resource'
import { deviceResource } from '#app/devices/device_resource'
import type Link from '#app/links/link'
import { ADMIN_STATUS, OPER_STATUS } from '#collectors/snmp/interfaces'
import { interfaceSpeed } from '#collectors/snmp/rates'
import { DISCOVER_JOB, POLL_QUEUE, type DiscoverJobData, type QueueSite, type WireInterface } from '#collectors/polling/wire'
import type { DiscoveryResult } from '#collectors/polling/collector'
import { defaultSite } from '#app/platform/queues'

/** No collector took the walk, or it did not finish in time: nothing to show, try again. */
export class DiscoveryUnavailable extends DomainError {
  static status = 503
  static code = 'E_DISCOVERY_UNAVAILABLE'
}

/** The device answered the walk with an SNMP error (timeout, wrong credentials…). */
export class DiscoveryFailed extends DomainError {
  static status = 502
  static code = 'E_DISCOVERY_FAILED'
}

interface LinkView {
  id: number
  circuit_id: string
  name: string
  device_id: number | null
  if_index: number | null
  status: string
}

const queues = new Map<string, Queue>()
function pollQueue(site: QueueSite) {
  const key = `${site.prefix}`
  let q = queues.get(key)
  if (!q) {
    q = new Queue(POLL_QUEUE, { connection: site.connection, prefix: site.prefix })
    queues.set(key, q)
  }
  return q
}

/**
 * Asks a collector to walk the device's whole interface table and waits for its answer. The
 * walk goes through the 'snmp-poll' queue like every poll, because collectors are the processes
 * placed where devices can be reached; the API server may not reach them at all.
 */
export async function walkDevice(deviceId: number, options: { site?: QueueSite; timeoutMs?: number } = {}): Promise<DiscoveryResult> {
  const queue = pollQueue(options.site ?? defaultSite())
  const timeoutMs = options.timeoutMs ?? 40_000
  const job = await queue.add(DISCOVER_JOB, { deviceId } satisfies DiscoverJobData, {
    lifo: true,
    removeOnComplete: { age: 600 },
    removeOnFail: { age: 600 },
  })
  const deadline = Date.now() + timeoutMs
  let delay = 50
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, delay))
    delay = Math.min(500, delay * 2)
    // The state first, then the job's fields: read the other way round, a job that completed
    // between the two reads showed as completed with the return value it had not yet had
    // (null), and the walk answered 500.
    const state = await queue.getJobState(job.id!)
    if (state === 'unknown') break
    if (state !== 'completed' && state !== 'failed') continue
    const current = await queue.getJob(job.id!)
    if (!current) break
    if (state === 'completed') return current.returnvalue as DiscoveryResult
    throw new DiscoveryFailed(message('discovery.collector_failed', { deviceId, reason: current.failedReason ?? '' }))
  }
  const state = await job.getState().catch(() => 'unknown')
  if (state === 'waiting' || state === 'prioritized' || state === 'delayed') {
    await job.remove().catch(() => {})
    throw new DiscoveryUnavailable(message('discovery.no_collector', { deviceId, seconds: Math.round(timeoutMs / 1000) }))
  }
  throw new DiscoveryUnavailable(message('discovery.unfinished', { deviceId, seconds: Math.round(timeoutMs / 1000) }))
}

/** Words of an ifAlias or ifDescr that could be a circuit id: split at spaces and punctuation that ids do not use. */
export function circuitCandidates(text: string | null): string[] {
  if (!text) return []
  const words = text
    .split(/[\s,;:()[\]{}<>|/\\"'，；：（）]+/)
    .map((w) => w.trim().toUpperCase())
    .filter((w) => w.length >= 3 && w.length <= 64)
  return [...new Set([text.trim().toUpperCase(), ...words])]
}

function scopedLinks(user: User) {
  return scopeQuery(db.from('links').select('id', 'circuit_id', 'name', 'device_id', 'if_index', 'status'), user, 'agency_id')
}

const brief = (l: LinkView) => ({ id: l.id, circuit_id: l.circuit_id, name: l.name, status: l.status })

/**
 * A device's interfaces as a collector walked them, each with the link bound to it and the links
 * whose circuit id appears in its ifAlias or ifDescr (how operators label ports), for the
 * operator to bind. Links outside the user's agency scope are neither shown nor suggested.
 */
export async function discoverDevice(user: User, deviceId: number, options: { site?: QueueSite; timeoutMs?: number } = {}) {
  const device = await findRow(deviceResource, user, deviceId)
  if (!device) return null
  const walked = await walkDevice(deviceId, options)
  if (!walked.ok || !walked.snapshot) {
    throw new DiscoveryFailed(message('discovery.no_answer', { deviceId, kind: walked.error?.kind ?? 'internal', reason: walked.error?.message ?? '' }))
  }
  const interfaces: WireInterface[] = walked.snapshot.interfaces

  const bound: LinkView[] = await scopedLinks(user).where('device_id', deviceId).orderBy('id')
  const candidates = [...new Set(interfaces.flatMap((i) => [...circuitCandidates(i.alias), ...circuitCandidates(i.descr), ...circuitCandidates(i.name)]))]
  const matches: LinkView[] = candidates.length
    ? await scopedLinks(user).whereRaw('upper(circuit_id) = ANY(?)', [candidates]).whereNot('status', 'decommissioned').orderBy('id')
    : []
  const byCircuit = new Map(matches.map((l) => [l.circuit_id.toUpperCase(), l]))
  const present = new Set(interfaces.map((i) => i.ifIndex))

  return {
    device: { id: deviceId, hostname: device.$attributes.hostname, management_address: device.$attributes.managementAddress },
    polled_at: walked.snapshot.polledAt,
    sys_uptime: walked.snapshot.sysUpTime,
    interfaces: interfaces.map((i) => {
      const here = bound.filter((l) => l.if_index === i.ifIndex)
      const suggested: Array<ReturnType<typeof brief> & { matched_in: string; bound_to: { device_id: number; if_index: number } | null }> = []
      for (const [field, text] of [['alias', i.alias], ['descr', i.descr], ['name', i.name]] as const) {
        for (const word of circuitCandidates(text)) {
          const link = byCircuit.get(word)
          if (!link || suggested.some((s) => s.id === link.id) || here.some((h) => h.id === link.id)) continue
          suggested.push({
            ...brief(link),
            matched_in: field,
            bound_to: link.device_id !== null && link.if_index !== null ? { device_id: link.device_id, if_index: link.if_index } : null,
          })
        }
      }
      return {
        if_index: i.ifIndex,
        name: i.name,
        descr: i.descr,
        alias: i.alias,
        speed_bps: interfaceSpeed(i),
        oper_status: i.operStatus === null ? null : (OPER_STATUS[i.operStatus] ?? String(i.operStatus)),
        admin_status: i.adminStatus === null ? null : (ADMIN_STATUS[i.adminStatus] ?? String(i.adminStatus)),
        bound_link: here[0] ? brief(here[0]) : null,
        // Two links on one port is allowed but worth a look: shown, not hidden.
        other_bound_links: here.slice(1).map(brief),
        suggested_links: suggested,
      }
    }),
    // Links bound to an ifIndex the device does not have (renumbered after a reboot, or a typo).
    orphaned_links: bound.filter((l) => l.if_index !== null && !present.has(l.if_index)).map((l) => ({ ...brief(l), if_index: l.if_index })),
  }
}

export interface Binding {
  link_id: number
  /** The interface to bind the link to; null unbinds it from this device. */
  if_index: number | null
}

/**
 * Binds links to interfaces of a device (or unbinds them), each through the links resource so it
 * is validated, scoped and audited like any other change to a link. Everything is checked first,
 * so a bad entry changes nothing.
 */
export async function bindLinks(user: User, deviceId: number, bindings: Binding[]) {
  authorise(user, linkResource, 'update')
  const seen = new Set<number>()
  bindings.forEach((b, i) => {
    if (seen.has(b.link_id)) throw new FieldError(`bindings.${i}.link_id`, message('discovery.link_twice', { linkId: b.link_id }))
    seen.add(b.link_id)
  })
  for (const [i, b] of bindings.entries()) {
    const link = (await findRow(linkResource, user, b.link_id).catch((error) => {
      throw new FieldError(`bindings.${i}.link_id`, error instanceof DomainError ? error.text : (error as Error).message, 'scope')
    })) as Link | null
    if (!link) throw new FieldError(`bindings.${i}.link_id`, message('record.item_missing', { itemType: 'link', id: b.link_id }), 'exists')
    if (b.if_index === null && link.deviceId !== deviceId) {
      throw new FieldError(`bindings.${i}.if_index`, message('discovery.nothing_to_unbind', { linkId: b.link_id, deviceId }))
    }
  }
  const results = []
  for (const b of bindings) {
    const saved = (await saveRow(linkResource, user, b.link_id, b.if_index === null ? { device_id: null, if_index: null } : { device_id: deviceId, if_index: b.if_index })) as Link
    results.push({ link_id: b.link_id, circuit_id: saved.circuitId, device_id: saved.deviceId, if_index: saved.ifIndex })
  }
  return results
}
