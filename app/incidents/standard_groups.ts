import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { GroupKind } from '#shared/service_desk'
import type { Region } from '#app/agencies/agency'

type Client = Pick<QueryClientContract | TransactionClientContract, 'from' | 'table' | 'insertQuery'>

/**
 * The groups every installation has: the NOC, G-ISAC and the programme's four regional
 * joint-defence centres. Agencies' own IT teams are added by admins (the demo adds its own).
 */
export const STANDARD_GROUPS: ReadonlyArray<{ code: string; name: string; name_en: string; kind: GroupKind; region: Region | null }> = [
  { code: 'NOC', name: 'GSN 網路維運中心', name_en: 'GSN Network Operations Centre', kind: 'noc', region: null },
  { code: 'G-ISAC', name: '政府資安資訊分享與分析中心', name_en: 'Government ISAC', kind: 'gisac', region: null },
  { code: 'JDT-NORTH', name: '北區聯防中心', name_en: 'North joint-defence team', kind: 'regional', region: 'north' },
  { code: 'JDT-CENTRAL', name: '中區聯防中心', name_en: 'Central joint-defence team', kind: 'regional', region: 'central' },
  { code: 'JDT-SOUTH', name: '南區聯防中心', name_en: 'South joint-defence team', kind: 'regional', region: 'south' },
  { code: 'JDT-EAST', name: '東區聯防中心', name_en: 'East joint-defence team', kind: 'regional', region: 'east' },
]

/** The position of the standard rule "security incidents go to G-ISAC"; admins' rules may go before it. */
export const SECURITY_RULE_POSITION = 100

/**
 * Makes sure the standard groups and the rule sending security incidents to G-ISAC exist, leaving
 * any an admin changed as they are. Answers the groups' ids by code.
 */
export async function ensureStandardGroups(client: Client): Promise<Map<string, number>> {
  await client
    .insertQuery()
    .table('assignment_groups')
    .multiInsert(STANDARD_GROUPS.map((g) => ({ ...g, agency_id: null })))
    .onConflict('code')
    .ignore()
  const rows = await client.from('assignment_groups').whereIn('code', STANDARD_GROUPS.map((g) => g.code)).select('id', 'code')
  const ids = new Map(rows.map((r) => [r.code as string, Number(r.id)]))
  const gisac = ids.get('G-ISAC')
  const rule = await client.from('routing_rules').where('type', 'security').whereNull('agency_id').first()
  if (!rule && gisac) {
    await client.insertQuery().table('routing_rules').insert({ position: SECURITY_RULE_POSITION, type: 'security', agency_id: null, group_id: gisac })
  }
  return ids
}
