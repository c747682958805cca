import { defineConfig } from '@adonisjs/static'

// Serves the built react-admin app (ui/dist, see start/kernel.ts).
export default defineConfig({ enabled: true, etag: true, lastModified: true, dotFiles: 'ignore' })
