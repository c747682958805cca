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
const CUT_REQUESTS_AFTER_MS = 5_000
const stopping = (signal: NodeJS.Signals) => {
  openStreams.closeAll()
  // Once the application has ended (HTTP closed, database, Redis and queues shut), nothing of
  // ours is left to finish: a socket or timer still open then is a leak, not work, so the process
  // names it and exits rather than wait out the grace period.
  const watch = setInterval(async () => {
    const { default: app } = await import('@adonisjs/core/services/app')
    if (!app.isTerminated) return
    clearInterval(watch)
    setTimeout(() => {
      const left = process.getActiveResourcesInfo().filter((kind) => kind !== 'Timeout')
      if (left.length) process.stderr.write(`server ended; closing what was left open: ${left.join(', ')}\n`)
      process.exit(process.exitCode ?? 0)
    }, 1000).unref()
  }, 200)
  watch.unref()
  // Requests still in flight after a few seconds are cut, so closing the HTTP server cannot wait
  // on one that never ends (a stalled client, a stream opened as the signal came).
  setTimeout(async () => {
    const { default: server } = await import('@adonisjs/core/services/server')
    server.getNodeServer()?.closeAllConnections()
  }, CUT_REQUESTS_AFTER_MS).unref()
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
