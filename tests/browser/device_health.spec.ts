import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { SimNetwork, type SimDeviceSpec } from '#app/demo/sim/model'
import { SimHealth } from '#app/demo/sim/health'
import { deviceHealthHistory } from '#app/device_health/history'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { makeDevice } from '#tests/functional/monitoring/support'
import { groupBrowser, signedIn } from '#tests/support/browser'
import { assertAccessible } from '#tests/support/browser_forms'

/**
 * The device page's health panel in Chromium, in English and Chinese: a leaking router's week of
 * history (drawn by deviceHealthHistory from the simulated curves), its charts with the
 * thresholds, the thresholds it crossed in the reader's language, and the admin's thresholds page.
 */
test.group('device health in a browser', (group) => {
  const browser = groupBrowser(group)

  test('the device page charts CPU, memory, storage, temperature and uptime; WCAG 2.1 AA in both languages', async ({ assert }) => {
    const { ministry } = await makeAgencyTree()
    let hostname = ''
    for (let i = 0; !hostname; i++) if (new SimHealth(`brw-health-${process.pid}-${i}`, 'router').leak > 0) hostname = `brw-health-${process.pid}-${i}`
    const device = await makeDevice(ministry.id, { hostname })
    const spec: SimDeviceSpec = {
      hostname,
      address: '127.0.0.9',
      port: 161,
      kind: 'router',
      vendor: 'Juniper',
      model: 'MX204',
      region: 'north',
      credentials: { version: '2c', community: 'x' },
      interfaces: [{ ifIndex: 1, role: 'uplink', circuitId: null, bandwidthBps: 1e9 }],
    }
    const network = new SimNetwork([spec], { events: [] })
    const to = new Date()
    await deviceHealthHistory(network, new Map([[hostname, device.id]]), { from: new Date(to.getTime() - 8 * 86_400_000), to })
    await db.table('device_health_state').insert({
      device_id: device.id,
      reasons: JSON.stringify([{ key: 'device_health.cpu', params: { value: 96.4, threshold: 90 } }]),
      breach_polls: 7,
      absent_mibs: [],
      last_at: to,
    })

    const noc = await makeUser('noc')
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/devices/${device.id}/show`)
      const panel = page.getByTestId('device-health')
      await panel.getByTestId('chart-cpu').locator('svg path').first().waitFor()
      for (const chart of ['cpu', 'memory', 'storage', 'temperature', 'uptime']) {
        assert.isAbove(await panel.getByTestId(`chart-${chart}`).locator('svg').count(), 0, `${chart} chart drawn`)
      }
      assert.match(await panel.getByTestId('health-cpu').innerText(), /^\d+\.\d%$/)
      assert.include(await panel.getByTestId('health-reasons').innerText(), 'CPU 96.4% at or above 90%')
      await panel.getByRole('tab', { name: '7 d' }).click()
      await panel.getByText('Hourly averages', { exact: false }).waitFor()
      await assertAccessible(assert, page, 'the device page with its health')
    })

    const zh = await makeUser('noc')
    await db.from('users').where('id', zh.id).update({ locale: 'zh-TW' })
    await signedIn(browser(), assert, zh, async (page) => {
      await page.goto(`/#/devices/${device.id}/show`)
      const panel = page.getByTestId('device-health')
      await panel.getByText('設備健康狀態').first().waitFor()
      await panel.getByTestId('chart-cpu').locator('svg path').first().waitFor()
      assert.include(await panel.getByTestId('health-reasons').innerText(), 'CPU 使用率 96.4%，達 90% 門檻')
      await assertAccessible(assert, page, 'the device page with its health, in Chinese')
    })
  }).timeout(120_000)

  test('an admin edits a kind\'s thresholds; the page passes WCAG 2.1 AA', async ({ assert }) => {
    const admin = await makeUser('admin')
    const router = await db.from('device_health_policies').where('device_kind', 'router').firstOrFail()
    try {
      await signedIn(browser(), assert, admin, async (page) => {
        await page.goto('/#/device_health_policies')
        await page.getByRole('row').filter({ hasText: 'Router' }).waitFor()
        await assertAccessible(assert, page, 'the device health thresholds')
        await page.goto(`/#/device_health_policies/${router.id}`)
        const cpu = page.getByLabel('CPU (%)')
        await cpu.fill('85')
        await page.getByRole('button', { name: 'Save' }).click()
        await page.getByRole('row').filter({ hasText: 'Router' }).filter({ hasText: '85' }).waitFor()
      })
      assert.equal(Number((await db.from('device_health_policies').where('id', router.id).first()).cpu_pct), 85)
    } finally {
      await db.from('device_health_policies').where('id', router.id).update({ cpu_pct: router.cpu_pct })
    }
  })
})
