import { UnrecoverableError, Worker, type Job } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import queueConfig from '#config/queue'
import NotificationChannel from '#app/notifications/notification_channel'
import { DeliveryError, sendEmail, sendWebhook } from '#app/notifications/senders'
import { isEventType, type MonitoringEvent, type NotificationEvent } from '#app/notifications/events'
import { DELIVERY_JOB, notify } from '#app/notifications/dispatcher'
import { OutageBackoff } from '#collectors/polling/outage'
import { localeOf } from '#app/core/messages'

async function record(deliveryId: string, changes: Record<string, unknown>) {
  await db.from('notification_deliveries').where('id', deliveryId).update(changes)
}

/** One attempt at one delivery. Throwing makes BullMQ retry it after its backoff. */
export async function deliver(job: Job<{ deliveryId: string; createdAt?: number }>) {
  const { deliveryId, createdAt } = job.data
  const delivery = await db.from('notification_deliveries').where('id', deliveryId).first()
  if (!delivery || delivery.status === 'sent') return { skipped: true }
  // A job left over from a database since rebuilt names another delivery with the same id.
  if (createdAt !== undefined && new Date(delivery.created_at).getTime() !== createdAt) return { skipped: true }
  const [{ attempts }] = await db
    .from('notification_deliveries')
    .where('id', deliveryId)
    .increment('attempts', 1)
    .returning('attempts')
  const final = attempts >= (job.opts.attempts ?? 1)

  const sending = { id: deliveryId, event: delivery.event as NotificationEvent, createdAt: new Date(delivery.created_at) }
  try {
    let outcome: { status: number }
    if (delivery.user_id !== null) {
      // A person's subscription: to their address as it is now, while their account stands.
      const person = await db.from('users').where({ id: delivery.user_id, active: true }).select('email', 'locale').first()
      if (!person) {
        await record(deliveryId, { status: 'failed', last_error: 'account disabled or removed before sending' })
        return { skipped: true }
      }
      // Worded in the language the person reads the console in.
      outcome = await sendEmail(person.email, sending, localeOf(person.locale))
    } else {
      const channel = await NotificationChannel.find(delivery.channel_id)
      if (!channel || !channel.enabled) {
        await record(deliveryId, { status: 'failed', last_error: 'channel removed or disabled before sending' })
        return { skipped: true }
      }
      outcome =
        channel.kind === 'email'
          ? await sendEmail(channel.target, sending)
          : await sendWebhook(channel.target, channel.openSecret()!, sending)
    }
    await record(deliveryId, { status: 'sent', sent_at: new Date(), last_status: outcome.status, last_error: null })
    return outcome
  } catch (error) {
    const failure = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message)
    await record(deliveryId, {
      status: final || failure.permanent ? 'failed' : 'queued',
      last_status: failure.status,
      last_error: failure.message.slice(0, 2000),
    })
    if (failure.permanent) throw new UnrecoverableError(failure.message)
    throw failure
  }
}

/**
 * Two kinds of job share the 'notifications' queue: announcements, named after their event type
 * (app/monitoring/events.ts queues them), which fan out into deliveries and the live stream;
 * and the deliveries themselves.
 */
export async function processNotificationJob(job: Job) {
  if (job.name === DELIVERY_JOB) return deliver(job)
  if (isEventType(job.name)) {
    const { deliveries } = await notify(job.data as MonitoringEvent)
    return { deliveries }
  }
  throw new UnrecoverableError(`unknown notification job ${job.name}`)
}

/**
 * The sender: takes jobs off the 'notifications' queue. Run it as its own process
 * (`node ace notifications:work`); several may run, BullMQ gives each job to one of them.
 */
export function startNotificationWorker(options: { concurrency?: number } = {}) {
  const outages = new OutageBackoff()
  const handle = async (job: Job, token?: string) => {
    try {
      const done = await processNotificationJob(job)
      outages.recovered()
      return done
    } catch (error) {
      // PostgreSQL away: the announcement or delivery waits for it rather than using up its tries.
      return outages.judge(job, token, error)
    }
  }
  return new Worker('notifications', handle, {
    connection: queueConfig.connection,
    prefix: queueConfig.prefix,
    concurrency: options.concurrency ?? 10,
  })
}
