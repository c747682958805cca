import { test } from '@japa/runner'
import { spawn, execFileSync } from 'node:child_process'
import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import { importableResources } from '#app/resources'
import { createJob, runJob, sweepInterruptedJobs } from '#app/imports/import_jobs'
import { importCsv } from '#app/imports/import_service'
import { agencyResource } from '#app/agencies/agency_resource'
import { makeAgency, makeCode, makeUser } from '#tests/support/fixtures'
import { orphanJob } from '#tests/support/import_jobs'
import { until } from '#tests/support/wait'
import { overrideConfig } from '#tests/support/config'
import importsConfig from '#config/imports'

/**
 * An import whose process dies (a crash, a kill, a server restart) cannot close its own job: the
 * job must not stay `running` for ever, and what it says was kept must be what is in the
 * database.
 */

const LINK_HEADER = 'circuit_id,name,kind,agency_code,a_end,z_end,bandwidth_kbps,device_hostname,if_index,status,consolidated_into_circuit,decommission_date'
const links = importableResources.find((r) => r.name === 'links')!

/** A line of a links file whose circuit id carries its own line number. */
const linkLine = (prefix: string, line: number, agencyCode: string) =>
  `${prefix}-${line},線路 ${line},legacy,${agencyCode},台北,GSN-TPE,2048,,,active,,`

const jobRow = (id: number) => db.from('import_jobs').where('id', id).first()

/** Runs the body with another threshold, as an operator would set it (IMPORT_STALE_AFTER_MS). */
async function withStaleAfter<T>(ms: number, body: () => Promise<T>) {
  const restore = overrideConfig(importsConfig, { staleAfterMs: ms })
  try {
    return await body()
  } finally {
    restore()
  }
}

