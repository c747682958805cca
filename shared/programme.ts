/** The consolidation projects' value lists (app/programme/consolidation_project_resource.ts). */
export const PROJECT_KINDS = ['data_centre_closure', 'line_cutover'] as const
export const PROJECT_STATUSES = ['planned', 'in_progress', 'blocked', 'done', 'cancelled'] as const
export const programmeEnums = { project_kind: PROJECT_KINDS, project_status: PROJECT_STATUSES }
