import vine from '@vinejs/vine'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { recordAudit } from '#app/audit/audit_log'
import { actorOf } from '#app/core/resource'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { reference } from '#app/core/vine_rules'
import { served } from '#app/core/registration'
import { ref } from '#app/core/csv_references'
import { DateTime } from 'luxon'
import { Indicator, SharingGroup, Sighting } from '#app/indicators/indicator'
import { INDICATOR_TYPES, normaliseValue } from '#app/indicators/indicator_values'
import { TLPS } from '#app/indicators/visibility'
import { scopeIndicators, scopeSharingGroups, visibleCondition } from '#app/indicators/indicator_scope'
import { scopeCondition } from '#app/access/scope'
import type User from '#app/access/user'

/** A time that may be left empty: the transform sees the null too, and keeps it null. */
const instantOrNull = () =>
  vine.date({ formats: ['iso8601'] }).transform((d) => (d ? DateTime.fromJSDate(d, { zone: 'utc' }) : d)).nullable().optional()

export const indicatorValidator = vine.create({
  type: vine.enum(INDICATOR_TYPES),
  value: vine.string().trim().minLength(1).maxLength(2048),
  tlp: vine.enum(TLPS),
  source_agency_id: reference('agencies').nullable().optional(),
  sharing_group_id: vine.number().withoutDecimals().positive().max(2147483647).nullable().optional(),
  confidence: vine.number().withoutDecimals().range([0, 100]).optional(),
  description: vine.string().trim().maxLength(20000).nullable().optional(),
  first_seen_at: instantOrNull(),
  last_seen_at: instantOrNull(),
  expires_at: instantOrNull(),
  // Set by the producer of a STIX object or MISP attribute; the console makes one when it is left out.
  stix_id: vine.string().trim().toLowerCase().uuid().optional(),
})

/**
 * How often each indicator was seen where the reader may look (sightings scope on the agency
 * they were made in), and when last: one statement for a page. Without a reader, nothing is counted.
 */
async function sightingsOf(ids: number[], reader?: User) {
  const shown = new Map<number, Record<string, unknown>>(ids.map((id) => [id, { sightings_count: reader ? 0 : null, last_sighted_at: null }]))
  if (!reader) return shown
  const scope = scopeCondition(reader, 'indicator_sightings.agency_id')
  const rows = await db.from('indicator_sightings').whereIn('indicator_id', ids).whereRaw(scope.sql, scope.bindings)
    .groupBy('indicator_id').select('indicator_id', db.raw('count(*)::int AS n'), db.raw('max(seen_at) AS last'))
  for (const r of rows) shown.set(r.indicator_id, { sightings_count: r.n, last_sighted_at: new Date(r.last).toISOString() })
  return shown
}

/**
 * Indicators: the G-ISAC's analysts publish for the programme (no source agency), an agency's
 * liaison for their agency. Who reads one is its TLP marking's business (visibility.ts), not the
 * agency scope: a GREEN indicator of another agency is listed, a RED one of a group the reader's
 * agency is not in is answered as missing. Writes stay with the source agency (its subtree);
 * administrators may take down what they can read (a value published by mistake).
 */
