import env from '#start/env'

/** CSV imports. A test may change a value with overrideConfig (tests/support/config.ts). */
const importsConfig = {
  /**
   * A running import whose heartbeat is older than this is taken to be dead and closed as
   * interrupted: long enough that a live import, beating every few seconds, is never taken for dead.
   */
  staleAfterMs: env.get('IMPORT_STALE_AFTER_MS', 60_000),
}

export default importsConfig
