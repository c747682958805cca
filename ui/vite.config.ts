import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync, constants } from 'node:zlib'

const root = fileURLToPath(new URL('.', import.meta.url))

/**
 * Brotli and gzip copies of each text asset, made once here at the strongest levels, which are
 * too slow to run per request: the server sends them as they are (app/platform/ui_files_middleware.ts).
 */
function precompress(): Plugin {
  return {
    name: 'gsn-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!/^assets\/.+\.(js|css|svg|json)$/.test(fileName)) continue
        const bytes = Buffer.from(output.type === 'chunk' ? output.code : output.source)
        const file = join(options.dir!, fileName)
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }))
      }
    },
  }
}

/**
 * The console is served by AdonisJS from ui/dist at `/`, next to its API at `/api`; in
 * development Vite proxies `/api` to `node ace serve`.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // The libraries the first page needs, one cacheable chunk per family so none passes
        // Vite's 500 KB warning. Only modules of the initial load are grouped ('$initial'), so the
        // charts stay in the lazily loaded dashboard's own chunk.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 4, tags: ['$initial'] },
            { name: 'icons', test: /node_modules[\\/]@mui[\\/]icons-material[\\/]/, priority: 3, tags: ['$initial'] },
            { name: 'mui', test: /node_modules[\\/](@mui|@emotion|@popperjs|react-transition-group|stylis)/, priority: 2, tags: ['$initial'] },
            { name: 'react-admin', test: /node_modules[\\/]/, priority: 1, tags: ['$initial'] },
          ],
        },
      },
    },
  },
  server: {
    port: Number(process.env.UI_PORT ?? 5173),
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? 3333}` },
  },
})
