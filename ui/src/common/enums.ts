import { ITEM_TABLES } from '../../../shared/incident_lifecycle'
import { ENUMS, type EnumName } from '../../../shared/enums'

export type { EnumName }

/** Enums whose values are technical names, shown as they are rather than translated. */
const VERBATIM = new Set<EnumName>(['snmp_auth_protocol', 'snmp_priv_protocol'])

export function choices(name: EnumName) {
  return ENUMS[name].map((value) => ({
    id: value,
    name: VERBATIM.has(name) ? String(value) : `enums.${name}.${value}`,
  }))
}

/** Tables an incident's items point into. */
export const ITEM_RESOURCES: Record<string, string> = ITEM_TABLES

/** Entities the audit log records. */
export const AUDITED_ENTITIES = [
  'agencies',
  'data_centres',
  'information_systems',
  'devices',
  'links',
  'incidents',
  'problems',
  'maintenance_windows',
  'changes',
  'change_boards',
  'change_templates',
  'freeze_periods',
  'users',
  'notification_channels',
  'access_tokens',
]

export const entityChoices = AUDITED_ENTITIES.map((e) => ({ id: e, name: `resources.${e}.name` }))
