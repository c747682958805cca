import { test } from '@japa/runner'
import { CopyTimeColumn, copyLines } from '#app/flows/flow_copy'
import type { StoredFlow } from '#app/flows/flow_store'

const flow = (first: number, last: number, exporter = '192.0.2.1'): StoredFlow => ({
  exporter, version: 9, observationDomain: 0, srcAddr: '10.0.0.1', dstAddr: '2001:db8::1', srcPort: 1, dstPort: 2,
  protocol: 6, packets: 3, bytes: 4, first: new Date(first), last: new Date(last), tcpFlags: 0, inputIf: 1, outputIf: 2,
  samplingRate: 1, deviceId: null, linkId: 7, srcAgencyId: null, dstAgencyId: 3,
})

test.group('flow COPY text', () => {
  test('each time column writes what toISOString writes, whatever order the times come in', ({ assert }) => {
    const column = new CopyTimeColumn()
    // Random times over 1970–2100 and runs within one second, with every millisecond width.
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const times = [0, 5, 99, 100, 999, 1000, Date.UTC(2004, 1, 29, 23, 59, 59, 9), Date.UTC(2099, 11, 31, 23, 59, 59, 999)]
    for (let i = 0; i < 5000; i++) {
      const base = Math.floor(random() * 4.1e12)
      times.push(base, base + Math.floor(random() * 1000), base - 1)
    }
    for (const ms of times) assert.equal(column.text(ms), new Date(ms).toISOString(), String(ms))
    assert.equal(column.text(Date.UTC(12000, 0, 1)), new Date(Date.UTC(12000, 0, 1)).toISOString())
  })

  test('one line per flow, the exporter escaped, unknown places as \\N', ({ assert }) => {
    const at = Date.UTC(2026, 11, 6, 14, 0, 0, 42)
    const text = copyLines([flow(at, at + 1500), flow(at + 1, at + 2, 'odd\texporter\\')])
    const lines = text.split('\n')
    assert.lengthOf(lines, 3)
    assert.equal(lines[2], '')
    assert.deepEqual(lines[0].split('\t'), [
      '2026-12-06T14:00:00.042Z', '2026-12-06T14:00:01.542Z', '192.0.2.1', '9', '0', '10.0.0.1', '2001:db8::1', '1', '2', '6',
      '3', '4', '0', '1', '2', '1', '\\N', '7', '\\N', '3',
    ])
    assert.equal(lines[1].split('\t').slice(0, 3).join('|'), '2026-12-06T14:00:00.043Z|2026-12-06T14:00:00.044Z|odd\\texporter\\\\')
  })
})
