import { test } from '@japa/runner'
import {
  bodyOf,
  cellsOf,
  csvFieldOf,
  csvMessage,
  ErrorLog,
  keyOf,
  readHeader,
  type ImportSpec,
} from '#app/imports/csv_layout'
import { importSpecOf } from '#app/imports/import_service'
import { linkResource } from '#app/links/link_resource'
import { agencyResource } from '#app/agencies/agency_resource'
import { deviceResource } from '#app/devices/device_resource'

const spec: ImportSpec = {
  resource: 'links',
  table: 'links',
  naturalKey: 'circuit_id',
  csvColumns: ['circuit_id', 'name', 'agency_code', 'consolidated_into_circuit'],
  references: {
    agency_code: { column: 'agency_id', table: 'agencies', key: 'code' },
    consolidated_into_circuit: { column: 'consolidated_into_id', table: 'links', key: 'circuit_id' },
  },
  requiredColumns: ['circuit_id', 'name', 'agency_code'],
}

test.group('CSV layout: header', () => {
  test('a header in any order and case is read', ({ assert }) => {
    const { layout, errors } = readHeader(spec, [' Name ', 'CIRCUIT_ID', 'agency_code'])
    assert.deepEqual(errors, [])
    assert.deepEqual(layout!.columns, ['name', 'circuit_id', 'agency_code'])
  })

  test('unknown, repeated and missing required columns are named, on line 1', ({ assert }) => {
    const { layout, errors } = readHeader(spec, ['circuit_id', 'id', 'name', 'name'])
    assert.isNull(layout)
    assert.deepEqual(
      errors.map((e) => [e.line, e.field]),
      [
        [1, 'id'],
        [1, 'name'],
        [1, 'agency_code'],
      ]
    )
    assert.match(errors[0].message, /unknown column "id"/)
    assert.match(errors[1].message, /appears twice/)
    assert.match(errors[2].message, /required column "agency_code" is missing/)
  })

  test('required columns come from the resource validator', ({ assert }) => {
    const links = importSpecOf(linkResource as any)
    assert.includeMembers(links.requiredColumns, ['circuit_id', 'name', 'kind', 'agency_code', 'a_end', 'z_end', 'bandwidth_kbps', 'status'])
    assert.notIncludeMembers(links.requiredColumns, ['device_hostname', 'if_index', 'consolidated_into_circuit', 'decommission_date'])
    const agencies = importSpecOf(agencyResource as any)
    assert.sameMembers(agencies.requiredColumns, ['code', 'name', 'level', 'kind', 'region'])
    const devices = importSpecOf(deviceResource as any)
    assert.notInclude(devices.requiredColumns, 'snmp_community')
  })
})

test.group('CSV layout: rows', () => {
  const { layout } = readHeader(spec, ['circuit_id', 'name', 'agency_code', 'consolidated_into_circuit'])

  test('cells by column, empty ones null, key trimmed', ({ assert }) => {
    const { cells, error } = cellsOf(layout!, [' CKT-1 ', '線路', 'A1', ''], 7)
    assert.isNull(error)
    assert.deepEqual(cells, { circuit_id: ' CKT-1 ', name: '線路', agency_code: 'A1', consolidated_into_circuit: null })
    assert.equal(keyOf(spec, cells!), 'CKT-1')
  })

  test('a line of the wrong width is an error on its line', ({ assert }) => {
    const { cells, error } = cellsOf(layout!, ['CKT-1', 'x'], 12)
    assert.isNull(cells)
    assert.deepEqual(error, { line: 12, field: null, message: 'the line has 2 fields, the header has 4' })
  })

  test('bytes that were not UTF-8 refuse the line', ({ assert }) => {
    const { error } = cellsOf(layout!, ['CKT-1', '\uFFFD\uFFFD', 'A1', ''], 3)
    assert.match(error!.message, /not valid UTF-8/)
  })

  test('references become the ids they name; unknown codes are listed', ({ assert }) => {
    const ids: Record<string, number> = { A1: 7 }
    const { cells } = cellsOf(layout!, ['CKT-1', '線路', 'A1', 'UP-9'], 2)
    const { body, unresolved } = bodyOf(spec, cells!, (column, code) => (column === 'agency_code' ? ids[code] : undefined))
    assert.deepEqual(body, { circuit_id: 'CKT-1', name: '線路', agency_id: 7 })
    assert.deepEqual(unresolved, [{ csvColumn: 'consolidated_into_circuit', code: 'UP-9' }])

    const cleared = bodyOf(spec, cellsOf(layout!, ['CKT-1', 'x', 'A1', ''], 2).cells!, () => 7)
    assert.isNull(cleared.body.consolidated_into_id)
  })

  test('validator field names are reported as the CSV column', ({ assert }) => {
    assert.equal(csvFieldOf(spec, 'agency_id'), 'agency_code')
    assert.equal(csvFieldOf(spec, 'name'), 'name')
    assert.equal(csvMessage(spec, 'agency_id', 'The selected agency_id is invalid'), 'The selected agency_code is invalid')
  })
})

test.group('CSV layout: error log', () => {
  test('keeps errors in line order up to its cap and counts the rest', ({ assert }) => {
    const log = new ErrorLog(2)
    log.add({ line: 9, field: 'a', message: 'x' })
    log.add({ line: 3, field: null, message: 'y' })
    log.add({ line: 4, field: null, message: 'z' })
    const json = log.toJSON()
    assert.deepEqual(json.map((e) => e.line), [3, 9, null])
    assert.deepInclude(json[2], { omitted: 1, message: '1 more errors not listed' })
  })
})
