import { test } from '@japa/runner'
import { containsPattern, spellings, termCondition, textHasTerm } from '#app/core/search_terms'

test.group('search terms', () => {
  test('台 and 臺 (and 裡 and 裏) are one character to the search box', ({ assert }) => {
    assert.sameMembers(spellings('台北'), ['台北', '臺北'])
    assert.sameMembers(spellings('臺北'), ['台北', '臺北'])
    assert.sameMembers(spellings('臺北市台中'), ['台北市台中', '臺北市臺中'])
    assert.sameMembers(spellings('台裡'), ['台裡', '臺裡', '台裏', '臺裏'])
    assert.deepEqual(spellings('taipei'), ['taipei'])
  })

  test("a term's own LIKE wildcards are taken literally", ({ assert }) => {
    assert.equal(containsPattern('50%_a\\b'), '%50\\%\\_a\\\\b%')
  })

  test('one ILIKE per spelling, so the trigram index serves each', ({ assert }) => {
    const condition = termCondition('name', '臺東')
    assert.equal(condition.sql, '((name) ILIKE ? OR (name) ILIKE ?)')
    assert.sameMembers(condition.bindings, ['%臺東%', '%台東%'])
  })

  test('lists filtered in memory follow the same rule, ignoring case', ({ assert }) => {
    assert.isTrue(textHasTerm('臺北 core router', '台北'))
    assert.isTrue(textHasTerm('TPE-CORE-1', 'tpe-core'))
    assert.isFalse(textHasTerm('臺中', '台北'))
  })
})
