/**
 * Settings of the notification senders, read from the environment when used (so the worker
 * picks up what the operator set, and tests can point them at their own peers).
 *
 *   SMTP_HOST, SMTP_PORT (25), SMTP_SECURE (true: TLS from the first byte, port 465),
 *   SMTP_REQUIRE_TLS (true: refuse to send unless STARTTLS works), SMTP_USER, SMTP_PASSWORD,
 *   MAIL_FROM ("GSN Console <noc@gsn.invalid>")
 *   NOTIFY_ATTEMPTS (8), NOTIFY_BACKOFF_MS (10000: 10 s, 20 s, 40 s … about 21 minutes in all),
 *   NOTIFY_TIMEOUT_MS (10000 per webhook or SMTP attempt), SSE_HEARTBEAT_MS (15000)
 *   WEBHOOK_ALLOWED_RANGES (none: webhooks reach no loopback, link-local or private address)
 */
import { parseRanges } from '#app/notifications/webhook_targets'

function int(name: string, fallback: number) {
  const raw = process.env[name]
  const value = raw === undefined || raw === '' ? fallback : Number(raw)
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`)
  return value
}

const yes = (name: string) => ['1', 'true', 'yes'].includes((process.env[name] ?? '').toLowerCase())

export function smtpConfig() {
  return {
    host: process.env.SMTP_HOST || '127.0.0.1',
    port: int('SMTP_PORT', 25),
    secure: yes('SMTP_SECURE'),
    requireTLS: yes('SMTP_REQUIRE_TLS'),
    user: process.env.SMTP_USER || null,
    password: process.env.SMTP_PASSWORD || null,
    from: process.env.MAIL_FROM || 'GSN Console <noc@gsn.invalid>',
    timeoutMs: int('NOTIFY_TIMEOUT_MS', 10_000),
  }
}

export function deliveryConfig() {
  return {
    attempts: Math.max(1, int('NOTIFY_ATTEMPTS', 8)),
    backoffMs: int('NOTIFY_BACKOFF_MS', 10_000),
    timeoutMs: int('NOTIFY_TIMEOUT_MS', 10_000),
  }
}

/** How often an open event stream checks that its session or token still stands (SSE_RECHECK_MS). */
export function streamRecheckMs() {
  return Math.max(100, int('SSE_RECHECK_MS', 2_000))
}

/** Internal ranges an admin lets webhooks reach (WEBHOOK_ALLOWED_RANGES; see webhook_targets.ts). */
export function webhookAllowedRanges() {
  return parseRanges(process.env.WEBHOOK_ALLOWED_RANGES)
}

export function heartbeatMs() {
  return Math.max(100, int('SSE_HEARTBEAT_MS', 15_000))
}
