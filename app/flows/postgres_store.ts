import db from '@adonisjs/lucid/services/db'
import { from as copyFrom } from 'pg-copy-streams'
import flowsConfig from '#config/flows'
import { filterSql } from '#app/flows/flow_sql'
import { COPY_COLUMNS, copyBinary } from '#app/flows/flow_copy'
import { dropFlowPartitionsBefore, ensureFlowPartition, MINUTE_TABLE, partitionsFor, RAW_TABLE } from '#app/flows/partitions'
import {
  minuteAggregates, minutesAnswer,
  type FlowFilter, type FlowRow, type FlowStore, type MatrixRow, type PortRow, type ProtocolRow, type SeriesRow, type StoredFlow, type Talker, type Totals,
} from '#app/flows/flow_store'


const n = (v: unknown) => Number(v ?? 0)
const totalsOf = (r: Record<string, unknown>): Totals => ({ flows: n(r.flows), packets: n(r.packets), bytes: n(r.bytes) })
const agency = (v: unknown) => (v === null || v === undefined || Number(v) === 0 ? null : Number(v))

type PgClient = { query: (...args: any[]) => any }

/**
 * The default store. A batch is one transaction on one connection: its id into flow_batches
 * (a second delivery finds it there and stores nothing), its flows by binary COPY, its minute
 * aggregates added with one INSERT … SELECT FROM unnest() … ON CONFLICT DO UPDATE.
 */
export class PostgresFlowStore implements FlowStore {
  readonly kind = 'postgresql' as const

