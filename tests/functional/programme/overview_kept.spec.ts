import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import queueConfig from '#config/queue'
import type User from '#app/access/user'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import { consolidationOverview } from '#app/overview/consolidation_overview'
import { currentCells, inventoryVersion } from '#app/overview/overview_cells'
import { OverviewKeeper } from '#app/overview/overview_keeper'

/** An answer without its time, to compare with a recount taken a moment later. */
const figures = (answer: any) => {
  const { generated_at: _, ...rest } = answer
  return JSON.parse(JSON.stringify(rest))
}

async function waitFor(what: string, check: () => Promise<boolean>, deadlineMs = 10_000) {
  const until = Date.now() + deadlineMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${deadlineMs} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

test.group('consolidation overview: kept counts', () => {
  test('every scope reads what a recount finds, right after each write, and only its own figures', async ({ client, assert }) => {
    const { ministry, child, other } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const readers: Record<string, User> = {
      cio: await makeUser('cio'),
      ministry: await makeUser('agency_liaison', ministry.id),
      child: await makeUser('agency_liaison', child.id),
      other: await makeUser('agency_liaison', other.id),
    }
    const sameAsRecount = async (step: string) => {
      for (const [name, reader] of Object.entries(readers)) {
        const answer = await client.get('/api/overview').loginAs(reader)
        answer.assertStatus(200)
        assert.isString(answer.body().generated_at)
        assert.deepEqual(figures(answer.body()), figures(await consolidationOverview(reader)), `${name} after ${step}`)
      }
    }
    await sameAsRecount('no write')

    // Through the API, as people write.
    for (const agency of [ministry.id, child.id, other.id]) {
      ;(await client.post('/api/data_centres').json(validBody('data_centres', agency)).loginAs(admin).withCsrfToken()).assertStatus(201)
    }
    ;(await client.post('/api/links').json(validBody('links', child.id)).loginAs(admin).withCsrfToken()).assertStatus(201)
    ;(await client.post('/api/information_systems').json(validBody('information_systems', other.id)).loginAs(admin).withCsrfToken()).assertStatus(201)
    await sameAsRecount('writes through the API')

    // Around the services (a script, SQL by hand): a data centre closed, a line decommissioned.
    await db.from('data_centres').where('agency_id', child.id).update({ status: 'closed', closure_date: '2026-03-15' })
    await db.from('links').where('agency_id', child.id).update({ status: 'decommissioned', decommission_date: '2026-04-02' })
    await sameAsRecount('writes in SQL')

    // Each reader sees their own subtree's figures only.
    const read = async (reader: User) => (await client.get('/api/overview').loginAs(reader)).body()
    const dcLeft = (body: any) => body.measures.find((m: any) => m.key === 'data_centres').remaining
    const [mine, childs, others] = [await read(readers.ministry), await read(readers.child), await read(readers.other)]
    assert.equal(dcLeft(mine), 1)
    assert.equal(dcLeft(childs), 0)
    assert.equal(dcLeft(others), 1)
    assert.deepEqual(mine.by_ministry.map((m: any) => m.agency_id), [ministry.id])
    assert.deepEqual(others.by_ministry.map((m: any) => m.agency_id), [other.id])
    assert.deepEqual(childs.by_ministry, [])
    assert.deepEqual(others.timeline, [])
    assert.deepEqual(childs.timeline, [
      { month: '2026-03', data_centres_closed: 1, systems_retired: 0, lines_decommissioned: 0 },
      { month: '2026-04', data_centres_closed: 0, systems_retired: 0, lines_decommissioned: 1 },
    ])

    // An agency renamed: a ministry's row carries its names.
    await db.from('agencies').where('id', other.id).update({ name: `${other.name}（改）` })
    await sameAsRecount('an agency renamed')
  })

  test('the version moves once per committed transaction, at commit; counts are taken once per version', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const before = await inventoryVersion()
    const trx = await db.transaction()
    for (let i = 0; i < 3; i++) {
      await trx.table('data_centres').insert({ ...validBody('data_centres', ministry.id), created_at: new Date(), updated_at: new Date() })
    }
    assert.equal(await inventoryVersion(), before, 'not before the commit')
    await trx.commit()
    assert.equal(await inventoryVersion(), before + 1, 'one raise for the three rows')

    const cells = await currentCells()
    assert.equal(cells.version, before + 1)
    assert.strictEqual(await currentCells(), cells, 'the same count while the version stands')
    await db.from('data_centres').where('agency_id', ministry.id).delete()
    assert.notStrictEqual(await currentCells(), cells)
    assert.equal((await currentCells()).version, before + 2)
  })

  test('a monitoring worker keeps the counts at the current version in Redis', async ({ assert, cleanup }) => {
    const keeper = new OverviewKeeper(20)
    cleanup(() => keeper.close())
    const stored = async () => Number(await redis.get(`${queueConfig.prefix}:overview:cells:version`))
    const { ministry } = await makeAgencyTree()
    await db.table('data_centres').insert({ ...validBody('data_centres', ministry.id), created_at: new Date(), updated_at: new Date() })
    const version = await inventoryVersion()
    await waitFor('the keeper to count the new version', async () => (await stored()) === version)
    const kept = JSON.parse((await redis.get(`${queueConfig.prefix}:overview:cells`))!)
    assert.equal(kept.version, version)
    assert.include(kept.counts.map((c: any[]) => c[0]), ministry.id)
  })
})
