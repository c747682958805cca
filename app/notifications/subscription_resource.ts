import { routed } from '#app/core/registration'

/**
 * Each person's own notification subscriptions (subscription_routes.ts): everyone reads and
 * changes their own; an admin may also read everyone's.
 */
export const notificationSubscriptions = routed('notification_subscriptions', {
  grants: { admin: 'ru', noc: 'ru', analyst: 'ru', cio: 'ru', agency_liaison: 'ru', auditor: 'ru' },
  routes: () => import('#app/notifications/subscription_routes'),
})
