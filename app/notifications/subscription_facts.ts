import db from '@adonisjs/lucid/services/db'
import type { NotificationEvent } from '#app/notifications/events'
import { choicesOf, topicsFor, type Choice, type EventFacts, type ItemKey, type Topic, type UserFacts } from '#app/notifications/subscriptions'

/**
 * The facts subscriptions.ts decides on, read from the database: of an event's record when it
 * is dispatched, and of the people it may concern.
 */

const ITEM_TABLES = { link: 'links', device: 'devices', information_system: 'information_systems', data_centre: 'data_centres' } as const
type ItemRow = { item_type: keyof typeof ITEM_TABLES; item_id: number }

const keyOf = (row: ItemRow) => `${row.item_type}:${row.item_id}` as ItemKey
const ids = (rows: Array<Record<string, unknown>>, column: string) =>
  [...new Set(rows.map((r) => r[column]).filter((v) => v !== null && v !== undefined).map(Number))]

async function itemPaths(items: ItemRow[]) {
  const paths = new Set<string>()
  for (const [type, table] of Object.entries(ITEM_TABLES)) {
    const wanted = items.filter((i) => i.item_type === type).map((i) => i.item_id)
    if (!wanted.length) continue
    const rows = await db.from(`${table} as t`).join('agencies as a', 'a.id', 't.agency_id').whereIn('t.id', wanted).select('a.path')
    for (const r of rows) paths.add(r.path)
  }
  return [...paths]
}

/** The incident an event is about: its subject, or the incident monitoring names in its payload. */
function incidentOf(event: NotificationEvent): number | null {
  if (event.subject.kind === 'incident') return event.subject.id
  const incident = (event.payload as { incident?: { id?: number } | null }).incident
  return incident?.id ? Number(incident.id) : null
}

export async function eventFacts(event: NotificationEvent, agencyPath: string | null): Promise<EventFacts> {
  const facts: EventFacts = { agency_path: agencyPath, group_ids: [], assignee_ids: [], board_id: null, requester_id: null, items: [], item_paths: [] }
  let incidents: Array<Record<string, any>> = []
  let items: ItemRow[] = []
  const kind = event.type.split('.')[0]
  if (kind === 'incident') {
    const id = incidentOf(event)
    if (id !== null) incidents = await db.from('incidents').where('id', id).select('id', 'group_id', 'assignee_id')
  } else if (kind === 'change') {
    const change = await db.from('changes').where('id', event.subject.id).select('board_id', 'requested_by_id').first()
    facts.board_id = change?.board_id ?? null
    facts.requester_id = change?.requested_by_id ?? null
    items = await db.from('change_items').where('change_id', event.subject.id).select('item_type', 'item_id')
  } else if (kind === 'problem') {
    const problem = await db.from('problems').where('id', event.subject.id).select('reported_by_id').first()
    facts.requester_id = problem?.reported_by_id ?? null
    incidents = await db.from('incidents').where('problem_id', event.subject.id).select('id', 'group_id', 'assignee_id')
  }
  if (incidents.length && kind === 'problem') {
    items = await db.from('incident_items').whereIn('incident_id', ids(incidents, 'id')).select('item_type', 'item_id')
  }
  facts.group_ids = ids(incidents, 'group_id')
  facts.assignee_ids = ids(incidents, 'assignee_id')
  facts.items = items.map(keyOf)
  facts.item_paths = await itemPaths(items)
  return facts
}

/** Facts of the given people (all active ones when `only` is omitted), with their choices. */
export async function peopleFacts(only?: number[]): Promise<Array<UserFacts & { email: string; locale: string; choices: Record<Topic, Choice> }>> {
  if (only && !only.length) return []
  const users = await db
    .from('users as u')
    .leftJoin('agencies as a', 'a.id', 'u.agency_id')
    .where('u.active', true)
    .if(only, (q) => q.whereIn('u.id', only!))
    .select('u.id', 'u.email', 'u.locale', 'u.role', 'u.agency_id', 'a.path')
  if (!users.length) return []
  const userIds = users.map((u) => u.id)
  const [groups, boards, owned, stored] = await Promise.all([
    db.from('assignment_group_members').whereIn('user_id', userIds).select('user_id', 'group_id'),
    db.from('change_board_members').whereIn('user_id', userIds).select('user_id', 'board_id'),
    db
      .from('incidents as i')
      .join('incident_items as ii', 'ii.incident_id', 'i.id')
      .whereIn('i.assignee_id', userIds)
      .whereNotIn('i.status', ['resolved', 'closed', 'cancelled'])
      .select('i.assignee_id as user_id', 'ii.item_type', 'ii.item_id'),
    db.from('notification_subscriptions').whereIn('user_id', userIds).select('user_id', 'topic', 'email', 'live'),
  ])
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    locale: u.locale,
    // An account bound to an agency that vanished scopes to nothing (as scopePathOf does).
    scope_path: u.agency_id === null ? null : (u.path ?? '/nowhere/'),
    group_ids: groups.filter((g) => g.user_id === u.id).map((g) => g.group_id),
    board_ids: boards.filter((b) => b.user_id === u.id).map((b) => b.board_id),
    items: owned.filter((o) => o.user_id === u.id).map(keyOf),
    owns_agency_items: u.role === 'agency_liaison',
    choices: choicesOf(stored.filter((s) => s.user_id === u.id)),
  }))
}

/**
 * The people an event may concern: members of its groups, its assignees, its board, its
 * requester, those assigned incidents on its items, and liaisons of the agencies its items
 * belong to. Read narrowly so an event costs a few indexed queries, not a pass over every account.
 */
async function candidates(facts: EventFacts): Promise<number[]> {
  const found = new Set<number>([...facts.assignee_ids, ...(facts.requester_id ? [facts.requester_id] : [])])
  if (facts.group_ids.length) {
    for (const r of await db.from('assignment_group_members').whereIn('group_id', facts.group_ids).select('user_id')) found.add(r.user_id)
  }
  if (facts.board_id !== null) {
    for (const r of await db.from('change_board_members').where('board_id', facts.board_id).select('user_id')) found.add(r.user_id)
  }
  if (facts.items.length) {
    const q = db.from('incidents as i').join('incident_items as ii', 'ii.incident_id', 'i.id').whereNotNull('i.assignee_id')
    q.where((w) => {
      for (const key of facts.items) {
        const [type, id] = key.split(':')
        w.orWhere((o) => o.where('ii.item_type', type).where('ii.item_id', Number(id)))
      }
    })
    for (const r of await q.select('i.assignee_id')) found.add(r.assignee_id)
  }
  if (facts.item_paths.length) {
    const liaisons = await db
      .from('users as u')
      .join('agencies as a', 'a.id', 'u.agency_id')
      .where('u.role', 'agency_liaison')
      .where((w) => {
        for (const path of facts.item_paths) w.orWhereRaw(`? LIKE a.path || '%'`, [path])
      })
      .select('u.id')
    for (const r of liaisons) found.add(r.id)
  }
  return [...found]
}

/** Who hears this event by mail, and under which topics. */
export async function mailRecipients(event: NotificationEvent, facts: EventFacts) {
  const people = await peopleFacts(await candidates(facts))
  return people
    .map((person) => ({ person, topics: topicsFor(event, facts, person).filter((t) => person.choices[t].email) }))
    .filter((r) => r.topics.length > 0)
}
