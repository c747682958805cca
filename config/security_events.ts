import env from '#start/env'

/**
 * Security events into security incidents (app/security/): how they are grouped, how often a
 * growing attack writes on its incident's timeline, and how a job whose storage failed is
 * retried. Read each time they are used, so a test may change a value with overrideConfig.
 */
const securityEventsConfig = {
  /**
   * Events of the same kind from the same source, or toward the same target, join the open
   * incident whose latest event is at most this old (an attack paused for longer is a new one).
   */
  groupWindowSeconds: 3600,
  /**
   * A growing attack writes one timeline entry on its incident at most this often (with the
   * events that arrived since), so a burst of thousands of alerts is a handful of entries.
   */
  timelineEverySeconds: 60,
  /** Flows kept with a detection as its evidence. */
  evidenceFlows: 5,
  /** Events stored at once by one security:work process. */
  concurrency: 1,
  /** A job that failed (PostgreSQL away) is retried with a doubling wait up to the cap, for hours. */
  retryAttempts: 1000,
  retryBackoffMs: 500,
  retryBackoffCapMs: 10_000,
  /**
   * Security events and indicator sightings are kept this many days after they were last seen
   * (`security:maintain`), except those of an incident still open (not closed or cancelled),
   * which stay as its evidence. A year and a month by default: last year's same month stays
   * comparable.
   */
  retentionDays: Math.ceil(env.get('SECURITY_EVENTS_DAYS', 400)),
}

export default securityEventsConfig
