import db from '@adonisjs/lucid/services/db'
import { openCredentials, type SnmpCredentials } from '#app/devices/snmp_credentials'
import type { DeviceTarget } from '#collectors/polling/collector'
import type { ScheduledDevice } from '#collectors/polling/schedule'

/**
 * The service-side helper a collector is given: a device as the protocol layer needs it, read
 * from the devices and links tables, its sealed credentials opened here so that collectors/
 * holds no models and no key handling. The ifIndexes are those of the device's links that are
 * not decommissioned; a device without any is still polled, for its reachability.
 */
export async function resolveDeviceTarget(deviceId: number): Promise<DeviceTarget | null> {
  const device = await db
    .from('devices')
    .where('id', deviceId)
    .select('id', 'management_address', 'snmp_port', 'snmp_credentials', 'poll_interval_s')
    .first()
  if (!device || !device.snmp_credentials) return null
  const credentials = openCredentials(device.snmp_credentials)
  if (!credentials) return null
  const links = await db
    .from('links')
    .where('device_id', deviceId)
    .whereNotNull('if_index')
    .whereNot('status', 'decommissioned')
    .select('if_index')
  return {
    deviceId: device.id,
    host: device.management_address,
    port: device.snmp_port,
    credentials,
    ifIndexes: [...new Set(links.map((l) => Number(l.if_index)))].sort((a, b) => a - b),
    intervalS: device.poll_interval_s,
    // Every polled device reports its health on the same poll (app/device_health/).
    health: true,
  }
}

/** Every device that can be polled (it has credentials), with its interval: what the schedule must hold. */
export async function pollableDevices(): Promise<ScheduledDevice[]> {
  const rows = await db.from('devices').whereNotNull('snmp_credentials').orderBy('id').select('id', 'poll_interval_s')
  return rows.map((r) => ({ deviceId: r.id, intervalS: r.poll_interval_s }))
}

/** Changes whenever a device is added, removed, gets or loses credentials or a new interval. */
export async function inventoryFingerprint(): Promise<string> {
  const { rows } = await db.rawQuery(
    `SELECT count(*)::text || ':' || coalesce(md5(string_agg(id::text || '/' || poll_interval_s::text, ',' ORDER BY id)), '') AS print
       FROM devices WHERE snmp_credentials IS NOT NULL`
  )
  return rows[0].print
}

/**
 * What a trap receiver should accept: the communities and SNMPv3 users the devices are polled
 * with (devices send traps with the same credentials as a rule), plus extra communities. Devices
 * that share a user name with keys of their own are all listed; the receiver tells them apart by
 * the digest (collectors/snmp/traps.ts).
 */
export async function trapCredentials(extraCommunities: string[] = []) {
  const rows = await db.from('devices').whereNotNull('snmp_credentials').select('id', 'snmp_credentials')
  const communities = new Set(extraCommunities)
  const users = new Map<string, SnmpCredentials>()
  for (const row of rows) {
    let credentials: SnmpCredentials | null
    try {
      credentials = openCredentials(row.snmp_credentials)
    } catch {
      continue
    }
    if (!credentials) continue
    if (credentials.version === '2c') communities.add(credentials.community)
    else users.set(JSON.stringify(credentials), credentials)
  }
  return { communities: [...communities], users: [...users.values()] }
}

/** Pollable devices whose management address is this one (traps name the agent by address). */
export async function devicesAt(address: string): Promise<number[]> {
  const rows = await db.from('devices').where('management_address', address).whereNotNull('snmp_credentials').orderBy('id').select('id')
  return rows.map((r) => r.id)
}
