import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { authApiClient } from '@adonisjs/auth/plugins/api_client'
import { sessionApiClient } from '@adonisjs/session/plugins/api_client'
import { SessionClient } from '@adonisjs/session/client'
import { ApiRequest } from '@japa/api-client'
import { configProvider } from '@adonisjs/core'
import { shieldApiClient } from '@adonisjs/shield/plugins/api_client'
import { ensureDatabase, flushTestRedis } from '#tests/support/database'

/**
 * Japa's session client writes the sessions of `loginAs` to a memory store of its own; ours are
 * in Redis (SESSION_DRIVER), as users run them, so the client writes them there instead and the
 * server reads them as it reads every browser's.
 */
const sessionsInConfiguredStore: NonNullable<Config['plugins']>[number] = async () => {
  const config: any = await configProvider.resolve(app, app.config.get('session', {}))
  const store = config.stores[config.store]
  ApiRequest.getter('sessionClient', () => new SessionClient(store(null, config)), true)
}

export const plugins: Config['plugins'] = [
  assert(),
  pluginAdonisJS(app),
  apiClient(),
  sessionApiClient(app),
  sessionsInConfiguredStore,
  shieldApiClient(),
  authApiClient(app),
]

/** The suite owns its database: dropped, created and migrated afresh on every run. */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    async () => {
      await ensureDatabase(process.env.DB_DATABASE!, { fresh: true })
      // Sessions and login counts live in the test's own Redis database, as in production.
      await flushTestRedis()
      // Migrations run as the schema's owner; the tests, like the console, as the application's role.
      await testUtils.db('owner').migrate()
    },
  ],
  teardown: [],
}

export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['functional', 'browser'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start())
  }
}
