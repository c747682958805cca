/** The six roles an account may have; what each may do is the matrix in app/access/roles.ts. */
export const ROLES = ['admin', 'noc', 'analyst', 'cio', 'agency_liaison', 'auditor'] as const
export type Role = (typeof ROLES)[number]
