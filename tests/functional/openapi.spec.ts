import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import { makeUser } from '#tests/support/fixtures'

/**
 * The warnings of Redocly's recommended rules the document keeps, each for a reason; any other
 * warning, like any error, fails the lint test.
 */
const EXPLAINED_WARNINGS: Record<string, string> = {
  // The project is UNLICENSED: there is no licence URL or SPDX identifier to give.
  'info-license-strict #/info/license': 'no public licence',
  // Health needs no login and takes no input: it answers 200 or 503, never a 4xx.
  'operation-4xx-response #/paths/~1api~1health/get/responses': 'health has no client errors',
}

type LintProblem = { ruleId: string; severity: 'error' | 'warn'; message: string; location: Array<{ pointer: string }> }

/** Runs Redocly CLI (with the project's redocly.yaml) on the document, as CI would on a file. */
async function redoclyLint(doc: unknown) {
  const dir = await mkdtemp(join(tmpdir(), 'gsn-openapi-'))
  try {
    const file = join(dir, 'openapi.json')
    await writeFile(file, JSON.stringify(doc, null, 2))
    const cli = app.makePath('node_modules/@redocly/cli/bin/cli.js')
    const args = [cli, 'lint', file, '--format', 'json', '--config', app.makePath('redocly.yaml')]
    // Exit status 1 means problems were found; the JSON on stdout says which.
    const { stdout } = await promisify(execFile)(process.execPath, args, { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, maxBuffer: 64 << 20 }).catch(
      (error) => (error.stdout ? { stdout: error.stdout as string } : Promise.reject(error))
    )
    return JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: LintProblem[] }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Keeps the served OpenAPI document true: every route is in it, and nothing else is. */
test.group('OpenAPI document', () => {
  test('documents exactly the routes the server registers', async ({ client, assert }) => {
    const user = await makeUser('cio')
    const response = await client.get('/api/openapi.json').loginAs(user)
    response.assertStatus(200)
    const doc = response.body()
    assert.equal(doc.openapi, '3.1.0')

    const documented = new Set<string>()
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`)
    }
    const registered = new Set<string>()
    for (const route of Object.values(router.toJSON()).flat()) {
      const path = route.pattern.replace(/:([a-z_]+)/g, '{$1}')
      for (const method of route.methods) if (method !== 'HEAD') registered.add(`${method} ${path}`)
    }
    assert.deepEqual([...registered].filter((r) => !documented.has(r)).sort(), [], 'routes missing from the document')
    assert.deepEqual([...documented].filter((r) => !registered.has(r)).sort(), [], 'documented routes that do not exist')
  })

  test("passes Redocly's recommended lint; every operation has its own operationId", async ({ client, assert }) => {
    const doc = (await client.get('/api/openapi.json').loginAs(await makeUser('cio'))).body()
    const ids = Object.values<Record<string, { operationId?: string }>>(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId))
    assert.isTrue(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id)), 'an operation without a camelCase operationId')
    assert.equal(new Set(ids).size, ids.length, 'operationIds repeat')

    const lint = await redoclyLint(doc)
    const said = (p: LintProblem) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`
    assert.deepEqual(lint.problems.filter((p) => p.severity === 'error').map(said), [], 'lint errors')
    const unexplained = lint.problems.filter((p) => p.severity !== 'error' && !EXPLAINED_WARNINGS[`${p.ruleId} ${p.location[0]?.pointer}`])
    assert.deepEqual(unexplained.map(said), [], 'lint warnings without a reason in EXPLAINED_WARNINGS')
  }).timeout(120000)

  test('every field of a record answer has a type', async ({ client, assert }) => {
    const doc = (await client.get('/api/openapi.json').loginAs(await makeUser('cio'))).body()
    const untyped = Object.entries<{ properties?: Record<string, object> }>(doc.components.schemas).flatMap(([name, schema]) =>
      Object.entries(schema.properties ?? {})
        .filter(([, property]) => Object.keys(property).length === 0)
        .map(([field]) => `${name}.${field}`)
    )
    assert.deepEqual(untyped, [], 'give these a type in the resource definition (answerFields) or its validator')
  })

  test('request schemas come from the validators', async ({ client, assert }) => {
    const user = await makeUser('cio')
    const doc = (await client.get('/api/openapi.json').loginAs(user)).body()
    const { $ref } = doc.paths['/api/links'].post.requestBody.content['application/json'].schema
    const schema = doc.components.schemas[$ref.replace('#/components/schemas/', '')]
    assert.includeMembers(schema.required, ['circuit_id', 'name', 'kind', 'agency_id', 'bandwidth_kbps', 'status'])
    assert.deepEqual(schema.properties.kind.enum, ['legacy', 'uplink'])
  })
})
