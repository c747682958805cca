/** Value lists of agencies that the API validates and the UI offers (labels: `enums.<name>.<value>`). */
export const REGIONS = ['north', 'central', 'south', 'east'] as const
export const AGENCY_KINDS = ['central', 'municipality', 'county'] as const
/** 1 the Executive Yuan, 2 ministries and local governments, 3–4 their agencies. */
export const AGENCY_LEVELS = [1, 2, 3, 4] as const

export const agencyEnums = { region: REGIONS, agency_kind: AGENCY_KINDS, agency_level: AGENCY_LEVELS }
