/** Value lists of links that the API validates and the UI offers. */
export const LINK_KINDS = ['legacy', 'uplink'] as const
export const LINK_STATUSES = ['active', 'migrating', 'decommissioned'] as const

export const linkEnums = { link_kind: LINK_KINDS, link_status: LINK_STATUSES }
