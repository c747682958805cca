import { defineConfig } from '@adonisjs/static'

/**
 * Serves the built react-admin app (ui/dist, see start/kernel.ts) apart from its fingerprinted
 * assets (app/platform/ui_files_middleware.ts): that is index.html, which names the current
 * assets and so must be asked for again each time (no-cache: revalidated by its ETag).
 */
export default defineConfig({
  enabled: true,
  etag: true,
  lastModified: true,
  dotFiles: 'ignore',
  headers: () => ({ 'Cache-Control': 'no-cache' }),
})
