import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import flowsConfig from '#config/flows'
import { maintainFlows } from '#app/flows/maintenance'
import { PostgresFlowStore } from '#app/flows/postgres_store'
import { flowPartitionsOf, MINUTE_TABLE, RAW_TABLE } from '#app/flows/partitions'
import type { StoredFlow } from '#app/flows/flow_store'
import { overrideConfig } from '#tests/support/config'

/** One flow first seen at `at` (UTC), placed nowhere: retention looks at time only. */
function flowAt(at: string, bytes: number): StoredFlow {
  const first = new Date(at)
  return {
    exporter: '192.0.2.77', version: 10, observationDomain: 1, srcAddr: '198.51.100.1', dstAddr: '198.51.100.2', srcPort: 40000, dstPort: 443,
    protocol: 6, packets: 1, bytes, first, last: new Date(first.getTime() + 1000), tcpFlags: 0x18, inputIf: 1, outputIf: 2, samplingRate: 1,
    deviceId: null, linkId: null, srcAgencyId: null, dstAgencyId: null,
  }
}

/** The year the test plays in (2020: no other test's rows are near it). */
const in2020 = (name: string) => /_p2020/.test(name)

/** Partition names of a flow table in that year. */
async function partitionsIn2020(parent: string) {
  return (await flowPartitionsOf(parent)).map((p) => p.name).filter((name) => name.startsWith(`${parent}_p2020`))
}

const minuteBytes = async () =>
  Object.fromEntries(
    ((await db.rawQuery(`SELECT to_char(minute AT TIME ZONE 'UTC', 'YYYY-MM') AS month, sum(bytes)::int AS bytes FROM flow_minutes
      WHERE minute >= '2020-01-01' AND minute < '2021-01-01' GROUP BY 1 ORDER BY 1`)).rows as Array<{ month: string; bytes: number }>).map((r) => [r.month, r.bytes])
  )

test.group('flow retention in PostgreSQL', () => {
  test('maintenance drops raw days past FLOWS_RAW_DAYS and minute months past FLOWS_MINUTE_DAYS, keeps the rest and makes tomorrow', async ({ assert, cleanup }) => {
    cleanup(overrideConfig(flowsConfig, { store: 'postgresql', rawDays: 7, minuteDays: 60 }))
    // The last day of a month at 10:00 UTC: tomorrow is in the next month, so both of its partitions are new.
    const now = new Date('2020-06-30T10:00:00Z')
    const store = new PostgresFlowStore()
    await store.write('retention-2020', [
      flowAt('2020-03-05T08:00:00Z', 1), // raw and minute month past retention
      flowAt('2020-04-29T08:00:00Z', 2), // April's minutes end 1 May 00:00, before now - 60 days (1 May 10:00)
      flowAt('2020-05-02T08:00:00Z', 4), // May's minutes end after that: kept; its raw day is long gone
      flowAt('2020-06-22T12:00:00Z', 8), // the raw day ends 23 June 00:00, before now - 7 days (23 June 10:00)
      flowAt('2020-06-23T05:00:00Z', 16), // its day ends 24 June: within seven days, kept
      flowAt('2020-06-30T09:00:00Z', 32),
    ])
    assert.deepEqual(await partitionsIn2020(RAW_TABLE), ['flows_p20200305', 'flows_p20200429', 'flows_p20200502', 'flows_p20200622', 'flows_p20200623', 'flows_p20200630'])
    assert.deepEqual(await partitionsIn2020(MINUTE_TABLE), ['flow_minutes_p202003', 'flow_minutes_p202004', 'flow_minutes_p202005', 'flow_minutes_p202006'])

    // Partitions of flows other tests stored from real captures (years before 2020) are past
    // retention too and go with these: only the year played in here is asserted.
    const dropped = (await maintainFlows(now)).filter(in2020)
    assert.sameMembers(dropped, ['flows_p20200305', 'flows_p20200429', 'flows_p20200502', 'flows_p20200622', 'flow_minutes_p202003', 'flow_minutes_p202004'])
    assert.deepEqual(await partitionsIn2020(RAW_TABLE), ['flows_p20200623', 'flows_p20200630', 'flows_p20200701'])
    assert.deepEqual(await partitionsIn2020(MINUTE_TABLE), ['flow_minutes_p202005', 'flow_minutes_p202006', 'flow_minutes_p202007'])
    // What is kept keeps its rows; tomorrow's partitions are made empty, ahead of the first flow of the day.
    const raw = await db.rawQuery(`SELECT bytes::int AS bytes FROM flows WHERE first_at >= '2020-01-01' AND first_at < '2021-01-01' ORDER BY first_at`)
    assert.deepEqual(raw.rows.map((r: { bytes: number }) => r.bytes), [16, 32])
    assert.deepEqual(await minuteBytes(), { '2020-05': 4, '2020-06': 8 + 16 + 32 })
    assert.equal(Number((await db.from('flows_p20200701').count('* as n'))[0].n), 0)

    // Run again the next day: nothing more is due than the day that left the seven.
    assert.deepEqual((await maintainFlows(new Date('2020-07-01T10:00:00Z'))).filter(in2020), ['flows_p20200623'])
    assert.includeMembers(await partitionsIn2020(RAW_TABLE), ['flows_p20200702'])
  })
})
