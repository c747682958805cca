import { agencyEnums } from './agencies.js'
import { dataCentreEnums } from './data_centres.js'
import { systemEnums } from './information_systems.js'
import { deviceEnums } from './devices.js'
import { linkEnums } from './links.js'
import { incidentEnums } from './incident_lifecycle.js'
import { serviceDeskEnums } from './service_desk.js'
import { problemEnums } from './problem_lifecycle.js'
import { changeEnums } from './change_lifecycle.js'
import { userEnums } from './users.js'
import { notificationEnums } from './notifications.js'
import { auditEnums } from './audit.js'
import { serviceLevelEnums } from './service_levels.js'
import { securityGradingEnums } from './security_grading.js'
import { programmeEnums } from './programme.js'

/**
 * Every value list the API validates and the UI offers, by the name its labels go under
 * (`enums.<name>.<value>` in ui/src/i18n). Each domain owns its lists in its own file here and
 * its validators read them from there, so a value added once is accepted and offered alike.
 */
export const ENUMS = {
  ...agencyEnums,
  ...dataCentreEnums,
  ...systemEnums,
  ...deviceEnums,
  ...linkEnums,
  ...incidentEnums,
  ...serviceDeskEnums,
  ...problemEnums,
  ...changeEnums,
  ...userEnums,
  ...notificationEnums,
  ...auditEnums,
  ...serviceLevelEnums,
  ...securityGradingEnums,
  ...programmeEnums,
}

export type EnumName = keyof typeof ENUMS
