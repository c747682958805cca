import { test } from '@japa/runner'
import { makeUser } from '#tests/support/fixtures'
import { closedPort, startServer } from '#tests/support/server_process'

test.group('platform: health and metrics', () => {
  // Each part made unreachable in turn, the other left up: the answer names the one that is down.
  for (const down of ['database', 'redis'] as const) {
    test(`health answers 503 naming the ${down} when it cannot be reached`, async ({ assert }) => {
      const server = await startServer({ [down === 'database' ? 'DB_PORT' : 'REDIS_PORT']: String(await closedPort()) })
      try {
        const { status, body } = await server.health()
        assert.equal(status, 503)
        assert.deepInclude(body, { status: 'degraded' })
        assert.isFalse(body[down].ok)
        assert.isTrue(body[down === 'database' ? 'redis' : 'database'].ok)
      } finally {
        await server.stop()
      }
    }).timeout(90_000)
  }

  test('/metrics counts the requests answered, by route and status, and the queues', async ({ client, assert }) => {
    const user = await makeUser('cio')
    const series = async () => {
      const response = await client.get('/metrics').loginAs(user)
      response.assertStatus(200)
      assert.match(response.header('content-type') ?? '', /^text\/plain; version=0\.0\.4/)
      const values = new Map<string, number>()
      for (const line of response.text().split('\n')) {
        const match = line.match(/^([a-z_]+(?:\{[^}]*\})?) (\S+)$/)
        if (match) values.set(match[1], Number(match[2]))
      }
      return values
    }
    const counted = 'gsn_http_requests_total{method="GET",route="/api/links/:id",status="404"}'
    const timed = 'gsn_http_request_duration_seconds_count{method="GET",route="/api/links/:id"}'
    const before = await series()
    for (const id of [99999991, 99999992, 99999993]) (await client.get(`/api/links/${id}`).loginAs(user)).assertStatus(404)
    const after = await series()

    // Three requests to one route pattern: one series, three more, whatever the ids were.
    assert.equal(after.get(counted)! - (before.get(counted) ?? 0), 3)
    assert.equal(after.get(timed)! - (before.get(timed) ?? 0), 3)
    assert.isFalse([...after.keys()].some((name) => name.includes('99999991')))
    // Queue depths are read from Redis when scraped; the process's own series come with them.
    assert.isTrue(after.has('gsn_queue_jobs{queue="snmp-poll",state="waiting"}'), [...after.keys()].filter((k) => k.startsWith('gsn_queue')).join(', '))
    assert.isTrue(after.has('gsn_process_resident_memory_bytes'))
  })
})
