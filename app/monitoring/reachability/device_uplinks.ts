import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Whether a device carries an uplink still in service: what ranks the device being out of reach
 * (alarm_rules.ts deviceAssessment), for its incident and for an event no incident ranks.
 */
export async function carriesUplink(client: Pick<QueryClientContract | TransactionClientContract, 'from'>, deviceId: number) {
  const uplink = await client.from('links').where({ device_id: deviceId, kind: 'uplink' }).whereNot('status', 'decommissioned').first()
  return Boolean(uplink)
}
