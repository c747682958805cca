/** Value lists of data centres that the API validates and the UI offers. */
export const DATA_CENTRE_STATUSES = ['operating', 'consolidating', 'closed'] as const

export const dataCentreEnums = { data_centre_status: DATA_CENTRE_STATUSES }
