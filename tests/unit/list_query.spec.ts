import { test } from '@japa/runner'
import { contentRange, ListQueryError, MAX_PAGE, parseListQuery, type FilterSpec } from '#app/core/list_query'

const spec: FilterSpec = {
  fields: { agency_id: 'exact', status: 'exact', circuit_id: 'exact', a_end: 'text', decommission_date: 'range' },
  sortable: ['circuit_id', 'name'],
  defaultSort: ['name', 'DESC'],
}

/** The error a query string is refused with, as field and message key (what scripts key on). */
function refusal(params: Record<string, unknown>) {
  try {
    parseListQuery(params, spec)
  } catch (error) {
    if (error instanceof ListQueryError) return { field: error.field, key: error.text.key }
    throw error
  }
  throw new Error(`accepted: ${JSON.stringify(params)}`)
}

test.group('parseListQuery: react-admin list parameters into plain data', () => {
  test('no parameters: the resource default sort, the first 25 rows, no conditions', ({ assert }) => {
    assert.deepEqual(parseListQuery({}, spec), {
      search: [],
      equals: [],
      ranges: [],
      contains: [],
      sort: { field: 'name', order: 'desc' },
      offset: 0,
      limit: 25,
    })
  })

  test('q is split into words, every one to be found; at most eight', ({ assert }) => {
    assert.deepEqual(parseListQuery({ filter: '{"q":"  台北  市政府 "}' }, spec).search, ['台北', '市政府'])
    const many = 'a b c d e f g h i j'
    assert.deepEqual(parseListQuery({ filter: JSON.stringify({ q: many }) }, spec).search, many.split(' ').slice(0, 8))
  })

  test('exact fields take one value or a list; text fields match a part; id is always exact', ({ assert }) => {
    const list = parseListQuery(
      { filter: JSON.stringify({ status: ['active', 'migrating'], circuit_id: 'CKT-1', a_end: '台北', id: [3, 4] }) },
      spec
    )
    assert.deepEqual(list.equals, [
      { field: 'status', values: ['active', 'migrating'] },
      { field: 'circuit_id', values: ['CKT-1'] },
      { field: 'id', values: [3, 4] },
    ])
    assert.deepEqual(list.contains, [{ field: 'a_end', value: '台北' }])
  })

  test('field_gte and field_lte become bounds on range fields, both ends included', ({ assert }) => {
    const list = parseListQuery({ filter: { decommission_date_gte: '2026-01-01', decommission_date_lte: '2026-12-31' } }, spec)
    assert.deepEqual(list.ranges, [
      { field: 'decommission_date', op: '>=', value: '2026-01-01' },
      { field: 'decommission_date', op: '<=', value: '2026-12-31' },
    ])
    assert.deepEqual(list.equals, [])
  })

  test('empty filter values are left out, as react-admin sends a cleared input', ({ assert }) => {
    const list = parseListQuery({ filter: JSON.stringify({ q: '', status: '', a_end: '' }) }, spec)
    assert.deepEqual([list.search, list.equals, list.contains], [[], [], []])
  })

  test('sort on a sortable field or id, either way; range gives offset and page size', ({ assert }) => {
    assert.deepEqual(parseListQuery({ sort: '["circuit_id","ASC"]' }, spec).sort, { field: 'circuit_id', order: 'asc' })
    assert.deepEqual(parseListQuery({ sort: '["id","desc"]' }, spec).sort, { field: 'id', order: 'desc' })
    assert.deepEqual(parseListQuery({ sort: '["name"]' }, spec).sort, { field: 'name', order: 'asc' })
    const page = parseListQuery({ range: '[50,74]' }, spec)
    assert.deepEqual([page.offset, page.limit], [50, 25])
    const one = parseListQuery({ range: '[7,7]' }, spec)
    assert.deepEqual([one.offset, one.limit], [7, 1])
    const huge = parseListQuery({ range: '[0,99999]' }, spec)
    assert.deepEqual([huge.offset, huge.limit], [0, MAX_PAGE])
  })

  test('what cannot be read is refused naming the parameter or the field', ({ assert }) => {
    assert.deepEqual(refusal({ filter: '{"status":' }), { field: 'filter', key: 'list.not_json' })
    assert.deepEqual(refusal({ filter: '["active"]' }), { field: 'filter', key: 'list.filter_object' })
    assert.deepEqual(refusal({ filter: '{"nope":1}' }), { field: 'nope', key: 'list.cannot_filter' })
    // The suffixes only apply to range fields; elsewhere the name is simply unknown.
    assert.deepEqual(refusal({ filter: '{"status_gte":"a"}' }), { field: 'status_gte', key: 'list.cannot_filter' })
    assert.deepEqual(refusal({ filter: '{"decommission_date_gte":{"a":1}}' }), { field: 'decommission_date_gte', key: 'list.range_value' })
    assert.deepEqual(refusal({ filter: '{"status":[{"a":1}]}' }), { field: 'status', key: 'list.scalar' })
    assert.deepEqual(refusal({ sort: '"name"' }), { field: 'sort', key: 'list.sort_shape' })
    assert.deepEqual(refusal({ sort: '["password","ASC"]' }), { field: 'sort', key: 'list.cannot_sort' })
    for (const range of ['[5,1]', '[-1,3]', '[0.5,2]', '[0]', '[0,1,2]', '"0-9"']) {
      assert.deepEqual(refusal({ range }), { field: 'range', key: 'list.range_shape' }, range)
    }
    assert.deepEqual(refusal({ range: '0-9' }), { field: 'range', key: 'list.not_json' })
  })

  test('Content-Range names the rows answered and the total, as ra-data-simple-rest reads it', ({ assert }) => {
    assert.equal(contentRange('links', 0, 25, 17485), 'links 0-24/17485')
    assert.equal(contentRange('links', 17475, 10, 17485), 'links 17475-17484/17485')
    assert.equal(contentRange('links', 0, 0, 0), 'links 0-0/0')
  })
})
