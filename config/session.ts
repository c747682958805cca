import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

export default defineConfig({
  enabled: true,
  cookieName: 'gsn-session',
  clearWithBrowser: false,
  age: '8h',
  cookie: { path: '/', httpOnly: true, secure: app.inProduction, sameSite: 'lax' },
  store: env.get('SESSION_DRIVER'),
  // Sessions live in Redis so that logging out or disabling an account ends them server-side.
  stores: { cookie: stores.cookie(), redis: stores.redis({ connection: 'main' }) },
})
