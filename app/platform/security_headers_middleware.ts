import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * What the UI needs and no more. Styles allow 'unsafe-inline' because MUI (emotion) writes its
 * styles into <style> elements at run time; scripts do not: Vite's build has no inline script.
 * The icon is a data: URL (index.html), and the API, its event stream and exports are same-origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
} as const

/**
 * Sets the security headers on every answer: the UI's files, which are served before the router
 * (and so before Shield) ever runs, API answers, errors and 404s alike. Static files copy the
 * headers set here (see @adonisjs/static's setHeaders), so setting them first is enough.
 */
export default class SecurityHeadersMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) ctx.response.header(name, value)
    return next()
  }
}
