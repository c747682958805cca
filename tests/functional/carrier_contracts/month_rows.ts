import db from '@adonisjs/lucid/services/db'
import { ensureRollupPartitions } from '#app/samples/partitions'
import { monthBounds } from '#app/reports/monthly_figures'

const FIVE = 5 * 60_000

/** The month's 5-minute rows for a line: `down` says how many of a bucket's 5 polls saw it down. */
export async function writeMonth(month: string, linkId: number, down: (bucket: Date) => number, rtt: (i: number) => number, lost: (i: number) => number) {
  const { from: MONTH_FROM, to: MONTH_TO } = monthBounds(month)
  await ensureRollupPartitions(MONTH_FROM, MONTH_TO)
  const samples: unknown[][] = []
  const probes: unknown[][] = []
  let i = 0
  for (let t = MONTH_FROM.getTime(); t < MONTH_TO.getTime(); t += FIVE, i++) {
    const bucket = new Date(t)
    samples.push([bucket.toISOString(), linkId, 5, down(bucket)])
    probes.push([bucket.toISOString(), linkId, 5, 100, 100 - lost(i), rtt(i)])
  }
  const cols = (rows: unknown[][], k: number) => rows.map((r) => r[k])
  await db.rawQuery(
    `INSERT INTO link_samples_5m (bucket, link_id, samples, down_samples) SELECT * FROM unnest(?::timestamptz[], ?::int[], ?::int[], ?::int[])`,
    [cols(samples, 0), cols(samples, 1), cols(samples, 2), cols(samples, 3)]
  )
  await db.rawQuery(
    `INSERT INTO link_probes_5m (bucket, link_id, bursts, sent, received, rtt_median)
     SELECT * FROM unnest(?::timestamptz[], ?::int[], ?::int[], ?::int[], ?::int[], ?::real[])`,
    [cols(probes, 0), cols(probes, 1), cols(probes, 2), cols(probes, 3), cols(probes, 4), cols(probes, 5)]
  )
}
