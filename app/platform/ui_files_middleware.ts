import { readFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, gzip, constants } from 'node:zlib'
import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import app from '@adonisjs/core/services/app'
import StaticMiddleware from '@adonisjs/static/static_middleware'

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
}
/** Text compresses; fonts and images already are. */
const COMPRESSIBLE = new Set(['.js', '.css', '.svg', '.json'])

interface Asset {
  type: string
  identity: Buffer
  br: Buffer | null
  gzip: Buffer | null
}

/** Read (and compressed) once per process: the files of a build never change under their names. */
const assets = new Map<string, Promise<Asset | null>>()
const brotli = promisify(brotliCompress)
const gzipped = promisify(gzip)

/**
 * The UI's files, from ui/dist. Its fingerprinted files (ui/dist/assets/*: Vite puts a hash of the
 * content in each name, so a name never serves other bytes) are cached by browsers for good and
 * sent brotli- or gzip-compressed. The compressed copies are made by `npm run build:ui` beside
 * each file (ui/vite.config.ts); a build without them is compressed here once, at a quicker level,
 * and kept. Everything else (index.html, which must be asked for again to find new names) is left
 * to @adonisjs/static, which answers it with no-cache (config/static.ts). API paths go straight
 * to the router: looking for /api/links on disk cost a stat() per API call.
 */
@inject()
export default class UiFilesMiddleware {
  constructor(private readonly files: StaticMiddleware) {}

  async handle(ctx: HttpContext, next: NextFn) {
    const url = ctx.request.url()
    if (url.startsWith('/api/') || url === '/metrics') return next()
    const method = ctx.request.method()
    const name = url.match(/^\/assets\/([A-Za-z0-9_-][A-Za-z0-9._-]*)$/)?.[1]
    if (!name || (method !== 'GET' && method !== 'HEAD')) return this.files.handle(ctx, next)
    let asset = assets.get(name)
    if (!asset) assets.set(name, (asset = load(name)))
    const found = await asset
    if (!found) {
      assets.delete(name)
      return this.files.handle(ctx, next)
    }
    const accepted = ctx.request.header('accept-encoding') ?? ''
    const [encoding, body] =
      found.br && /\bbr\b/.test(accepted) ? ['br', found.br] : found.gzip && /\bgzip\b/.test(accepted) ? ['gzip', found.gzip] : [null, found.identity]
    const response = ctx.response
    response.header('Content-Type', found.type)
    response.header('Cache-Control', 'public, max-age=31536000, immutable')
    if (found.br || found.gzip) response.header('Vary', 'Accept-Encoding')
    if (encoding) response.header('Content-Encoding', encoding)
    response.status(200).send(body)
  }
}

async function load(name: string): Promise<Asset | null> {
  const file = join(app.publicPath(), 'assets', name)
  const identity = await readFile(file).catch(() => null)
  if (!identity) return null
  const ext = extname(name)
  const asset: Asset = { type: TYPES[ext] ?? 'application/octet-stream', identity, br: null, gzip: null }
  if (!COMPRESSIBLE.has(ext)) return asset
  asset.br = (await readFile(`${file}.br`).catch(() => null)) ?? (await brotli(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }))
  asset.gzip = (await readFile(`${file}.gz`).catch(() => null)) ?? (await gzipped(identity, { level: 6 }))
  return asset
}
