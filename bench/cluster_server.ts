/**
 * The API as a cluster of processes (node:cluster), for bench/api_load.ts --processes N: the
 * trial issue 7 asks for before shipping a cluster mode. The primary only accepts connections
 * and hands them round-robin to N copies of bin/server.ts; it stops them when it is told to stop.
 *
 *   node bench/cluster_server.ts 2
 */
import cluster from 'node:cluster'

const count = Number(process.argv[2] ?? 2)
cluster.setupPrimary({ exec: 'bin/server.ts', execArgv: ['--import=@poppinss/ts-exec'] })
for (let i = 0; i < count; i++) cluster.fork()
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal)
  })
}
cluster.on('exit', () => {
  if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
})
