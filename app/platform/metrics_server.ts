import { createServer, type Server } from 'node:http'
import { registry } from '#app/platform/metrics'

/**
 * Collector and monitoring worker processes have no web server of their own; Prometheus scrapes
 * each of them here (GET /metrics), as it scrapes the API's /metrics. Bound to loopback unless a
 * host is given: the series say nothing secret, but nobody outside needs them.
 */
export function serveMetrics(port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer(async (request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end()
      return
    }
    try {
      const body = await registry.metrics()
      response.writeHead(200, { 'Content-Type': registry.contentType }).end(body)
    } catch (error) {
      response.writeHead(500).end(String((error as Error).message))
    }
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve(server))
  })
}
