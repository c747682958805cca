import { Redis, type RedisOptions } from 'ioredis'

export interface RedisListOptions {
  redis: RedisOptions
  key: string
  /**
   * How the sensor pushes: Suricata's eve-log `redis` output in `list` mode (its default) LPUSHes,
   * so the oldest entry is at the right and is taken with BRPOP; in `rpush` mode it is at the
   * left and is taken with BLPOP.
   */
  mode?: 'list' | 'lpush' | 'rpush'
  /** Seconds each blocking pop waits before looking whether it should stop (default 1). */
  blockSeconds?: number
  onLine: (line: string) => void
  onProblem?: (detail: string) => void
}

/**
 * Takes the EVE lines a sensor pushes onto a Redis list, oldest first, one blocking pop at a
 * time on a connection of its own (a blocking pop holds its connection). A popped entry is
 * handed on before the next pop; what is still in the list when the reader stops stays there
 * for the next start.
 */
export class RedisListReader {
  #redis: Redis | null = null
  #running = false
  #loop: Promise<void> = Promise.resolve()
  popped = 0
  failures = 0

  constructor(private options: RedisListOptions) {}

  async start() {
    this.#redis = new Redis({ ...this.options.redis, lazyConnect: true, maxRetriesPerRequest: null })
    this.#redis.on('error', (error) => this.options.onProblem?.(`redis: ${error.message}`))
    await this.#redis.connect()
    this.#running = true
    this.#loop = this.#run()
  }

  async #run() {
    const fromLeft = this.options.mode === 'rpush'
    const block = this.options.blockSeconds ?? 1
    while (this.#running) {
      try {
        const popped = fromLeft ? await this.#redis!.blpop(this.options.key, block) : await this.#redis!.brpop(this.options.key, block)
        if (!popped) continue
        this.popped++
        this.options.onLine(popped[1])
      } catch (error) {
        if (!this.#running) break
        this.failures++
        this.options.onProblem?.(`redis pop from ${this.options.key}: ${(error as Error).message}`)
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
    }
  }

  async stop() {
    this.#running = false
    await this.#loop
    await this.#redis?.quit().catch(() => this.#redis?.disconnect())
    this.#redis = null
  }
}
