import { defineConfig } from '@adonisjs/cors'

// The UI is served by the same process, so cross-origin requests are not needed.
export default defineConfig({
  enabled: false,
  origin: [],
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  headers: true,
  exposeHeaders: ['content-range', 'x-total-count'],
  credentials: true,
  maxAge: 90,
})
