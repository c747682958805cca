import { test } from '@japa/runner'
import { message } from '#app/core/messages'
import { linkedNumberOf, withoutNumber } from '#app/incidents/linked_numbers'

test.group('numbers of linked incidents on a timeline', () => {
  test("the entries naming a major incident's child or a child's parent give that number; others none", ({ assert }) => {
    assert.equal(linkedNumberOf(message('incidents.timeline_child', { child: 'INC-1', linked: true })), 'INC-1')
    assert.equal(linkedNumberOf(message('incidents.timeline_parent', { parent: 'INC-2' })), 'INC-2')
    assert.equal(linkedNumberOf(message('incidents.timeline_resolved_with_parent', { parent: 'INC-3' })), 'INC-3')
    assert.isNull(linkedNumberOf(message('incidents.timeline_parent', { parent: null })), 'taken out of a parent names none')
    assert.isNull(linkedNumberOf(message('incidents.timeline_problem', { problem: 'PRB-1' })))
    assert.isNull(linkedNumberOf(null))
  })

  test('without the number the entry tells the same event, in English and 繁體中文', ({ assert }) => {
    const words = (m: ReturnType<typeof message>) => [m.in('en'), m.in('zh-TW')]
    assert.deepEqual(words(withoutNumber(message('incidents.timeline_child', { child: 'INC-1', linked: true }))), [
      'An incident of another agency was linked as a child',
      '其他機關的事件單列為子事件',
    ])
    assert.deepEqual(words(withoutNumber(message('incidents.timeline_child', { child: 'INC-1', linked: false }))), [
      'An incident of another agency is no longer a child',
      '其他機關的事件單不再列為子事件',
    ])
    assert.deepEqual(words(withoutNumber(message('incidents.timeline_parent', { parent: 'INC-2' }))), [
      "Listed under another agency's major incident",
      '列為其他機關重大事件的子事件',
    ])
    assert.deepEqual(words(withoutNumber(message('incidents.timeline_resolved_with_parent', { parent: 'INC-3' }))), [
      "Resolved with another agency's major incident",
      '隨其他機關的重大事件一併解決',
    ])
    const other = message('incidents.timeline_problem', { problem: 'PRB-1' })
    assert.strictEqual(withoutNumber(other), other)
  })
})
