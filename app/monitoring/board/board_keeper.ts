import logger from '@adonisjs/core/services/logger'
import { boardCells } from '#app/monitoring/board/board'
import { dropCells, storeCells, FRESH_FOR_MS } from '#app/monitoring/board/board_cells'

/**
 * Keeps the NOC board's counts (board_cells.ts) up to date from a monitoring worker: counted again
 * after a batch has changed link states, at most once per `minGapMs` however fast batches come,
 * and at least every `everyMs` when none come (a device that stops answering becomes overdue
 * with time alone, and inventory edits show). A count takes one pass over the links (tens of ms
 * for 17,485 of them), so the API's cost of the summary no longer grows with the network or the
 * number of people watching the board.
 */
export class BoardKeeper {
  #timer: NodeJS.Timeout | null = null
  #last = 0
  #running: Promise<void> | null = null
  #again = false
  #closed = false

  constructor(
    private readonly minGapMs = 1_000,
    private readonly everyMs = Math.floor(FRESH_FOR_MS / 3)
  ) {
    this.#plan(0)
  }

  /** Link states may have changed: count again soon. */
  touch() {
    if (this.#closed) return
    this.#plan(Math.max(0, this.#last + this.minGapMs - Date.now()))
  }

  #plan(delayMs: number) {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => this.#count(), delayMs)
    this.#timer.unref()
  }

  async #count() {
    this.#timer = null
    if (this.#closed) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = (async () => {
      try {
        const cells = await boardCells()
        if (!this.#closed) await storeCells(cells)
      } catch (error) {
        logger.warn({ err: error }, 'board counts not stored; the API counts per request meanwhile')
      } finally {
        this.#last = Date.now()
        this.#running = null
        if (!this.#closed && !this.#timer) this.#plan(this.#again ? this.minGapMs : this.everyMs)
        this.#again = false
      }
    })()
    await this.#running
  }

  /** Stops counting and removes the counts: nobody would keep them up to date. */
  async close() {
    this.#closed = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    await this.#running
    await dropCells().catch(() => {})
  }
}
