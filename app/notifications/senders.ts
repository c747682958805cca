import nodemailer, { type Transporter } from 'nodemailer'
import db from '@adonisjs/lucid/services/db'
import { headline, summaryIn, wordedIn, type MonitoringPayload, type NotificationEvent } from '#app/notifications/events'
import { LANGUAGES, message, type Locale } from '#app/core/messages'
import { messageOf } from '#app/core/timeline'
import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import notificationsConfig from '#config/notifications'
import { guardedLookup, isRefusedTarget, parseRanges, RefusedTargetError } from '#app/notifications/webhook_targets'
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  deliveryKey,
  signWebhook,
} from '#app/notifications/signing'

/** A failed attempt; `permanent` ones are not retried (the receiver refused the request itself). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    public status: number | null = null,
    public permanent = false
  ) {
    super(message)
  }
}

export interface Delivery {
  id: number | string
  event: NotificationEvent
  /** When the delivery row was made; part of its idempotency key (signing.ts deliveryKey). */
  createdAt?: Date
}

/**
 * The webhook body: stable field order, so what we sign is exactly what we send. `text` is the
 * notification in words, one entry per language (a chat bridge posts the reader's); the event
 * keeps its keys and parameters for receivers that word it themselves.
 */
export function webhookBody(delivery: Delivery, text?: Record<Locale, string>) {
  return JSON.stringify({ delivery: String(delivery.id), event: delivery.event, ...(text ? { text } : {}) })
}

export async function sendWebhook(url: string, secret: string, delivery: Delivery, now = new Date()) {
  const target = new URL(url)
  const literal = target.hostname.replace(/^\[|\]$/g, '')
  const allowed = parseRanges(notificationsConfig.webhookAllowedRanges)
  if (isIP(literal) && isRefusedTarget(literal, allowed)) {
    throw new DeliveryError(`webhook ${url} refused: ${literal} is an internal address`, null, true)
  }
  const titles = await incidentTitles(delivery.event)
  const text = Object.fromEntries(LANGUAGES.map((l) => [l, mailText(delivery.event, l, titles)])) as Record<Locale, string>
  const body = webhookBody(delivery, text)
  const timestamp = Math.floor(now.getTime() / 1000)
  let status: number
  try {
    status = await new Promise<number>((resolve, reject) => {
      const request = (target.protocol === 'https:' ? https : http).request(
        target,
        {
          method: 'POST',
          // Checked when connecting: the name may resolve elsewhere than when the channel was saved.
          lookup: guardedLookup(allowed) as any,
          signal: AbortSignal.timeout(notificationsConfig.delivery.timeoutMs),
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'GSN-Console-Notifier/1',
            [EVENT_HEADER]: delivery.event.type,
            [DELIVERY_HEADER]: String(delivery.id),
            [IDEMPOTENCY_HEADER]: deliveryKey(delivery),
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signWebhook(secret, body, timestamp),
          },
        },
        // Redirects are not followed: one could carry the signed event somewhere the channel does not name.
        (response) => {
          response.resume()
          response.on('end', () => resolve(response.statusCode ?? 0))
          response.on('error', reject)
        }
      )
      request.on('error', reject)
      request.end(body)
    })
  } catch (error) {
    if (error instanceof RefusedTargetError) throw new DeliveryError(`webhook ${url} refused: ${error.message}`, null, true)
    const cause = (error as any)?.code ?? (error as Error).name
    throw new DeliveryError(`webhook ${url} unreachable: ${cause}`)
  }
  if (status >= 200 && status < 300) return { status }
  // 4xx other than timeout and rate limiting: the receiver will refuse a retry just the same.
  const permanent = status >= 400 && status < 500 && ![408, 425, 429].includes(status)
  throw new DeliveryError(`webhook ${url} answered ${status}`, status, permanent)
}

let transport: { key: string; transporter: Transporter } | null = null

function transporter() {
  const config = notificationsConfig.smtp
  const timeoutMs = notificationsConfig.delivery.timeoutMs
  const key = JSON.stringify([config, timeoutMs])
  if (!transport || transport.key !== key) {
    transport?.transporter.close()
    transport = {
      key,
      transporter: nodemailer.createTransport({
        host: config.host,
        port: config.port,
        secure: config.secure,
        requireTLS: config.requireTLS,
        auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      }),
    }
  }
  return transport.transporter
}

export function closeMailTransport() {
  transport?.transporter.close()
  transport = null
}

/** The incident's title as the incident service wrote it, in each language (its stored message), when the event names one. */
export type IncidentTitles = Partial<Record<Locale, string>>

export async function incidentTitles(event: NotificationEvent): Promise<IncidentTitles> {
  const id = Number((event.payload as Partial<MonitoringPayload>).incident?.id)
  if (!Number.isInteger(id) || id <= 0) return {}
  const row = await db.from('incidents').where('id', id).select('texts').first()
  const title = messageOf(row?.texts?.title)
  return title ? Object.fromEntries(LANGUAGES.map((l) => [l, title.in(l)])) : {}
}

/** The body under the summary in one language: labels, Taipei times, detail and incident title worded. */
function bodyIn(event: NotificationEvent, locale: Locale, titles: IncidentTitles) {
  const payload = event.payload as Partial<MonitoringPayload>
  const incident = payload.incident
  return message('events.mail_body', {
    type: event.type,
    at: event.at,
    priority: event.priority,
    subject: event.subject,
    link: payload.link ?? null,
    device: payload.device ?? null,
    incident: incident ? { id: incident.id, number: incident.number, status: incident.status, title: titles[locale] ?? incident.title } : null,
    detail: payload.detail_message ? wordedIn(payload.detail_message, locale) : (payload.detail ?? null),
  }).in(locale)
}

/**
 * The mail's text in the reader's language (a person's mail: their account's), or in both for a
 * channel, whose addresses are nobody's account: the summary, then what the payload tells.
 */
export function mailText(event: NotificationEvent, locale: Locale | null, titles: IncidentTitles = {}) {
  const blocks = (locale ? [locale] : LANGUAGES).map((l) => `${summaryIn(event, l)}\n\n${bodyIn(event, l, titles)}`)
  return [...blocks, 'GSN Console'].join('\n\n')
}

/**
 * The same for every sending of one delivery, so a mail sent again (a retry after the server
 * took it but the answer was lost, or a worker killed mid-send) is the same message to the
 * reader's mail system, which shows it once.
 */
export function mailMessageId(delivery: Delivery, from: string) {
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'gsn-console.invalid'
  return `<${deliveryKey(delivery)}@${domain}>`
}

/** Mails a delivery; `locale` is the reading person's, null for a channel (both languages). */
export async function sendEmail(recipients: string, delivery: Delivery, locale: Locale | null = null) {
  const config = notificationsConfig.smtp
  const titles = await incidentTitles(delivery.event)
  try {
    const info = await transporter().sendMail({
      messageId: mailMessageId(delivery, config.from),
      from: config.from,
      to: recipients,
      // The subject stays in both languages (mail filters and forwarded copies key on it); the body is the reader's.
      subject: headline(delivery.event),
      text: mailText(delivery.event, locale, titles),
      headers: { 'X-GSN-Event': delivery.event.type, 'X-GSN-Delivery': String(delivery.id) },
    })
    return { status: 250, messageId: info.messageId }
  } catch (error) {
    const code = (error as any)?.responseCode as number | undefined
    // 5xx from the server (unknown mailbox, relay refused) will not change on a retry.
    throw new DeliveryError(`SMTP ${config.host}:${config.port}: ${(error as Error).message}`, code ?? null, code !== undefined && code >= 500)
  }
}
