import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { clearInventory, seedDemo } from '#app/demo/loader'
import { makeUser } from '#tests/support/fixtures'

test.group('demo: change management', (group) => {
  group.setup(async () => {
    const outcome = await seedDemo({ fresh: true, password: 'demo-password-for-tests' })
    if (outcome.status !== 'loaded') throw new Error(`seed did not load: ${outcome.status}`)
    return async () => {
      await db.transaction((trx) => clearInventory(trx))
    }
  })

  test('boards, a freeze and changes in every state, one running on the busiest uplink with its lines silenced', async ({ client, assert }) => {
    const boards = await db.from('change_boards').orderBy('id')
    assert.deepEqual(boards.map((b) => [b.change_type, b.quorum]), [['normal', 2], ['emergency', 1]])
    const changes = await db.from('changes').orderBy('id').select('id', 'type', 'status', 'window_id')
    assert.sameMembers(changes.map((c) => c.status), ['implementing', 'assessed', 'submitted', 'closed', 'scheduled', 'rejected', 'reviewed'])
    assert.sameMembers([...new Set(changes.map((c) => c.type))], ['normal', 'emergency', 'standard'])

    const running = changes.find((c) => c.status === 'implementing')!
    const window = await db.from('maintenance_windows').where('id', running.window_id).first()
    assert.isBelow(new Date(window.starts_at).getTime(), Date.now())
    assert.isAbove(new Date(window.ends_at).getTime(), Date.now())
    const silenced = await db.from('maintenance_window_items').where('window_id', window.id).count('* as n').first()
    assert.isAbove(Number(silenced.n), 2, 'the uplink and the lines consolidated into it')

    const noc = await makeUser('noc')
    const shown = (await client.get('/api/changes?range=[0,49]').loginAs(noc)).body()
    const kinds = shown.flatMap((c: any) => c.conflicts.map((x: any) => x.kind))
    assert.include(kinds, 'overlap')
    assert.include(kinds, 'freeze')
    const impact = (await client.get(`/api/changes/${running.id}/impact`).loginAs(noc)).body()
    assert.isAbove(impact.counts.lines_behind, 1)
    assert.isAbove(impact.counts.agencies, 1)
  }).timeout(120_000)
})
