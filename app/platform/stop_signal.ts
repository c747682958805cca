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

/**
 * Runs `once` now and then every `everySeconds` until the stop signal, for the maintenance
 * commands run with --every. A failed round is reported and the next one still comes: a
 * database restarting over one round must not end the process the demo or cron relies on. The
 * wait is cut short by the signal, so Ctrl-C never waits out a long interval.
 */
export async function repeatUntilStopped(everySeconds: number, once: () => Promise<void>, onError: (error: Error) => void) {
  let stopping = false
  stopSignal().then(() => {
    stopping = true
  })
  while (!stopping) {
    try {
      await once()
    } catch (error) {
      onError(error as Error)
    }
    for (let waited = 0; waited < everySeconds * 1000 && !stopping; waited += 500) await new Promise((r) => setTimeout(r, 500))
  }
}
