import { test } from '@japa/runner'
import type { LucidModel } from '@adonisjs/lucid/types/model'
import { readOnlyResources, writableResources } from '#app/resources'
import User from '#app/access/user'
import { serializePlain } from '#app/core/plain_rows'

/**
 * A row as the pg driver hands it over: timestamps as Dates, bigints and numerics as text, the
 * rest as text; `nulls` empties every column. A column the model does not know rides along.
 */
function rowFor(model: LucidModel, variant: number, nulls: boolean) {
  const row: Record<string, unknown> = { not_a_column: 'extra' }
  for (const [, column] of model.$columnsDefinitions) {
    if (nulls && !column.isPrimary) row[column.columnName] = null
    else if (column.meta?.type === 'datetime') row[column.columnName] = new Date(Date.UTC(2026, 2, 1 + variant, 7, 5, 9, 123 * variant))
    else if (column.meta?.type === 'date') row[column.columnName] = variant % 2 ? '2026-03-0' + (1 + variant) : new Date(Date.UTC(2026, 2, 1 + variant))
    else if (column.consume || column.isPrimary) row[column.columnName] = String(1000 + variant)
    else row[column.columnName] = `${column.columnName}-${variant}`
  }
  return row
}

test.group('plain rows', () => {
  test('every served resource and the account answer a plain row as the model serialises it', ({ assert }) => {
    const models = new Set<LucidModel>([User, ...[...writableResources, ...readOnlyResources].map((d) => d.model)])
    assert.isAbove(models.size, 10)
    for (const model of models) {
      for (const [variant, nulls] of [[1, false], [2, false], [3, true]] as const) {
        const row = rowFor(model, variant, nulls)
        const byModel = model.$createFromAdapterResult({ ...row })!.serialize()
        assert.deepEqual(serializePlain(model, row), byModel, `${model.name}, variant ${variant}`)
      }
    }
  })

  test('timestamps read as Luxon writes them, hidden columns stay hidden', ({ assert }) => {
    const row = rowFor(User, 1, false)
    const plain = serializePlain(User, row)
    assert.equal(plain.created_at, '2026-03-02T07:05:09.123+00:00')
    assert.notProperty(plain, 'password')
    assert.notProperty(plain, 'auth_epoch')
    assert.notProperty(plain, 'not_a_column')
  })
})
