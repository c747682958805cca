import 'reflect-metadata'
import { Ignitor } from '@adonisjs/core'

/**
 * The three entry points (server, console, tests) boot the same application the same way;
 * only what they do with it differs.
 */
export const APP_ROOT = new URL('../', import.meta.url)

export function ignite() {
  return new Ignitor(APP_ROOT, {
    importer: (filePath: string) =>
      filePath.startsWith('./') || filePath.startsWith('../')
        ? import(new URL(filePath, APP_ROOT).href)
        : import(filePath),
  }).tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listen('SIGINT', () => app.terminate())
  })
}
