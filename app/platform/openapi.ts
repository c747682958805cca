import { readOnlyResources, writableResources } from '#app/resources'
import type { ResourceDefinition } from '#app/core/resource'

/**
 * The OpenAPI 3.1 document agencies script against. Resource routes are described from their
 * definitions (request schemas from the same VineJS validators that check bodies, answer schemas
 * from the model's columns typed by those validators); every other route describes itself with
 * documentRoute() next to where it is registered. tests/functional/openapi.spec.ts fails when a
 * route and the document disagree, when Redocly's recommended lint finds an error, and when a GET
 * answers something its schema does not describe.
 */
type Schema = Record<string, unknown>

/** Error statuses, each answered as `{errors:[…]}`; `false` drops a default the route never answers. */
type ErrorAnswers = Partial<Record<400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 502 | 503, string | false>>

type Operation = {
  /** Unique and stable: client generators name their methods after it. */
  operationId: string
  summary: string
  tags?: string[]
  requestBody?: Schema
  parameters?: Schema[]
  /** The successful answers; none declared means 200 with a JSON object. */
  responses?: Record<string, unknown>
  /** Error answers besides the defaults of errorAnswers(), or `false` to drop one of those. */
  errors?: ErrorAnswers
  security?: Record<string, string[]>[]
}

const extra: Array<{ method: string; path: string; op: Operation }> = []

/** Describe a non-resource route; path in OpenAPI form (`/api/imports/{id}`). */
export function documentRoute(method: string, path: string, op: Operation) {
  extra.push({ method: method.toLowerCase(), path, op })
}

export function jsonBody(schema: Schema) {
  return { required: true, content: { 'application/json': { schema } } }
}

/** A successful JSON answer. */
export function jsonAnswer(description: string, schema: Schema = { type: 'object' }, headers?: Schema) {
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema } } }
}

/** A page of a list, as react-admin's simple REST client reads it. */
export function pageAnswer(description: string, items: Schema) {
  return jsonAnswer(description, { type: 'array', items }, {
    'Content-Range': { description: 'NAME FIRST-LAST/TOTAL', schema: { type: 'string' } },
    'X-Total-Count': { description: 'rows matching the filter', schema: { type: 'string' } },
  })
}

/** Shorthands for the answer schemas written next to their routes. */
export const t = {
  integer: { type: 'integer' },
  number: { type: 'number' },
  string: { type: 'string' },
  boolean: { type: 'boolean' },
  timestamp: { type: 'string', format: 'date-time' },
  /** A bigserial id: PostgreSQL's 64-bit integers travel as decimal strings, as counters do on the wire. */
  bigId: { type: 'string', pattern: '^[0-9]+$' },
}
export const orNull = (schema: Schema) =>
  Array.isArray(schema.enum) ? { ...schema, enum: [...schema.enum, null] } : { ...schema, type: [schema.type, 'null'] }
/** An object whose properties are all always there, and nothing else: an undescribed field fails the answer test. */
export const record = (properties: Record<string, Schema>) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  additionalProperties: false,
})
export const listOf = (items: Schema) => ({ type: 'array', items })

const errorsSchema = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['message'],
        properties: {
          field: { type: 'string', description: 'the input at fault; never translated' },
          message: { type: 'string', description: "worded in the account's language" },
          rule: { type: 'string', description: 'the rule that failed; never translated' },
          detail: { type: 'string', description: "the database's own words on a conflict" },
        },
      },
    },
  },
}

/**
 * Every route that needs a login can answer 401, and 403 (outside the role or agency scope, or a
 * session write without its CSRF header); a path with an id can answer 404; input (parameters or
 * a body) can fail validation with 422. Routes add to these or drop one with `errors`.
 */
function errorAnswers(path: string, method: string, op: Operation) {
  const answers: ErrorAnswers = {}
  if (op.security?.length !== 0) {
    answers[401] = 'not logged in'
    answers[403] = method === 'get' ? 'outside the role or agency scope' : 'outside the role or agency scope, or a session without its X-XSRF-TOKEN header'
  }
  if (path.includes('{')) answers[404] = 'no such record, or none within the agency scope'
  if (op.parameters?.length || op.requestBody) answers[422] = 'validation failed: every field that failed is named'
  Object.assign(answers, op.errors)
  const out: Record<string, unknown> = {}
  for (const [status, description] of Object.entries(answers)) {
    if (description) out[status] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Errors' } } } }
  }
  return out
}

