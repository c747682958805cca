import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { validBody } from '#tests/support/bodies'

/** A security incident raised through the API by `user` (a liaison, an analyst or an admin). */
export async function raiseSecurity(client: ApiClient, user: User, agencyId: number, extra: object = {}) {
  const created = await client
    .post('/api/incidents')
    .json({ ...validBody('incidents', agencyId, 'analyst'), ...extra })
    .loginAs(user)
    .withCsrfToken()
  created.assertStatus(201)
  return created.body() as Record<string, any>
}

export const grade = (client: ApiClient, user: User, id: number | string, body: object) =>
  client.post(`/api/incidents/${id}/grade`).json(body).loginAs(user).withCsrfToken()

export const sendReport = (client: ApiClient, user: User, id: number | string, body: object = {}) =>
  client.post(`/api/incidents/${id}/authority_report/send`).json(body).loginAs(user).withCsrfToken()

/** An assessment the regulation grades at `level`. */
export function assessmentFor(level: 1 | 2 | 3 | 4) {
  const systems = (['non_core', 'core', 'core_ci', 'core_ci'] as const)[level - 1]
  return { systems, confidentiality: level === 4 ? 'serious' : 'minor', integrity: 'none', availability: 'none', classified: 'none' }
}
