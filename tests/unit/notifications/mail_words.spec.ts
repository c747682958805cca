import { test } from '@japa/runner'
import { normaliseEvent } from '#app/notifications/events'
import { DEFAULT_MATRIX } from '#app/incidents/priority_matrix'
import { mailText } from '#app/notifications/senders'
import { parsePollError, pollErrorWords } from '#shared/device_poll_errors'

test.group('notification words per reader', () => {
  test('a poll error as the worker stores it is read back as its kind and words, and worded per language', ({ assert }) => {
    assert.deepEqual(parsePollError('timeout: Request timed out'), { kind: 'timeout', message: 'Request timed out' })
    assert.deepEqual(parsePollError('no answer'), { kind: 'no_answer', message: null })
    assert.equal(parsePollError('timeout after 3 tries'), 'timeout after 3 tries', 'other text is kept as it is')
    assert.isNull(parsePollError(null))
    const timeout = parsePollError('timeout: Request timed out')
    assert.equal(pollErrorWords(timeout, 'zh-TW'), '逾時未回應（SNMPv2c 社群名稱錯誤時亦同）')
    assert.equal(pollErrorWords(timeout, 'en'), 'no answer in time (timeout; with SNMPv2c also a wrong community)')
    const agent = parsePollError('agent: genErr at 1.3.6.1.2.1.2.2.1.8.3')
    assert.equal(pollErrorWords(agent, 'zh-TW'), 'SNMP 代理程式回報錯誤（genErr at 1.3.6.1.2.1.2.2.1.8.3）', 'words that add something are kept')
    assert.equal(pollErrorWords('timeout', 'zh-TW'), 'timeout', 'rows written before read as they were')
  })

  test('a device event\'s mail body is in the reader\'s language, in Taipei time; a channel\'s in both', ({ assert }) => {
    const e = normaliseEvent({ type: 'device.unreachable', at: '2026-03-10T12:00:00Z', device: { id: 2, hostname: 'rtr-1', agency_id: 9, last_error: 'unreachable: getaddrinfo ENOTFOUND rtr-1' } }, DEFAULT_MATRIX)
    assert.deepEqual(e.payload.detail_message, { key: 'events.poll_error', params: [{ error: { kind: 'unreachable', message: 'getaddrinfo ENOTFOUND rtr-1' } }] })
    const zh = mailText(e, 'zh-TW')
    assert.include(zh, '設備無回應：rtr-1')
    assert.include(zh, '時間：2026-03-10 20:00:00（臺北時間）')
    assert.include(zh, '說明：無法連線至設備位址（getaddrinfo ENOTFOUND rtr-1）')
    assert.notInclude(zh, 'device unreachable')
    const en = mailText(e, 'en')
    assert.include(en, 'When:      2026-03-10 20:00:00 Taipei time')
    assert.include(en, 'Detail:    the address cannot be reached (getaddrinfo ENOTFOUND rtr-1)')
    assert.notMatch(en, /[\u4e00-\u9fff]/)
    const both = mailText(e, null)
    assert.isBelow(both.indexOf('設備無回應'), both.indexOf('device unreachable'))
  })
})
