import { Redis } from 'ioredis'
import db from '@adonisjs/lucid/services/db'
import { sealCredentials, type SnmpCredentials } from '#app/devices/snmp_credentials'
import { defaultSite } from '#app/platform/queues'
import type { QueueSite } from '#collectors/polling/wire'
import { makeCode } from '#tests/support/fixtures'

let sites = 0

/** Queues of one test group: the test Redis database, a key prefix no other run shares. */
export function testSite(): QueueSite {
  const base = defaultSite()
  return { connection: base.connection, prefix: `gsn-pipe-${process.pid}-${++sites}` }
}

/** Removes every key of a site (queues, locks, previous snapshots). */
export async function dropSite(site: QueueSite) {
  const redis = new Redis({ ...(site.connection as object), maxRetriesPerRequest: 2 })
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${site.prefix}:*`, 'COUNT', 1000)
      cursor = next
      if (keys.length) await redis.del(...keys)
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}

export async function makePolledDevice(
  agencyId: number,
  target: { host: string; port: number; credentials: SnmpCredentials; intervalS: number }
) {
  const [row] = await db
    .table('devices')
    .insert({
      hostname: makeCode('lab-rtr').toLowerCase(),
      kind: 'router',
      management_address: target.host,
      region: 'north',
      agency_id: agencyId,
      snmp_version: target.credentials.version,
      snmp_port: target.port,
      snmp_credentials: sealCredentials(target.credentials),
      poll_interval_s: target.intervalS,
    })
    .returning('*')
  return row as { id: number; hostname: string; agency_id: number }
}

export async function makeBoundLink(agencyId: number, deviceId: number | null, ifIndex: number | null, attrs: Record<string, unknown> = {}) {
  const [row] = await db
    .table('links')
    .insert({
      circuit_id: makeCode('CKT'),
      name: makeCode('實驗線路'),
      kind: 'legacy',
      agency_id: agencyId,
      a_end: '機關端',
      z_end: 'GSN-LAB',
      bandwidth_kbps: 10_240,
      device_id: deviceId,
      if_index: ifIndex,
      status: 'active',
      ...attrs,
    })
    .returning('*')
  return row as { id: number; circuit_id: string; agency_id: number }
}

/** Waits until `check` answers something truthy; fails with `what` after timeoutMs. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await check()
      if (value) return value
    } catch (error) {
      last = error
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`)
}

/** Sends bursts across a veth pair until stopped, so every poll interval sees traffic. */
export function keepTraffic(send: () => Promise<unknown>, everyMs = 300) {
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      await send().catch(() => {})
      await new Promise((r) => setTimeout(r, everyMs))
    }
  })()
  return async () => {
    stopped = true
    await loop
  }
}
