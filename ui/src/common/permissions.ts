import { usePermissions } from 'react-admin'
import type { ApiAction } from '../authProvider'

/** Whether the logged-in role may do `action` on `resource` (the API decides; this only hides). */
export function useCan(resource: string, action: ApiAction) {
  const { permissions, isPending } = usePermissions<Record<string, ApiAction[]>>()
  return !isPending && Boolean(permissions?.[resource]?.includes(action))
}
