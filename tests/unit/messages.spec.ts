import { test } from '@japa/runner'
import { localeOf, message } from '#app/core/messages'
import { FieldError, ForbiddenError } from '#app/core/errors'
import { ErrorLog, readHeader, type ImportSpec } from '#app/imports/csv_layout'
import { CsvReader } from '#app/imports/csv_reader'

const spec: ImportSpec = {
  resource: 'links',
  table: 'links',
  naturalKey: 'circuit_id',
  csvColumns: ['circuit_id', 'name', 'agency_code'],
  references: { agency_code: { column: 'agency_id', table: 'agencies', key: 'code' } },
  requiredColumns: ['circuit_id', 'name', 'agency_code'],
}

test.group('domain messages', () => {
  test('zh-TW accounts read Traditional Chinese; any other locale, or none, reads English', ({ assert }) => {
    assert.equal(localeOf('zh-TW'), 'zh-TW')
    for (const other of ['en', 'fr', '', null, undefined]) assert.equal(localeOf(other), 'en')
    const closure = message('data_centres.closure_date')
    assert.equal(closure.in('zh-TW'), '已裁撤的機房須填寫裁撤日期')
    assert.equal(closure.in('fr'), 'a closed data centre needs its closure date')
    assert.equal(String(closure), 'a closed data centre needs its closure date')
  })

  test('parameters are named in the reader\'s words', ({ assert }) => {
    const refusal = message('access.role_may_not', { role: 'auditor', action: 'update', resource: 'maintenance_windows' })
    assert.equal(refusal.in('zh-TW'), '「稽核人員」角色不可修改維護時段')
    assert.equal(refusal.in('en'), 'role auditor may not update maintenance_windows')
    // An identifier the catalogue has no word for is shown as it is rather than dropped.
    assert.equal(message('record.not_found', { resource: 'widgets', id: 7 }).in('zh-TW'), '找不到widgets 7')
  })

  test('errors keep field and rule, and log in English', ({ assert }) => {
    const error = new FieldError('assignee_id', message('incidents.assignee_by_command'))
    assert.equal(error.message, 'an incident is handed to someone through its assign command, not by editing')
    assert.deepEqual(error.errorsIn('zh-TW'), [{ field: 'assignee_id', message: '請以「指派」動作指定處理人員，不能直接編輯', rule: 'domain' }])
    assert.deepEqual(error.messages, [{ field: 'assignee_id', message: 'an incident is handed to someone through its assign command, not by editing', rule: 'domain' }])
    // Plain text (from code that has no key for it) reads the same in every language.
    assert.deepEqual(new ForbiddenError('as it is').errorsIn('zh-TW'), [{ message: 'as it is' }])
    assert.equal(new ForbiddenError(message('access.disabled')).status, 403)
  })

  test('CSV header, reader and error-log messages in the importing account\'s language', ({ assert }) => {
    const { errors } = readHeader(spec, ['circuit_id', 'name', 'name'], 'zh-TW')
    assert.deepEqual(
      errors.map((e) => e.message),
      ['欄位「name」在標題列出現兩次', '標題列缺少必要欄位「agency_code」']
    )
    const reader = new CsvReader({ locale: 'zh-TW' })
    const records = [...reader.push('a,b\n"x"y,z\n'), ...reader.end()]
    assert.equal(records[1].error, '第 1 欄在右引號之後還有文字：請將整格加上引號，格內的引號請寫兩次（""）')
    const log = new ErrorLog(1, 'zh-TW')
    log.add({ line: 2, field: null, message: 'x' })
    log.add({ line: 3, field: null, message: 'y' })
    assert.deepInclude(log.toJSON()[1], { omitted: 1, message: '另有 1 筆錯誤未列出' })
  })
})
