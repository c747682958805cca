import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#app/access/user'
import { alarmService } from '#app/monitoring/alarm_service'
import { notify } from '#app/notifications/dispatcher'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { until } from '#tests/support/wait'
import { notificationPeers, type NotificationPeers } from '#tests/support/mail_receiver'
import { makeGroup } from '#tests/functional/service_desk/support'
import { incidentsOf, makeDevice } from '#tests/functional/monitoring/support'

/**
 * What the notifications worker writes is worded for its reader: a person's mail in the language
 * of their account, with Taipei times, the incident's title and the device's SNMP error in that
 * language; the incident the monitoring opened reads the same through the API. A real SMTP server
 * in this process receives the mail.
 */

let peers: NotificationPeers

const subscribe = (client: ApiClient, user: User) =>
  client.put(`/api/notification_subscriptions/${user.id}-group_queues`).json({ email: true, live: false }).loginAs(user).withCsrfToken()

async function reader(locale: 'en' | 'zh-TW') {
  const user = await makeUser('noc')
  await db.from('users').where('id', user.id).update({ locale })
  user.locale = locale
  return user
}

test.group('notifications in the reader\'s language', (group) => {
  group.setup(async () => {
    peers = await notificationPeers()
    return () => peers.close()
  })

  test('a device that stops answering: the zh-TW subscriber is mailed in Chinese, the en one in English (the subject is in both), and the incident reads so', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const device = await makeDevice(ministry.id)
    const zh = await reader('zh-TW')
    const en = await reader('en')
    const team = await makeGroup({ kind: 'noc', members: [zh.id, en.id] })
    for (const person of [zh, en]) (await subscribe(client, person)).assertStatus(200)

    // The collector's words, as the monitoring worker stores them: the kind, then net-snmp's message.
    const start = Date.UTC(2026, 10, 20, 3, 0, 0)
    for (let poll = 0; poll < alarmService.unreachableAfter; poll++) {
      await alarmService.recordDevicePoll(device.id, { ok: false, error: 'timeout: Request timed out', at: new Date(start + poll * 60_000) })
    }
    const [incident] = await incidentsOf('device', device.id)
    assert.exists(incident, 'the device incident opened')
    await db.from('incidents').where('id', incident.id).update({ group_id: team.id })

    // The incident announced to the team's queue (as the monitoring's own announcement reads).
    const at = new Date(start + 10 * 60_000)
    await notify({
      type: 'incident.opened',
      at,
      device: { id: device.id },
      incident: { id: incident.id, number: incident.number, title: incident.title, priority: incident.priority, status: incident.status },
      detail: 'timeout: Request timed out',
    })

    const chinese = await until('the mail to the zh-TW reader', () => peers.smtp.mailsTo(zh.email).find((m) => m.subject!.includes(incident.number)))
    assert.include(chinese.subject, `事件單開立：${device.hostname}（${incident.number}）`)
    assert.include(chinese.text!, `${device.hostname}：設備無回應`)
    assert.include(chinese.text!, '說明：逾時未回應')
    // The monitoring's own announcement may be the first to reach the team: either reads in Taipei time.
    assert.match(chinese.text!, /時間：2026-11-20 11:\d\d:00（臺北時間）/)
    assert.include(chinese.text!, '優先等級：')
    for (const english of ['Request timed out', 'incident opened', 'device unreachable', 'Detail', 'Taipei time']) {
      assert.notInclude(chinese.text!, english)
    }

    const english = await until('the mail to the en reader', () => peers.smtp.mailsTo(en.email).find((m) => m.subject!.includes(incident.number)))
    assert.include(english.subject, `incident opened: ${device.hostname} (${incident.number})`)
    assert.include(english.text!, `${device.hostname}: device unreachable`)
    assert.include(english.text!, 'Detail:    no answer in time')
    assert.match(english.text!, /When: +2026-11-20 11:\d\d:00 Taipei time/)
    assert.notMatch(english.text!, /[\u4e00-\u9fff]/, 'no Chinese in the English mail')

    // The incident monitoring opened: its description keeps the error as a key's parameter.
    const stored = await db.from('incidents').where('id', incident.id).select('texts').first()
    assert.deepEqual(stored.texts.description.params[0].error, { kind: 'timeout', message: 'Request timed out' })
    const shownZh = await client.get(`/api/incidents/${incident.id}`).loginAs(zh)
    shownZh.assertStatus(200)
    assert.include(shownZh.body().description, '逾時未回應')
    assert.notInclude(shownZh.body().description, 'Request timed out')
    const shownEn = await client.get(`/api/incidents/${incident.id}`).loginAs(en)
    shownEn.assertStatus(200)
    assert.include(shownEn.body().description, 'no answer in time')
  })
})
