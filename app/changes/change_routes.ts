import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import db from '@adonisjs/lucid/services/db'
import type { HttpContext } from '@adonisjs/core/http'
import { middleware } from '#start/kernel'
import { act } from '#app/access/abilities'
import { FieldError, NotFoundError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { idOf } from '#app/core/resource_routes'
import { findRow, present } from '#app/core/resource'
import { CHANGE_COMMANDS, LEVELS, type ChangeCommand, type Decision } from '#shared/change_lifecycle'
import { changeResource } from '#app/changes/change_resource'
import { runChangeCommand, type ChangeCommandBody } from '#app/changes/change_service'
import { castVote } from '#app/changes/change_votes'
import { changeTimelineOf } from '#app/changes/change_timeline'
import { impactOf } from '#app/changes/impact'
import { calendarOf } from '#app/changes/change_calendar'
import { instant } from '#app/maintenance/maintenance_window_resource'
import { documentChangeRoutes } from '#app/changes/change_openapi'

/**
 * The change's workflow as commands (one route per move, each with its own body), the board's
 * votes, its timeline, its impact as the inventory tells it, and the change calendar. The
 * descriptive fields are edited through the generic resource routes.
 */

const text = vine.string().trim().minLength(3).maxLength(20000)
const optionalNote = { note: vine.string().trim().minLength(1).maxLength(20000).nullable().optional() }

export const commandValidators: Record<ChangeCommand, ReturnType<typeof vine.create>> = {
  submit: vine.create({ ...optionalNote }),
  assess: vine.create({ risk: vine.enum(LEVELS), impact: vine.enum(LEVELS), assessment: text.clone() }),
  schedule: vine.create({ ...optionalNote }),
  start: vine.create({ ...optionalNote }),
  complete: vine.create({ ...optionalNote }),
  fail: vine.create({ reason: text.clone() }),
  back_out: vine.create({ ...optionalNote }),
  review: vine.create({ review: text.clone() }),
  close: vine.create({ ...optionalNote }),
  cancel: vine.create({ reason: text.clone() }),
}

export const voteValidators: Record<Decision, ReturnType<typeof vine.create>> = {
  approve: vine.create({ comment: vine.string().trim().maxLength(20000).nullable().optional() }),
  reject: vine.create({ comment: text.clone() }),
}

/** Up to a quarter: a month view with the days of its first and last weeks fits well inside. */
const MAX_CALENDAR_DAYS = 93
export const calendarValidator = vine.create({ from: instant(), to: instant() })

function bodyOf(command: ChangeCommand, input: Record<string, any>): ChangeCommandBody {
  switch (command) {
    case 'assess':
      return { command, risk: input.risk, impact: input.impact, assessment: input.assessment }
    case 'fail':
    case 'cancel':
      return { command, reason: input.reason }
    case 'review':
      return { command, review: input.review }
    default:
      return { command, note: input.note }
  }
}

const notFound = (ctx: HttpContext): never => {
  throw new NotFoundError(message('record.not_found', { resource: 'changes', id: ctx.params.id }))
}

router
  .group(() => {
    // Before /api/changes/:id is registered by the registry, so "calendar" is not taken for an id.
    router.get('/api/changes/calendar', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'changes', 'read')
      const input = await ctx.request.validateUsing(calendarValidator, { data: ctx.request.qs(), messagesProvider: messagesFor(user.locale) })
      const from = input.from.toJSDate()
      const to = input.to.toJSDate()
      if (to <= from) throw new FieldError('to', message('changes.ends_after_start'))
      if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * 86_400_000) {
        throw new FieldError('to', message('maintenance.too_long', { days: MAX_CALENDAR_DAYS }))
      }
      return calendarOf(user, from, to)
    })

    for (const command of CHANGE_COMMANDS) {
      router.post(`/api/changes/:id/${command}`, async (ctx) => {
        const user = ctx.auth.user!
        await ctx.bouncer.authorize(act, 'changes', 'update')
        const id = await idOf(ctx, changeResource)
        const input = await ctx.request.validateUsing(commandValidators[command], { messagesProvider: messagesFor(user.locale) })
        const row = await runChangeCommand(user, id, bodyOf(command, input))
        return row ? present(changeResource, row, user) : notFound(ctx)
      })
    }

    for (const decision of ['approve', 'reject'] as const) {
      router.post(`/api/changes/:id/${decision}`, async (ctx) => {
        const user = ctx.auth.user!
        // Reading the change is all the role must allow: the board's membership decides the rest.
        await ctx.bouncer.authorize(act, 'changes', 'read')
        const id = await idOf(ctx, changeResource)
        const input = await ctx.request.validateUsing(voteValidators[decision], { messagesProvider: messagesFor(user.locale) })
        const row = await castVote(user, id, decision, input.comment ?? null)
        return row ? present(changeResource, row, user) : notFound(ctx)
      })
    }

    router.get('/api/changes/:id/timeline', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'changes', 'read')
      const id = await idOf(ctx, changeResource)
      if (!(await findRow(changeResource, user, id))) return notFound(ctx)
      return changeTimelineOf(id, user.locale)
    })

    router.get('/api/changes/:id/impact', async (ctx) => {
      const user = ctx.auth.user!
      await ctx.bouncer.authorize(act, 'changes', 'read')
      const id = await idOf(ctx, changeResource)
      if (!(await findRow(changeResource, user, id))) return notFound(ctx)
      return impactOf(await db.from('change_items').where('change_id', id).select('item_type', 'item_id'), user)
    })
  })
  .use(middleware.auth())

documentChangeRoutes({ commandValidators, voteValidators })
