import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Queue } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import { SnmpLab } from '#tests/support/snmp_lab'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { startCollector } from '#app/monitoring/processes'
import { defaultSite } from '#app/platform/queues'
import { POLL_QUEUE } from '#collectors/polling/wire'
import type { Collector } from '#collectors/polling/collector'
import { makeBoundLink, makePolledDevice } from '#tests/functional/pipeline/support'
import { groupBrowser, signedIn } from '#tests/support/browser'

const run = promisify(execFile)

/**
 * Discovery from the device page, in Chromium: the walk goes through a real collector to snmpd
 * in a network namespace, and binding a port to the link its name suggests is an audited link
 * edit. Those who may not change devices never see the panel.
 */
test.group('device discovery in a browser', (group) => {
  const browser = groupBrowser(group)
  let lab: SnmpLab
  let collector: Collector
  // Operators name ports after the circuit they carry; discovery suggests the link from that.
  const circuit = `GSNB-${process.pid}`.slice(0, 15)

  group.setup(async () => {
    lab = await SnmpLab.create({ pairs: 1 })
    await run('ip', ['-n', lab.namespace, 'link', 'add', circuit, 'type', 'veth', 'peer', 'name', 'gsy0'])
    await run('ip', ['-n', lab.namespace, 'link', 'set', circuit, 'up'])
    // The API queues walks on the application's own queue: drop what older runs left there.
    const leftover = new Queue(POLL_QUEUE, defaultSite())
    await leftover.obliterate({ force: true })
    await leftover.close()
    collector = startCollector({ concurrency: 2, timeoutMs: 1000, retries: 1 })
    return async () => {
      await collector.close()
      await lab.close()
    }
  })

  test('a NOC operator walks a device and binds the suggested link to its port; a CIO sees no discovery', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    const device = await makePolledDevice(ministry.id, { host: lab.host, port: lab.port, credentials: lab.credentialsV2c(), intervalS: 3600 })
    const link = await makeBoundLink(ministry.id, null, null, { circuit_id: circuit })
    const ifIndex = await lab.ifIndex(circuit)
    const noc = await makeUser('noc')
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/devices/${device.id}/show`)
      const panel = page.getByTestId('device-discovery')
      await panel.getByRole('button', { name: 'Walk interfaces' }).click()
      const port = panel.locator(`[data-testid=discovered-interfaces] tr[data-if-index="${ifIndex}"]`)
      await port.waitFor({ timeout: 30_000 })
      assert.include(await port.innerText(), circuit, 'the link named like the port is suggested')
      assert.isAtLeast(await panel.locator('[data-testid=discovered-interfaces] tbody tr').count(), 3, 'lo, the lab pair and the circuit port')

      await port.getByRole('button', { name: 'Bind' }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('radio', { name: new RegExp(circuit) }).check()
      await dialog.getByRole('button', { name: 'Bind' }).click()
      await page.getByText(`ifIndex ${ifIndex} bound`).waitFor()

      const stored = await db.from('links').where('id', link.id).first()
      assert.equal(stored.device_id, device.id)
      assert.equal(stored.if_index, ifIndex)
      const audit = await db.from('audit_log').where({ entity: 'links', entity_id: String(link.id), action: 'update' }).orderBy('id', 'desc').first()
      assert.equal(audit.actor_email, noc.email)
      // Walked again, the port now shows its bound link and offers to unbind it.
      await port.getByRole('button', { name: 'Unbind' }).waitFor()
    })

    const cio = await makeUser('cio')
    await signedIn(browser(), assert, cio, async (page) => {
      await page.goto(`/#/devices/${device.id}/show`)
      await page.getByTestId('device-reachability').waitFor()
      assert.equal(await page.getByTestId('device-discovery').count(), 0)
    })
  }).timeout(90_000)
})
