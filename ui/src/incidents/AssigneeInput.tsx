import { SelectInput, useGetIdentity, useTranslate } from 'react-admin'
import { useCan } from '../common/permissions'
import { ReferenceAutocomplete } from '../common/references'

/**
 * Who gets an incident. Those who may read users pick anyone by name (the API refuses one whose
 * role or agency does not fit, and says so); the others, who may not list users, can take the
 * incident themselves.
 */
export function AssigneeInput({ source = 'assignee_id', label }: { source?: string; label?: string }) {
  const canReadUsers = useCan('users', 'read')
  const { identity } = useGetIdentity()
  const translate = useTranslate()
  if (canReadUsers) return <ReferenceAutocomplete source={source} reference="users" label={label} />
  const me = identity ? [{ id: identity.id, name: translate('gsn.incidents.me', { name: identity.fullName }) }] : []
  return <SelectInput source={source} label={label} choices={me} translateChoice={false} />
}
