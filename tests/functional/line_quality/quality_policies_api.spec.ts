import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeUser } from '#tests/support/fixtures'
import { forgetQualityPolicies, qualityPolicies } from '#app/line_quality/quality_policies'

/**
 * The line quality thresholds' API (/api/line_quality_policies): one row per link class, read by
 * those who read the other policies, changed by admins only, validated field by field in the
 * reader's language, audited, and read by the monitoring after an edit.
 */
test.group('line quality thresholds: the API', (group) => {
  let legacy: Record<string, any>
  group.each.setup(async () => {
    legacy = await db.from('line_quality_policies').where('link_kind', 'legacy').firstOrFail()
    return async () => {
      await db.from('line_quality_policies').where('id', legacy.id).update({
        loss_degraded: legacy.loss_degraded, loss_down: legacy.loss_down, rtt_degraded_ms: legacy.rtt_degraded_ms, jitter_degraded_ms: legacy.jitter_degraded_ms,
      })
      forgetQualityPolicies()
    }
  })

  test('both classes are listed; an admin changes a threshold, the change is audited and judged by', async ({ client, assert }) => {
    const admin = await makeUser('admin')
    const noc = await makeUser('noc')
    const list = await client.get('/api/line_quality_policies').loginAs(noc)
    list.assertStatus(200)
    assert.sameMembers(list.body().map((r: { link_kind: string }) => r.link_kind), ['legacy', 'uplink'])
    assert.include(list.body().find((r: { link_kind: string }) => r.link_kind === 'legacy'), { id: legacy.id, loss_degraded: 0.05, loss_down: 1 })

    const url = `/api/line_quality_policies/${legacy.id}`
    const changed = await client.put(url).json({ loss_degraded: 0.07, rtt_degraded_ms: 120 }).loginAs(admin).withCsrfToken()
    changed.assertStatus(200)
    assert.include(changed.body(), { link_kind: 'legacy', loss_degraded: 0.07, rtt_degraded_ms: 120 })
    const audit = await db.from('audit_log').where({ entity: 'line_quality_policies', entity_id: String(legacy.id) }).orderBy('id', 'desc').firstOrFail()
    assert.equal(audit.action, 'update')
    assert.include(audit.after, { loss_degraded: 0.07, rtt_degraded_ms: 120 })
    assert.include(audit.before, { loss_degraded: 0.05 })
    assert.include((await qualityPolicies()).legacy, { lossDegraded: 0.07, rttDegradedMs: 120 })
  })

  test('others are refused; mistyped values are 422 with the field named, in the reader\'s language; rows are not added', async ({ client, assert }) => {
    const admin = await makeUser('admin')
    await db.from('users').where('id', admin.id).update({ locale: 'zh-TW' })
    const url = `/api/line_quality_policies/${legacy.id}`
    for (const role of ['noc', 'analyst', 'cio', 'auditor'] as const) {
      ;(await client.put(url).json({ rtt_degraded_ms: 100 }).loginAs(await makeUser(role)).withCsrfToken()).assertStatus(403)
    }
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ loss_degraded: 'lots' }, 'loss_degraded'],
      [{ loss_degraded: 0 }, 'loss_degraded'],
      [{ loss_down: 1.5 }, 'loss_down'],
      [{ rtt_degraded_ms: -4 }, 'rtt_degraded_ms'],
      [{ jitter_degraded_ms: null }, 'jitter_degraded_ms'],
      [{ link_kind: 'uplink' }, 'link_kind'],
      [{ loss_degraded: 0.5, loss_down: 0.2 }, 'loss_down'],
    ]
    for (const [body, field] of cases) {
      const refused = await client.put(url).json(body).loginAs(admin).withCsrfToken()
      refused.assertStatus(422)
      const errors: Array<{ field: string; message: string }> = refused.body().errors
      assert.include(errors.map((e) => e.field), field, JSON.stringify(body))
      assert.notMatch(refused.text(), /SELECT|violates|stack/)
    }
    const order = await client.put(url).json({ loss_degraded: 0.5, loss_down: 0.2 }).loginAs(admin).withCsrfToken()
    assert.equal(order.body().errors[0].message, '判定中斷的遺失率須不低於判定劣化的遺失率（50%）')
    const created = await client.post('/api/line_quality_policies').json({ link_kind: 'legacy', loss_degraded: 0.1, loss_down: 1, rtt_degraded_ms: 1, jitter_degraded_ms: 1 }).loginAs(admin).withCsrfToken()
    created.assertStatus(403)
    assert.equal(Number((await db.from('line_quality_policies').where('id', legacy.id).first()).loss_degraded), 0.05)
  })
})
