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

/** AdonisJS's own JSON writer (safe-stable-stringify), for what JSON.stringify refuses. */
const safeStringify = defineConfig({}).serializeJSON

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
  // AdonisJS writes every JSON answer with safe-stable-stringify, a replacer called in JavaScript
  // for each value, to cope with bigints and cycles: 6–8% of a list's server time under load
  // (bench/api_load.ts). V8's own JSON.stringify gives the same text for everything else, so it
  // writes the answer, and only one it refuses (a bigint, a cycle) goes the safe way as before.
  serializeJSON: (value: unknown) => {
    try {
      return JSON.stringify(value)
    } catch {
      return safeStringify(value)
    }
  },
  cookie: {
    domain: '',
    path: '/',
    maxAge: '8h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
