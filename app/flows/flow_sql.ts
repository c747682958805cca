import type { FlowFilter } from '#app/flows/flow_store'

/** A PostgreSQL int[] literal for a `= ANY(?::int[])` binding. */
export const intArray = (ids: number[]) => `{${ids.map((n) => Math.trunc(n)).join(',')}}`

/**
 * The WHERE clause of a flow filter over raw flows (`flows`) or minute aggregates
 * (`flow_minutes`, where "not known" is 0 instead of NULL, so it never meets an agency id).
 * Column names come from here, values only through bindings.
 */
export function filterSql(filter: FlowFilter, table: 'flows' | 'flow_minutes'): { sql: string; bindings: unknown[] } {
  const time = table === 'flows' ? 'first_at' : 'minute'
  const parts = [`${time} >= ?`, `${time} < ?`]
  const bindings: unknown[] = [filter.from.toISOString(), filter.to.toISOString()]
  if (filter.scope !== null) {
    parts.push('(src_agency_id = ANY(?::int[]) OR dst_agency_id = ANY(?::int[]))')
    bindings.push(intArray(filter.scope), intArray(filter.scope))
  }
  if (filter.agencyId !== undefined) {
    parts.push('(src_agency_id = ? OR dst_agency_id = ?)')
    bindings.push(filter.agencyId, filter.agencyId)
  }
  if (filter.linkId !== undefined) {
    parts.push('link_id = ?')
    bindings.push(filter.linkId)
  }
  if (filter.protocol !== undefined) {
    parts.push('protocol = ?')
    bindings.push(filter.protocol)
  }
  if (filter.port !== undefined) {
    if (table === 'flow_minutes') throw new Error('minute aggregates hold destination ports only')
    parts.push('(src_port = ? OR dst_port = ?)')
    bindings.push(filter.port, filter.port)
  }
  if (filter.address !== undefined) {
    if (table === 'flow_minutes') throw new Error('minute aggregates hold no addresses')
    // <<= is "within or equal": a bare address is a host prefix, so one form serves both.
    parts.push('(src_addr <<= ?::inet OR dst_addr <<= ?::inet)')
    bindings.push(filter.address, filter.address)
  }
  return { sql: parts.join(' AND '), bindings }
}
