import { test } from '@japa/runner'
import { message } from '#app/core/messages'
import { messageOf, storedMessage } from '#app/core/timeline'
import { headlineTitleOf } from '#app/notifications/event_messages'

/**
 * An incident's announcement (the live toast, mail subject, chat line) names its title in the
 * reader's language while it is the one the incident was opened with as a message (security
 * incidents), as the lists and the incident's page do; a title a person wrote reads as written.
 */
test.group("An incident's headline", () => {
  const opened = storedMessage(message('security.incident_title', { kind: 'port_scan', source: '198.51.100.77', target: '10.20.248.130' }))!
  const headline = (title: ReturnType<typeof headlineTitleOf>) =>
    // As the outbox keeps it (JSON) and the live stream reads it back.
    messageOf(JSON.parse(JSON.stringify(storedMessage(message('events.incident', { type: 'incident.opened', number: 'INC-2026-000143', title, status: 'new', assignee: null })))))!

  test('a security incident opened from a detection reads in each language', ({ assert }) => {
    const title = headlineTitleOf({ title: 'Port scan from 198.51.100.77 against 10.20.248.130', texts: { title: opened } })
    assert.equal(headline(title).in('zh-TW'), '事件單開立：INC-2026-000143 連接埠掃描（來源 198.51.100.77，目標 10.20.248.130）（新開立）')
    assert.equal(headline(title).in('en'), 'incident opened: INC-2026-000143 Port scan from 198.51.100.77 against 10.20.248.130 (new)')
  })

  test('a title a person wrote, or one with no message, is as written in both', ({ assert }) => {
    for (const row of [{ title: '機房冷氣故障', texts: null }, { title: '機房冷氣故障', texts: { description: opened } as any }, { title: '機房冷氣故障' }]) {
      const title = headlineTitleOf(row)
      assert.equal(headline(title).in('zh-TW'), '事件單開立：INC-2026-000143 機房冷氣故障（新開立）')
      assert.include(headline(title).in('en'), 'INC-2026-000143 機房冷氣故障 (new)')
    }
  })
})
