import { test } from '@japa/runner'
import { Queue } from 'bullmq'
import { SnmpLab } from '#tests/support/snmp_lab'
import { OwnPostgres, OwnRedis, ConsoleProcess } from '#tests/support/own_services'
import { startServer, type Health } from '#tests/support/server_process'
import { until, sleep } from '#tests/support/wait'
import { sealCredentials } from '#app/devices/snmp_credentials'
import { keepTraffic } from '#tests/functional/pipeline/support'

/**
 * Redis and PostgreSQL restarted under the running console: the server, the collector, the
 * monitoring and notification workers, all real processes on a Redis and a PostgreSQL cluster
 * of the test's own (the machine's shared ones serve other runs and are never touched), polling
 * a real snmpd every 2 s while the test asks /api/health twenty times a second.
 */
const INTERVAL_S = 2
const WAIT = { timeoutMs: 180_000, everyMs: 200 }
const DATABASE = 'gsn_faults'

test.group('faults: Redis and PostgreSQL restarted under load', (group) => {
  let redis: OwnRedis
  let pg: OwnPostgres
  let lab: SnmpLab
  let server: Awaited<ReturnType<typeof startServer>>
  let processes: ConsoleProcess[]
  let samplesQueue: Queue
  let stopTraffic: () => Promise<void>
  let stopProbing: () => Promise<void>
  const health: Array<{ at: number; status: number | null; body?: Health }> = []
  const ids = {} as Record<'device' | 'link', number>

  const sql = (text: string, params: unknown[] = []) => pg.query(DATABASE, text, params)
  const samplesUpTo = async (at: number) => Number((await sql('SELECT count(*) AS n FROM link_samples WHERE link_id = $1 AND at <= $2', [ids.link, new Date(at)]))[0].n)
  const samplesAfter = async (at: number) => Number((await sql('SELECT count(*) AS n FROM link_samples WHERE link_id = $1 AND at > $2', [ids.link, new Date(at)]))[0].n)
  const healthSince = (from: number) => health.filter((h) => h.at >= from)

  group.setup(async () => {
    redis = await OwnRedis.start()
    pg = await OwnPostgres.create()
    const env = { REDIS_PORT: String(redis.port), ...pg.env(DATABASE) }
    await pg.createDatabase(DATABASE, env)
    lab = await SnmpLab.create({ pairs: 1 })
    const [agency] = await sql(
      `INSERT INTO agencies (code, name, level, kind, region) VALUES ('FAULT-AG', '故障測試部', 2, 'central', 'north') RETURNING id`
    )
    await sql(`UPDATE agencies SET path = '/' || id || '/' WHERE id = $1`, [agency.id])
    const [device] = await sql(
      `INSERT INTO devices (hostname, kind, management_address, region, agency_id, snmp_version, snmp_port, snmp_credentials, poll_interval_s)
       VALUES ('fault-rtr', 'router', $1, 'north', $2, '2c', $3, $4, $5) RETURNING id`,
      [lab.host, agency.id, lab.port, sealCredentials(lab.credentialsV2c()), INTERVAL_S]
    )
    const [link] = await sql(
      `INSERT INTO links (circuit_id, name, kind, agency_id, a_end, z_end, bandwidth_kbps, device_id, if_index, status)
       VALUES ('CKT-FAULT-1', '故障測試線路', 'legacy', $1, '機關端', 'GSN-LAB', 10240, $2, $3, 'active') RETURNING id`,
      [agency.id, device.id, await lab.ifIndex('gsa0')]
    )
    ids.device = device.id
    ids.link = link.id

    server = await startServer(env)
    processes = [
      ConsoleProcess.start(['monitoring:work', '--sync-every', '1', '--wait-ms', '50'], env),
      ConsoleProcess.start(['collector:run', '--timeout', '1000', '--retries', '1'], env),
      ConsoleProcess.start(['notifications:work'], env),
    ]
    await Promise.all([processes[0].said('monitoring worker started'), processes[1].said('started'), processes[2].said('notification worker started')])
    samplesQueue = new Queue('link-samples', { connection: { host: '127.0.0.1', port: redis.port, db: Number(process.env.REDIS_DB), maxRetriesPerRequest: null }, prefix: 'gsn-test' })
    // Its connection errors while Redis is down are expected; the test reads it only when it is up.
    samplesQueue.on('error', () => {})
    stopTraffic = keepTraffic(() => lab.sendTraffic(0, { datagrams: 50 }))

    // The load: health asked without pause by two clients, besides the polling pipeline.
    let probing = true
    const probe = async () => {
      while (probing) {
        const at = Date.now()
        try {
          const response = await fetch(`${server.base}/api/health`, { signal: AbortSignal.timeout(10_000) })
          health.push({ at, status: response.status, body: (await response.json()) as Health })
        } catch {
          health.push({ at, status: null })
        }
        await sleep(100)
      }
    }
    const probes = [probe(), probe()]
    stopProbing = async () => {
      probing = false
      await Promise.all(probes)
    }

    return async () => {
      if (process.env.FAULT_TESTS_DEBUG) for (const p of processes) console.log(`--- ${p.args[0]}\n${p.output.slice(-4000)}`)
      await stopProbing()
      await stopTraffic()
      await Promise.all(processes.map((p) => p.stop()))
      await server.stop()
      await samplesQueue.close()
      await lab.close()
      await redis.stop()
      await pg.destroy()
    }
  })

  group.each.teardown(() => {
    if (server.process.exitCode !== null) throw new Error(`the server exited: ${server.state.output.slice(-3000)}`)
    for (const p of processes) {
      if (p.exits.length) throw new Error(`${p.args[0]} exited by itself: ${JSON.stringify(p.exits)}\n${p.output.slice(-3000)}`)
    }
  })

  test('Redis restarted empty: 503 meanwhile, then polling resumes on its own and nothing in PostgreSQL is lost', async ({ assert }) => {
    await until('samples flowing', async () => (await samplesAfter(0)) >= 3, WAIT)
    const stoppedAt = Date.now()
    const kept = await samplesUpTo(stoppedAt)
    await redis.stop()
    const down = await until('health 503 with Redis down', () => healthSince(stoppedAt).find((h) => h.status === 503 && h.body?.redis.ok === false), WAIT)
    assert.isTrue(down.body!.database.ok, 'PostgreSQL still answers')
    // Down for a while under the polling load: the workers' clients keep trying.
    await sleep(3000)
    await redis.start()
    const startedAt = Date.now()
    await until('health 200 again', () => healthSince(startedAt).find((h) => h.status === 200), WAIT)
    // The poll schedule lived in the Redis that was lost; the monitoring worker notices it is
    // gone and makes it again, and the collector takes the polls from the new one.
    await until('samples polled after the restart', async () => (await samplesAfter(startedAt)) >= 2, WAIT)
    assert.isAtLeast(await samplesUpTo(stoppedAt), kept, 'every sample written before the fault is still there')
    assert.isTrue(processes.every((p) => p.alive) && server.process.exitCode === null)
  }).timeout(300_000)

  test('PostgreSQL crashed and started again: 503 meanwhile, reports and polls wait and are written after, nothing committed is lost', async ({ assert }) => {
    await until('samples flowing', async () => (await samplesAfter(Date.now() - 10_000)) >= 2, WAIT)
    const stoppedAt = Date.now()
    const kept = await samplesUpTo(stoppedAt)
    const status = (await sql('SELECT polls_total FROM device_status WHERE device_id = $1', [ids.device]))[0]
    await pg.stop('immediate')
    const down = await until('health 503 with PostgreSQL down', () => healthSince(stoppedAt).find((h) => h.status === 503 && h.body?.database.ok === false), WAIT)
    assert.isTrue(down.body!.redis.ok, 'Redis still answers')
    // A few poll slots pass with no database: the polls wait (delayed, not failed) for it.
    await sleep(INTERVAL_S * 3000)
    await pg.start()
    const startedAt = Date.now()
    await until('health 200 again', () => healthSince(startedAt).find((h) => h.status === 200), WAIT)
    await until('samples after the restart', async () => (await samplesAfter(startedAt)) >= 2, WAIT)
    assert.isAtLeast(await samplesUpTo(stoppedAt), kept, 'every sample committed before the crash is still there')
    // The polls that met the outage waited for the device lookup and went on after it.
    const after = (await sql('SELECT polls_total FROM device_status WHERE device_id = $1', [ids.device]))[0]
    assert.isAbove(after.polls_total, status.polls_total)
    assert.lengthOf(await samplesQueue.getFailed(), 0, 'no poll report failed for good')
    const polls = new Queue('snmp-poll', { connection: samplesQueue.opts.connection, prefix: 'gsn-test' })
    try {
      const failed = await polls.getFailed()
      assert.deepEqual(failed.map((j) => j.failedReason), [], 'no poll failed for good')
    } finally {
      await polls.close()
    }
    assert.isTrue(processes.every((p) => p.alive) && server.process.exitCode === null)
  }).timeout(300_000)
})
