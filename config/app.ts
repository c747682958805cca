import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/core/http'
import proxyAddr from 'proxy-addr'

const trustedProxies = (env.get('TRUSTED_PROXIES') ?? '')
  .split(',')
  .map((entry) => entry.trim())
  .filter(Boolean)

export const appKey = env.get('APP_KEY')
export const appUrl = env.get('APP_URL') ?? `http://localhost:${env.get('PORT')}`

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: false,
  useAsyncLocalStorage: true,
  // X-Forwarded-For is believed only from the reverse proxies named in TRUSTED_PROXIES (addresses
  // or CIDR ranges, or proxy-addr's names: loopback, linklocal, uniquelocal); from anyone else it
  // is ignored, or a client could choose its own address and pass the login throttle.
  trustProxy: trustedProxies.length ? proxyAddr.compile(trustedProxies) : () => false,
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
