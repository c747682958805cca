import type User from '#app/access/user'
import type { ScopableQuery } from '#app/core/resource'
import { audienceOf, isIsac, TLPS, type Channel, type Relation } from '#app/indicators/visibility'

/**
 * The SQL rendering of visibility.ts: for each marking, the relations its audience allows, each
 * written as a condition on the indicator's columns for this reader. Nothing here decides who
 * sees what; change the table in visibility.ts and every query follows.
 */

/** The reader's agency and every agency above it, by the agencies' paths. */
const AGENCY_LINE = `SELECT id FROM agencies WHERE (SELECT path FROM agencies WHERE id = ?) LIKE path || '%'`
const OWN_GROUPS = `SELECT sharing_group_id FROM sharing_group_members WHERE agency_id = ?`
const GROUPS_ABOVE = `SELECT sharing_group_id FROM sharing_group_members WHERE agency_id IN (${AGENCY_LINE})`

function relationSql(relation: Relation, user: User, t: string): { sql: string; bindings: number[] } {
  const agency = user.agencyId
  const none = { sql: 'false', bindings: [] }
  switch (relation) {
    case 'anyone':
      return { sql: 'true', bindings: [] }
    case 'isac':
      return isIsac(user) ? { sql: 'true', bindings: [] } : none
    case 'isac_source':
      return isIsac(user) ? { sql: `${t}.source_agency_id IS NULL`, bindings: [] } : none
    case 'source_agency':
      return agency === null ? none : { sql: `${t}.source_agency_id = ?`, bindings: [agency] }
    case 'within_source':
      return agency === null ? none : { sql: `${t}.source_agency_id IN (${AGENCY_LINE})`, bindings: [agency] }
    case 'group_member':
      return agency === null ? none : { sql: `${t}.sharing_group_id IN (${OWN_GROUPS})`, bindings: [agency] }
    case 'within_group_member':
      return agency === null ? none : { sql: `${t}.sharing_group_id IN (${GROUPS_ABOVE})`, bindings: [agency] }
  }
}

/** A condition on table `t` (indicators, or its alias) holding for the indicators the user may have through `channel`. */
export function visibleCondition(user: User, channel: Channel, t = 'indicators'): { sql: string; bindings: (number | string)[] } {
  const parts: string[] = []
  const bindings: (number | string)[] = []
  for (const tlp of TLPS) {
    const allowed = audienceOf(tlp, channel).map((r) => relationSql(r, user, t)).filter((c) => c.sql !== 'false')
    if (allowed.length === 0) continue
    parts.push(`(${t}.tlp = ? AND (${allowed.map((c) => c.sql).join(' OR ')}))`)
    bindings.push(tlp)
    for (const c of allowed) bindings.push(...c.bindings)
  }
  return { sql: parts.length ? `(${parts.join(' OR ')})` : 'false', bindings }
}

export function scopeIndicators(query: ScopableQuery, user: User, channel: Channel = 'view', t = 'indicators') {
  const { sql, bindings } = visibleCondition(user, channel, t)
  query.whereRaw(sql, bindings)
}

/** Sharing groups a reader sees: national accounts all; an agency's the groups its agency or one above it is in. */
export function scopeSharingGroups(query: ScopableQuery, user: User, t = 'sharing_groups') {
  if (user.isNational) return
  query.whereRaw(`${t}.id IN (${GROUPS_ABOVE})`, [user.agencyId!])
}
