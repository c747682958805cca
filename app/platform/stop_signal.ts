/**
 * Resolves on the first SIGTERM or SIGINT (Ctrl-C): the moment a long-running command (workers,
 * collectors, the simulated network) starts closing its queues and connections.
 *
 * Later signals are absorbed rather than killing the process mid-close: Ctrl-C in the demo's
 * terminal reaches every process and the demo script then sends SIGTERM as well. And the process
 * exits by itself graceMs after the first signal, because something opened while closing (a
 * query a trap started as the pool shut, say) can hold the event loop open and a worker must
 * never outlive the demo or its service manager's stop.
 */
export function stopSignal(graceMs = 10_000): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first: NodeJS.Signals | null = null
    const stop = (signal: NodeJS.Signals) => {
      if (first) return
      first = signal
      setTimeout(() => {
        process.stderr.write(`still running ${graceMs / 1000} s after ${signal}; exiting\n`)
        process.exit(process.exitCode ?? 0)
      }, graceMs).unref()
      resolve(signal)
    }
    process.on('SIGTERM', stop)
    process.on('SIGINT', stop)
  })
}
