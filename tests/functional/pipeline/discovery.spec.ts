import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Queue } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import { SnmpLab } from '#tests/support/snmp_lab'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { startCollector } from '#app/monitoring/processes'
import { defaultSite } from '#app/platform/queues'
import { DISCOVER_JOB, POLL_QUEUE } from '#collectors/polling/wire'
import type { Collector } from '#collectors/polling/collector'
import type User from '#app/access/user'
import { makeBoundLink, makePolledDevice } from '#tests/functional/pipeline/support'

const run = promisify(execFile)

test.group('discovery: walk a device through a collector and bind links to its interfaces', (group) => {
  let lab: SnmpLab
  let collector: Collector
  let stopped = false
  let noc: User
  let cio: User
  let device: { id: number }
  let silent: { id: number }
  // An interface named like a circuit, as operators label ports with the circuit they carry.
  const circuit = `GSNT-${process.pid}`.slice(0, 15)
  const links = {} as Record<'bound' | 'suggested' | 'orphan' | 'elsewhere', { id: number; circuit_id: string }>
  let ifIndexOfCircuit: number

  group.setup(async () => {
    lab = await SnmpLab.create({ pairs: 1 })
    await run('ip', ['-n', lab.namespace, 'link', 'add', circuit, 'type', 'veth', 'peer', 'name', 'gsx0'])
    await run('ip', ['-n', lab.namespace, 'link', 'set', circuit, 'up'])
    ifIndexOfCircuit = await lab.ifIndex(circuit)
    // The API queues its walks on the application's own queues: clear what older runs left there.
    const leftover = new Queue(POLL_QUEUE, defaultSite())
    await leftover.obliterate({ force: true })
    await leftover.close()
    const { ministry, other } = await makeAgencyTree()
    noc = await makeUser('noc')
    cio = await makeUser('cio')
    device = await makePolledDevice(ministry.id, { host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), intervalS: 60 })
    silent = await makePolledDevice(ministry.id, { host: lab.host, port: lab.port, credentials: lab.credentialsV2c('not-the-community'), intervalS: 60 })
    links.bound = await makeBoundLink(ministry.id, device.id, await lab.ifIndex('gsa0'))
    links.suggested = await makeBoundLink(ministry.id, null, null, { circuit_id: circuit })
    links.orphan = await makeBoundLink(ministry.id, device.id, 999_999)
    links.elsewhere = await makeBoundLink(other.id, null, null)
    collector = startCollector({ concurrency: 4, timeoutMs: 400, retries: 0 })
    return async () => {
      if (!stopped) await collector.close()
      await lab.close()
    }
  })

  test('the walk lists every interface with its bound link, circuit-id suggestions and orphaned links', async ({ assert, client }) => {
    const response = await client.get(`/api/devices/${device.id}/discovery`).loginAs(noc)
    response.assertStatus(200)
    const body = response.body()
    assert.equal(body.device.id, device.id)
    const byIndex = new Map(body.interfaces.map((i: any) => [i.if_index, i]))
    const gsa0: any = byIndex.get(await lab.ifIndex('gsa0'))
    assert.include(gsa0, { name: 'gsa0', descr: 'gsa0', speed_bps: 10e9, oper_status: 'up', admin_status: 'up' })
    assert.deepInclude(gsa0.bound_link, { id: links.bound.id, circuit_id: links.bound.circuit_id })
    const labelled: any = byIndex.get(ifIndexOfCircuit)
    assert.isNull(labelled.bound_link)
    assert.lengthOf(labelled.suggested_links, 1)
    assert.deepInclude(labelled.suggested_links[0], { id: links.suggested.id, circuit_id: circuit, matched_in: 'descr', bound_to: null })
    assert.isEmpty((byIndex.get(await lab.ifIndex('gsb0')) as any).suggested_links)
    assert.deepEqual(
      body.orphaned_links.map((l: any) => [l.id, l.if_index]),
      [[links.orphan.id, 999_999]]
    )
  }).timeout(60_000)

  test('binding goes through the links resource: validated, audited, and shown on the next walk', async ({ assert, client }) => {
    const response = await client
      .post(`/api/devices/${device.id}/discovery`)
      .json({ bindings: [{ link_id: links.suggested.id, if_index: ifIndexOfCircuit }, { link_id: links.orphan.id, if_index: null }] })
      .loginAs(noc)
      .withCsrfToken()
    response.assertStatus(200)
    assert.deepEqual(response.body().bound, [
      { link_id: links.suggested.id, circuit_id: circuit, device_id: device.id, if_index: ifIndexOfCircuit },
      { link_id: links.orphan.id, circuit_id: links.orphan.circuit_id, device_id: null, if_index: null },
    ])
    const stored = await db.from('links').where('id', links.suggested.id).first()
    assert.include(stored, { device_id: device.id, if_index: ifIndexOfCircuit })
    const audit = await db.from('audit_log').where({ entity: 'links', entity_id: String(links.suggested.id), action: 'update' }).first()
    assert.equal(audit.actor_email, noc.email)
    assert.include(JSON.stringify(audit.after), String(ifIndexOfCircuit))

    const again = (await client.get(`/api/devices/${device.id}/discovery`).loginAs(noc)).body()
    const labelled = again.interfaces.find((i: any) => i.if_index === ifIndexOfCircuit)
    assert.equal(labelled.bound_link.id, links.suggested.id)
    assert.isEmpty(labelled.suggested_links)
    assert.isEmpty(again.orphaned_links)
  }).timeout(60_000)

  test('a bad binding changes nothing; roles without devices update are refused', async ({ assert, client }) => {
    const before = await db.from('links').whereIn('id', [links.bound.id, links.elsewhere.id]).orderBy('id')
    const attempts: Array<[unknown, string]> = [
      [{ bindings: [{ link_id: links.bound.id, if_index: 0 }] }, 'bindings.0.if_index'],
      [{ bindings: [] }, 'bindings'],
      [{ bindings: [{ link_id: links.bound.id, if_index: 3 }, { link_id: links.bound.id, if_index: 4 }] }, 'bindings.1.link_id'],
      [{ bindings: [{ link_id: links.bound.id, if_index: 3 }, { link_id: 99_999_999, if_index: 4 }] }, 'bindings.1.link_id'],
      [{ bindings: [{ link_id: links.elsewhere.id, if_index: null }] }, 'bindings.0.if_index'],
    ]
    for (const [body, field] of attempts) {
      const response = await client.post(`/api/devices/${device.id}/discovery`).json(body as object).loginAs(noc).withCsrfToken()
      response.assertStatus(422)
      assert.include(response.body().errors.map((e: any) => e.field), field, JSON.stringify(body))
    }
    assert.deepEqual(await db.from('links').whereIn('id', [links.bound.id, links.elsewhere.id]).orderBy('id'), before)

    ;(await client.get(`/api/devices/${device.id}/discovery`).loginAs(cio)).assertStatus(403)
    const refused = await client
      .post(`/api/devices/${device.id}/discovery`)
      .json({ bindings: [{ link_id: links.bound.id, if_index: 5 }] })
      .loginAs(cio)
      .withCsrfToken()
    refused.assertStatus(403)
    ;(await client.get(`/api/devices/99999999/discovery`).loginAs(noc)).assertStatus(404)
  }).timeout(60_000)

  test('a device that does not answer the walk is a 502 with the reason', async ({ assert, client }) => {
    const response = await client.get(`/api/devices/${silent.id}/discovery`).loginAs(noc)
    response.assertStatus(502)
    assert.match(response.body().errors[0].message, new RegExp(`^device ${silent.id} did not answer the walk: timeout: no answer`))
    // In the language of whoever asks; the collector's own reason stays as the collector said it.
    const zhNoc = await makeUser('noc')
    zhNoc.locale = 'zh-TW'
    await zhNoc.save()
    const inChinese = await client.get(`/api/devices/${silent.id}/discovery`).loginAs(zhNoc)
    inChinese.assertStatus(502)
    assert.match(inChinese.body().errors[0].message, new RegExp(`^設備 ${silent.id} 未回應巡查：timeout：no answer`))
    const twice = await client
      .post(`/api/devices/${device.id}/discovery`)
      .json({ bindings: [{ link_id: links.bound.id, if_index: 3 }, { link_id: links.bound.id, if_index: 4 }] })
      .loginAs(zhNoc)
      .withCsrfToken()
    twice.assertStatus(422)
    assert.deepInclude(twice.body().errors, { field: 'bindings.1.link_id', message: `線路 ${links.bound.id} 重複列出`, rule: 'domain' })
  }).timeout(60_000)

  // Last in the group: it stops the group's collector. The API waits its full 40 s for one.
  test('no collector at all: the API answers 503 in the asker\'s language and takes the walk back', async ({ assert, client }) => {
    await collector.close()
    stopped = true
    const zhNoc = await makeUser('noc')
    zhNoc.locale = 'zh-TW'
    await zhNoc.save()
    const response = await client.get(`/api/devices/${device.id}/discovery`).loginAs(zhNoc)
    response.assertStatus(503)
    assert.equal(response.body().errors[0].message, `40 秒內沒有收集器接手設備 ${device.id} 的介面巡查：collector:run 是否在執行？`)

    const queue = new Queue(POLL_QUEUE, defaultSite())
    try {
      const left = await queue.getJobs(['waiting', 'prioritized', 'delayed'])
      assert.deepEqual(left.filter((job) => job.name === DISCOVER_JOB && job.data.deviceId === device.id), [], 'the unclaimed walk is taken back')
    } finally {
      await queue.close()
    }
  }).timeout(120_000)
})
