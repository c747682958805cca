import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Line quality: what the collectors' ICMP echo bursts measure per link (collectors/probe/), kept
 * beside the link samples and rolled up by the same job on the same marks (5 min, 1 h, Taipei
 * day), and the thresholds per link class that turn it into link states.
 *
 * A link is probed at `probe_address`: the far end of the line (the agency-side router's address
 * on the circuit, or the carrier's CE), which the inventory did not hold. Probing the polled
 * device's management address would measure the path to the near end, not the line.
 *
 * Not partitioned, unlike the samples: only links with a probe address are probed (the uplinks and
 * the lines an agency cares to watch, not all 17,485), a burst row is 60 bytes, and the samples'
 * partition functions (migration 0014) accept only their own tables; retention deletes by time
 * on the BRIN index. Times are `real` milliseconds (7 significant digits: 0.1 µs at 1 s).
 */
const ROLLUP_COLUMNS = `
  bucket timestamptz NOT NULL,
  link_id integer NOT NULL,
  bursts integer NOT NULL,
  sent integer NOT NULL,
  received integer NOT NULL,
  loss real, loss_max real,
  rtt_median real, rtt_min real, rtt_max real, rtt_p10 real, rtt_p90 real,
  jitter real`

export default class extends BaseSchema {
  async up() {
    this.schema.raw('ALTER TABLE links ADD COLUMN probe_address inet')

    this.schema.raw(`
      CREATE TABLE link_probes (
        at timestamptz NOT NULL,
        link_id integer NOT NULL,
        sent smallint NOT NULL,
        received smallint NOT NULL,
        rtt_median real, rtt_min real, rtt_max real, rtt_p10 real, rtt_p90 real,
        jitter real,
        PRIMARY KEY (link_id, at)
      )`)
    this.schema.raw('CREATE INDEX link_probes_at ON link_probes USING brin (at)')
    for (const resolution of ['5m', '1h', '1d']) {
      const table = `link_probes_${resolution}`
      this.schema.raw(`CREATE TABLE ${table} (${ROLLUP_COLUMNS}, PRIMARY KEY (link_id, bucket))`)
      this.schema.raw(`CREATE INDEX ${table}_bucket ON ${table} USING brin (bucket)`)
    }

    // Thresholds per link class, as data an administrator changes without a release. A burst's
    // loss at or above loss_down is down (the far end answers nothing); at or above
    // loss_degraded, or a median RTT or jitter above theirs, degraded.
    this.schema.createTable('line_quality_policies', (t) => {
      t.enum('link_kind', ['legacy', 'uplink']).primary()
      t.float('loss_degraded', 4).notNullable()
      t.float('loss_down', 4).notNullable()
      t.float('rtt_degraded_ms', 4).notNullable()
      t.float('jitter_degraded_ms', 4).notNullable()
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(`ALTER TABLE line_quality_policies ADD CONSTRAINT line_quality_policies_shares
      CHECK (loss_degraded > 0 AND loss_degraded <= loss_down AND loss_down <= 1 AND rtt_degraded_ms > 0 AND jitter_degraded_ms > 0)`)
    // Uplinks carry a ministry's whole traffic to the data centre: 2% loss or 50 ms is already a
    // complaint there; legacy lines are slower leased circuits, judged at 5% (the example)
    // and 150 ms. Down: every probe of a burst lost.
    this.schema.raw(`INSERT INTO line_quality_policies (link_kind, loss_degraded, loss_down, rtt_degraded_ms, jitter_degraded_ms)
      VALUES ('uplink', 0.02, 1, 50, 20), ('legacy', 0.05, 1, 150, 50)`)
  }

  async down() {
    for (const resolution of ['1d', '1h', '5m']) this.schema.raw(`DROP TABLE IF EXISTS link_probes_${resolution}`)
    this.schema.raw('DROP TABLE IF EXISTS link_probes')
    this.schema.dropTableIfExists('line_quality_policies')
    this.schema.raw('ALTER TABLE links DROP COLUMN IF EXISTS probe_address')
  }
}
