import { ROLES, type Role } from '#shared/roles'

/**
 * Who may do what. Kept as plain data so the whole matrix can be read in one screen, tested
 * exhaustively and shown to auditors; agency scope is applied on top of it (see scope.ts).
 */

export { ROLES, type Role }

export const RESOURCES = [
  'agencies',
  'data_centres',
  'information_systems',
  'devices',
  'links',
  'incidents',
  'maintenance_windows',
  'users',
  'access_tokens',
  'audit_log',
  'imports',
  'overview',
  'notification_channels',
] as const
export type Resource = (typeof RESOURCES)[number]

export const ACTIONS = ['read', 'create', 'update', 'delete'] as const
export type Action = (typeof ACTIONS)[number]

type Grant = Partial<Record<Resource, readonly Action[]>>

const READ: readonly Action[] = ['read']
const WRITE: readonly Action[] = ['read', 'create', 'update']
const ALL: readonly Action[] = ['read', 'create', 'update', 'delete']
const INVENTORY_READ: Grant = {
  agencies: READ,
  data_centres: READ,
  information_systems: READ,
  devices: READ,
  links: READ,
  incidents: READ,
  maintenance_windows: READ,
  overview: READ,
}

export const GRANTS: Record<Role, Grant> = {
  admin: Object.fromEntries(RESOURCES.map((r) => [r, ALL])) as Grant,
  // Network operations run devices and links and work service incidents.
  // Maintenance windows are not deleted but ended (ends_at), so why alarms were silent stays on record.
  noc: { ...INVENTORY_READ, devices: ALL, links: ALL, incidents: WRITE, imports: WRITE, maintenance_windows: WRITE, notification_channels: ALL },
  // G-ISAC analysts work security incidents; inventory is context for them.
  analyst: { ...INVENTORY_READ, incidents: WRITE },
  cio: { ...INVENTORY_READ },
  // An agency's liaison keeps its own inventory and raises its own incidents.
  agency_liaison: {
    ...INVENTORY_READ,
    data_centres: WRITE,
    information_systems: WRITE,
    incidents: WRITE,
    imports: WRITE,
  },
  auditor: { ...INVENTORY_READ, users: READ, audit_log: READ, imports: READ, notification_channels: READ },
}

export function can(role: Role, resource: Resource, action: Action): boolean {
  return GRANTS[role]?.[resource]?.includes(action) ?? false
}

/** Everything a role may do, as the UI needs it to hide what would only be refused. */
export function permissionsOf(role: Role): Record<string, Action[]> {
  return Object.fromEntries(
    Object.entries(GRANTS[role]).map(([resource, actions]) => [resource, [...actions!]])
  )
}
