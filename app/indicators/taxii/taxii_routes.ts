import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import vine, { errors as vineErrors } from '@vinejs/vine'
import type User from '#app/access/user'
import AuthMiddleware from '#app/access/auth_middleware'
import { act } from '#app/access/abilities'
import { ForbiddenError } from '#app/core/errors'
import { message, textIn, type Message, type Text } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { appUrl } from '#config/app'
import { publishable, readable, type IndicatorRow } from '#app/indicators/indicator_service'
import { scopeSharingGroups } from '#app/indicators/indicator_scope'
import { stixIndicator } from '#app/indicators/stix'
import {
  acceptsTaxii,
  API_ROOT_PATH,
  COMMUNITY_COLLECTION_ID,
  DISCOVERY_PATH,
  encodeCursor,
  groupCollectionId,
  indicatorUuidOf,
  PAGE_MOST,
  readQuery,
  STIX_MEDIA_TYPE,
  TAXII_MEDIA_TYPE,
  taxiiError,
  TaxiiRequestError,
  type TaxiiQuery,
} from '#app/indicators/taxii/taxii_protocol'
import { documentRoute } from '#app/platform/openapi'

/**
 * A read-only TAXII 2.1 server over the indicators, so the agencies' own tools (MISP, OpenCTI,
 * firewalls' threat feeds) pull what they may have. One API root; a collection per sharing group
 * the caller's agency (or one above it) is a member of (national accounts: every group), holding
 * the group's indicators the caller may pass on, and one community collection of every CLEAR and
 * GREEN indicator. What a caller receives is decided by visibility.ts through the same query the
 * files and feeds use (`distribute`: never TLP:RED); the STIX objects are stix.ts's.
 *
 * Tools authenticate with the console's access tokens, as the password of HTTP Basic (which
 * TAXII 2.1 requires servers to offer) or as a Bearer token; a browser's session works too, for
 * a person trying the URLs. Every refusal is a TAXII error resource in the account's language.
 */

/** A refusal this module answers itself, with its TAXII status and words. */
class TaxiiFailure extends Error {
  constructor(
    readonly status: number,
    readonly title: Message,
    readonly description?: Text,
    readonly details?: Record<string, unknown>
  ) {
    super(title.in('en'))
  }
}

const notFound = () => new TaxiiFailure(404, message('taxii.not_found'), message('taxii.not_found_how'))

/**
 * Who asks. A Basic credential's password is an access token: it is handed to the project's
 * token guard as the bearer token it is, so one check (token, expiry, account, disabled account)
 * decides for both; the user name is not read, as the token names its account.
 */
async function authenticate(ctx: HttpContext): Promise<User> {
  const header = ctx.request.header('authorization')
  if (header && /^basic\s/i.test(header)) {
    const credential = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8')
    const colon = credential.indexOf(':')
    const token = colon < 0 ? '' : credential.slice(colon + 1)
    if (!token || /[\s\0]/.test(token)) throw new TaxiiFailure(401, message('taxii.unauthorized'), message('taxii.unauthorized_how'))
    ctx.request.request.headers.authorization = `Bearer ${token}`
  }
  await new AuthMiddleware().handle(ctx, async () => {})
  return ctx.auth.user!
}

type Answer = { body: unknown; headers?: Record<string, string> }

/** One TAXII endpoint: authenticated, content-negotiated, and every failure a TAXII error. */
function endpoint(handle: (ctx: HttpContext, user: User) => Promise<Answer>) {
  return async (ctx: HttpContext) => {
    let locale: string | undefined
    try {
      const user = await authenticate(ctx)
      locale = user.locale
      if (!acceptsTaxii(ctx.request.header('accept'))) {
        throw new TaxiiFailure(406, message('taxii.not_acceptable'), message('taxii.not_acceptable_how', { type: TAXII_MEDIA_TYPE }))
      }
      if (await ctx.bouncer.denies(act, 'indicators', 'read')) throw new TaxiiFailure(403, message('taxii.forbidden'), message('taxii.forbidden_how'))
      const answer = await handle(ctx, user)
      for (const [name, value] of Object.entries(answer.headers ?? {})) ctx.response.header(name, value)
      return send(ctx, 200, answer.body)
    } catch (error) {
      return send(ctx, ...failureOf(error, ctx, locale))
    }
  }
}

