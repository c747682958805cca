import { test } from '@japa/runner'
import { CsvReader, type CsvRecord } from '#app/imports/csv_reader'

/** Reads a whole text, fed in pieces of `chunk` characters to exercise record boundaries. */
function read(text: string, { chunk = text.length || 1 }: { chunk?: number } = {}) {
  const reader = new CsvReader({ maxQuotedLines: 5 })
  const out: CsvRecord[] = []
  for (let i = 0; i < text.length; i += chunk) out.push(...reader.push(text.slice(i, i + chunk)))
  out.push(...reader.end())
  return out
}

test.group('CSV reader', () => {
  test('plain lines, CRLF or LF, with physical line numbers', ({ assert }) => {
    const records = read('a,b,c\r\n1,2,3\n4,5,6')
    assert.deepEqual(
      records.map((r) => [r.line, r.fields]),
      [
        [1, ['a', 'b', 'c']],
        [2, ['1', '2', '3']],
        [3, ['4', '5', '6']],
      ]
    )
  })

  test('quoted fields hold commas, doubled quotes and line breaks; lines keep counting', ({ assert }) => {
    const text = 'name,note\n"台北, 中正","say ""hi"""\n"two\nlines",x\nlast,y\n'
    for (const chunk of [1, 3, 7, 1000]) {
      const records = read(text, { chunk })
      assert.deepEqual(
        records.map((r) => [r.line, r.endLine, r.fields]),
        [
          [1, 1, ['name', 'note']],
          [2, 2, ['台北, 中正', 'say "hi"']],
          [3, 4, ['two\nlines', 'x']],
          [5, 5, ['last', 'y']],
        ],
        `chunk ${chunk}`
      )
    }
  })

  test('blank lines and rows of bare separators are skipped but still counted', ({ assert }) => {
    const records = read('a,b\n\n1,2\n,\n\r\n3,4\n')
    assert.deepEqual(
      records.map((r) => [r.line, r.fields]),
      [
        [1, ['a', 'b']],
        [3, ['1', '2']],
        [6, ['3', '4']],
      ]
    )
  })

  test('empty cells and a trailing separator give empty fields', ({ assert }) => {
    assert.deepEqual(read('a,,c,\n')[0].fields, ['a', '', 'c', ''])
    assert.deepEqual(read('"",x\n')[0].fields, ['', 'x'])
  })

  test('an unclosed quote is reported on its line and the lines after it are still read', ({ assert }) => {
    const text = 'a,b\n1,"oops\n2,ok\n3,ok\n4,ok\n5,ok\n6,ok\n7,ok\n'
    for (const chunk of [2, 1000]) {
      const records = read(text, { chunk })
      assert.equal(records[1].line, 2)
      assert.match(records[1].error!, /never closed/)
      assert.deepEqual(
        records.slice(2).map((r) => [r.line, r.fields[0]]),
        [
          [3, '2'],
          [4, '3'],
          [5, '4'],
          [6, '5'],
          [7, '6'],
          [8, '7'],
        ],
        `chunk ${chunk}`
      )
    }
  })

  test('an unclosed quote near the end of the file is reported, the rest kept', ({ assert }) => {
    const records = read('a,b\n1,ok\n2,"oops\n3,ok\n')
    assert.deepEqual(
      records.map((r) => [r.line, r.error ? 'error' : r.fields.join('|')]),
      [
        [1, 'a|b'],
        [2, '1|ok'],
        [3, 'error'],
        [4, '3|ok'],
      ]
    )
  })

  test('a quote left open until a later quote is caught by the header\'s column count', ({ assert }) => {
    // Line 2 opens a quote that a stray quote on line 4 closes: read literally, lines 2-4 would
    // be one record of the wrong width and lines 3 and 4 would be lost with it.
    const text = 'a,b,c\n1,"x,y\n2,ok,ok\n3,z",q,r\n4,ok,ok\n'
    const records = read(text)
    assert.deepEqual(
      records.map((r) => [r.line, r.error ? 'error' : r.fields.join('|')]),
      [
        [1, 'a|b|c'],
        [2, 'error'],
        [3, '2|ok|ok'],
        [4, '3|z"|q|r'],
        [5, '4|ok|ok'],
      ]
    )
    assert.match(records[1].error!, /closing quote/)
  })

  test('text after a closing quote is refused for that line only', ({ assert }) => {
    const records = read('a,b\n"x"y,1\n2,3\n')
    assert.equal(records[1].line, 2)
    assert.match(records[1].error!, /after its closing quote/)
    assert.deepEqual(records[2].fields, ['2', '3'])
    assert.equal(records[2].line, 3)
  })

  test('a stray quote inside an unquoted cell is kept as text', ({ assert }) => {
    assert.deepEqual(read('5" rack,x\n')[0].fields, ['5" rack', 'x'])
  })
})
