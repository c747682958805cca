import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import { Readable } from 'node:stream'
import { middleware } from '#start/kernel'
import { contentRange, parseListQuery, ListQueryError } from '#app/core/list_query'
import { FieldError, NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { act } from '#app/access/abilities'
import { csvExport } from '#app/imports/csv_export'
import { columnTypesOf } from '#app/core/column_types'
import {
  deleteRow,
  findPlainRow,
  listRows,
  present,
  presentRows,
  type ResourceDefinition,
} from '#app/core/resource'
import { saveRow } from '#app/core/write_pipeline'

/** The list parameters of a request, each filter value checked against its column in `table`. */
export async function listQueryOf(ctx: HttpContext, def: Pick<ResourceDefinition, 'filters'>, table?: string) {
  const columns = { ...(table ? await columnTypesOf(table) : {}), ...def.filters.types }
  try {
    return parseListQuery(ctx.request.qs(), def.filters, columns)
  } catch (error) {
    if (error instanceof ListQueryError) throw new FieldError(error.field, error.text, 'list_query')
    throw error
  }
}

export async function idOf(ctx: HttpContext, def: ResourceDefinition) {
  const id = Number(ctx.params.id)
  if (!/^\d+$/.test(ctx.params.id) || !Number.isSafeInteger(id) || id <= 0) throw new FieldError('id', message('record.id_positive'))
  // Past the id column's range no row can exist: a 404, where PostgreSQL would refuse the cast.
  const type = (await columnTypesOf(def.model.table)).id
  if (id > (type === 'bigint' ? Number.MAX_SAFE_INTEGER : type === 'smallint' ? 32767 : 2147483647)) notFound(ctx, def)
  return id
}

/** The 404 of a record the user's scope does not hold, worded as one that does not exist. */
export function notFound(ctx: HttpContext, def: Pick<ResourceDefinition, 'name'>): never {
  throw new NotFoundError(message('record.not_found', { resource: def.name, id: ctx.params.id }))
}

/**
 * The five react-admin verbs plus CSV export for one resource. Handlers stay thin: the rules
 * live in core/resource.ts and in the resource's own definition.
 */
export function registerResource(def: ResourceDefinition, options: { readOnly?: boolean } = {}) {
  const path = `/api/${def.name}`

  router
    .group(() => {
      router.get(path, async (ctx) => {
        const user = ctx.auth.user!
        await ctx.bouncer.authorize(act, def.name, 'read')
        const list = await listQueryOf(ctx, def, def.model.table)
        const { rows, total } = await listRows(def, user, list)
        ctx.response.header('Content-Range', contentRange(def.name, list.offset, rows.length, total))
        ctx.response.header('X-Total-Count', String(total))
        return presentRows(def, rows, user)
      })

      router.get(`${path}/export.csv`, async (ctx) => {
        const user = ctx.auth.user!
        await ctx.bouncer.authorize(act, def.name, 'read')
        const list = await listQueryOf(ctx, def, def.model.table)
        ctx.response.header('Content-Type', 'text/csv; charset=utf-8')
        ctx.response.header('Content-Disposition', `attachment; filename="${def.name}.csv"`)
        // Keyset pages keep memory flat whatever the list's size; the file re-imports as it is.
        ctx.response.stream(Readable.from(csvExport(def, user, list)))
      })

      router.get(`${path}/:id`, async (ctx) => {
        const user = ctx.auth.user!
        await ctx.bouncer.authorize(act, def.name, 'read')
        const row = await findPlainRow(def, user, await idOf(ctx, def))
        return row ? present(def, row, user) : notFound(ctx, def)
      })

      if (options.readOnly) return

      router.post(path, async (ctx) => {
        const user = ctx.auth.user!
        await ctx.bouncer.authorize(act, def.name, 'create')
        const row = await saveRow(def, user, null, ctx.request.body())
        ctx.response.status(201)
        return present(def, row!, user)
      })

      const update = async (ctx: HttpContext) => {
        const user = ctx.auth.user!
        await ctx.bouncer.authorize(act, def.name, 'update')
        const row = await saveRow(def, user, await idOf(ctx, def), ctx.request.body())
        return row ? present(def, row, ctx.auth.user!) : notFound(ctx, def)
      }
      router.put(`${path}/:id`, update)
      router.patch(`${path}/:id`, update)

      router.delete(`${path}/:id`, async (ctx) => {
        const user = ctx.auth.user!
        await ctx.bouncer.authorize(act, def.name, 'delete')
        const row = await deleteRow(def, user, await idOf(ctx, def))
        return row ? present(def, row, ctx.auth.user!) : notFound(ctx, def)
      })
    })
    .use(middleware.auth())
}
