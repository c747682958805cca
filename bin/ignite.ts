import 'reflect-metadata'
import { Ignitor } from '@adonisjs/core'

/**
 * The three entry points (server, console, tests) boot the same application the same way;
 * only what they do with it differs. The server ends the application on SIGTERM or Ctrl-C (which
 * closes its HTTP server); a long-running command does not: it closes its own queues and
 * connections on the signal (app/platform/stop_signal.ts) and then ends the application itself.
 * Ending it from here as well raced that close, shutting Redis while the command still used it,
 * so a connection opened after the shutdown kept the process for its whole grace period.
 */
export const APP_ROOT = new URL('../', import.meta.url)

export function ignite(options: { terminateOnSignal?: boolean } = {}) {
  return new Ignitor(APP_ROOT, {
    importer: (filePath: string) =>
      filePath.startsWith('./') || filePath.startsWith('../')
        ? import(new URL(filePath, APP_ROOT).href)
        : import(filePath),
  }).tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    if (options.terminateOnSignal) {
      app.listen('SIGTERM', () => app.terminate())
      app.listen('SIGINT', () => app.terminate())
    }
  })
}
