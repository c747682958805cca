/** Value lists of information systems that the API validates and the UI offers. */
export const SYSTEM_CATEGORIES = [
  'shared_personnel',
  'payroll',
  'state_property',
  'regulations_website',
  'document_management',
  'agency_specific',
] as const
export const SYSTEM_STATUSES = ['active', 'migrating', 'merged', 'retired'] as const

export const systemEnums = { system_category: SYSTEM_CATEGORIES, system_status: SYSTEM_STATUSES }
