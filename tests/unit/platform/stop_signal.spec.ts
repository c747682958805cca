import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { once } from 'node:events'

/**
 * A worker that closes cleanly ends on its own; one that something still holds open (here a
 * timer nobody clears) is ended graceMs after the signal. A second signal during the close is
 * absorbed, as the demo sends SIGTERM right after the terminal's Ctrl-C.
 */
function worker(leak: boolean, graceMs: number) {
  const script = `
    import { stopSignal } from '#app/platform/stop_signal'
    const held = setInterval(() => {}, 1000)
    const stopped = stopSignal(${graceMs})
    process.stdout.write('ready\\n')
    await stopped
    process.stdout.write('closing\\n')
    await new Promise((r) => setImmediate(r))
    ${leak ? '' : 'clearInterval(held)'}
    process.stdout.write('closed\\n')
  `
  const child = spawn(process.execPath, ['--import', '@poppinss/ts-exec', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const ready = new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('ready') && resolve()))
  return { child, ready, output: () => out }
}

test.group('stopSignal', () => {
  test('Ctrl-C then SIGTERM: the close runs to its end and the process exits by itself', async ({ assert, cleanup }) => {
    // A grace period longer than the test may run: exiting at all means exiting by itself.
    const { child, ready, output } = worker(false, 600_000)
    // Should it hang, it must not outlive the test by its ten-minute grace (cleanup runs on a timeout too).
    cleanup(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    })
    await ready
    child.kill('SIGINT')
    child.kill('SIGTERM')
    const [code, signal] = await once(child, 'exit')
    assert.equal(code, 0)
    assert.isNull(signal, 'the second signal did not kill it')
    assert.include(output(), 'closed')
    assert.notInclude(output(), 'still running')
  }).timeout(20_000)

  test('something left open: the process still exits after the grace period, saying why', async ({ assert }) => {
    const { child, ready, output } = worker(true, 800)
    await ready
    child.kill('SIGTERM')
    const [code, signal] = await once(child, 'exit')
    assert.equal(code, 0)
    assert.isNull(signal)
    assert.include(output(), 'closed')
    assert.include(output(), 'still running 0.8 s after SIGTERM; exiting')
  }).timeout(20_000)
})
