import env from '#start/env'
import { defineConfig } from '@adonisjs/lucid'

const server = { host: env.get('DB_HOST'), port: env.get('DB_PORT'), database: env.get('DB_DATABASE') }
const common = {
  client: 'pg' as const,
  migrations: { naturalSort: true, paths: ['database/migrations'] },
  // Models are written by hand next to their domain; no generated schema classes.
  schemaGeneration: { enabled: false },
}

/**
 * Two roles: the application's (`pg`, DB_USER), which owns nothing and so cannot alter a table
 * or switch off the audit log's triggers, and the schema owner's (`owner`, DB_OWNER_USER), used
 * only by migrations: `node ace migration:run --connection owner` (database/migrations/0014).
 */
export default defineConfig({
  connection: 'pg',
  connections: {
    pg: {
      ...common,
      connection: { ...server, user: env.get('DB_USER'), password: env.get('DB_PASSWORD') ?? '' },
      pool: { min: 0, max: 10 },
    },
    owner: {
      ...common,
      connection: { ...server, user: env.get('DB_OWNER_USER'), password: env.get('DB_OWNER_PASSWORD') ?? '' },
      pool: { min: 0, max: 2 },
    },
  },
})
