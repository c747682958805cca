import router from '@adonisjs/core/services/router'
import { act } from '#app/access/abilities'
import { keptOverview } from '#app/overview/overview_cells'
import { middleware } from '#start/kernel'
import { documentRoute, jsonAnswer, listOf, orNull, record, t } from '#app/platform/openapi'

router
  .get('/api/overview', async ({ auth, bouncer }) => {
    await bouncer.authorize(act, 'overview', 'read')
    return keptOverview(auth.user!)
  })
  .use(middleware.auth())

const { integer, number, string, timestamp } = t
documentRoute('get', '/api/overview', {
  operationId: 'getOverview',
  summary: 'Consolidation measures against the programme targets, by ministry, and their timeline',
  tags: ['overview'],
  responses: {
    200: jsonAnswer(
      "the measures against the reader's own scope's plan (allocation: the nation's, an allocation to the ministry, or derived pro rata from the scope's baseline; progress is a fraction 0–1 of the way from baseline to target), each ministry, and what closed each month",
      record({
        generated_at: timestamp,
        measures: listOf(record({ key: string, baseline: number, target: number, remaining: integer, progress: number, allocation: { enum: ['national', 'allocated', 'derived'] } })),
        by_ministry: listOf(
          record({
            agency_id: integer,
            code: string,
            name: string,
            name_en: orNull(string),
            ...Object.fromEntries(['data_centres', 'systems', 'lines'].flatMap((m) => [[`${m}_remaining`, integer], [`${m}_total`, integer]])),
            uplinks: integer,
          })
        ),
        timeline: listOf(record({ month: string, data_centres_closed: integer, systems_retired: integer, lines_decommissioned: integer })),
      })
    ),
  },
})
