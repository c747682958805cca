import type { Region } from '#app/agencies/agency'
import type { Role } from '#app/access/roles'
import type { SnmpCredentials } from '#app/devices/snmp_credentials'
import type { SYSTEM_CATEGORIES } from '#app/systems/information_system'
import type { IncidentStatus } from '#app/incidents/incident_workflow'

/**
 * What the demo data set is: its seed and dates, the programme's baselines, the rows it holds
 * (naming each other by natural key) and the demo accounts. app/demo/generator.ts builds it.
 */

export const DEMO_SEED = 'gsn-demo'
/** The programme's restart and the date the demo's history runs up to. */
export const PROGRAMME_START = '2023-01-01'
export const DEMO_AS_OF = '2026-11-15'
/** The programme's baselines (優質網路政府計畫): what existed before consolidation began. */
export const DEMO_TOTALS = { dataCentres: 280, systems: 4500, legacyLines: 17485 } as const

export type SystemCategory = (typeof SYSTEM_CATEGORIES)[number]

export interface DemoAgency {
  code: string
  name: string
  name_en: string
  level: number
  kind: 'central' | 'municipality' | 'county'
  region: Region
  parent_code: string | null
  hub_code: string
  /** Not stored: what the generator used to place and size the agency. */
  county: string | null
  weight: number
  pace: number
}

export interface DemoDataCentre {
  code: string
  name: string
  agency_code: string
  region: Region
  status: 'operating' | 'consolidating' | 'closed'
  consolidated_into_code: string | null
  closure_date: string | null
  racks: number
  servers: number
  /** A ministry's shared (共構) room or an off-site backup room: where the others move to. */
  shared: boolean
}

export interface DemoSystem {
  code: string
  name: string
  agency_code: string
  data_centre_code: string | null
  category: SystemCategory
  status: 'active' | 'migrating' | 'merged' | 'retired'
  merged_into_code: string | null
  retirement_date: string | null
  shared: boolean
}

export interface DemoDevice {
  hostname: string
  kind: 'router' | 'switch' | 'firewall'
  management_address: string
  region: Region
  agency_code: string
  vendor: string
  model: string
  snmp_version: '2c' | '3'
  snmp_port: number
  poll_interval_s: number
  /** Plain here; the loader seals them exactly as the device resource does. */
  credentials: SnmpCredentials
}

export interface DemoLink {
  circuit_id: string
  name: string
  kind: 'legacy' | 'uplink'
  agency_code: string
  a_end: string
  z_end: string
  bandwidth_kbps: number
  device_hostname: string | null
  if_index: number | null
  status: 'active' | 'migrating' | 'decommissioned'
  consolidated_into_circuit: string | null
  decommission_date: string | null
}

export type DemoItemRef =
  | { item_type: 'link'; circuit_id: string }
  | { item_type: 'device'; hostname: string }
  | { item_type: 'information_system'; code: string }
  | { item_type: 'data_centre'; code: string }

export interface DemoIncident {
  title: string
  description: string
  type: 'service' | 'security'
  priority: 'P1' | 'P2' | 'P3' | 'P4'
  status: IncidentStatus
  agency_code: string
  reported_by_email: string
  assignee_email: string | null
  resolution: string | null
  opened_at: string
  acknowledged_at: string | null
  resolved_at: string | null
  closed_at: string | null
  items: DemoItemRef[]
}

export interface DemoUser {
  email: string
  full_name: string
  role: Role
  agency_code: string | null
  locale: 'zh-TW'
}

export interface DemoDataSet {
  seed: string
  asOf: string
  /** The moment the incidents' clocks run up to (ISO): their histories end there. */
  now: string
  agencies: DemoAgency[]
  dataCentres: DemoDataCentre[]
  systems: DemoSystem[]
  devices: DemoDevice[]
  links: DemoLink[]
  incidents: DemoIncident[]
  users: DemoUser[]
}

export interface DemoOptions {
  seed?: string
  /** Last day of the consolidation history (YYYY-MM-DD). */
  asOf?: string
  /** The moment the incidents' clocks run up to; defaults to noon of asOf. */
  now?: Date
}

export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@gsn.demo', full_name: '系統管理員（示範）', role: 'admin', agency_code: null, locale: 'zh-TW' },
  { email: 'noc@gsn.demo', full_name: 'GSN 網路維運中心值班工程師', role: 'noc', agency_code: null, locale: 'zh-TW' },
  { email: 'analyst@gsn.demo', full_name: 'G-ISAC 資安分析師', role: 'analyst', agency_code: null, locale: 'zh-TW' },
  { email: 'cio@gsn.demo', full_name: '行政院資訊長', role: 'cio', agency_code: null, locale: 'zh-TW' },
  { email: 'auditor@gsn.demo', full_name: '資安稽核人員', role: 'auditor', agency_code: null, locale: 'zh-TW' },
  { email: 'liaison@gsn.demo', full_name: '交通部資訊窗口', role: 'agency_liaison', agency_code: 'MOTC', locale: 'zh-TW' },
]
