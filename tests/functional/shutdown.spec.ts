import { test } from '@japa/runner'
import http from 'node:http'
import { spawn } from 'node:child_process'
import db from '@adonisjs/lucid/services/db'
import { makeAgency, makeUser, TEST_PASSWORD } from '#tests/support/fixtures'
import { CookieSession } from '#tests/support/cookie_session'
import { startServer } from '#tests/support/server_process'
import { until } from '#tests/support/wait'

/**
 * A server stops when it is told to, whatever it holds: a live session, an open event stream (the
 * NOC board keeps one open all day) and an import still reading its file. It used to stop
 * listening and then wait for the stream's client to go away, which a wall screen never does.
 */
test.group('the server stops on SIGTERM', () => {
  test('with a live session, an open event stream and a running import', async ({ assert }) => {
    const server = await startServer()
    try {
      await server.health()
      const agency = await makeAgency()
      const noc = await makeUser('noc')
      const browser = new CookieSession(server.base)
      assert.equal((await browser.logIn(noc.email, TEST_PASSWORD)).status, 200)
      const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ')

      const stream = { text: '', ended: false }
      http.get(`${server.base}/api/events`, { headers: { cookie, accept: 'text/event-stream' } }, (response) => {
        response.setEncoding('utf8')
        response.on('data', (chunk) => (stream.text += chunk))
        response.on('close', () => (stream.ended = true))
      })
      await until('the stream to open', () => stream.text.includes(': connected'))

      // An import long enough to be still reading when the signal comes.
      const lines = ['circuit_id,name,kind,agency_code,a_end,z_end,bandwidth_kbps,status']
      for (let i = 0; i < 40_000; i++) lines.push(`STOP-${process.pid}-${i},線路 ${i},legacy,${agency.code},機關端,GSN-TPE,2048,active`)
      const form = new FormData()
      form.append('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'links.csv')
      const xsrf = decodeURIComponent(browser.cookies.get('XSRF-TOKEN') ?? '')
      const started = await fetch(`${server.base}/api/imports?resource=links`, { method: 'POST', body: form, headers: { cookie, 'x-xsrf-token': xsrf } })
      assert.equal(started.status, 202, await started.clone().text())
      const job = (await started.json()) as { id: number }
      const running = await browser.request('GET', `/api/imports/${job.id}`)
      assert.equal(running.json().status, 'running')

      const { code, signal } = await server.stop()
      assert.equal(code, 0, server.state.output)
      assert.isNull(signal)
      assert.notInclude(server.state.output, 'still running', 'it stopped by itself, not by the grace timer')
      await until('the stream to be ended by the server', () => stream.ended)
      // The import ended at a batch and says what it kept; importing the file again completes it.
      const stopped = await db.from('import_jobs').where('id', job.id).first()
      assert.equal(stopped.status, 'interrupted')
      const kept = await db.from('links').where('circuit_id', 'like', `STOP-${process.pid}-%`).count('* as n').first()
      assert.equal(Number(kept.n), Number(stopped.inserted))
      assert.isBelow(Number(stopped.inserted), 40_000)
    } finally {
      server.process.kill('SIGKILL')
    }
  })
})

/**
 * The workers close their own queues and connections on the signal and then end the application.
 * The application used to be ended from the signal as well, racing that close: Redis was shut
 * while the monitoring worker still cleared the board's counts, the connection that reopened held
 * the process, and only the 10 s grace timer ended it.
 */
test.group('the workers stop on SIGTERM', () => {
  for (const [command, ready] of [
    ['monitoring:work', 'monitoring worker started'],
    ['notifications:work', 'notification worker started'],
  ] as const) {
    test(`${command} closes what it holds and exits by itself`, async ({ assert }) => {
      const worker = spawn(process.execPath, ['ace', command], {
        cwd: process.cwd(),
        env: { ...process.env, NODE_ENV: 'test' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      worker.stdout.on('data', (d) => (output += d))
      worker.stderr.on('data', (d) => (output += d))
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        worker.on('exit', (code, signal) => resolve({ code, signal }))
      )
      try {
        await until(`${command} to start`, () => output.includes(ready) || worker.exitCode !== null, { timeoutMs: 60_000 })
        assert.isNull(worker.exitCode, output)
        worker.kill('SIGTERM')
        const { code, signal } = await exited
        assert.equal(code, 0, output)
        assert.isNull(signal)
        assert.notInclude(output, 'still running', 'it stopped by itself, not by the grace timer')
      } finally {
        worker.kill('SIGKILL')
      }
    }).timeout(90_000)
  }
})