function send(ctx: HttpContext, status: number, body: unknown) {
  ctx.response.header('Content-Type', TAXII_MEDIA_TYPE)
  return ctx.response.status(status).send(body)
}

function failureOf(error: any, ctx: HttpContext, locale: string | undefined): [number, unknown] {
  const failure = asFailure(error, ctx)
  // Every 401 names the scheme a tool should answer with (RFC 9110 §11.6.1).
  if (failure.status === 401) ctx.response.header('WWW-Authenticate', 'Basic realm="GSN Console TAXII", charset="UTF-8"')
  return [failure.status, taxiiError(failure.status, textIn(failure.title, locale), failure.description && textIn(failure.description, locale), failure.details)]
}

function asFailure(error: any, ctx: HttpContext): TaxiiFailure {
  if (error instanceof TaxiiFailure) return error
  const badRequest = message('taxii.bad_request')
  if (error instanceof TaxiiRequestError) {
    return new TaxiiFailure(400, badRequest, message('taxii.bad_parameter', { parameter: error.parameter, reason: error.reason }), { parameter: error.parameter })
  }
  if (error instanceof vineErrors.E_VALIDATION_ERROR) {
    const errors = (error.messages as Array<{ field: string; message: string; rule: string }>).map(({ field, message: text, rule }) => ({ field, message: text, rule }))
    // VineJS has worded each field's message in the account's language already.
    return new TaxiiFailure(400, badRequest, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors })
  }
  if (error?.code === 'E_UNAUTHORIZED_ACCESS') return new TaxiiFailure(401, message('taxii.unauthorized'), message('taxii.unauthorized_how'))
  if (error instanceof ForbiddenError || error?.code === 'E_AUTHORIZATION_FAILURE') return new TaxiiFailure(403, message('taxii.forbidden'), message('taxii.forbidden_how'))
  // Nothing of the inside leaves: the log has it under the request id the answer names.
  ctx.logger.error({ err: error }, 'TAXII request failed')
  return new TaxiiFailure(500, message('taxii.server_error'), message('taxii.server_error_how', { requestId: ctx.request.id() ?? '' }))
}

const base = () => appUrl.replace(/\/+$/, '')

interface Collection {
  id: string
  title: string
  description: string
  /** Null: the community collection (CLEAR and GREEN, any group or none). */
  groupId: number | null
}

/** The collections this account may read: the community's, then one per sharing group it is in. */
async function collectionsOf(user: User): Promise<Collection[]> {
  const groups = db.from('sharing_groups').select('id', 'name').orderBy('id')
  scopeSharingGroups(groups, user)
  const community = {
    id: COMMUNITY_COLLECTION_ID,
    title: textIn(message('taxii.community_title'), user.locale),
    description: textIn(message('taxii.community_description'), user.locale),
    groupId: null,
  }
  return [
    community,
    ...(await groups).map((g: { id: number; name: string }) => ({
      id: groupCollectionId(g.id),
      title: g.name,
      description: textIn(message('taxii.group_description', { name: g.name }), user.locale),
      groupId: g.id,
    })),
  ]
}

async function collectionOf(ctx: HttpContext, user: User): Promise<Collection> {
  const id = String(ctx.params.collection_id ?? '').toLowerCase()
  const found = (await collectionsOf(user)).find((c) => c.id === id)
  if (!found) throw notFound()
  return found
}

const collectionResource = (c: Collection) => ({
  id: c.id,
  title: c.title,
  description: c.description,
  can_read: true,
  can_write: false,
  media_types: [STIX_MEDIA_TYPE],
})

