import env from '#start/env'

/**
 * The notification senders: SMTP, webhook delivery and the live event stream. Read by the
 * senders each time they send, so a test may change a value for its own duration with
 * overrideConfig (tests/support/config.ts); nothing else writes these.
 */
const notificationsConfig = {
  smtp: {
    host: env.get('SMTP_HOST') || '127.0.0.1',
    port: env.get('SMTP_PORT', 25),
    /** TLS from the first byte (port 465). */
    secure: env.get('SMTP_SECURE', false),
    /** Refuse to send unless STARTTLS works. */
    requireTLS: env.get('SMTP_REQUIRE_TLS', false),
    user: env.get('SMTP_USER') || null,
    password: env.get('SMTP_PASSWORD') || null,
    from: env.get('MAIL_FROM') || 'GSN Console <noc@gsn.invalid>',
  },

  delivery: {
    /** Tries per delivery, the first included. */
    attempts: Math.max(1, env.get('NOTIFY_ATTEMPTS', 8)),
    /** The first retry's delay, doubled each time: 10 s, 20 s, 40 s … about 21 minutes in all. */
    backoffMs: env.get('NOTIFY_BACKOFF_MS', 10_000),
    /** Per webhook request or SMTP attempt. */
    timeoutMs: env.get('NOTIFY_TIMEOUT_MS', 10_000),
  },

  /**
   * Internal ranges an admin lets webhooks reach, as a CIDR list (see webhook_targets.ts); none
   * by default, so webhooks reach no loopback, link-local or private address.
   */
  webhookAllowedRanges: env.get('WEBHOOK_ALLOWED_RANGES', ''),

  stream: {
    /** A comment this often keeps proxies from closing an idle event stream. */
    heartbeatMs: Math.max(100, env.get('SSE_HEARTBEAT_MS', 15_000)),
    /** How often an open event stream checks that its session or token still stands. */
    recheckMs: Math.max(100, env.get('SSE_RECHECK_MS', 2_000)),
  },
}

export default notificationsConfig
