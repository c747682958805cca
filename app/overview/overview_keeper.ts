import logger from '@adonisjs/core/services/logger'
import { PeriodicKeeper } from '#app/core/periodic_keeper'
import { currentCells } from '#app/overview/overview_cells'

/**
 * Keeps the consolidation overview's counts (overview_cells.ts) at the inventory's current
 * version from a monitoring worker: the version (one row) is read every `everyMs` and the counts
 * taken again when it moved, so the first reader after an inventory write seldom waits for the
 * count (a reader that finds the counts behind counts them itself: answers are never stale).
 */
export class OverviewKeeper extends PeriodicKeeper {
  constructor(everyMs = 1_000) {
    super(everyMs, everyMs)
  }

  protected async work() {
    try {
      await currentCells()
    } catch (error) {
      logger.warn({ err: error }, 'overview counts not kept; readers count them meanwhile')
    }
  }
}
