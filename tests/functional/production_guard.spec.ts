import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import { productionProblems } from '#app/platform/production_guard'
import User from '#app/access/user'
import { makeUser } from '#tests/support/fixtures'

test.group('production guard', () => {
  test('names the development key and accounts on a demo password', async ({ assert }) => {
    const demo = await makeUser('admin')
    demo.password = 'gsn-demo-2026'
    await demo.save()
    const problems = await productionProblems()
    assert.isTrue(problems.some((p) => p.includes('APP_KEY')))
    assert.isTrue(problems.some((p) => p.includes(demo.email)))
    demo.active = false
    await demo.save()
    assert.isFalse((await productionProblems()).some((p) => p.includes(demo.email)))
    await User.query().where('id', demo.id).delete()
  })

  test('names a database role that could switch the audit triggers off, and not the role that owns nothing', async ({ assert }) => {
    assert.isFalse((await productionProblems()).some((p) => p.includes('database role')), 'the console runs as a role that owns nothing')
    const { APP_KEY: _unset, ...env } = process.env
    const result = spawnSync(process.execPath, ['--import', '@poppinss/ts-exec', 'bin/server.ts'], {
      env: { ...env, NODE_ENV: 'production', DB_USER: env.DB_OWNER_USER ?? 'postgres', PORT: '0', LOG_LEVEL: 'fatal' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    assert.notEqual(result.status, 0, result.stdout)
    assert.match(result.stderr + result.stdout, /refusing to start in production[\s\S]*is a superuser/)
  }).timeout(90_000)

  test('the server refuses to start in production with the development key', ({ assert }) => {
    const { APP_KEY: _unset, ...env } = process.env
    const result = spawnSync(process.execPath, ['--import', '@poppinss/ts-exec', 'bin/server.ts'], {
      env: { ...env, NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'fatal' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    assert.notEqual(result.status, 0, result.stdout)
    assert.match(result.stderr + result.stdout, /refusing to start in production[\s\S]*APP_KEY/)
  }).timeout(90_000)
})
