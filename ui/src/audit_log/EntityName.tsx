import { useGetResourceLabel, useRecordContext } from 'react-admin'

/**
 * An audited entity named as its resource is: the catalogue holds both forms ("Agency ||||
 * Agencies"), which a choice's plain translation would show as they are written.
 */
export function EntityName() {
  const choice = useRecordContext()
  const resourceLabel = useGetResourceLabel()
  return choice ? <>{resourceLabel(String(choice.id), 1)}</> : null
}
