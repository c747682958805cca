import { agencies } from '#app/agencies/agency_resource'
import { dataCentres } from '#app/data_centres/data_centre_resource'
import { informationSystems } from '#app/systems/information_system_resource'
import { devices } from '#app/devices/device_resource'
import { links } from '#app/links/link_resource'
import { incidents } from '#app/incidents/incident_resource'
import { assignmentGroups } from '#app/incidents/assignment_group_resource'
import { routingRules } from '#app/incidents/routing_rule_resource'
import { priorityMatrix } from '#app/incidents/priority_matrix_resource'
import { problems, knownErrors } from '#app/problems/problem_resource'
import { serviceReports } from '#app/reports/report_resource'
import { maintenanceWindows } from '#app/maintenance/maintenance_window_resource'
import { changes } from '#app/changes/change_resource'
import { changeBoards } from '#app/changes/change_board_resource'
import { changeTemplates } from '#app/changes/change_template_resource'
import { freezePeriods } from '#app/changes/freeze_period_resource'
import { users } from '#app/access/user_resource'
import { notificationChannels } from '#app/notifications/channel_resource'
import { notificationSubscriptions } from '#app/notifications/subscription_resource'
import { accessTokens } from '#app/access/token_resource'
import { auditLog } from '#app/audit/audit_resource'
import { imports } from '#app/imports/imports_resource'
import { overview } from '#app/overview/overview_resource'
import { flowExporters } from '#app/flow_exporters/flow_exporter_resource'
import { slaPolicies } from '#app/service_levels/sla_policy_resource'
import { holidays } from '#app/service_levels/holiday_resource'
import { businessHours } from '#app/service_levels/business_hours_resource'
import { agencyPrefixes, flows } from '#app/flows/flow_resource'
import { legalClockPolicies } from '#app/security_grading/legal_clock_policy_resource'
import { securityKpis } from '#app/security_grading/security_kpi_resource'
import { securityEvents, securityReports } from '#app/security/security_event_resource'
import { indicators, indicatorSightings, sharingGroups } from '#app/indicators/indicator_resource'
import { detectionRules } from '#app/detections/detection_rule_resource'
import { deviceHealthPolicies } from '#app/device_health/health_policy_resource'
import { lineQualityPolicies } from '#app/line_quality/quality_policy_resource'
import { carrierContracts } from '#app/carrier_contracts/carrier_contract_resource'
import { carrierReports } from '#app/carrier_contracts/carrier_report_resource'
import { programmeFigures, programmeReviews, programmeTargets } from '#app/programme/programme_resource'
import { consolidationProjects } from '#app/programme/consolidation_project_resource'
import { isServed, type Registration, type ServedResource } from '#app/core/registration'
import type { ResourceDefinition } from '#app/core/resource'

/**
 * The registry: every resource the API knows, one line each, in the order the UI's menu lists
 * them. Each domain declares its own (name, row of the role matrix, definition or routes) in its
 * `*_resource.ts`; the routes (start/routes.ts), the role matrix (access/roles.ts), the API
 * document (platform/openapi.ts) and the importer all read this list.
 */
export const REGISTRY = [
  agencies,
  dataCentres,
  informationSystems,
  devices,
  links,
  agencyPrefixes,
  flows,
  incidents,
  assignmentGroups,
  routingRules,
  priorityMatrix,
  problems,
  knownErrors,
  serviceReports,
  maintenanceWindows,
  changes,
  changeBoards,
  changeTemplates,
  freezePeriods,
  slaPolicies,
  holidays,
  businessHours,
  users,
  notificationChannels,
  notificationSubscriptions,
  accessTokens,
  auditLog,
  imports,
  overview,
  flowExporters,
  legalClockPolicies,
  securityKpis,
  securityEvents,
  securityReports,
  indicators,
  sharingGroups,
  indicatorSightings,
  detectionRules,
  deviceHealthPolicies,
  lineQualityPolicies,
  carrierContracts,
  carrierReports,
  programmeReviews,
  programmeTargets,
  programmeFigures,
  consolidationProjects,
] as const satisfies readonly Registration[]

export type Resource = (typeof REGISTRY)[number]['name']
export const RESOURCES: readonly Resource[] = REGISTRY.map((r) => r.name)

const servedOnes = REGISTRY.filter(isServed) as ServedResource[]
const definitions = (pick: (r: ServedResource) => boolean | undefined) =>
  servedOnes.filter(pick).map((r) => r.definition as ResourceDefinition)

/** Every resource the generic API serves with all its verbs. */
export const writableResources = definitions((r) => !r.readOnly)

/** Served by the generic API for reading only. */
export const readOnlyResources = definitions((r) => r.readOnly)

/** The inventory kinds agencies hand over as CSV files. */
export const importableResources = definitions((r) => r.importable)
