import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import NotificationChannel from '#app/notifications/notification_channel'
import { CHANNEL_KINDS, EVENT_TYPES } from '#shared/notifications'
import { PRIORITIES } from '#shared/incident_lifecycle'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { naturalKey, reference } from '#app/core/vine_rules'
import { served } from '#app/core/registration'
import { parseRanges, refusedAddressesOf } from '#app/notifications/webhook_targets'
import notificationsConfig from '#config/notifications'

export const channelValidator = vine.create({
  name: naturalKey('notification_channels', 'name', 100),
  kind: vine.enum(CHANNEL_KINDS),
  // E-mail: addresses separated by commas. Webhook: an http(s) URL.
  target: vine.string().trim().minLength(3).maxLength(2000),
  // Write-only: sealed on the way in, never answered back (secret_set says whether there is one).
  secret: vine.string().minLength(16).maxLength(256).nullable().optional(),
  event_types: vine.array(vine.enum(EVENT_TYPES)).distinct().optional(),
  min_priority: vine.enum(PRIORITIES).optional(),
  agency_id: reference('agencies').nullable().optional(),
  enabled: vine.boolean().optional(),
})

const emailAddress = vine.create({ address: vine.string().email() })

export async function checkTarget(kind: 'email' | 'webhook', target: string) {
  if (kind === 'email') {
    const addresses = target.split(',').map((a) => a.trim()).filter(Boolean)
    if (addresses.length === 0 || addresses.length > 20) throw new FieldError('target', message('channels.email_count'))
    for (const address of addresses) {
      const [error] = await emailAddress.tryValidate({ address })
      if (error) throw new FieldError('target', message('channels.not_an_email', { address }))
    }
    return addresses.join(', ')
  }
  let url: URL
  try {
    url = new URL(target)
  } catch {
    throw new FieldError('target', message('channels.webhook_absolute'))
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new FieldError('target', message('channels.webhook_protocol'))
  // Credentials in the URL would be stored and shown in clear; the signature is the authentication.
  if (url.username || url.password) throw new FieldError('target', message('channels.webhook_credentials'))
  // A name that does not resolve here is let through: the sender checks again when it connects.
  const refused = await refusedAddressesOf(url.hostname, parseRanges(notificationsConfig.webhookAllowedRanges)).catch(() => [])
  if (refused.length) throw new FieldError('target', message('channels.webhook_internal', { address: refused[0] }))
  return url.toString()
}

// Network operations decide where alarms go; auditors read it.
export const notificationChannels = served('notification_channels', { grants: { admin: 'rcud', noc: 'rcud', analyst: '', cio: '', agency_liaison: '', auditor: 'r' } }, {
  model: NotificationChannel,
  validator: channelValidator,
  filters: {
    fields: { kind: 'exact', agency_id: 'exact', enabled: 'exact', min_priority: 'exact', name: 'exact' },
    sortable: ['name', 'kind', 'agency_id', 'min_priority', 'enabled'],
    defaultSort: ['name', 'ASC'],
  },
  searchExpression: "name || ' ' || target",
  // The channel's agency both scopes who may manage it and which events it hears.
  agencyColumn: 'agency_id',
  naturalKey: 'name',
  csvColumns: ['name', 'kind', 'target', 'min_priority', 'agency_id', 'enabled'],
  async prepare({ row, input }) {
    row.target = await checkTarget(row.kind, row.target)
    row.eventTypes = (input.event_types as any) ?? row.eventTypes ?? []
    row.minPriority = row.minPriority ?? 'P4'
    row.enabled = row.enabled ?? true
    if (row.kind === 'email') {
      if (input.secret) throw new FieldError('secret', message('channels.email_no_secret'))
      row.secret = null
      row.secretSetAt = null
      return
    }
    if (input.secret) {
      row.secret = NotificationChannel.seal(input.secret as string)
      // Rotating the secret shows in the audit log as this time changing, never the secret.
      row.secretSetAt = DateTime.now()
    }
    if (!row.secret) throw new FieldError('secret', message('channels.webhook_secret'))
  },
  present: (row) => ({ secret_set: Boolean(row.secret) }),
  answerFields: { properties: { secret_set: { type: 'boolean' } } },
})
export const channelResource = notificationChannels.definition
