import { INCIDENT_STATUSES, TRANSITIONS, type IncidentStatus } from '../../../shared/incident_lifecycle'
import { ROLES } from '../../../shared/roles'

/** Value lists the API validates; labels come from `enums.<name>.<value>` in ui/src/i18n. */
export const ENUMS = {
  region: ['north', 'central', 'south', 'east'],
  agency_kind: ['central', 'municipality', 'county'],
  agency_level: [1, 2, 3, 4],
  data_centre_status: ['operating', 'consolidating', 'closed'],
  system_category: [
    'shared_personnel',
    'payroll',
    'state_property',
    'regulations_website',
    'document_management',
    'agency_specific',
  ],
  system_status: ['active', 'migrating', 'merged', 'retired'],
  device_kind: ['router', 'switch', 'firewall'],
  snmp_version: ['2c', '3'],
  snmp_security_level: ['noAuthNoPriv', 'authNoPriv', 'authPriv'],
  snmp_auth_protocol: ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'],
  snmp_priv_protocol: ['des', 'aes', 'aes256b', 'aes256r'],
  link_kind: ['legacy', 'uplink'],
  link_status: ['active', 'migrating', 'decommissioned'],
  incident_type: ['service', 'security'],
  incident_priority: ['P1', 'P2', 'P3', 'P4'],
  incident_status: [...INCIDENT_STATUSES],
  item_type: ['link', 'device', 'information_system', 'data_centre'],
  role: [...ROLES],
  locale: ['zh-TW', 'en'],
  audit_action: ['create', 'update', 'delete'],
} as const

export type EnumName = keyof typeof ENUMS

/** Enums whose values are technical names, shown as they are rather than translated. */
const VERBATIM = new Set<EnumName>(['snmp_auth_protocol', 'snmp_priv_protocol'])

export function choices(name: EnumName) {
  return ENUMS[name].map((value) => ({
    id: value,
    name: VERBATIM.has(name) ? String(value) : `enums.${name}.${value}`,
  }))
}

/** The incident statuses a form may offer: where it stands and where the workflow lets it go. */
export function incidentStatusChoices(current: IncidentStatus | undefined) {
  const reachable: readonly string[] = current ? [current, ...TRANSITIONS[current]] : ['new', 'assigned', 'in_progress']
  return choices('incident_status').filter((c) => reachable.includes(String(c.id)))
}

/** Tables an incident's items point into (same mapping as the API's ITEM_TABLES). */
export const ITEM_RESOURCES: Record<string, string> = {
  link: 'links',
  device: 'devices',
  information_system: 'information_systems',
  data_centre: 'data_centres',
}

/** Entities the audit log records. */
export const AUDITED_ENTITIES = [
  'agencies',
  'data_centres',
  'information_systems',
  'devices',
  'links',
  'incidents',
  'users',
  'access_tokens',
]

export const entityChoices = AUDITED_ENTITIES.map((e) => ({ id: e, name: `resources.${e}.name` }))
