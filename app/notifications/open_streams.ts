/**
 * The live event streams this process holds open. A stream is one request that never ends by
 * itself, and a stopping HTTP server waits for every request to end: so on SIGTERM or Ctrl-C the
 * server ends them first (bin/server.ts), and the browsers' EventSource reconnects to whichever
 * server answers next.
 */
const closers = new Set<() => void>()

export const openStreams = {
  add(close: () => void) {
    closers.add(close)
  },
  delete(close: () => void) {
    closers.delete(close)
  },
  get size() {
    return closers.size
  },
  closeAll() {
    for (const close of [...closers]) close()
  },
}
