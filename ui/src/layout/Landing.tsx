import { Loading, useGetIdentity } from 'react-admin'
import { Navigate } from 'react-router'
import { OVERVIEW_PATH, landingOf } from './landings'

/**
 * The console's home address (#/), where a login or a bare bookmark arrives: it sends the
 * person on to where their role starts (landings.ts). An address someone asked for before
 * logging in is kept by the login itself and never comes here.
 */
export default function Landing() {
  const { identity, isPending } = useGetIdentity()
  if (isPending) return <Loading />
  return <Navigate to={identity ? landingOf({ role: identity.role, agency_id: identity.agency_id }) : OVERVIEW_PATH} replace />
}
