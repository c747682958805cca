import pg from 'pg'

/** Creates a database on the local server if it is missing (the server runs trust auth here). */
export async function ensureDatabase(name: string, { fresh = false } = {}) {
  const client = new pg.Client({
    host: process.env.DB_HOST,
    port: Number(process.env.DB_PORT),
    // The schema owner's role: the application's may not create or drop databases.
    user: process.env.DB_OWNER_USER,
    password: process.env.DB_OWNER_PASSWORD || undefined,
    database: 'postgres',
  })
  await client.connect()
  try {
    if (fresh) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`)
  } finally {
    await client.end()
  }
}

/** Empties the suite's own Redis database (TEST_REDIS_DB), never another. */
export async function flushTestRedis() {
  const { Redis } = await import('ioredis')
  const client = new Redis({ host: process.env.REDIS_HOST, port: Number(process.env.REDIS_PORT), db: Number(process.env.REDIS_DB), lazyConnect: true })
  await client.connect()
  try {
    await client.flushdb()
  } finally {
    client.disconnect()
  }
}
