import { createHmac } from 'node:crypto'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { AuditChange } from '#app/audit/audit_log'
import User from '#app/access/user'

/**
 * The demo's indicator sharing: one sharing group the analyst can publish an attacker to, and an
 * access token for a member agency's own tool (a MISP, an OpenCTI, a firewall's feed) to pull it
 * over TAXII 2.1 without anyone issuing one by hand. The token belongs to 交通部's liaison (the
 * demo's agency account; a tool sees what its account may pass on) and is stored as every token
 * is, only its hash kept. Its secret follows from DEMO_PASSWORD (like the demo's passwords, it is
 * known to whoever runs the demo), so `node ace demo:tool-token` and the demo's start print it
 * again without it being written anywhere.
 */
export const DEMO_SHARING_GROUP = {
  name: '交通及能源關鍵基礎設施資安分享群組',
  description: 'Transport and energy critical-infrastructure ISAC (demo): 交通部, 經濟部 and the agencies under them receive its TLP:AMBER indicators.',
  members: ['MOTC', 'MOEA'],
} as const

export const DEMO_TOOL = {
  owner: 'liaison@gsn.demo',
  name: '交通部威脅情資平台 (TAXII)',
  days: 365,
} as const

/** The demo tool token's secret, from the demo password (base64url of an HMAC, 43 characters). */
export function demoToolSecret(password: string) {
  return createHmac('sha256', password).update('gsn-demo agency tool token').digest('base64url')
}

/**
 * The sharing group (by name, so a --fresh reload keeps its id and its indicators), its members,
 * and the tool's token, issued again on a --fresh reload (the accounts' tokens go with them).
 * Nothing when both are held already (a demo loaded before they were part of it gets them on
 * its next start).
 */
export async function seedDemoSharing(trx: TransactionClientContract, password: string): Promise<AuditChange[]> {
  const secret = demoToolSecret(password)
  const ownerRow = await trx.from('users').where('email', DEMO_TOOL.owner).select('id').first()
  if (!ownerRow) return []
  const owner = Number(ownerRow.id)
  const held = await User.accessTokens.findChosen(trx, secret)
  const heldGroup = await trx.from('sharing_groups').where('name', DEMO_SHARING_GROUP.name).first()
  if (held && held.accountId === owner && heldGroup) return []

  const agencies = await trx.from('agencies').whereIn('code', [...DEMO_SHARING_GROUP.members]).select('id')
  const [group] = await trx
    .insertQuery()
    .table('sharing_groups')
    .insert({ name: DEMO_SHARING_GROUP.name, description: DEMO_SHARING_GROUP.description })
    .onConflict('name')
    .merge(['description'])
    .returning(['id'])
  const members = agencies.map((a) => ({ sharing_group_id: group.id, agency_id: a.id }))
  if (members.length) await trx.insertQuery().table('sharing_group_members').multiInsert(members).onConflict(['sharing_group_id', 'agency_id']).ignore()
  const token =
    held && held.accountId === owner
      ? held
      : await User.accessTokens.storeChosen(trx, { id: owner }, secret, {
          name: DEMO_TOOL.name,
          expiresAt: new Date(Date.now() + DEMO_TOOL.days * 86_400_000),
        })
  return [
    { action: 'create', entity: 'sharing_groups', entityId: group.id, before: null, after: { name: DEMO_SHARING_GROUP.name, member_codes: DEMO_SHARING_GROUP.members, reason: 'demo:seed' } },
    { action: 'create', entity: 'access_tokens', entityId: String(token.id), before: null, after: { user_id: owner, name: DEMO_TOOL.name, reason: 'demo:seed' } },
  ]
}

/** The demo tool's token as a client sends it, or null when none is held for this password. */
export async function demoToolToken(client: Pick<QueryClientContract, 'from' | 'insertQuery'>, password: string) {
  return (await User.accessTokens.findChosen(client, demoToolSecret(password)))?.value ?? null
}
