import router from '@adonisjs/core/services/router'
import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import { delayBeforeCheck, lockedFor, recordFailure, recordSuccess } from '#app/access/login_throttle'
import { endSession, SESSION_EPOCH_KEY } from '#app/access/session_validity'
import User from '#app/access/user'
import { permissionsOf, ROLES } from '#app/access/roles'
import { LOCALES } from '#app/access/user_resource'
import { middleware } from '#start/kernel'
import { message } from '#app/core/messages'
import { messagesFor } from '#app/core/validation_messages'
import { documentRoute, jsonAnswer, jsonBody, listOf, orNull, record, t } from '#app/platform/openapi'

const loginValidator = vine.create({
  email: vine.string().trim().toLowerCase().email().maxLength(254),
  password: vine.string().minLength(1).maxLength(128),
})
const preferencesValidator = vine.create({ locale: vine.enum(LOCALES) })

export function profileOf(user: User) {
  return {
    id: user.id,
    email: user.email,
    full_name: user.fullName,
    role: user.role,
    agency_id: user.agencyId,
    locale: user.locale,
    permissions: permissionsOf(user.role),
  }
}

router
  .group(() => {
    router.post('/login', async ({ request, response, auth, session }) => {
      const { email, password } = await request.validateUsing(loginValidator)
      const ip = request.ip()
      const locked = await lockedFor(email, ip)
      if (locked !== null) {
        return response.tooManyRequests({
          // Nobody is logged in yet, and naming the account's language would tell who has one.
          errors: [{ message: message('access.too_many_logins', { seconds: locked }).in('en') }],
        })
      }
      await delayBeforeCheck(email)
      let user: User
      try {
        user = await User.verifyCredentials(email, password)
      } catch (error) {
        await recordFailure(email, ip)
        throw error
      }
      await recordSuccess(email, ip)
      if (!user.active) {
        // The password was right, so the account (and its language) is known, though not logged in.
        return response.forbidden({ errors: [{ message: message('access.disabled').in(user.locale) }] })
      }
      await auth.use('web').login(user)
      session.put(SESSION_EPOCH_KEY, user.authEpoch)
      user.lastLoginAt = DateTime.now()
      await user.save()
      return profileOf(user)
    })

    router
      .group(() => {
        router.get('/me', ({ auth }) => profileOf(auth.user!))
        router.put('/me', async ({ auth, request }) => {
          const { locale } = await request.validateUsing(preferencesValidator, { messagesProvider: messagesFor(auth.user!.locale) })
          const user = auth.user!
          user.locale = locale
          await user.save()
          return profileOf(user)
        })
        router.post('/logout', async ({ auth, response, session }) => {
          if (auth.authenticatedViaGuard === 'web') {
            await endSession(session.sessionId)
            await auth.use('web').logout()
          }
          return response.noContent()
        })
      })
      .use(middleware.auth())
  })
  .prefix('/api/auth')

const profile = record({
  id: t.integer,
  email: t.string,
  full_name: orNull(t.string),
  role: { enum: [...ROLES] },
  agency_id: orNull(t.integer),
  locale: { enum: [...LOCALES] },
  permissions: { type: 'object', additionalProperties: listOf({ enum: ['read', 'create', 'update', 'delete'] }), description: 'resource → the actions the role may take on it' },
})
documentRoute('post', '/api/auth/login', {
  operationId: 'logIn',
  summary: 'Log in; sets the session cookie. 5 failures per account and address lock it for 15 minutes (429).',
  tags: ['access'],
  security: [],
  requestBody: jsonBody(loginValidator.toJSONSchema() as Record<string, unknown>),
  responses: { 200: jsonAnswer('who is now logged in', profile) },
  errors: { 400: 'wrong e-mail or password', 403: 'the account is disabled', 429: 'too many failed logins for this account and address; try again later' },
})
documentRoute('get', '/api/auth/me', {
  operationId: 'getMe',
  summary: 'Who I am, my role, agency and permissions',
  tags: ['access'],
  responses: { 200: jsonAnswer('the account logged in', profile) },
  errors: { 403: false },
})
documentRoute('put', '/api/auth/me', {
  operationId: 'updateMe',
  summary: 'Save my preferences (language)',
  tags: ['access'],
  requestBody: jsonBody(preferencesValidator.toJSONSchema() as Record<string, unknown>),
  responses: { 200: jsonAnswer('the account, as saved', profile) },
})
documentRoute('post', '/api/auth/logout', {
  operationId: 'logOut',
  summary: 'End my session',
  tags: ['access'],
  responses: { 204: { description: 'logged out' } },
})