/** The parameters of the objects, manifest and versions endpoints; their shape checked by VineJS, their meaning by readQuery. */
const pageParameters = vine.create({
  added_after: vine.string().maxLength(64).optional(),
  limit: vine.number().withoutDecimals().positive().max(2147483647).optional(),
  next: vine.string().maxLength(200).optional(),
  match: vine
    .object({
      id: vine.string().maxLength(40_000).optional(),
      type: vine.string().maxLength(1000).optional(),
      version: vine.string().maxLength(4000).optional(),
      spec_version: vine.string().maxLength(100).optional(),
    })
    .optional(),
})

async function queryOf(ctx: HttpContext, user: User): Promise<TaxiiQuery> {
  return readQuery(await pageParameters.validate(ctx.request.qs(), { messagesProvider: messagesFor(user.locale) }))
}

type Row = IndicatorRow & { date_added: string }

/**
 * The indicators of a collection this account may pass on, with the time each was added in
 * microseconds: the current version of an indicator is added when it was last changed, so a tool
 * polling with added_after receives changed indicators again.
 */
function collectionQuery(user: User, collection: Collection) {
  const query = readable(user, 'distribute').select(db.raw(`to_char(indicators.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS date_added`))
  if (collection.groupId === null) query.whereIn('indicators.tlp', ['clear', 'green'])
  else query.where('indicators.sharing_group_id', collection.groupId)
  return query
}

/** One page of a collection, in the order TAXII pages in (date added, then id), and whether more follow. */
async function pageOf(user: User, collection: Collection, q: TaxiiQuery, objectUuid: string | null = null) {
  const query = collectionQuery(user, collection)
  if (objectUuid) query.where('indicators.stix_id', objectUuid)
  if (q.ids) {
    const uuids = q.ids.map(indicatorUuidOf).filter((u): u is string => u !== null)
    if (uuids.length) query.whereIn('indicators.stix_id', uuids)
    else query.whereRaw('false')
  }
  if (q.types && !q.types.includes('indicator')) query.whereRaw('false')
  if (q.specVersions && !q.specVersions.includes('2.1')) query.whereRaw('false')
  // Each indicator is held in its current version only: first, last and all are that version.
  if (q.version.kind === 'at') {
    query.whereRaw(`date_trunc('milliseconds', indicators.updated_at) IN (${q.version.times.map(() => '?::timestamptz').join(', ')})`, q.version.times)
  }
  if (q.addedAfter) query.whereRaw('indicators.updated_at > ?::timestamptz', [q.addedAfter])
  if (q.cursor) query.whereRaw('(indicators.updated_at, indicators.id) > (?::timestamptz, ?)', [q.cursor.dateAdded, q.cursor.id])
  const rows = (await query.orderBy('indicators.updated_at', 'asc').orderBy('indicators.id', 'asc').limit(q.limit + 1)) as Row[]
  const page = rows.slice(0, q.limit)
  const more = rows.length > q.limit
  const last = page.at(-1)
  const headers: Record<string, string> = page.length ? { 'X-TAXII-Date-Added-First': page[0].date_added, 'X-TAXII-Date-Added-Last': last!.date_added } : {}
  return { page, more, next: more && last ? encodeCursor({ dateAdded: last.date_added, id: last.id }) : null, headers }
}

const versionOf = (row: Row) => new Date(row.updated_at).toISOString()

/** An object the collection does not hold (or not for this account) is 404, whatever the filters. */
async function objectUuidIn(ctx: HttpContext, user: User, collection: Collection) {
  const uuid = indicatorUuidOf(String(ctx.params.object_id ?? '').toLowerCase())
  if (!uuid || !(await collectionQuery(user, collection).where('indicators.stix_id', uuid).first())) throw notFound()
  return uuid
}

const ROOT = API_ROOT_PATH.replace(/\/$/, '')
const COLLECTION = `${ROOT}/collections/:collection_id`

