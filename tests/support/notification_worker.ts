import type { Worker } from 'bullmq'
import { queue } from '#app/platform/queues'
import { startNotificationWorker } from '#app/notifications/worker'

/**
 * The notification worker on the test's Redis, started on an empty notifications queue so that
 * what earlier test files left there is not delivered into this one's peers and pages.
 */
export async function emptiedNotificationWorker(options: { concurrency: number }): Promise<Worker> {
  await queue('notifications').obliterate({ force: true })
  const worker = startNotificationWorker(options)
  await worker.waitUntilReady()
  return worker
}
