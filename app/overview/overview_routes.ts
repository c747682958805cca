import router from '@adonisjs/core/services/router'
import { can } from '#app/access/roles'
import { ForbiddenError } from '#app/core/errors'
import { consolidationOverview } from '#app/overview/consolidation_overview'
import { middleware } from '#start/kernel'
import { documentRoute } from '#app/platform/openapi'

router
  .get('/api/overview', async ({ auth }) => {
    if (!can(auth.user!.role, 'overview', 'read')) throw new ForbiddenError('no access to the overview')
    return consolidationOverview(auth.user!)
  })
  .use(middleware.auth())

documentRoute('get', '/api/overview', {
  summary: 'Consolidation measures against the programme targets, by ministry, and their timeline',
  tags: ['overview'],
})
