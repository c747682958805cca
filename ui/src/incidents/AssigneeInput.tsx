import { useState } from 'react'
import { AutocompleteInput, SelectInput, useGetIdentity, useTranslate } from 'react-admin'
import { useCan } from '../common/permissions'
import { ReferenceAutocomplete } from '../common/references'
import { getJson, useApiQuery } from '../noc/api'

interface Assignee {
  id: number
  name: string
  email: string
}

/**
 * The people an existing incident may be handed to, as the API decides (GET …/assignees),
 * searched on the server as one types: a busy desk has more accounts than one page of choices.
 */
function EligibleAssignees({ source, label, incidentId }: { source: string; label?: string; incidentId: number | string }) {
  const [search, setSearch] = useState('')
  const { data } = useApiQuery(['incidents', 'assignees', String(incidentId), search], (signal) =>
    getJson<Assignee[]>(`/incidents/${incidentId}/assignees?q=${encodeURIComponent(search)}`, signal)
  )
  const choices = (data ?? []).map((a) => ({ id: a.id, name: a.name === a.email ? a.email : `${a.name} <${a.email}>` }))
  return (
    <AutocompleteInput
      source={source}
      label={label}
      choices={choices}
      translateChoice={false}
      isLoading={!data}
      setFilter={setSearch}
      filterToQuery={(text: string) => text}
      shouldRenderSuggestions={() => true}
    />
  )
}

/**
 * Who gets an incident. On an incident that exists, everyone who works incidents picks from the
 * accounts the API says may take it (role, agency), without the right to list every account.
 * Elsewhere (a new incident, the list's filter), those who may read users pick anyone by name
 * and the others can take it themselves.
 */
export function AssigneeInput({ source = 'assignee_id', label, incidentId }: { source?: string; label?: string; incidentId?: number | string }) {
  const canReadUsers = useCan('users', 'read')
  const { identity } = useGetIdentity()
  const translate = useTranslate()
  if (incidentId !== undefined) return <EligibleAssignees source={source} label={label} incidentId={incidentId} />
  if (canReadUsers) return <ReferenceAutocomplete source={source} reference="users" label={label} />
  const me = identity ? [{ id: identity.id, name: translate('gsn.incidents.me', { name: identity.fullName }) }] : []
  return <SelectInput source={source} label={label} choices={me} translateChoice={false} />
}
