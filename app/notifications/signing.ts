import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Webhook signatures. The receiver recomputes HMAC-SHA256 over "<timestamp>.<body>" with the
 * channel's secret and compares it with X-GSN-Signature ("sha256=<hex>"). The timestamp is
 * inside the signed text, so a captured request cannot be replayed later with a fresh
 * X-GSN-Timestamp; receivers refuse timestamps older than a few minutes (verifyWebhook does).
 */
export const SIGNATURE_HEADER = 'x-gsn-signature'
export const TIMESTAMP_HEADER = 'x-gsn-timestamp'
export const EVENT_HEADER = 'x-gsn-event'
export const DELIVERY_HEADER = 'x-gsn-delivery'
export const IDEMPOTENCY_HEADER = 'idempotency-key'
export const DEFAULT_TOLERANCE_SECONDS = 300

/**
 * What a receiver recognises a repeat by: one delivery is one event to one channel, so its key is
 * the same on every retry and when a worker killed mid-send sends it again. The creation time is
 * in it because delivery ids start again in a database rebuilt or restored, and a receiver's
 * memory of old keys must not swallow the new events.
 */
export function deliveryKey(delivery: { id: number | string; createdAt?: Date }) {
  return delivery.createdAt ? `gsn-${delivery.id}-${delivery.createdAt.getTime()}` : `gsn-${delivery.id}`
}

export function signWebhook(secret: string, body: string, timestamp: number) {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' }

/** What a receiver does; also the reference our tests hold the sender to. */
export function verifyWebhook(options: {
  secret: string
  body: string
  timestamp: string | undefined
  signature: string | undefined
  now?: Date
  toleranceSeconds?: number
}): VerifyResult {
  const { secret, body, timestamp, signature } = options
  if (!timestamp || !signature) return { ok: false, reason: 'missing' }
  if (!/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'malformed' }
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000)
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
    return { ok: false, reason: 'stale' }
  }
  const expected = Buffer.from(signWebhook(secret, body, Number(timestamp)))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' }
}
