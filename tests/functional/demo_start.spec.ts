import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'

/**
 * `npm run demo` on a machine where the console's port is already taken (another demo, say) says
 * so before it starts anything, and exits non-zero; it used to print its URL, fail the server
 * with EADDRINUSE and leave the collector and workers running.
 */
test.group('the demo on a taken port', () => {
  test('names the port and how to choose another, starts nothing and exits non-zero', async ({ assert }) => {
    const squatter = createServer()
    await new Promise<void>((resolve) => squatter.listen(0, '0.0.0.0', resolve))
    const port = (squatter.address() as { port: number }).port
    try {
      const demo = spawn('bash', ['scripts/demo.sh'], {
        cwd: process.cwd(),
        env: { ...process.env, NODE_ENV: 'development', PORT: String(port), DB_DATABASE: 'gsn_demo_never_made' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      demo.stdout.on('data', (d) => (output += d))
      demo.stderr.on('data', (d) => (output += d))
      const code = await new Promise<number | null>((resolve) => demo.on('exit', resolve))
      assert.notEqual(code, 0)
      assert.include(output, `port ${port} is taken`)
      assert.include(output, 'PORT=')
      assert.notInclude(output, 'GSN Console demo: http', 'no URL printed for a server that cannot start')
      assert.notInclude(output, 'database gsn_demo_never_made', 'nothing prepared or started')
      assert.notInclude(output, 'starting the server')
    } finally {
      squatter.close()
    }
  })
})
