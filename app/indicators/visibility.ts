import type { Role } from '#shared/roles'

/**
 * Who may read an indicator: TLP 2.0 (FIRST, 2022) applied to the GSN. This table is the one
 * place the rule is written; the SQL every list, show, export, feed and TAXII collection runs
 * (indicator_scope.ts) is built from it, one condition per relation it allows.
 *
 * A reader stands in one or more relations to an indicator:
 * - `anyone`: any signed-in account of the GSN (the community, in TLP's words);
 * - `isac`: a national analyst, the G-ISAC, which coordinates the programme's sharing;
 * - `isac_source`: a national analyst, the indicator published by the G-ISAC itself (no source agency);
 * - `source_agency`: an account of the agency that published it;
 * - `within_source`: an account of that agency or of an agency under it (its "clients");
 * - `group_member`: an account of an agency that is itself a member of the indicator's sharing group;
 * - `within_group_member`: an account of a member agency or of an agency under one.
 *
 * The markings (TLP 2.0's definitions, and what they mean here):
 * - CLEAR: no limit on disclosure; every account, every channel.
 * - GREEN: the community; every account of the GSN, every channel (GSN accounts are the community).
 * - AMBER: the recipients' organisations and their clients, on a need-to-know basis: the source
 *   agency and those under it, the group's member agencies and those under them, and the G-ISAC.
 *   Other national roles (admin, noc, cio, auditor) have no need to know it and do not see it.
 * - AMBER+STRICT: the recipient organisation only: the source agency itself and each member
 *   agency itself (never the agencies under them, never the national roles); the G-ISAC only
 *   for what it published.
 * - RED: the named recipients only: the same accounts as AMBER+STRICT, and only in the console
 *   (`view`). It is never written into a file, a plain feed, a STIX or MISP export or a TAXII
 *   collection (`distribute`), where it would be copied beyond the people it was told to.
 */

export const TLPS = ['clear', 'green', 'amber', 'amber_strict', 'red'] as const
export type Tlp = (typeof TLPS)[number]

/** How TLP 2.0 writes each marking (STIX marking names, MISP tags, what people read). */
export const TLP_LABEL: Record<Tlp, string> = { clear: 'CLEAR', green: 'GREEN', amber: 'AMBER', amber_strict: 'AMBER+STRICT', red: 'RED' }

export const RELATIONS = ['anyone', 'isac', 'isac_source', 'source_agency', 'within_source', 'group_member', 'within_group_member'] as const
export type Relation = (typeof RELATIONS)[number]

/** `view`: a person reads it in the console or its API; `distribute`: it leaves as a file, feed or TAXII object. */
export type Channel = 'view' | 'distribute'

const AUDIENCE: Record<Tlp, readonly Relation[]> = {
  clear: ['anyone'],
  green: ['anyone'],
  amber: ['isac', 'within_source', 'within_group_member'],
  amber_strict: ['isac_source', 'source_agency', 'group_member'],
  red: ['isac_source', 'source_agency', 'group_member'],
}

/** The relations that let a reader have an indicator of this marking through this channel. */
export function audienceOf(tlp: Tlp, channel: Channel): readonly Relation[] {
  if (tlp === 'red' && channel === 'distribute') return []
  return AUDIENCE[tlp]
}

/** What is known of a reader and an indicator, enough to name their relations. */
export interface Reader {
  role: Role
  /** Null for national accounts. */
  agencyId: number | null
  /** The reader's agency and the agencies above it (from its path); empty for national accounts. */
  agencyLine: number[]
  /** Sharing groups the reader's own agency is a member of. */
  groups: number[]
  /** Sharing groups the reader's agency or one above it is a member of. */
  groupsAbove: number[]
}

export interface Marked {
  tlp: Tlp
  sourceAgencyId: number | null
  sharingGroupId: number | null
}

export function isIsac(reader: Pick<Reader, 'role' | 'agencyId'>) {
  return reader.role === 'analyst' && reader.agencyId === null
}

/** The reader's relations to one indicator. */
export function relationsOf(reader: Reader, indicator: Omit<Marked, 'tlp'>): Set<Relation> {
  const out = new Set<Relation>(['anyone'])
  const { sourceAgencyId: source, sharingGroupId: group } = indicator
  if (isIsac(reader)) {
    out.add('isac')
    if (source === null) out.add('isac_source')
  }
  if (source !== null && reader.agencyId === source) out.add('source_agency')
  if (source !== null && reader.agencyLine.includes(source)) out.add('within_source')
  if (group !== null && reader.groups.includes(group)) out.add('group_member')
  if (group !== null && reader.groupsAbove.includes(group)) out.add('within_group_member')
  return out
}

/** Whether the reader may have the indicator through the channel. */
export function mayRead(reader: Reader, indicator: Marked, channel: Channel): boolean {
  const relations = relationsOf(reader, indicator)
  return audienceOf(indicator.tlp, channel).some((r) => relations.has(r))
}