test.group('interrupted imports', () => {
  test('a job a dead process left running is reported and stored as interrupted, with what it kept', async ({ client, assert }) => {
    const noc = await makeUser('noc')
    const errors = [{ line: 17, field: 'kind', message: 'The selected kind is invalid' }]
    const dead = await orphanJob(noc, 300, {
      rows_read: 3400,
      inserted: 3000,
      updated: 12,
      unchanged: 5,
      rejected: 2,
      kept_through_line: 3020,
      deferred: 3,
      errors: JSON.stringify(errors),
    })
    const alive = await orphanJob(noc, 2, { inserted: 1000, kept_through_line: 1001 })

    const read = await client.get(`/api/imports/${dead.id}`).loginAs(noc)
    read.assertStatus(200)
    const job = read.body()
    assert.include(job, { status: 'interrupted', inserted: 3000, updated: 12, unchanged: 5, rejected: 2, kept_through_line: 3020, deferred: 3 })
    assert.equal(
      job.message,
      'interrupted: the import stopped without finishing; rows up to line 3020 were kept (3,000 inserted, 12 updated, ' +
        '5 unchanged, 2 rejected), except 3 rows naming a row further down the file, not written. Importing the same ' +
        'file again completes it: rows already kept are matched on their key, not duplicated'
    )
    assert.deepEqual(job.errors, errors)

    // Stored, not only reported; its time stays the last sign of life.
    const stored = await jobRow(dead.id)
    assert.equal(stored.status, 'interrupted')
    assert.equal(stored.message, job.message)
    assert.equal(stored.updated_at.getTime(), dead.updated_at.getTime())

    // A job whose heartbeat is fresh is running, whoever asks.
    const running = await client.get(`/api/imports/${alive.id}`).loginAs(noc)
    assert.equal(running.body().status, 'running')
    assert.isNull(running.body().unchanged)

    // Listing sweeps too: a job nobody has opened shows interrupted in the list.
    const other = await orphanJob(null, 120)
    const admin = await makeUser('admin')
    const listed = await client
      .get('/api/imports')
      .qs({ filter: JSON.stringify({ status: 'interrupted', id: [other.id, dead.id, alive.id] }), range: '[0,9]' })
      .loginAs(admin)
    listed.assertStatus(200)
    assert.sameMembers(listed.body().map((j: any) => j.id), [other.id, dead.id])
    const listedOther = listed.body().find((j: any) => j.id === other.id)
    assert.include(listedOther, { status: 'interrupted', kept_through_line: 0 })
    assert.match(listedOther.message, /^interrupted: the import stopped without finishing; no row was written\./)
    assert.equal((await jobRow(alive.id)).status, 'running')
    await db.from('import_jobs').where('id', alive.id).update({ status: 'failed' })
  })

  test('the sweep closes jobs whose heartbeat is older than the threshold, and no others', async ({ assert }) => {
    const stale = await orphanJob(null, 90)
    const fresh = await orphanJob(null, 5)
    const swept = await sweepInterruptedJobs()
    assert.include(swept, stale.id)
    assert.notInclude(swept, fresh.id)
    assert.notInclude(await sweepInterruptedJobs(), stale.id, 'a closed job is closed once')

    // The configured threshold (IMPORT_STALE_AFTER_MS) is the one used.
    const twentySeconds = await orphanJob(null, 20)
    assert.notInclude(await sweepInterruptedJobs(), twentySeconds.id)
    assert.include(await withStaleAfter(10_000, () => sweepInterruptedJobs()), twentySeconds.id)
    assert.equal((await jobRow(fresh.id)).status, 'running')

    // A job whose row a batch holds locked is being written by a live import: left alone.
    const held = await orphanJob(null, 600)
    const trx = await db.transaction()
    try {
      await trx.from('import_jobs').where('id', held.id).forUpdate()
      assert.notInclude(await sweepInterruptedJobs(), held.id)
    } finally {
      await trx.rollback()
    }
    assert.include(await sweepInterruptedJobs(), held.id)
    await db.from('import_jobs').where('id', fresh.id).update({ status: 'failed' })
  })

  test('each batch records, in its own transaction, exactly what is kept: counters, last line, rows waiting', async ({ assert }) => {
    const admin = await makeUser('admin')
    const top = await makeAgency({ level: 1 })
    const prefix = makeCode('AGK')
    const code = (line: number) => `${prefix}-${line}`
    // Line 3 names line 6 (further down) and waits for it, line 5 is refused (level 9), line 7
    // repeats line 4 (unchanged).
    const text = [
      'code,name,level,kind,region,parent_code',
      `${code(2)},部,2,central,north,${top.code}`,
      `${code(3)},署一,3,central,north,${code(6)}`,
      `${code(4)},署二,3,central,north,${code(2)}`,
      `${code(5)},署三,9,central,north,${code(2)}`,
      `${code(6)},署四,3,central,north,${code(2)}`,
      `${code(4)},署二,3,central,north,${code(2)}`,
    ].join('\n')
    const checkpoints: Array<Record<string, number>> = []
    const result = await importCsv({
      def: agencyResource,
      user: admin,
      source: [Buffer.from(text)],
      batchSize: 2,
      onBatch: async (trx, p) => {
        const inTransaction = await trx.from('agencies').whereLike('code', `${prefix}-%`).count('* as n')
        checkpoints.push({
          line: p.keptThroughLine,
          deferred: p.deferred,
          inserted: p.inserted,
          unchanged: p.unchanged,
          rejected: p.rejected,
          rows: Number(inTransaction[0].n),
        })
      },
    })
    assert.include(result, { status: 'done', inserted: 4, unchanged: 1, rejected: 1, keptThroughLine: 7, deferred: 0 })
    // Batches of two: [2, 3 waits], [4, 5 refused], [6, 7 unchanged], then the waiting line 3.
    assert.deepEqual(checkpoints, [
      { line: 3, deferred: 1, inserted: 1, unchanged: 0, rejected: 0, rows: 1 },
      { line: 5, deferred: 1, inserted: 2, unchanged: 0, rejected: 1, rows: 2 },
      { line: 7, deferred: 1, inserted: 3, unchanged: 1, rejected: 1, rows: 3 },
      { line: 7, deferred: 0, inserted: 4, unchanged: 1, rejected: 1, rows: 4 },
    ])
  })

  test('an import that was taken for dead stops at its next batch and writes nothing more', async ({ assert }) => {
    const agency = await makeAgency()
    const noc = await makeUser('noc')
    const prefix = makeCode('TAKEN')
    const dir = await mkdtemp(join(tmpdir(), 'gsn-import-test-'))
    try {
      const path = join(dir, 'links.csv')
      const lines = Array.from({ length: 50 }, (_, i) => linkLine(prefix, i + 2, agency.code))
      await writeFile(path, [LINK_HEADER, ...lines].join('\n') + '\n')
      const job = await createJob('links', 'links.csv', 0, noc)
      // What a sweep does to a job whose heartbeat it found stopped.
      await db.from('import_jobs').where('id', job.id).update({ status: 'interrupted', message: 'interrupted: test' })
      const after = await runJob(job.id, links, noc, path)
      assert.include(after, { status: 'interrupted', message: 'interrupted: test', inserted: 0 })
      const written = await db.from('links').whereLike('circuit_id', `${prefix}-%`).count('* as n')
      assert.equal(Number(written[0].n), 0)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('a slow file: the heartbeat goes on while no row arrives, so the import is not taken for dead', async ({ assert }) => {
    const agency = await makeAgency()
    const noc = await makeUser('noc')
    const prefix = makeCode('SLOW')
    const dir = await mkdtemp(join(tmpdir(), 'gsn-import-test-'))
    let writer: WriteStream | undefined
    try {
      // A named pipe: the import reads what the test writes, when it writes it.
      const fifo = join(dir, 'slow.csv')
      execFileSync('mkfifo', [fifo])
      await withStaleAfter(1200, async () => {
        const job = await createJob('links', 'slow.csv', 0, noc)
        const done = runJob(job.id, links, noc, fifo)
        writer = createWriteStream(fifo)
        writer.write([LINK_HEADER, ...[2, 3, 4].map((line) => linkLine(prefix, line, agency.code))].join('\n') + '\n')
        // Sweeps as often as they can run, each looking for jobs whose heartbeat is too old.
        const beat = async (after: number) => {
          assert.notInclude(await sweepInterruptedJobs(), job.id, 'a live import was taken for dead')
          const row = await jobRow(job.id)
          return row.updated_at.getTime() > after && row.updated_at.getTime()
        }
        const created = (await jobRow(job.id)).updated_at.getTime()
        const first = await until('the first heartbeat', () => beat(created), { timeoutMs: 20_000 })
        // Nothing arrives for twice the threshold (on the database's clock, the heartbeat's own),
        // and the heartbeat (every 200 ms here) goes on: none of the sweeps meanwhile took it.
        const later = await until('heartbeats past twice the threshold', () => beat(first + 2400), { timeoutMs: 20_000 })
        assert.isAbove(later, first + 2400)
        assert.equal((await jobRow(job.id)).status, 'running')

        writer.end([5, 6].map((line) => linkLine(prefix, line, agency.code)).join('\n') + '\n')
        const finished = await done
        assert.include(finished, { status: 'done', inserted: 5, rejected: 0, kept_through_line: 6 })
      })
    } finally {
      // Should a check fail midway, the import still reads to the end of its file and stops,
      // rather than holding the test process open on the pipe.
      if (writer && !writer.writableEnded) writer.end()
      await rm(dir, { recursive: true, force: true })
    }
  }).timeout(30_000)

  test('node ace inventory:import killed with SIGKILL mid-file: interrupted, and the rows it kept are in', async ({ client, assert }) => {
    const agency = await makeAgency()
    const admin = await makeUser('admin')
    const prefix = makeCode('KILL')
    const total = 20_000
    const dir = await mkdtemp(join(tmpdir(), 'gsn-import-test-'))
    const path = join(dir, `${prefix}.csv`)
    const lines = Array.from({ length: total }, (_, i) => linkLine(prefix, i + 2, agency.code))
    await writeFile(path, [LINK_HEADER, ...lines].join('\n') + '\n')

    const child = spawn(process.execPath, ['ace', 'inventory:import', 'links', path, '--json'], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
    try {
      // Killed once a few batches are in, far from the end of the file.
      const started = await until(
        'the import to commit its first batches',
        async () => {
          if (child.exitCode !== null) throw new Error(`the import exited by itself: ${stderr}`)
          const row = await db.from('import_jobs').where('filename', basename(path)).first()
          return row && Number(row.inserted) >= 2000 ? row : null
        },
        { timeoutMs: 60_000 }
      )
      child.kill('SIGKILL')
      assert.equal(await exited, 'SIGKILL')
      assert.equal(started.status, 'running')
    } finally {
      child.kill('SIGKILL')
      await rm(dir, { recursive: true, force: true }).catch(() => {})
    }

    const left = await db.from('import_jobs').where('filename', basename(path)).first()
    assert.equal(left.status, 'running', 'nothing closes a job when its process is killed')
    const kept = Number(left.kept_through_line)
    assert.isBelow(kept, total, 'killed before the end of the file')
    // Every line is good: the rows kept are exactly lines 2 … kept, and the job counted them.
    assert.equal(Number(left.inserted), kept - 1)
    const inDatabase = await db.from('links').whereLike('circuit_id', `${prefix}-%`).select('circuit_id')
    const linesIn = inDatabase.map((r) => Number(r.circuit_id.slice(prefix.length + 1))).sort((a, b) => a - b)
    assert.equal(linesIn.length, kept - 1)
    assert.equal(linesIn[0], 2)
    assert.equal(linesIn[linesIn.length - 1], kept)
    const audited = await db
      .from('audit_log')
      .where({ entity: 'links', action: 'create' })
      .whereIn('entity_id', db.from('links').whereLike('circuit_id', `${prefix}-%`).select(db.raw('id::text')))
      .count('* as n')
    assert.equal(Number(audited[0].n), kept - 1)

    // Its heartbeat is recent: it is not yet taken for dead.
    const early = await client.get(`/api/imports/${left.id}`).loginAs(admin)
    assert.equal(early.body().status, 'running')

    // Once the heartbeat is older than the threshold, it is.
    const job = await withStaleAfter(1000, () =>
      until('the API to find the heartbeat stopped', async () => {
        const read = (await client.get(`/api/imports/${left.id}`).loginAs(admin)).body()
        return read.status === 'interrupted' && read
      })
    )
    assert.include(job, { status: 'interrupted', kept_through_line: kept, inserted: kept - 1, rejected: 0 })
    assert.include(
      job.message,
      `rows up to line ${kept} were kept (${(kept - 1).toLocaleString('en-US')} inserted, 0 updated, 0 unchanged, 0 rejected)`
    )

    // Importing the same file again finishes it, without duplicating what was kept.
    const again = await client
      .post('/api/imports')
      .qs({ resource: 'links', wait: 'true' })
      .file('file', Buffer.from([LINK_HEADER, ...lines].join('\n') + '\n'), { filename: 'again.csv', contentType: 'text/csv' })
      .loginAs(admin)
      .withCsrfToken()
    again.assertStatus(200)
    assert.include(again.body(), { status: 'done', inserted: total - (kept - 1), unchanged: kept - 1, rejected: 0 })
    const count = await db.from('links').whereLike('circuit_id', `${prefix}-%`).count('* as n')
    assert.equal(Number(count[0].n), total)
  }).timeout(120_000)

  test('the server closes, as it starts, the imports its previous run left running', async ({ assert }) => {
    const stale = await orphanJob(null, 180, { inserted: 4000, kept_through_line: 4001 })
    const fresh = await orphanJob(null, 1)
    const server = spawn(process.execPath, ['--import', '@poppinss/ts-exec', 'bin/server.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    server.stdout.on('data', (d) => (output += d))
    server.stderr.on('data', (d) => (output += d))
    const exited = new Promise((resolve) => server.on('exit', resolve))
    try {
      const closed = await until(
        'the start-up sweep',
        async () => {
          if (server.exitCode !== null) throw new Error(`the server stopped: ${output}`)
          const row = await jobRow(stale.id)
          return row.status === 'interrupted' ? row : null
        },
        { timeoutMs: 60_000 }
      )
      assert.match(closed.message, /^interrupted: the import stopped without finishing; rows up to line 4001 were kept \(4,000 inserted/)
      assert.equal((await jobRow(fresh.id)).status, 'running')
    } finally {
      server.kill('SIGTERM')
      await exited
      await db.from('import_jobs').where('id', fresh.id).update({ status: 'failed' })
    }
  }).timeout(90_000)
})
