/** What an audit entry records was done to a row. */
export const AUDIT_ACTIONS = ['create', 'update', 'delete'] as const

export const auditEnums = { audit_action: AUDIT_ACTIONS }
