/**
 * Keeps something up to date from a worker process (the NOC board's counts, the overview's):
 * `work` runs soon after `touch` (at most once per `minGapMs` however often it is touched) and at
 * least every `everyMs` when nothing touches it, never twice at once; a touch during a run asks
 * for one more run after it.
 */
export abstract class PeriodicKeeper {
  #timer: NodeJS.Timeout | null = null
  #last = 0
  #running: Promise<void> | null = null
  #again = false
  #closed = false

  constructor(
    private readonly minGapMs: number,
    private readonly everyMs: number
  ) {
    this.#plan(0)
  }

  /** One round of keeping; errors are the keeper's to report (it is called again regardless). */
  protected abstract work(): Promise<void>

  protected get closed() {
    return this.#closed
  }

  /** What it keeps may have changed: work again soon. */
  touch() {
    if (this.#closed) return
    this.#plan(Math.max(0, this.#last + this.minGapMs - Date.now()))
  }

  #plan(delayMs: number) {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => this.#round(), delayMs)
    this.#timer.unref()
  }

  async #round() {
    this.#timer = null
    if (this.#closed) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = (async () => {
      try {
        await this.work()
      } finally {
        this.#last = Date.now()
        this.#running = null
        if (!this.#closed && !this.#timer) this.#plan(this.#again ? this.minGapMs : this.everyMs)
        this.#again = false
      }
    })()
    await this.#running
  }

  /** Stops keeping, after the round under way. */
  async close() {
    this.#closed = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    await this.#running
  }
}