router.get(DISCOVERY_PATH, endpoint(async (_ctx, user) => ({
  body: {
    title: textIn(message('taxii.discovery_title'), user.locale),
    description: textIn(message('taxii.discovery_description'), user.locale),
    default: `${base()}${API_ROOT_PATH}`,
    api_roots: [`${base()}${API_ROOT_PATH}`],
  },
})))

router.get(API_ROOT_PATH, endpoint(async (_ctx, user) => ({
  // Nothing is ever posted here: the server is read-only.
  body: { title: textIn(message('taxii.api_root_title'), user.locale), versions: [TAXII_MEDIA_TYPE], max_content_length: 0 },
})))

router.get(`${ROOT}/collections/`, endpoint(async (_ctx, user) => ({ body: { collections: (await collectionsOf(user)).map(collectionResource) } })))

router.get(`${COLLECTION}/`, endpoint(async (ctx, user) => ({ body: collectionResource(await collectionOf(ctx, user)) })))

router.get(`${COLLECTION}/objects/`, endpoint(async (ctx, user) => {
  const collection = await collectionOf(ctx, user)
  const { page, more, next, headers } = await pageOf(user, collection, await queryOf(ctx, user))
  return { headers, body: { more, ...(next ? { next } : {}), ...(page.length ? { objects: page.map((r) => stixIndicator(publishable(r))) } : {}) } }
}))

router.get(`${COLLECTION}/objects/:object_id/`, endpoint(async (ctx, user) => {
  const collection = await collectionOf(ctx, user)
  const uuid = await objectUuidIn(ctx, user, collection)
  const { page, more, next, headers } = await pageOf(user, collection, await queryOf(ctx, user), uuid)
  return { headers, body: { more, ...(next ? { next } : {}), ...(page.length ? { objects: page.map((r) => stixIndicator(publishable(r))) } : {}) } }
}))

router.get(`${COLLECTION}/objects/:object_id/versions/`, endpoint(async (ctx, user) => {
  const collection = await collectionOf(ctx, user)
  const uuid = await objectUuidIn(ctx, user, collection)
  const q = await queryOf(ctx, user)
  const { page, more, headers } = await pageOf(user, collection, { ...q, version: { kind: 'all' } }, uuid)
  return { headers, body: { more, ...(page.length ? { versions: page.map(versionOf) } : {}) } }
}))

router.get(`${COLLECTION}/manifest/`, endpoint(async (ctx, user) => {
  const collection = await collectionOf(ctx, user)
  const { page, more, next, headers } = await pageOf(user, collection, await queryOf(ctx, user))
  const objects = page.map((r) => ({ id: `indicator--${r.stix_id}`, date_added: r.date_added, version: versionOf(r), media_type: STIX_MEDIA_TYPE }))
  return { headers, body: { more, ...(next ? { next } : {}), ...(objects.length ? { objects } : {}) } }
}))

