import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'

export const appKey = env.get('APP_KEY')
export const appUrl = env.get('APP_URL') ?? `http://localhost:${env.get('PORT')}`

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: false,
  useAsyncLocalStorage: true,
  trustProxy: () => true,
  // List parameters are JSON (sort=["name","ASC"], range=[0,99]): a comma inside them must not
  // split the value into an array, as qs does by default here, or a hand-typed URL is refused.
  qs: { parse: { comma: false } },
  cookie: {
    domain: '',
    path: '/',
    maxAge: '8h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
