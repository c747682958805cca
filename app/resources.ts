import { agencyResource } from '#app/agencies/agency_resource'
import { dataCentreResource } from '#app/data_centres/data_centre_resource'
import { informationSystemResource } from '#app/systems/information_system_resource'
import { deviceResource } from '#app/devices/device_resource'
import { linkResource } from '#app/links/link_resource'
import { incidentResource } from '#app/incidents/incident_resource'
import { userResource } from '#app/access/user_resource'
import { auditResource } from '#app/audit/audit_resource'
import { channelResource } from '#app/notifications/channel_resource'
import { maintenanceWindowResource } from '#app/maintenance/maintenance_window_resource'
import type { ResourceDefinition } from '#app/core/resource'

/** Every resource the generic API serves, in the order the UI's menu lists them. */
export const writableResources: ResourceDefinition[] = [
  agencyResource,
  dataCentreResource,
  informationSystemResource,
  deviceResource,
  linkResource,
  incidentResource,
  maintenanceWindowResource,
  userResource,
  channelResource,
] as ResourceDefinition[]

export const readOnlyResources: ResourceDefinition[] = [auditResource] as ResourceDefinition[]

/** The inventory kinds agencies hand over as CSV files. */
export const importableResources = [
  agencyResource,
  dataCentreResource,
  informationSystemResource,
  deviceResource,
  linkResource,
] as ResourceDefinition[]

export function resourceNamed(name: string) {
  return [...writableResources, ...readOnlyResources].find((r) => r.name === name)
}
