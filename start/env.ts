import { Env } from '@adonisjs/core/env'
import { parseRanges } from '#app/notifications/webhook_targets'
import { flowStoreKind } from '#app/flows/flow_store_setting'

/**
 * Defaults that work on a developer's machine (PostgreSQL and Redis on loopback, trust auth).
 * Production must set every secret itself: config/security.ts refuses to boot with these.
 */
export const DEV_APP_KEY = 'gsn-console-development-key-change-me'
const defaults: Record<string, string> = {
  NODE_ENV: 'development',
  TZ: 'UTC',
  HOST: '0.0.0.0',
  PORT: '3333',
  APP_NAME: 'gsn-console',
  APP_KEY: DEV_APP_KEY,
  LOG_LEVEL: 'info',
  SESSION_DRIVER: 'redis',
  DB_HOST: '127.0.0.1',
  DB_PORT: '5432',
  DB_USER: 'gsn_app',
  DB_OWNER_USER: 'postgres',
  DB_PASSWORD: '',
  DB_DATABASE: 'gsn',
  REDIS_HOST: '127.0.0.1',
  REDIS_PORT: '6379',
  REDIS_PASSWORD: '',
  REDIS_DB: '0',
  LIMITER_STORE: 'redis',
  QUEUE_PREFIX: 'gsn',
  DEMO_PASSWORD: 'gsn-demo-2026',
}
for (const [key, value] of Object.entries(defaults)) {
  if (process.env[key] === undefined) process.env[key] = value
}
if (process.env.NODE_ENV === 'test') {
  // Tests own their database and Redis keyspace, so a demo left running is never touched.
  process.env.DB_DATABASE = process.env.TEST_DB_DATABASE ?? 'gsn_test'
  process.env.REDIS_DB = process.env.TEST_REDIS_DB ?? '5'
  process.env.QUEUE_PREFIX = 'gsn-test'
  process.env.ATTACHMENTS_ROOT ??= `tmp/attachments-${process.env.DB_DATABASE}`
}

/** A whole number of at least `min`, or unset; for counts, ports and milliseconds. */
function wholeNumber(min = 0) {
  return (key: string, value?: string) => {
    if (value === undefined || value === '') return undefined
    if (!/^\d+$/.test(value) || Number(value) < min) throw new Error(`${key} must be a whole number of at least ${min}, got "${value}"`)
    return Number(value)
  }
}

/** A number above zero, or unset; for retention periods, which may be fractional. */
function positiveNumber(key: string, value?: string) {
  if (value === undefined || value === '') return undefined
  const number = Number(value)
  if (!Number.isFinite(number) || number <= 0) throw new Error(`${key} must be a positive number, got "${value}"`)
  return number
}

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  HOST: Env.schema.string({ format: 'host' }),
  PORT: Env.schema.number(),
  APP_NAME: Env.schema.string(),
  APP_KEY: Env.schema.secret(),
  APP_URL: Env.schema.string.optional(),
  TRUSTED_PROXIES: (key: string, value?: string) => {
    if (value === undefined || value.trim() === '') return undefined
    for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
      if (!/^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(entry)) {
        throw new Error(`${key}: "${entry}" is not an address, a CIDR range or loopback/linklocal/uniquelocal`)
      }
    }
    return value
  },
  LOG_LEVEL: Env.schema.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
  SESSION_DRIVER: Env.schema.enum(['cookie', 'redis', 'memory'] as const),
  DB_HOST: Env.schema.string({ format: 'host' }),
  DB_PORT: Env.schema.number(),
  DB_USER: Env.schema.string(),
  DB_OWNER_USER: Env.schema.string(),
  DB_OWNER_PASSWORD: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string(),
  REDIS_HOST: Env.schema.string({ format: 'host' }),
  REDIS_PORT: Env.schema.number(),
  REDIS_PASSWORD: Env.schema.string.optional(),
  REDIS_DB: Env.schema.number(),
  LIMITER_STORE: Env.schema.enum(['redis', 'memory'] as const),
  QUEUE_PREFIX: Env.schema.string(),
  DEMO_PASSWORD: Env.schema.string(),
  ELASTICSEARCH_URL: Env.schema.string.optional({ format: 'url', tld: false }),

  // Read by config/notifications.ts, config/samples.ts and config/imports.ts; a bad value stops boot.
  SMTP_HOST: Env.schema.string.optional({ format: 'host' }),
  SMTP_PORT: wholeNumber(1),
  SMTP_SECURE: Env.schema.boolean.optional(),
  SMTP_REQUIRE_TLS: Env.schema.boolean.optional(),
  SMTP_USER: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  MAIL_FROM: Env.schema.string.optional(),
  NOTIFY_ATTEMPTS: wholeNumber(),
  NOTIFY_BACKOFF_MS: wholeNumber(),
  NOTIFY_TIMEOUT_MS: wholeNumber(),
  SSE_HEARTBEAT_MS: wholeNumber(),
  SSE_RECHECK_MS: wholeNumber(),
  WEBHOOK_ALLOWED_RANGES: (key: string, value?: string) => {
    if (value === undefined || value.trim() === '') return undefined
    try {
      parseRanges(value)
    } catch (error) {
      throw new Error(`${key}: ${(error as Error).message}`)
    }
    return value
  },
  SAMPLES_RAW_DAYS: positiveNumber,
  SAMPLES_ROLLUP_MONTHS: positiveNumber,
  SAMPLES_GRACE_SECONDS: positiveNumber,
  // Read by config/flows.ts.
  FLOWS_RAW_DAYS: positiveNumber,
  FLOWS_MINUTE_DAYS: positiveNumber,
  // Read by config/security_events.ts.
  SECURITY_EVENTS_DAYS: positiveNumber,
  // ELASTICSEARCH_URL is in process.env by now, from the environment or a .env file alike.
  FLOWS_STORE: (_key: string, value?: string) => (value ? flowStoreKind(value, process.env.ELASTICSEARCH_URL) : undefined),
  FLOWS_BATCH_FLOWS: wholeNumber(1),
  FLOWS_BATCH_MS: wholeNumber(1),
  // A PostgreSQL memory size (32MB), handed to set_config as a bound value.
  FLOWS_QUERY_WORK_MEM: Env.schema.string.optional(),
  IMPORT_STALE_AFTER_MS: wholeNumber(1000),
  // Read by config/drive.ts and config/attachments.ts: where incident attachments are kept, how large one may be.
  ATTACHMENTS_ROOT: Env.schema.string.optional(),
  ATTACHMENT_MAX_BYTES: wholeNumber(1),
  // Read by app/programme/programme_pdf.ts: the Chromium that prints the programme review.
  CHROMIUM_PATH: Env.schema.string.optional(),
})
