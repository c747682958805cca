import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import flowsConfig from '#config/flows'
import { flowStore, useFlowStore } from '#app/flows/flow_store'
import { overrideConfig } from '#tests/support/config'

/** Runs `node ace <args>` with its environment changed; resolves with its exit code and output. */
function ace(args: string[], changes: Record<string, string | undefined>) {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  const child = spawn(process.execPath, ['ace', ...args], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  return new Promise<{ code: number | null; output: string }>((resolve) => child.on('close', (code) => resolve({ code, output })))
}

test.group('choosing the flow store', (group) => {
  group.each.setup(() => useFlowStore(null))

  test('the configured store is the one used; Elasticsearch without a cluster is refused at first use', async ({ assert, cleanup }) => {
    cleanup(overrideConfig(flowsConfig, { store: 'postgresql', elasticsearchUrl: undefined }))
    assert.equal((await flowStore()).kind, 'postgresql')
    overrideConfig(flowsConfig, { store: 'elasticsearch', elasticsearchUrl: 'http://127.0.0.1:9' })
    assert.equal((await flowStore()).kind, 'elasticsearch')
    overrideConfig(flowsConfig, { elasticsearchUrl: undefined })
    await assert.rejects(() => flowStore(), /FLOWS_STORE=elasticsearch needs ELASTICSEARCH_URL/)
  })

  test('a command refuses to boot with FLOWS_STORE=elasticsearch and no ELASTICSEARCH_URL, and says why', async ({ assert }) => {
    // flows:maintain would drop partitions if it started: it must stop at the settings, before any of that.
    const refused = await ace(['flows:maintain'], { FLOWS_STORE: 'elasticsearch', ELASTICSEARCH_URL: undefined })
    assert.notEqual(refused.code, 0, refused.output)
    assert.include(refused.output, 'FLOWS_STORE=elasticsearch needs ELASTICSEARCH_URL')
    assert.notInclude(refused.output, 'flow partitions ready')
    const misspelt = await ace(['flows:maintain'], { FLOWS_STORE: 'elastic' })
    assert.notEqual(misspelt.code, 0, misspelt.output)
    assert.include(misspelt.output, 'FLOWS_STORE must be postgresql or elasticsearch, got "elastic"')
  }).timeout(180_000)
})