export const listParameters = [
  { name: 'filter', in: 'query', schema: { type: 'string' }, description: 'JSON object: field → value or [values]; q = full-text; field_gte / field_lte = ranges' },
  { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'JSON ["field","ASC|DESC"]' },
  { name: 'range', in: 'query', schema: { type: 'string' }, description: 'JSON [first,last], at most 1000 rows; answered with Content-Range' },
]
export const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }

const pascal = (name: string) => name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())
/** data_centres → DataCentre, agencies → Agency, audit_log → AuditLog: names of schemas and operations. */
const singular = (name: string) => pascal(name.replace(/ies$/, 'y').replace(/s$/, ''))

const allowsNull = (schema: Schema | undefined): boolean =>
  Boolean(
    schema &&
      (schema.type === 'null' ||
        (Array.isArray(schema.type) && schema.type.includes('null')) ||
        (schema.anyOf as Schema[] | undefined)?.some(allowsNull))
  )

/** VineJS's boolean accepts "on", 1, "true"…; the answer is a JSON boolean. */
const isBooleanInput = (schema: Schema | undefined) => Array.isArray(schema?.enum) && schema.enum.includes(true) && schema.enum.includes(false)

type ColumnDefinition = { serializeAs: string | null; isPrimary: boolean; meta?: { type?: string; autoCreate?: boolean } }

const DATE_FORMATS: Record<string, string> = { datetime: 'date-time', date: 'date' }

const serializedColumns = (def: ResourceDefinition) =>
  [...((def.model as any).$columnsDefinitions.values() as Iterable<ColumnDefinition>)].filter((column) => column.serializeAs !== null)

/**
 * A write's body as its validator checks it. VineJS describes a date rule as no type at all, so
 * the model's date columns say what goes there: an ISO date or date-time string.
 */
export function requestSchema(def: ResourceDefinition) {
  const schema = def.validator.toJSONSchema() as { properties?: Record<string, Schema> }
  for (const column of serializedColumns(def)) {
    const format = DATE_FORMATS[column.meta?.type ?? '']
    const input = schema.properties?.[column.serializeAs!]
    if (format && input) schema.properties![column.serializeAs!] = { type: allowsNull(input) ? ['string', 'null'] : 'string', format }
  }
  return schema
}

/** One serialized column: the validator's schema, except for what leaves as another type (dates, booleans). */
function columnSchema(column: ColumnDefinition, input: Schema | undefined): Schema | undefined {
  if (column.isPrimary) return { type: 'integer' }
  if (input && !isBooleanInput(input)) return input
  const type = DATE_FORMATS[column.meta?.type ?? ''] ? 'string' : input ? 'boolean' : undefined
  if (!type) return undefined
  const nullable = input ? allowsNull(input) : !column.meta?.autoCreate
  return { type: nullable ? [type, 'null'] : type, ...(type === 'string' ? { format: DATE_FORMATS[column.meta!.type!] } : {}) }
}

/**
 * What the API answers for one row, derived rather than written again: the model's serialized
 * columns, typed by the validator that checks them on the way in, and the definition's
 * answerFields for the rest. Closed (additionalProperties: false), so a field the document does
 * not name fails the answer test. A column with no type anywhere is left `{}` and fails the test
 * of the document, so nothing goes out undescribed.
 */
export function answerSchema(def: ResourceDefinition) {
  const input = requestSchema(def).properties ?? {}
  const fields = def.answerFields?.properties ?? {}
  const properties: Record<string, Schema> = {}
  for (const column of serializedColumns(def)) {
    properties[column.serializeAs!] = fields[column.serializeAs!] ?? columnSchema(column, input[column.serializeAs!]) ?? {}
  }
  Object.assign(properties, fields)
  for (const name of def.answerFields?.fromValidator ?? []) properties[name] = input[name]
  const optional = new Set(def.answerFields?.optional)
  return { type: 'object', required: Object.keys(properties).filter((name) => !optional.has(name)), properties, additionalProperties: false }
}