/* The OpenAPI description: TAXII's own media type and error resource, not the API's `{errors}`. */
const taxiiContent = (schema: object) => ({ [TAXII_MEDIA_TYPE]: { schema } })
const errorResource = {
  type: 'object',
  required: ['title'],
  properties: { title: { type: 'string' }, description: { type: 'string' }, http_status: { type: 'string' }, details: { type: 'object' } },
}
const refusal = (description: string) => ({ description, content: taxiiContent(errorResource) })
const dateHeaders = {
  'X-TAXII-Date-Added-First': { description: 'when the first object of the page was added', schema: { type: 'string', format: 'date-time' } },
  'X-TAXII-Date-Added-Last': { description: 'when its last object was added: the added_after of the next poll', schema: { type: 'string', format: 'date-time' } },
}
const collectionParameter = { name: 'collection_id', in: 'path', required: true, schema: { type: 'string' }, description: 'a collection id from the collections list' }
const objectParameter = { name: 'object_id', in: 'path', required: true, schema: { type: 'string' }, description: 'a STIX id, indicator--<uuid>' }
const queryParameter = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', schema, description })
const paging = [
  queryParameter('added_after', 'only objects added after this RFC 3339 time'),
  queryParameter('limit', `at most this many objects (the server gives at most ${PAGE_MOST})`, { type: 'integer', minimum: 1 }),
  queryParameter('next', 'the next value of the previous page'),
]
const matching = [
  queryParameter('match[id]', 'STIX ids, comma-separated'),
  queryParameter('match[type]', 'STIX types, comma-separated (indicator is the only one held)'),
  queryParameter('match[version]', 'last (default), first, all, or RFC 3339 times, comma-separated'),
  queryParameter('match[spec_version]', 'STIX versions, comma-separated (2.1)'),
]
const refusals = (withPath: boolean, withQuery: boolean) => ({
  ...(withQuery ? { 400: refusal('a parameter is not valid (TAXII error resource naming it)') } : {}),
  401: refusal('no access token (HTTP Basic password or Bearer) or session, or a wrong or expired one'),
  403: refusal('the account may not read indicators, or is disabled'),
  ...(withPath ? { 404: refusal('no such collection or object, or none this account may read') } : {}),
  406: refusal(`Accept names neither ${TAXII_MEDIA_TYPE} nor a wildcard`),
})
const dropped = { 401: false, 403: false, 404: false, 422: false } as const
const object = { type: 'object' }
const envelope = { type: 'object', required: ['more'], properties: { more: { type: 'boolean' }, next: { type: 'string' }, objects: { type: 'array', items: object } } }

const taxiiRoute = (path: string, operationId: string, summary: string, schema: object, parameters: Array<Record<string, unknown>>, withPath: boolean, withQuery = false, headers = false) =>
  documentRoute('get', path, {
    operationId, summary, tags: ['taxii'], parameters,
    responses: { 200: { description: summary, ...(headers ? { headers: dateHeaders } : {}), content: taxiiContent(schema) }, ...refusals(withPath, withQuery) },
    errors: dropped,
  })
const collectionPath = `${ROOT}/collections/{collection_id}`
taxiiRoute('/taxii2', 'taxiiDiscovery', 'TAXII 2.1 discovery: the API root of the console', { type: 'object', required: ['title'], properties: { title: { type: 'string' }, api_roots: { type: 'array', items: { type: 'string' } } } }, [], false)
taxiiRoute(ROOT, 'taxiiApiRoot', 'TAXII 2.1 API root (read-only)', { type: 'object', required: ['title', 'versions', 'max_content_length'], properties: { title: { type: 'string' }, versions: { type: 'array', items: { type: 'string' } }, max_content_length: { type: 'integer' } } }, [], false)
taxiiRoute(`${ROOT}/collections`, 'taxiiCollections', 'The community collection and one per sharing group the account is in', { type: 'object', properties: { collections: { type: 'array', items: object } } }, [], false)
taxiiRoute(collectionPath, 'taxiiCollection', 'One collection', object, [collectionParameter], true)
taxiiRoute(`${collectionPath}/objects`, 'taxiiObjects', 'A page of STIX 2.1 indicators the account may pass on (never TLP:RED)', envelope, [collectionParameter, ...paging, ...matching], true, true, true)
taxiiRoute(`${collectionPath}/objects/{object_id}`, 'taxiiObject', 'One indicator of the collection', envelope, [collectionParameter, objectParameter, ...paging, matching[2], matching[3]], true, true, true)
taxiiRoute(`${collectionPath}/objects/{object_id}/versions`, 'taxiiObjectVersions', 'The versions held of one indicator (its current one)', { type: 'object', properties: { more: { type: 'boolean' }, versions: { type: 'array', items: { type: 'string' } } } }, [collectionParameter, objectParameter, ...paging, matching[3]], true, true, true)
taxiiRoute(`${collectionPath}/manifest`, 'taxiiManifest', 'A page of manifest records (id, date added, version, media type)', envelope, [collectionParameter, ...paging, ...matching], true, true, true)
