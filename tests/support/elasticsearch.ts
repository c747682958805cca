import http from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'

/** A document as the stand-in keeps it: the index it was created in and its source. */
export interface StandInDocument {
  index: string
  source: Record<string, any>
}

export interface StandInRequest {
  method: string
  /** Without the query string. */
  path: string
  body: string
}

/**
 * The searches (and any other calls) one store makes, computed over the documents the stand-in
 * holds: `[status, payload]`, or undefined for a call it does not serve (answered 404).
 */
export type StandInSearch = (request: StandInRequest, docs: Map<string, StandInDocument>) => [number, unknown] | undefined

/**
 * No Elasticsearch can run on this machine (see the real-peers reference), so this stands in for
 * one: a small HTTP server on a free loopback port that answers what every store here sends the
 * same way (an index template, `_bulk` creates, with 409 for an id it already holds, as a cluster
 * does for `create`) and hands the rest to `search`, which each store's tests write for the
 * queries that store makes. It checks what a store asks and how it reads the answers, not how a
 * real cluster behaves. Every call is kept in `calls`; a `search` that throws answers 400.
 */
export async function standInElasticsearch(search: StandInSearch) {
  const docs = new Map<string, StandInDocument>()
  const calls: StandInRequest[] = []
  const bulkCreate = (body: string) => {
    const lines = body.trim().split('\n').map((line) => JSON.parse(line))
    const items = []
    for (let i = 0; i < lines.length; i += 2) {
      const { _index, _id } = lines[i].create
      const exists = docs.has(_id)
      if (!exists) docs.set(_id, { index: _index, source: lines[i + 1] })
      const conflict = exists ? { error: { type: 'version_conflict_engine_exception' } } : {}
      items.push({ create: { _index, _id, status: exists ? 409 : 201, ...conflict } })
    }
    return { took: 1, errors: items.some((item) => item.create.status !== 201), items }
  }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const request = { method: req.method!, path: req.url!.split('?')[0], body: Buffer.concat(chunks).toString('utf8') }
      calls.push(request)
      const answer = (status: number, payload: unknown) => {
        // The official client refuses a server that does not say it is Elasticsearch.
        res.writeHead(status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' })
        res.end(JSON.stringify(payload))
      }
      try {
        if (request.method === 'PUT' && request.path.startsWith('/_index_template/')) return answer(200, { acknowledged: true })
        if (request.path === '/_bulk') return answer(200, bulkCreate(request.body))
        const served = search(request, docs)
        if (served) return answer(...served)
        answer(404, { error: `the stand-in does not serve ${request.method} ${request.path}` })
      } catch (error) {
        answer(400, { error: { type: 'stand_in_error', reason: (error as Error).message } })
      }
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    docs,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
