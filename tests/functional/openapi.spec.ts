import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import { makeUser } from '#tests/support/fixtures'

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

  test('request schemas come from the validators', async ({ client, assert }) => {
    const user = await makeUser('cio')
    const doc = (await client.get('/api/openapi.json').loginAs(user)).body()
    const schema = doc.paths['/api/links'].post.requestBody.content['application/json'].schema
    assert.includeMembers(schema.required, ['circuit_id', 'name', 'kind', 'agency_id', 'bandwidth_kbps', 'status'])
    assert.deepEqual(schema.properties.kind.enum, ['legacy', 'uplink'])
  })
})
