import { useQuery } from '@tanstack/react-query'
import { API, httpClient } from '../common/http'

/** A GET of the change routes that are not the generic resource's (timeline, impact, calendar). */
export function useChangeApi<T>(path: string | null) {
  return useQuery<T>({
    queryKey: ['changes-api', path],
    enabled: path !== null,
    queryFn: async () => (await httpClient(`${API}${path}`)).json as T,
  })
}

export async function postChange(id: number, action: string, body: Record<string, unknown>) {
  return (await httpClient(`${API}/changes/${id}/${action}`, { method: 'POST', body: JSON.stringify(body) })).json
}
