import logger from '@adonisjs/core/services/logger'
import { boardCells } from '#app/monitoring/board/board'
import { dropCells, storeCells, FRESH_FOR_MS } from '#app/monitoring/board/board_cells'
import { PeriodicKeeper } from '#app/core/periodic_keeper'

/**
 * Keeps the NOC board's counts (board_cells.ts) up to date from a monitoring worker: counted again
 * after a batch has changed link states, at most once per `minGapMs` however fast batches come,
 * and at least every `everyMs` when none come (a device that stops answering becomes overdue
 * with time alone, and inventory edits show). A count takes one pass over the links (tens of ms
 * for 17,485 of them), so the API's cost of the summary no longer grows with the network or the
 * number of people watching the board.
 */
export class BoardKeeper extends PeriodicKeeper {
  constructor(minGapMs = 1_000, everyMs = Math.floor(FRESH_FOR_MS / 3)) {
    super(minGapMs, everyMs)
  }

  protected async work() {
    try {
      const cells = await boardCells()
      if (!this.closed) await storeCells(cells)
    } catch (error) {
      logger.warn({ err: error }, 'board counts not stored; the API counts per request meanwhile')
    }
  }

  /** Stops counting and removes the counts: nobody would keep them up to date. */
  async close() {
    await super.close()
    await dropCells().catch(() => {})
  }
}
