import { defineConfig } from '@adonisjs/shield'

export default defineConfig({
  csp: { enabled: false, directives: {}, reportOnly: false },
  // Cookie sessions are CSRF-protected; bearer-token requests carry no cookie and are exempt
  // (see app/core/csrf_for_sessions_middleware.ts).
  csrf: {
    enabled: true,
    exceptRoutes: (ctx) => Boolean(ctx.request.header('authorization')),
    enableXsrfCookie: true,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: true, action: 'DENY' },
  hsts: { enabled: true, maxAge: '180 days' },
  contentTypeSniffing: { enabled: true },
})
