const { prettyPrintError } = await import('@adonisjs/core')
const { ignite } = await import('./ignite.js')
const { openStreams } = await import('#app/notifications/open_streams')

/**
 * On SIGTERM or Ctrl-C the server stops listening and waits for its requests to end; live event
 * streams never end by themselves, so they are ended at once. Whatever else still holds the
 * process after the grace period (a slow request, a connection a pool opened while closing) is
 * cut: a server must not outlive its service manager's stop or the demo's Ctrl-C.
 */
const GRACE_MS = 20_000
const stopping = (signal: NodeJS.Signals) => {
  openStreams.closeAll()
  setTimeout(() => {
    process.stderr.write(`server still running ${GRACE_MS / 1000} s after ${signal}; exiting\n`)
    process.exit(process.exitCode ?? 0)
  }, GRACE_MS).unref()
}
process.once('SIGTERM', stopping)
process.once('SIGINT', stopping)

ignite({ terminateOnSignal: true })
  .httpServer()
  .start()
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
