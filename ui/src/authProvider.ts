import type { AuthProvider } from 'react-admin'
import { API, ensureXsrfCookie, httpClient } from './common/http'

export type ApiAction = 'read' | 'create' | 'update' | 'delete'

export interface Profile {
  id: number
  email: string
  full_name: string | null
  role: string
  agency_id: number | null
  locale: string
  permissions: Record<string, ApiAction[]>
}

/** react-admin's page and button actions, in the API's words. */
const ACTION_OF: Record<string, ApiAction> = {
  list: 'read',
  show: 'read',
  export: 'read',
  read: 'read',
  create: 'create',
  edit: 'update',
  update: 'update',
  delete: 'delete',
}

let profile: Profile | null = null
let pending: Promise<Profile | null> | null = null

/** Who is logged in, asked once per page load and kept until login or logout. */
export function currentProfile(): Promise<Profile | null> {
  if (profile) return Promise.resolve(profile)
  pending ??= httpClient(`${API}/auth/me`)
    .then(({ json }) => (profile = json as Profile))
    .catch(() => null)
    .finally(() => {
      pending = null
    })
  return pending
}

export function cachedProfile() {
  return profile
}

export function rememberLocale(locale: string) {
  if (profile) profile = { ...profile, locale }
}

export function allowed(p: Profile | null, resource: string, action: string) {
  const wanted = ACTION_OF[action] ?? action
  return Boolean(p?.permissions?.[resource]?.includes(wanted as ApiAction))
}

/** Set at login, consumed by the layout: the user's saved language wins over the login page's. */
export const LOGIN_LOCALE_KEY = 'gsn.login-locale'

export const authProvider: AuthProvider = {
  async login({ username, email, password }: { username?: string; email?: string; password: string }) {
    await ensureXsrfCookie()
    const { json } = await httpClient(`${API}/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ email: email ?? username, password }),
    })
    profile = json as Profile
    if (profile.locale) sessionStorage.setItem(LOGIN_LOCALE_KEY, profile.locale)
  },

  async logout() {
    const had = profile !== null || document.cookie.includes('XSRF-TOKEN')
    profile = null
    if (had) {
      await ensureXsrfCookie()
      await httpClient(`${API}/auth/logout`, { method: 'POST' }).catch(() => undefined)
    }
  },

  async checkAuth() {
    if (!(await currentProfile())) throw new Error('ra.auth.auth_check_error')
  },

  // Only a lost session logs the user out; a refusal (403) is shown where it happened.
  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      profile = null
      throw new Error('ra.notification.logged_out')
    }
  },

  async getIdentity() {
    const p = await currentProfile()
    if (!p) throw new Error('ra.auth.auth_check_error')
    return { ...p, fullName: p.full_name || p.email }
  },

  async getPermissions() {
    const p = await currentProfile()
    return p?.permissions ?? {}
  },

  async canAccess({ resource, action }) {
    return allowed(await currentProfile(), resource, action)
  },
}