  async write(batchId: string, flows: StoredFlow[]) {
    if (flows.length === 0) return 0
    for (const p of partitionsFor(flows.map((f) => f.first.getTime()))) await ensureFlowPartition(p)
    const pool = (db.connection() as any).getWriteClient().client
    const client: PgClient = await pool.acquireConnection()
    let broken = false
    try {
      await client.query('BEGIN')
      try {
        const fresh = await client.query('INSERT INTO flow_batches (id, flows) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [batchId, flows.length])
        if (fresh.rowCount === 0) {
          await client.query('ROLLBACK')
          return 0
        }
        await new Promise<void>((resolve, reject) => {
          const stream = client.query(copyFrom(`COPY ${RAW_TABLE} (${COPY_COLUMNS.join(', ')}) FROM STDIN (FORMAT binary)`))
          stream.on('finish', resolve)
          stream.on('error', reject)
          stream.end(copyBinary(flows))
        })
        const rows = minuteAggregates(flows)
        const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k])
        await client.query(
          `INSERT INTO ${MINUTE_TABLE} (minute, link_id, src_agency_id, dst_agency_id, protocol, dst_port, flows, packets, bytes)
           SELECT to_timestamp(m / 1000.0), l, s, d, p, o, f, k, b
             FROM unnest($1::float8[], $2::int[], $3::int[], $4::int[], $5::int2[], $6::int[], $7::int8[], $8::int8[], $9::int8[]) AS u(m, l, s, d, p, o, f, k, b)
           ON CONFLICT (minute, link_id, src_agency_id, dst_agency_id, protocol, dst_port) DO UPDATE
             SET flows = ${MINUTE_TABLE}.flows + excluded.flows, packets = ${MINUTE_TABLE}.packets + excluded.packets,
                 bytes = ${MINUTE_TABLE}.bytes + excluded.bytes`,
          [col('minute'), col('linkId'), col('srcAgencyId'), col('dstAgencyId'), col('protocol'), col('dstPort'), col('flows'), col('packets'), col('bytes')]
        )
        await client.query('COMMIT')
        return flows.length
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true
        })
        throw error
      }
    } finally {
      // A connection whose ROLLBACK failed (the server went away) is not handed back to the pool.
      if (broken) await Promise.resolve(pool.destroyRawConnection(client)).catch(() => {})
      else await pool.releaseConnection(client)
    }
  }

  /**
   * A question over raw flows groups millions of rows: with the server's default work_mem (4 MB)
   * the hash of a day's addresses spilled to disk, and JIT compiling took longer than it saved
   * (bench/flow_query.ts, 10M flows: 1 hour 4.3 → 2.6 s, 1 day 17.1 → 11.4 s). Both set for
   * this question only.
   */
  async #rows(sql: string, bindings: unknown[]) {
    return db.transaction(async (trx) => {
      await trx.rawQuery(`SELECT set_config('work_mem', ?, true), set_config('jit', 'off', true)`, [flowsConfig.queryWorkMem])
      const { rows } = await trx.rawQuery(sql, bindings as any[])
      return rows as Array<Record<string, unknown>>
    })
  }

  async topTalkers(filter: FlowFilter, direction: 'src' | 'dst', limit: number): Promise<Talker[]> {
    const where = filterSql(filter, 'flows')
    const column = direction === 'src' ? 'src_addr' : 'dst_addr'
    const rows = await this.#rows(
      `SELECT host(${column}) AS address, count(*) AS flows, sum(packets) AS packets, sum(bytes) AS bytes
         FROM flows WHERE ${where.sql} GROUP BY ${column} ORDER BY sum(bytes) DESC, ${column} LIMIT ?`,
      [...where.bindings, limit]
    )
    return rows.map((r) => ({ address: String(r.address), ...totalsOf(r) }))
  }

  #source(filter: FlowFilter) {
    const minutes = minutesAnswer(filter)
    const table = minutes ? MINUTE_TABLE : RAW_TABLE
    return { table, where: filterSql(filter, table), count: minutes ? 'sum(flows)' : 'count(*)' }
  }

  async topPorts(filter: FlowFilter, limit: number): Promise<PortRow[]> {
    const { table, where, count } = this.#source(filter)
    const rows = await this.#rows(
      `SELECT protocol, dst_port AS port, ${count} AS flows, sum(packets) AS packets, sum(bytes) AS bytes
         FROM ${table} WHERE ${where.sql} GROUP BY protocol, dst_port ORDER BY sum(bytes) DESC, protocol, dst_port LIMIT ?`,
      [...where.bindings, limit]
    )
    return rows.map((r) => ({ protocol: n(r.protocol), port: n(r.port), ...totalsOf(r) }))
  }

  async topProtocols(filter: FlowFilter, limit: number): Promise<ProtocolRow[]> {
    const { table, where, count } = this.#source(filter)
    const rows = await this.#rows(
      `SELECT protocol, ${count} AS flows, sum(packets) AS packets, sum(bytes) AS bytes
         FROM ${table} WHERE ${where.sql} GROUP BY protocol ORDER BY sum(bytes) DESC, protocol LIMIT ?`,
      [...where.bindings, limit]
    )
    return rows.map((r) => ({ protocol: n(r.protocol), ...totalsOf(r) }))
  }

  async matrix(filter: FlowFilter, perLink: boolean): Promise<MatrixRow[]> {
    const { table, where, count } = this.#source(filter)
    const keys = perLink ? 'link_id, src_agency_id, dst_agency_id' : 'src_agency_id, dst_agency_id'
    const rows = await this.#rows(
      `SELECT ${keys}, ${count} AS flows, sum(packets) AS packets, sum(bytes) AS bytes
         FROM ${table} WHERE ${where.sql} GROUP BY ${keys} ORDER BY sum(bytes) DESC, ${keys}`,
      where.bindings
    )
    // Raw flows say NULL and aggregates 0 for "no agency": answered alike, and merged.
    const merged = new Map<string, MatrixRow>()
    for (const r of rows) {
      const row: MatrixRow = { src_agency_id: agency(r.src_agency_id), dst_agency_id: agency(r.dst_agency_id), ...totalsOf(r) }
      if (perLink) row.link_id = agency(r.link_id)
      const key = `${row.link_id}|${row.src_agency_id}|${row.dst_agency_id}`
      const held = merged.get(key)
      if (held) {
        held.flows += row.flows
        held.packets += row.packets
        held.bytes += row.bytes
      } else merged.set(key, row)
    }
    return [...merged.values()]
  }

  async series(filter: FlowFilter, stepSeconds: number): Promise<SeriesRow[]> {
    const { table, where, count } = this.#source(filter)
    const time = table === MINUTE_TABLE ? 'minute' : 'first_at'
    const rows = await this.#rows(
      `SELECT date_bin(make_interval(secs => ?), ${time}, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS time,
              ${count} AS flows, sum(packets) AS packets, sum(bytes) AS bytes
         FROM ${table} WHERE ${where.sql} GROUP BY 1 ORDER BY 1`,
      [stepSeconds, ...where.bindings]
    )
    return rows.map((r) => ({ time: new Date(r.time as string).toISOString(), ...totalsOf(r) }))
  }

  async search(filter: FlowFilter, limit: number, offset: number): Promise<FlowRow[]> {
    const where = filterSql(filter, 'flows')
    const rows = await this.#rows(
      `SELECT first_at, last_at, exporter, version, host(src_addr) AS src_addr, host(dst_addr) AS dst_addr, src_port, dst_port,
              protocol, packets, bytes, tcp_flags, input_if, output_if, sampling_rate, device_id, link_id, src_agency_id, dst_agency_id
         FROM flows WHERE ${where.sql}
        ORDER BY first_at DESC, src_addr, dst_addr, src_port, dst_port, protocol LIMIT ? OFFSET ?`,
      [...where.bindings, limit, offset]
    )
    const maybe = (v: unknown) => (v === null || v === undefined ? null : Number(v))
    return rows.map((r) => ({
      first: new Date(r.first_at as string).toISOString(),
      last: new Date(r.last_at as string).toISOString(),
      exporter: String(r.exporter),
      version: n(r.version),
      src_addr: String(r.src_addr),
      dst_addr: String(r.dst_addr),
      src_port: n(r.src_port),
      dst_port: n(r.dst_port),
      protocol: n(r.protocol),
      packets: n(r.packets),
      bytes: n(r.bytes),
      tcp_flags: n(r.tcp_flags),
      input_if: n(r.input_if),
      output_if: n(r.output_if),
      sampling_rate: n(r.sampling_rate),
      device_id: maybe(r.device_id),
      link_id: maybe(r.link_id),
      src_agency_id: maybe(r.src_agency_id),
      dst_agency_id: maybe(r.dst_agency_id),
    }))
  }

  async totals(filter: FlowFilter): Promise<Totals> {
    const { table, where, count } = this.#source(filter)
    const [row] = await this.#rows(`SELECT ${count} AS flows, sum(packets) AS packets, sum(bytes) AS bytes FROM ${table} WHERE ${where.sql}`, where.bindings)
    return totalsOf(row ?? {})
  }

  async expire(now: Date) {
    const day = 86_400_000
    const dropped = [
      ...(await dropFlowPartitionsBefore(RAW_TABLE, new Date(now.getTime() - flowsConfig.rawDays * day))),
      ...(await dropFlowPartitionsBefore(MINUTE_TABLE, new Date(now.getTime() - flowsConfig.minuteDays * day))),
    ]
    // Batch ids are kept as long as a redelivered job could still come: longer than any retry.
    await db.rawQuery(`DELETE FROM flow_batches WHERE stored_at < ?`, [new Date(now.getTime() - 2 * day).toISOString()])
    return dropped
  }
}

