import { termCondition } from '#app/core/search_terms'
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { ForbiddenError, FieldError, NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { contentRange } from '#app/core/list_query'
import { listQueryOf } from '#app/core/resource_routes'
import { importableResources } from '#app/resources'
import { createJob, present, runJob, sweepInterruptedJobs } from '#app/imports/import_jobs'
import { csvHeader } from '#app/imports/csv_export'
import { documentRoute, idParameter, jsonAnswer, listOf, listParameters, orNull, pageAnswer, record, t } from '#app/platform/openapi'
import type { ResourceDefinition } from '#app/core/resource'
import type User from '#app/access/user'
import { scopeCondition } from '#app/access/scope'

/**
 * CSV imports over HTTP. The upload is streamed to a temporary file (never held in memory),
 * the job is created, and the import runs on in this process while the client polls the job;
 * `?wait=true` answers only when it is over, for scripts. Jobs whose process died are closed as
 * interrupted before any job is listed or read, so no one watches a job nothing runs.
 */

/** Roles that may follow every import, not only their own. */
const OVERSEERS = new Set(['admin', 'auditor'])

/**
 * The jobs a user may follow: their own, or for an overseer those of every user in the
 * overseer's agency scope (an overseer bound to a ministry follows that ministry's imports).
 */
function jobsFollowedBy(user: User) {
  const jobs = db.from('import_jobs')
  if (!OVERSEERS.has(user.role)) return jobs.where('created_by_id', user.id)
  const owners = scopeCondition(user, '(SELECT u.agency_id FROM users u WHERE u.id = import_jobs.created_by_id)')
  return jobs.whereRaw(owners.sql, owners.bindings)
}

const jobsList = {
  name: 'imports',
  filters: {
    fields: { resource: 'exact', status: 'exact', created_by_id: 'exact' },
    sortable: ['created_at', 'resource', 'status', 'rows_read', 'rejected'],
    defaultSort: ['id', 'DESC'],
  },
} as unknown as ResourceDefinition

function importableOf(resource: string) {
  const def = importableResources.find((r) => r.name === resource)
  if (!def) {
    const importable = importableResources.map((r) => r.name)
    throw new FieldError('resource', message('imports.not_importable', { resource, importable }), 'enum')
  }
  return def
}

function jobId(ctx: HttpContext) {
  const id = Number(ctx.params.id)
  if (!Number.isInteger(id) || id <= 0) throw new FieldError('id', message('record.id_positive'))
  return id
}

/** Streams the multipart field `file` to a temporary file; null when the request has none. */
async function receiveFile(ctx: HttpContext): Promise<{ path: string; filename: string; size: number } | null> {
  if (!ctx.request.is(['multipart']) || !ctx.request.multipart) return null
  const dir = join(tmpdir(), 'gsn-imports')
  await mkdir(dir, { recursive: true })
  let received: { path: string; filename: string; size: number } | null = null
  let failure: unknown = null
  ctx.request.multipart.onFile('file', {}, async (part, reportChunk) => {
    // One file per import: a second `file` part is read past, not stored.
    if (received) {
      part.resume()
      return {}
    }
    const path = join(dir, `${randomUUID()}.csv`)
    let size = 0
    part.pause()
    part.on('data', (chunk: Buffer) => {
      size += chunk.length
      reportChunk(chunk)
    })
    try {
      await pipeline(part, createWriteStream(path))
      received = { path, filename: part.filename ?? 'upload.csv', size }
    } catch (error) {
      failure = error
      await unlink(path).catch(() => {})
    }
    return {}
  })
  await ctx.request.multipart.process()
  if (failure) throw failure
  return received
}

router
  .group(() => {
    // The kind is a query parameter, not a path segment: /api/imports/{id} names a job.
    router.post('/api/imports', async (ctx) => {
      const def = importableOf(String(ctx.request.qs().resource ?? ''))
      await ctx.bouncer.authorize(act, 'imports', 'create')
      if (!(await ctx.bouncer.allows(act, def.name, 'create')) && !(await ctx.bouncer.allows(act, def.name, 'update'))) {
        throw new ForbiddenError(message('imports.role_may_not_write', { role: ctx.auth.user!.role, resource: def.name }))
      }
      const file = await receiveFile(ctx)
      if (!file) throw new FieldError('file', message('imports.file_missing'), 'required')
      const user = ctx.auth.user!
      const job = await createJob(def.name, file.filename, file.size, user).catch(async (error) => {
        await unlink(file.path).catch(() => {})
        throw error
      })
      const done = runJob(job.id, def, user, file.path, { removeFile: true })
      if (String(ctx.request.qs().wait) === 'true') return await done
      // runJob records its own failures on the job; nothing is left to handle here.
      done.catch(() => {})
      ctx.response.status(202)
      return job
    })

    // A file to fill in: the resource's CSV columns in the order the import reads them, nothing else.
    router.get('/api/imports/template.csv', async (ctx) => {
      const def = importableOf(String(ctx.request.qs().resource ?? ''))
      await ctx.bouncer.authorize(act, 'imports', 'read')
      ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
      ctx.response.header('Content-Disposition', `attachment; filename="${def.name}-template.csv"`)
      return csvHeader(def)
    })

    router.get('/api/imports', async (ctx) => {
      await ctx.bouncer.authorize(act, 'imports', 'read')
      const user = ctx.auth.user!
      const list = await listQueryOf(ctx, jobsList, 'import_jobs')
      await sweepInterruptedJobs()
      const base = () => {
        const q = jobsFollowedBy(user)
        for (const term of list.search) {
          const condition = termCondition(`resource || ' ' || coalesce(filename, '')`, term)
          q.whereRaw(condition.sql, condition.bindings)
        }
        for (const { field, values } of list.equals) {
          const nonNull = values.filter((v) => v !== null)
          q.where((w) => {
            if (nonNull.length) w.whereIn(field, nonNull as any[])
            if (nonNull.length !== values.length) w.orWhereNull(field)
          })
        }
        return q
      }
      const [{ total }] = await base().count('* as total')
      const rows = await base()
        // The error lists can be long: a list shows how many, the job itself shows them.
        .select(
          'id', 'resource', 'filename', 'status', 'bytes_total', 'bytes_read', 'rows_read', 'inserted', 'updated',
          'unchanged', 'rejected', 'kept_through_line', 'deferred', 'message', 'created_by_id', 'created_at', 'updated_at',
          db.raw('jsonb_array_length(errors) AS error_count')
        )
        .orderBy(list.sort.field, list.sort.order)
        .orderBy('id', 'desc')
        .offset(list.offset)
        .limit(list.limit)
      ctx.response.header('Content-Range', contentRange('imports', list.offset, rows.length, Number(total)))
      ctx.response.header('X-Total-Count', String(total))
      return rows.map((row) => {
        const { errors: _errors, ...job } = present({ ...row, errors: [] })
        return { ...job, error_count: Number(row.error_count) }
      })
    })

    router
      .get('/api/imports/:id', async (ctx) => {
        await ctx.bouncer.authorize(act, 'imports', 'read')
        const user = ctx.auth.user!
        await sweepInterruptedJobs()
        // A job the user may not follow is answered as one that does not exist, like another agency's record.
        const row = await jobsFollowedBy(user).where('id', jobId(ctx)).first()
        if (!row) throw new NotFoundError(message('imports.not_found', { id: ctx.params.id }))
        return present(row)
      })
      .where('id', /^\d+$/)
  })
  .use(middleware.auth())

const resourceParameter = {
  name: 'resource',
  in: 'query',
  required: true,
  schema: { type: 'string', enum: importableResources.map((r) => r.name) },
}
const { integer, string, timestamp } = t
const counter = integer
const jobFields = {
  id: integer,
  resource: { enum: importableResources.map((r) => r.name) },
  filename: orNull(string),
  status: { enum: ['running', 'done', 'failed', 'interrupted'] },
  message: orNull(string),
  bytes_total: counter,
  bytes_read: counter,
  rows_read: counter,
  inserted: counter,
  updated: counter,
  unchanged: orNull(counter),
  rejected: counter,
  kept_through_line: counter,
  deferred: counter,
  created_by_id: orNull(integer),
  created_at: timestamp,
  updated_at: timestamp,
}
const lineError = {
  type: 'object',
  properties: { line: integer, field: orNull(string), message: string, omitted: integer },
}
const job = record({ ...jobFields, errors: listOf(lineError), errors_omitted: integer })
documentRoute('post', '/api/imports', {
  operationId: 'createImport',
  summary:
    'Import a CSV file (multipart field "file", header = the resource\'s CSV columns); answers 202 with the job, or the finished job with ?wait=true',
  tags: ['imports'],
  parameters: [resourceParameter, { name: 'wait', in: 'query', schema: { type: 'boolean' } }],
  requestBody: {
    required: true,
    content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } },
  },
  responses: { 200: jsonAnswer('the finished job (with ?wait=true)', job), 202: jsonAnswer('the job, running', job) },
  errors: { 403: 'the role may not import, or not write this resource', 422: 'not an importable resource, or no file' },
})
documentRoute('get', '/api/imports/template.csv', {
  operationId: 'importTemplate',
  summary: "A CSV file to fill in for an import: the resource's header line (its CSV columns, in order) and no rows",
  tags: ['imports'],
  parameters: [resourceParameter],
  responses: { 200: { description: 'the header line, UTF-8 with a byte order mark', content: { 'text/csv': { schema: { type: 'string' } } } } },
  errors: { 422: 'not an importable resource' },
})
documentRoute('get', '/api/imports', {
  operationId: 'listImports',
  summary:
    'List import jobs (yours, or all for admins and auditors); status running, done, failed, or interrupted (its process died: the rows up to kept_through_line were kept)',
  tags: ['imports'],
  parameters: listParameters,
  responses: { 200: pageAnswer('a page of jobs; how many lines were rejected, not which', record({ ...jobFields, error_count: integer, errors_omitted: integer })) },
})
documentRoute('get', '/api/imports/{id}', {
  operationId: 'getImport',
  summary:
    'One import job: progress counters, status (running, done, failed, interrupted), kept_through_line, and the rejected lines as {line, field, message}',
  tags: ['imports'],
  parameters: [idParameter],
  responses: { 200: jsonAnswer('the job', job) },
  errors: { 403: "another user's job" },
})