export const indicators = served(
  'indicators',
  { grants: { admin: 'rcud', noc: 'r', analyst: 'rcud', cio: 'r', agency_liaison: 'rcud', auditor: 'r' } },
  {
    model: Indicator,
    validator: indicatorValidator,
    filters: {
      fields: {
        type: 'exact', tlp: 'exact', value: 'exact', source_agency_id: 'exact', sharing_group_id: 'exact',
        confidence: 'range', first_seen_at: 'range', last_seen_at: 'range', expires_at: 'range', updated_at: 'range',
      },
      sortable: ['value', 'type', 'tlp', 'confidence', 'first_seen_at', 'last_seen_at', 'expires_at', 'updated_at', 'source_agency_id', 'sharing_group_id'],
      defaultSort: ['updated_at', 'DESC'],
    },
    searchExpression: "value || ' ' || coalesce(description, '')",
    agencyColumn: 'source_agency_id',
    readScope: (query, user, purpose) => scopeIndicators(query, user, purpose === 'export' ? 'distribute' : 'view'),
    naturalKey: 'stix_id',
    csvColumns: ['type', 'value', 'tlp', 'confidence', 'source_agency_code', 'sharing_group_id', 'first_seen_at', 'last_seen_at', 'expires_at', 'description'],
    csvReferences: { source_agency_code: ref.agency('source_agency_id') },

    async prepare({ row, user, trx, existing }) {
      // A liaison publishes for their own agency unless they name one below it.
      if (!existing && row.sourceAgencyId === undefined) row.sourceAgencyId = user.agencyId
      row.sourceAgencyId = row.sourceAgencyId ?? null
      row.sharingGroupId = row.sharingGroupId ?? null
      row.confidence = row.confidence ?? 50
      row.stixId = row.stixId ?? randomUUID()
      const checked = normaliseValue(row.type, row.value)
      if (!checked.ok) {
        throw new FieldError('value', checked.reason === 'host_bits' ? message('indicators.host_bits', { network: checked.network! }) : message('indicators.value_not_of_type', { type: row.type }))
      }
      row.value = checked.value
      if (row.firstSeenAt && row.lastSeenAt && row.firstSeenAt > row.lastSeenAt) throw new FieldError('first_seen_at', message('indicators.seen_order'))
      if (row.sharingGroupId !== null) {
        // A group the writer cannot see reads as one that does not exist.
        const group = trx.from('sharing_groups').where('id', row.sharingGroupId)
        scopeSharingGroups(group, user)
        if (!(await group.first())) throw new FieldError('sharing_group_id', message('indicators.group_not_found', { id: row.sharingGroupId }))
        if (row.sourceAgencyId !== null) {
          const member = await trx.from('sharing_group_members').where({ sharing_group_id: row.sharingGroupId }).whereRaw(
            `agency_id IN (SELECT id FROM agencies WHERE (SELECT path FROM agencies WHERE id = ?) LIKE path || '%')`, [row.sourceAgencyId]).first()
          if (!member) throw new FieldError('sharing_group_id', message('indicators.source_not_member'))
        }
      }
      const same = await trx.from('indicators').where({ type: row.type, value: row.value, tlp: row.tlp })
        .whereRaw('source_agency_id IS NOT DISTINCT FROM ?::int AND sharing_group_id IS NOT DISTINCT FROM ?::int', [row.sourceAgencyId as any, row.sharingGroupId as any])
        .if(existing, (q) => q.whereNot('id', row.id)).select('id').first()
      if (same) throw new FieldError('value', message('indicators.duplicate', { id: same.id }))
      const twin = await trx.from('indicators').where('stix_id', row.stixId).whereRaw('source_agency_id IS NOT DISTINCT FROM ?::int', [row.sourceAgencyId as any])
        .if(existing, (q) => q.whereNot('id', row.id)).select('id').first()
      if (twin) throw new FieldError('stix_id', message('indicators.duplicate', { id: twin.id }))
    },

    presentMany: sightingsOf,
    answerFields: {
      properties: {
        stix_id: { type: 'string', format: 'uuid', description: 'the STIX identifier (indicator--<uuid>), kept across exports and imports' },
        sightings_count: { type: ['integer', 'null'], description: 'sightings made in agencies of the reader\'s scope' },
        last_sighted_at: { type: ['string', 'null'], format: 'date-time', description: 'the latest of those sightings' },
      },
    },
  }
)

export const sharingGroupValidator = vine.create({
  name: vine.string().trim().minLength(2).maxLength(200).unique({
    table: 'sharing_groups',
    column: 'name',
    filter: (query, _value, field) => {
      const id = (field.meta as { id?: number | null }).id
      if (id) query.whereNot('id', id)
    },
  }),
  description: vine.string().trim().maxLength(20000).nullable().optional(),
  // The whole membership: left out, it stays as it is.
  member_ids: vine.array(reference('agencies')).maxLength(2000).distinct().optional(),
})

/** Each group's member agencies. */
async function presentMembers(ids: number[]) {
  const members = await db.from('sharing_group_members').whereIn('sharing_group_id', ids).select('sharing_group_id', 'agency_id').orderBy(['sharing_group_id', 'agency_id'])
  const shown = new Map<number, Record<string, unknown>>(ids.map((id) => [id, { member_ids: [] }]))
  for (const m of members) (shown.get(m.sharing_group_id)!.member_ids as number[]).push(m.agency_id)
  return shown
}

