import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import db from '@adonisjs/lucid/services/db'
import { queue } from '#app/platform/queues'
import { closeMailTransport } from '#app/notifications/senders'
import { eventHub } from '#app/notifications/event_hub'
import { overrideConfig } from '#tests/support/config'
import { emptiedNotificationWorker } from '#tests/support/notification_worker'
import { until } from '#tests/support/wait'
import notificationsConfig from '#config/notifications'

/** A mail as the receiver parsed it, with the addresses the sender gave in the SMTP envelope. */
export type ReceivedMail = ParsedMail & { envelopeTo: string[] }

/**
 * A real SMTP server on a free loopback port that parses every mail it takes. While
 * `state.hold` is set it keeps the mail but never says it took it, as a server that dies
 * mid-answer would (the sender must send it again).
 */
export async function mailReceiver() {
  const state = { hold: false, mails: [] as ReceivedMail[] }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const envelopeTo = session.envelope.rcptTo.map((r) => r.address)
      simpleParser(stream)
        .then((mail) => {
          state.mails.push(Object.assign(mail, { envelopeTo }))
          if (!state.hold) callback()
        })
        .catch(callback)
    },
  })
  server.listen(0, '127.0.0.1')
  await once(server.server, 'listening')
  return {
    port: (server.server.address() as AddressInfo).port,
    state,
    /** The mails whose envelope named `email`, in the order they came. */
    mailsTo: (email: string) => state.mails.filter((m) => m.envelopeTo.includes(email)),
    close: () => new Promise((resolve) => server.close(() => resolve(null))),
  }
}

export type MailReceiver = Awaited<ReturnType<typeof mailReceiver>>

/**
 * What a test group needs to see notifications delivered by this process: an empty
 * notifications queue, the channels of other test files disabled, quick retries, a mail
 * receiver the console's SMTP sender points at, and the notification worker on the test's
 * Redis. `loopbackWebhooks` lets webhooks reach receivers on 127.0.0.0/8, which an admin must
 * otherwise allow. `close` stops all of it and puts the settings back.
 */
export async function notificationPeers(options: { loopbackWebhooks?: boolean } = {}) {
  await db.from('notification_channels').update({ enabled: false })
  const restores = [overrideConfig(notificationsConfig.delivery, { backoffMs: 40, attempts: 4 })]
  if (options.loopbackWebhooks) restores.push(overrideConfig(notificationsConfig, { webhookAllowedRanges: '127.0.0.0/8' }))
  const smtp = await mailReceiver()
  restores.push(overrideConfig(notificationsConfig.smtp, { host: '127.0.0.1', port: smtp.port, from: 'GSN Console <noc@gsn.test>' }))
  const worker = await emptiedNotificationWorker({ concurrency: 4 })
  return {
    smtp,
    worker,
    /** Until the notifications queue has nothing left to do: every announcement fanned out, every mail tried. */
    settled: () =>
      until('the notifications queue to settle', async () => {
        const counts = await queue('notifications').getJobCounts('active', 'waiting', 'delayed', 'prioritized')
        return Object.values(counts).every((n) => n === 0)
      }),
    close: async () => {
      await worker.close()
      closeMailTransport()
      await smtp.close()
      await eventHub.close()
      for (const restore of restores.reverse()) restore()
    },
  }
}

export type NotificationPeers = Awaited<ReturnType<typeof notificationPeers>>
