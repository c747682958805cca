import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ProbeIngest, probeTargets, syncProbeSchedule } from '#app/line_quality/probe_ingest'
import { ProbeCollector, ProbeSchedule } from '#collectors/probe/probe_schedule'
import { dropSite, testSite } from '#tests/functional/pipeline/support'
import { ImpairedPath } from '#tests/support/impaired_path'
import { makeAgencyTree } from '#tests/support/fixtures'
import { makeLink } from '#tests/functional/samples/links'
import { until } from '#tests/support/wait'

test.group('line quality pipeline: inventory to schedule to collector to stored bursts', () => {
  test('a link with a far-end address is probed and its bursts stored; one without is not', async ({ assert, cleanup }) => {
    const site = testSite()
    const path = await ImpairedPath.create()
    await path.setLoss(100)
    const { ministry } = await makeAgencyTree()
    const probed = await makeLink(ministry.id)
    const quiet = await makeLink(ministry.id)
    const gone = await makeLink(ministry.id)
    await db.from('links').where('id', probed.id).update({ probe_address: path.lossy.v6 })
    await db.from('links').where('id', gone.id).update({ probe_address: path.lossy.v4, status: 'decommissioned' })
    const collector = new ProbeCollector(site)
    const ingest = new ProbeIngest(site)
    cleanup(async () => {
      await collector.close()
      await ingest.close()
      await path.close()
      await dropSite(site)
    })

    const targets = await probeTargets()
    assert.deepInclude(targets, { linkId: probed.id, address: path.lossy.v6 })
    assert.notExists(targets.find((t) => t.linkId === quiet.id || t.linkId === gone.id))
    await syncProbeSchedule(site)
    // Faster than the default minute, so the test sees bursts within seconds.
    const schedule = new ProbeSchedule(site)
    await schedule.sync([{ linkId: probed.id, address: path.lossy.v6, intervalS: 2, count: 4 }])
    await schedule.close()

    const lost = await until('a stored burst that lost everything', () =>
      db.from('link_probes').where('link_id', probed.id).where('received', 0).first()
    )
    assert.deepInclude(lost, { sent: 4, received: 0, rtt_median: null })
    await path.setLoss(0)
    const answered = await until('a stored burst answered in full', () =>
      db.from('link_probes').where('link_id', probed.id).where('received', 4).first()
    )
    assert.isAbove(answered.rtt_median, 0)
    assert.equal(ingest.refused, 0)
    assert.equal((await db.from('link_probes').where('link_id', quiet.id).count('* as n').first()).n, '0')
  }).timeout(60_000)
})
