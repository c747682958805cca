import router from '@adonisjs/core/services/router'
import { act } from '#app/access/abilities'
import { consolidationOverview } from '#app/overview/consolidation_overview'
import { middleware } from '#start/kernel'
import { documentRoute } from '#app/platform/openapi'

router
  .get('/api/overview', async ({ auth, bouncer }) => {
    await bouncer.authorize(act, 'overview', 'read')
    return consolidationOverview(auth.user!)
  })
  .use(middleware.auth())

documentRoute('get', '/api/overview', {
  summary: 'Consolidation measures against the programme targets, by ministry, and their timeline',
  tags: ['overview'],
})