/**
 * Sharing groups: the G-ISAC (and administrators) gather agencies that share indicators; an
 * agency's people see the groups their agency, or one above it, belongs to.
 */
export const sharingGroups = served(
  'sharing_groups',
  { grants: { admin: 'rcud', noc: 'r', analyst: 'rcud', cio: 'r', agency_liaison: 'r', auditor: 'r' } },
  {
    model: SharingGroup,
    validator: sharingGroupValidator,
    filters: { fields: { name: 'exact' }, sortable: ['name', 'updated_at'], defaultSort: ['name', 'ASC'] },
    searchExpression: "name || ' ' || coalesce(description, '')",
    agencyColumn: null,
    readScope: (query, user) => scopeSharingGroups(query, user),
    naturalKey: 'name',
    csvColumns: ['name', 'description'],

    async afterSave({ row, input, trx, user }) {
      const wanted = input.member_ids as number[] | undefined
      if (!wanted) return
      const stored = (await trx.from('sharing_group_members').where('sharing_group_id', row.id).select('agency_id')).map((m) => m.agency_id as number)
      const before = [...stored].sort((a, b) => a - b)
      const after = [...wanted].sort((a, b) => a - b)
      if (before.join() === after.join()) return
      await trx.from('sharing_group_members').where('sharing_group_id', row.id).delete()
      if (after.length) await trx.insertQuery().table('sharing_group_members').multiInsert(after.map((id) => ({ sharing_group_id: row.id, agency_id: id })))
      await recordAudit(trx, actorOf(user), [
        { action: 'update', entity: 'sharing_group_members', entityId: row.id, before: { member_ids: before }, after: { member_ids: after } },
      ])
    },

    presentMany: presentMembers,
    answerFields: { fromValidator: ['member_ids'] },
  }
)

/**
 * Sightings: written by the matcher and the retro-hunt, read by whoever may read the indicator,
 * each within their agency scope (a sighting tells whose traffic touched it).
 */
export const indicatorSightings = served(
  'indicator_sightings',
  { grants: { admin: 'r', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' }, readOnly: true },
  {
    model: Sighting,
    validator: vine.create({}),
    filters: {
      fields: { indicator_id: 'exact', agency_id: 'exact', source: 'exact', incident_id: 'exact', security_event_id: 'exact', seen_at: 'range' },
      sortable: ['seen_at', 'indicator_id', 'agency_id', 'count'],
      defaultSort: ['seen_at', 'DESC'],
    },
    searchExpression: "coalesce(host(src_addr), '') || ' ' || coalesce(host(dst_addr), '')",
    agencyColumn: 'agency_id',
    readScope: (query, user, purpose) => {
      const visible = visibleCondition(user, purpose === 'export' ? 'distribute' : 'view', 'i')
      query.whereRaw(`indicator_sightings.indicator_id IN (SELECT i.id FROM indicators i WHERE ${visible.sql})`, visible.bindings)
      const agency = scopeCondition(user, 'indicator_sightings.agency_id')
      query.whereRaw(agency.sql, agency.bindings)
    },
    naturalKey: 'id',
    answerFields: {
      properties: {
        indicator_id: { type: 'integer' },
        agency_id: { type: ['integer', 'null'], description: 'the agency the sighting was made in' },
        source: { type: 'string', enum: ['flow', 'retro_hunt', 'event', 'incident', 'report'] },
        security_event_id: { type: ['integer', 'null'] },
        incident_id: { type: ['integer', 'null'] },
        src_addr: { type: ['string', 'null'] },
        dst_addr: { type: ['string', 'null'] },
        src_port: { type: ['integer', 'null'] },
        dst_port: { type: ['integer', 'null'] },
        protocol: { type: ['integer', 'null'] },
        count: { type: 'integer' },
      },
    },
    csvColumns: ['indicator_id', 'source', 'seen_at', 'count', 'src_addr', 'dst_addr', 'src_port', 'dst_port', 'protocol', 'agency_id', 'incident_id', 'security_event_id'],
  }
)
