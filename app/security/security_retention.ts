import db from '@adonisjs/lucid/services/db'

/** Rows deleted per statement, so a first run over a long backlog never holds a lock for long. */
const BATCH = 5000

/** An incident that may still need its evidence: not closed and not cancelled (a resolved one may be reopened). */
const OPEN_INCIDENT = `SELECT id FROM incidents WHERE status NOT IN ('closed', 'cancelled')`

async function deleteInBatches(table: string, timeColumn: string, cutoff: Date) {
  let deleted = 0
  for (;;) {
    const result = await db.rawQuery(
      `DELETE FROM ${table} WHERE id IN (
         SELECT id FROM ${table}
         WHERE ${timeColumn} < ? AND (incident_id IS NULL OR incident_id NOT IN (${OPEN_INCIDENT}))
         LIMIT ${BATCH})`,
      [cutoff]
    )
    deleted += result.rowCount ?? 0
    if ((result.rowCount ?? 0) < BATCH) return deleted
  }
}

/**
 * Retention of the security side's tables that grow without bound: security events by when they
 * were last seen, indicator sightings by when they were seen, both older than `days` before
 * `now`. What is tied to an open security incident stays (its evidence, its sightings) until the
 * incident is closed or cancelled; the next run after that deletes it. Incidents themselves, their
 * timelines and the indicators are records, not telemetry, and are kept.
 */
export async function expireSecurityRecords(now: Date, days: number) {
  const cutoff = new Date(now.getTime() - days * 86_400_000)
  const events = await deleteInBatches('security_events', 'last_seen', cutoff)
  const sightings = await deleteInBatches('indicator_sightings', 'seen_at', cutoff)
  return { cutoff, events, sightings }
}
