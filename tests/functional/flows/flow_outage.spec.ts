import { test } from '@japa/runner'
import { spawn, type ChildProcess } from 'node:child_process'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import { Queue } from 'bullmq'
import { defaultSite } from '#app/platform/queues'
import { FLOW_QUEUE } from '#collectors/flow/flow_batch'
import { BatchSender } from '#collectors/flow/batch_sender'
import { batchJobOptions } from '#app/flows/flow_jobs'
import { startFlowWorker } from '#app/flows/flow_worker'
import { until, sleep } from '#tests/support/wait'
import { flowSetting, makeFlows } from '#tests/functional/flows/support'

const app = `"${env.get('DB_USER')}"`
/** "A storage outage of a minute" loses nothing (issue 10). */
const OUTAGE_MS = 60_000
const stored = async () => Number((await db.from('flows').count('* as n'))[0].n)

async function send(flows: ReturnType<typeof makeFlows>, per: number) {
  const sender = new BatchSender(defaultSite(), { source: 'udp', jobOptions: batchJobOptions })
  for (let i = 0; i < flows.length; i += per) sender.send(flows.slice(i, i + per))
  await sender.close()
  return sender.counters
}

test.group('flow storage survives outages', () => {
  test('PostgreSQL refusing writes for a minute: batches fail, are kept and retried, and every flow is stored once it accepts again', async ({ assert }) => {
    const s = await flowSetting()
    const flows = makeFlows(s, new Date(Date.now() - 3600_000), 2000, 30, 11)
    const before = await stored()
    const failures: string[] = []
    const queue = new Queue(FLOW_QUEUE, defaultSite())
    const givenUpBefore = await queue.getFailedCount()
    // PostgreSQL itself refuses: the application's role loses the right to record batches.
    await db.connection('owner').rawQuery(`REVOKE INSERT ON flow_batches FROM ${app}`)
    const outageFrom = Date.now()
    const { worker } = startFlowWorker(defaultSite())
    worker.on('failed', (_job, error) => failures.push(error.message))
    try {
      const sent = await send(flows, 200)
      assert.equal(sent.flows, flows.length)
      await until('batches refused by the database', () => failures.length >= 5, { timeoutMs: 60_000 })
      assert.match(failures[0], /permission denied/)
      // The case: storage away for a whole minute. The outage is the test's setting, held
      // from the REVOKE; each second of it, nothing is stored and no batch is given up.
      const triesBefore = failures.length
      while (Date.now() - outageFrom < OUTAGE_MS) {
        assert.equal(await stored(), before, 'nothing stored while refused')
        assert.equal(await queue.getFailedCount(), givenUpBefore, 'no batch given up during the outage')
        await sleep(1000)
      }
      assert.isAbove(failures.length, triesBefore, 'the batches were still being retried at the end of the minute')
      await db.connection('owner').rawQuery(`GRANT INSERT ON flow_batches TO ${app}`)
      await until('every flow stored after recovery', async () => (await stored()) === before + flows.length, { timeoutMs: 120_000, everyMs: 250 })
      await until('every batch job done', async () => (await queue.getJobs(['active', 'waiting', 'delayed'])).length === 0, { timeoutMs: 120_000, everyMs: 250 })
      assert.equal(await stored(), before + flows.length, 'no flow stored twice')
      assert.equal(await queue.getFailedCount(), givenUpBefore, 'no batch given up')
    } finally {
      await db.connection('owner').rawQuery(`GRANT INSERT ON flow_batches TO ${app}`)
      await worker.close()
      await queue.close()
    }
  }).timeout(300_000)

  test('the worker killed mid-stream (SIGKILL) and started again: every flow stored, none twice', async ({ assert }) => {
    const s = await flowSetting()
    const flows = makeFlows(s, new Date(Date.now() - 3600_000), 40_000, 30, 12)
    const before = await stored()
    const start = () => spawn('node', ['ace', 'flows:work', '--concurrency', '2'], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
    let child: ChildProcess = start()
    try {
      await send(flows, 1000)
      await until('the first batches stored', async () => (await stored()) > before, { timeoutMs: 120_000, everyMs: 50 })
      child.kill('SIGKILL')
      await new Promise((r) => child.once('exit', r))
      const atKill = (await stored()) - before
      assert.isBelow(atKill, flows.length, 'killed before it had stored everything')
      child = start()
      // A job the dead worker held comes back when its lock runs out (BullMQ's stalled check, 30 s).
      await until('every flow stored after the restart', async () => (await stored()) === before + flows.length, { timeoutMs: 240_000, everyMs: 500 })
      // Every job of the dead worker taken back and done too, not only its flows (those it had
      // committed before the kill are stored already): none left active for the next test.
      const queue = new Queue(FLOW_QUEUE, defaultSite())
      await until('the dead worker\'s jobs done', async () => (await queue.getJobs(['active', 'waiting', 'delayed'])).length === 0, { timeoutMs: 240_000, everyMs: 500 })
      await queue.close()
      await sleep(2000)
      assert.equal(await stored(), before + flows.length, 'none stored twice')
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))
    }
  }).timeout(400_000)
})
