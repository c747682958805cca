import { fetchUtils, HttpError } from 'react-admin'

export const API = '/api'

/** The XSRF-TOKEN cookie that AdonisJS shield sets on every answer, as it must travel back. */
export function xsrfToken(): string | null {
  const match = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))
  return match ? decodeURIComponent(match.slice('XSRF-TOKEN='.length)) : null
}

interface ApiError {
  field?: string
  message: string
}

/**
 * react-admin shows `body.errors` as {field: message} on the form's inputs, and the error's
 * message in notifications; the API answers `{errors: [{field, message}]}`. Errors without a
 * field go to the form's root, where react-admin shows them in its notification.
 */
export function toHttpError(status: number, statusText: string, json: unknown): HttpError {
  const list: ApiError[] = Array.isArray((json as any)?.errors) ? (json as any).errors : []
  const first = list[0]?.message
  const message = first ? (list.length > 1 && status === 422 ? `${first} (+${list.length - 1})` : first) : statusText
  // Only a 422 carries field errors. react-admin reads any `body.errors` as the form's, so a
  // refusal's list (a 403's) left there shows "The form is not valid" instead of its message.
  if (status !== 422 || !list.length) {
    const { errors: refusals, ...rest } = (json ?? {}) as Record<string, unknown>
    return new HttpError(message, status, json === undefined ? json : { ...rest, refusals })
  }
  const errors: Record<string, unknown> = {}
  for (const e of list) {
    if (e.field && !(e.field in errors)) errors[e.field] = e.message
  }
  const loose = list.filter((e) => !e.field).map((e) => e.message)
  if (loose.length) errors.root = { serverError: loose.join('; ') }
  return new HttpError(message, status, { ...(json as object), errors })
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** fetch for the API: session cookie, CSRF header on writes, JSON, errors as HttpError. */
export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' })
  if (!headers.has('Accept')) headers.set('Accept', 'application/json')
  const method = (options.method ?? 'GET').toUpperCase()
  if (WRITES.has(method)) {
    const token = xsrfToken()
    if (token) headers.set('X-XSRF-TOKEN', token)
  }
  if (options.body && !(options.body instanceof FormData) && !headers.has('Content-Type')) {
    headers.set('Content-Type', 'application/json')
  }
  const response = await fetch(url, { ...options, headers, credentials: 'same-origin' })
  const body = await response.text()
  let json: any
  try {
    json = body ? JSON.parse(body) : undefined
  } catch {
    json = undefined
  }
  if (response.status < 200 || response.status >= 300) {
    throw toHttpError(response.status, response.statusText, json)
  }
  return { status: response.status, headers: response.headers, body, json }
}

/** The session's first answer carries the XSRF cookie; a write needs it before it can go. */
export async function ensureXsrfCookie() {
  if (!xsrfToken()) await fetch(`${API}/health`, { credentials: 'same-origin' }).catch(() => undefined)
}