function resourcePaths(def: ResourceDefinition, readOnly: boolean) {
  const tag = def.name
  const [many, one] = [pascal(def.name), singular(def.name)]
  const row = { $ref: `#/components/schemas/${one}` }
  const input = jsonBody({ $ref: `#/components/schemas/${one}Input` })
  const paths: Record<string, Record<string, Operation>> = {}
  paths[`/api/${def.name}`] = {
    get: { operationId: `list${many}`, summary: `List ${def.name}`, tags: [tag], parameters: listParameters, responses: { 200: pageAnswer('a page of rows', row) } },
  }
  paths[`/api/${def.name}/export.csv`] = {
    get: {
      operationId: `export${many}`,
      summary: `Export ${def.name} as CSV, honouring the list's filter, search and agency scope`,
      tags: [tag],
      parameters: listParameters,
      responses: { 200: { description: 'the rows as CSV; the file re-imports as it is', content: { 'text/csv': { schema: { type: 'string' } } } } },
    },
  }
  paths[`/api/${def.name}/{id}`] = {
    get: { operationId: `get${one}`, summary: `Read one of ${def.name}`, tags: [tag], parameters: [idParameter], responses: { 200: jsonAnswer('the row', row) } },
  }
  if (!readOnly) {
    paths[`/api/${def.name}`].post = { operationId: `create${one}`, summary: `Create one of ${def.name}`, tags: [tag], requestBody: input, responses: { 201: jsonAnswer('created', row) } }
    const update = (operationId: string): Operation => ({
      operationId,
      summary: `Update one of ${def.name} (fields not sent keep their value)`,
      tags: [tag],
      parameters: [idParameter],
      requestBody: input,
      responses: { 200: jsonAnswer('updated', row) },
    })
    paths[`/api/${def.name}/{id}`].put = update(`update${one}`)
    paths[`/api/${def.name}/{id}`].patch = update(`patch${one}`)
    paths[`/api/${def.name}/{id}`].delete = {
      operationId: `delete${one}`,
      summary: `Delete one of ${def.name}`,
      tags: [tag],
      parameters: [idParameter],
      responses: { 200: jsonAnswer('deleted', row) },
      errors: { 409: 'still referred to by other records' },
    }
  }
  return paths
}

/** Error answers written among `responses` count as errors, with the error schema. */
function withAnswers(path: string, method: string, op: Operation) {
  const success: Record<string, unknown> = {}
  const errors: ErrorAnswers = { ...op.errors }
  for (const [status, answer] of Object.entries(op.responses ?? {})) {
    // An error answer with its own body (health's 503) keeps it; others get the error schema.
    if (Number(status) >= 400 && !(answer as Schema).content) (errors as any)[status] ??= (answer as { description: string }).description
    else success[status] = answer
  }
  const { errors: _errors, ...described } = op
  return { ...described, responses: { ...(Object.keys(success).length ? success : { 200: jsonAnswer('ok') }), ...errorAnswers(path, method, { ...op, errors }) } }
}

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {}
  const schemas: Record<string, Schema> = { Errors: errorsSchema }
  const resources = [...writableResources.map((def) => [def, false] as const), ...readOnlyResources.map((def) => [def, true] as const)]
  for (const [def, readOnly] of resources) {
    schemas[singular(def.name)] = answerSchema(def)
    if (!readOnly) schemas[`${singular(def.name)}Input`] = requestSchema(def)
    for (const [path, ops] of Object.entries(resourcePaths(def, readOnly))) {
      paths[path] = Object.fromEntries(Object.entries(ops).map(([method, op]) => [method, withAnswers(path, method, op)]))
    }
  }
  for (const { method, path, op } of extra) {
    paths[path] ??= {}
    paths[path][method] = withAnswers(path, method, op)
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'GSN Console API',
      version: '0.1.0',
      description:
        'Inventory, tickets and monitoring of the Government Service Network. Log in with a session (POST /api/auth/login, then send X-XSRF-TOKEN from the XSRF-TOKEN cookie on writes) or send an access token issued by an admin as `Authorization: Bearer …`.',
      license: { name: 'UNLICENSED (the GSN programme’s own; not for reuse)' },
    },
    // The API and the UI share one origin, so the document names no host: clients resolve paths
    // against wherever they fetched it.
    servers: [{ url: '/', description: 'the server that served this document' }],
    components: {
      schemas,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'gsn-session' },
        token: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  }
}
