import { readOnlyResources, writableResources } from '#app/resources'
import type { ResourceDefinition } from '#app/core/resource'

/**
 * The OpenAPI 3.1 document agencies script against. Resource routes are described from their
 * definitions (the request schemas come from the same VineJS validators that check bodies);
 * every other route describes itself with documentRoute() next to where it is registered.
 * tests/functional/openapi.spec.ts fails when a route and the document disagree.
 */
type Operation = {
  summary: string
  tags?: string[]
  requestBody?: Record<string, unknown>
  parameters?: Record<string, unknown>[]
  responses?: Record<string, unknown>
  security?: Record<string, string[]>[]
}

const extra: Array<{ method: string; path: string; op: Operation }> = []

/** Describe a non-resource route; path in OpenAPI form (`/api/imports/{id}`). */
export function documentRoute(method: string, path: string, op: Operation) {
  extra.push({ method: method.toLowerCase(), path, op })
}

export function jsonBody(schema: Record<string, unknown>) {
  return { required: true, content: { 'application/json': { schema } } }
}

const ok = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
})

const errors = {
  401: { description: 'not logged in' },
  403: { description: 'outside role or agency scope' },
  422: { description: 'validation failed: {errors:[{field,message,rule}]}' },
}

export const listParameters = [
  { name: 'filter', in: 'query', schema: { type: 'string' }, description: 'JSON object: field → value or [values]; q = full-text; field_gte / field_lte = ranges' },
  { name: 'sort', in: 'query', schema: { type: 'string' }, description: 'JSON ["field","ASC|DESC"]' },
  { name: 'range', in: 'query', schema: { type: 'string' }, description: 'JSON [first,last], at most 1000 rows; answered with Content-Range' },
]
const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }

function resourcePaths(def: ResourceDefinition, readOnly: boolean) {
  const tag = def.name
  const schema = def.validator.toJSONSchema() as Record<string, unknown>
  const paths: Record<string, Record<string, Operation>> = {}
  paths[`/api/${def.name}`] = {
    get: { summary: `List ${def.name}`, tags: [tag], parameters: listParameters, responses: { 200: ok('a page of rows', { type: 'array', items: { type: 'object' } }), ...errors } },
  }
  paths[`/api/${def.name}/export.csv`] = {
    get: { summary: `Export ${def.name} as CSV, honouring the list's filter, search and agency scope`, tags: [tag], parameters: listParameters, responses: { 200: { description: 'text/csv' }, ...errors } },
  }
  paths[`/api/${def.name}/{id}`] = {
    get: { summary: `Read one of ${def.name}`, tags: [tag], parameters: [idParameter], responses: { 200: ok('the row'), 404: { description: 'no such row' }, ...errors } },
  }
  if (!readOnly) {
    paths[`/api/${def.name}`].post = { summary: `Create one of ${def.name}`, tags: [tag], requestBody: jsonBody(schema), responses: { 201: ok('created'), ...errors } }
    const update: Operation = { summary: `Update one of ${def.name} (fields not sent keep their value)`, tags: [tag], parameters: [idParameter], requestBody: jsonBody(schema), responses: { 200: ok('updated'), 404: { description: 'no such row' }, ...errors } }
    paths[`/api/${def.name}/{id}`].put = update
    paths[`/api/${def.name}/{id}`].patch = update
    paths[`/api/${def.name}/{id}`].delete = { summary: `Delete one of ${def.name}`, tags: [tag], parameters: [idParameter], responses: { 200: ok('deleted'), 409: { description: 'still referred to' }, ...errors } }
  }
  return paths
}

export function openApiDocument() {
  const paths: Record<string, Record<string, Operation>> = {}
  for (const def of writableResources) Object.assign(paths, resourcePaths(def, false))
  for (const def of readOnlyResources) Object.assign(paths, resourcePaths(def, true))
  for (const { method, path, op } of extra) {
    paths[path] ??= {}
    paths[path][method] = { responses: { 200: ok('ok'), ...errors }, ...op }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'GSN Console API',
      version: '0.1.0',
      description:
        'Inventory, tickets and monitoring of the Government Service Network. Log in with a session (POST /api/auth/login, then send X-XSRF-TOKEN from the XSRF-TOKEN cookie on writes) or send an access token issued by an admin as `Authorization: Bearer …`.',
    },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'gsn-session' },
        token: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ session: [] }, { token: [] }],
    paths,
  }
}
