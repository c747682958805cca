import { test } from '@japa/runner'
import { COPY_COLUMNS, copyBinary } from '#app/flows/flow_copy'
import type { StoredFlow } from '#app/flows/flow_store'

const flow = (over: Partial<StoredFlow> = {}): StoredFlow => ({
  exporter: '192.0.2.1', version: 9, observationDomain: 0, srcAddr: '10.0.0.1', dstAddr: '2001:db8::1', srcPort: 1, dstPort: 2,
  protocol: 6, packets: 3, bytes: 4, first: new Date(Date.UTC(2026, 11, 6, 14, 0, 0, 42)), last: new Date(Date.UTC(2026, 11, 6, 14, 0, 1, 542)),
  tcpFlags: 0, inputIf: 1, outputIf: 2, samplingRate: 1, deviceId: null, linkId: 7, srcAgencyId: null, dstAgencyId: 3, ...over,
})

/** PostgreSQL's side of the format, read independently of the writer (BigInt for the int8s). */
function readRows(buf: Buffer) {
  assert(buf.subarray(0, 11).equals(Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')), 'signature')
  let at = 19
  const rows: Array<Array<Buffer | null>> = []
  for (;;) {
    const fields = buf.readInt16BE(at)
    at += 2
    if (fields === -1) break
    const row: Array<Buffer | null> = []
    for (let i = 0; i < fields; i++) {
      const length = buf.readInt32BE(at)
      at += 4
      row.push(length === -1 ? null : buf.subarray(at, (at += length)))
    }
    rows.push(row)
  }
  assert(at === buf.length, 'nothing after the trailer')
  return rows
}
function assert(ok: boolean, what: string) {
  if (!ok) throw new Error(what)
}
const micros = (b: Buffer) => b.readBigInt64BE(0)
const expectedMicros = (ms: number) => (BigInt(ms) - BigInt(Date.UTC(2000, 0, 1))) * 1000n

test.group('flow COPY binary', () => {
  test('times are microseconds since 2000 exactly, before 2000 and far ahead too', ({ assert: a }) => {
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const times = [0, 1, 999, 946684799999, 946684800000, 946684800001, Date.UTC(2004, 1, 29, 23, 59, 59, 9), Date.UTC(2099, 11, 31, 23, 59, 59, 999)]
    for (let i = 0; i < 3000; i++) times.push(Math.floor(random() * 4.1e12) - 1e11)
    const flows = times.map((t) => flow({ first: new Date(t), last: new Date(t + 1) }))
    const rows = readRows(copyBinary(flows))
    a.lengthOf(rows, times.length)
    rows.forEach((row, i) => {
      a.equal(micros(row[0]!), expectedMicros(times[i]), String(times[i]))
      a.equal(micros(row[1]!), expectedMicros(times[i] + 1))
    })
  })

  test('every column in its send format: int2/int4/int8, inet of both families, text, NULL', ({ assert: a }) => {
    const [row] = readRows(
      copyBinary([
        flow({ exporter: 'router-é', srcAddr: '::ffff:10.1.2.3', dstAddr: '255.255.255.255', packets: 2 ** 53 - 1, bytes: 4294967296, inputIf: 4294967295, observationDomain: 2 ** 32 + 5 }),
      ])
    )
    a.lengthOf(row, COPY_COLUMNS.length)
    const at = (name: (typeof COPY_COLUMNS)[number]) => row[COPY_COLUMNS.indexOf(name)]
    a.equal(at('exporter')!.toString('utf8'), 'router-é')
    a.equal(at('version')!.readInt16BE(0), 9)
    a.equal(at('observation_domain')!.readBigInt64BE(0), 2n ** 32n + 5n)
    // IPv4-mapped IPv6 stays IPv6 (family 3, 128 bits, not a cidr, 16 bytes), as text COPY kept it.
    a.deepEqual([...at('src_addr')!], [3, 128, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3])
    a.deepEqual([...at('dst_addr')!], [2, 32, 0, 4, 255, 255, 255, 255])
    a.equal(at('src_port')!.readInt32BE(0), 1)
    a.equal(at('packets')!.readBigInt64BE(0), 2n ** 53n - 1n)
    a.equal(at('bytes')!.readBigInt64BE(0), 4294967296n)
    a.equal(at('input_if')!.readBigInt64BE(0), 4294967295n)
    a.isNull(at('device_id'))
    a.equal(at('link_id')!.readInt32BE(0), 7)
    a.isNull(at('src_agency_id'))
    a.equal(at('dst_agency_id')!.readInt32BE(0), 3)
  })

  test('an address no decoder would write fails the batch rather than storing something else', ({ assert: a }) => {
    a.throws(() => copyBinary([flow({ srcAddr: 'fe80::1%eth0' })]), /not an address/)
    a.throws(() => copyBinary([flow({ dstAddr: '10.0.0.256' })]), /not an address/)
  })
})
