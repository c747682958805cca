/**
 * A detector's memory: entries keyed by what they watch, each stamped with the flow time it was
 * last touched. Entries idle longer than the detector's window expire; past `capacity` the least
 * recently touched one is evicted and counted, so a flood of spoofed sources costs the detector
 * its oldest state, never the process its memory.
 */
export class BoundedTable<V> {
  readonly #entries = new Map<string, { value: V; touched: number }>()
  /** Entries dropped because the table was full (state an attacker may have pushed out). */
  evicted = 0
  /** Entries dropped because they were idle past their window. */
  expired = 0

  constructor(readonly capacity: number) {}

  get size() {
    return this.#entries.size
  }

  get(key: string): V | undefined {
    return this.#entries.get(key)?.value
  }

  /** The entry for the key (made by `create` if absent), moved to the most recently used end. */
  touch(key: string, now: number, create: () => V): V {
    const entry = this.#entries.get(key)
    if (entry) {
      this.#entries.delete(key)
      entry.touched = Math.max(entry.touched, now)
      this.#entries.set(key, entry)
      return entry.value
    }
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next().value as string
      this.#entries.delete(oldest)
      this.evicted++
    }
    const value = create()
    this.#entries.set(key, { value, touched: now })
    return value
  }

  delete(key: string) {
    this.#entries.delete(key)
  }

  /** Drops entries last touched before `before`; the map is in touch order, so it stops at the first fresh one. */
  expire(before: number) {
    for (const [key, entry] of this.#entries) {
      if (entry.touched >= before) break
      this.#entries.delete(key)
      this.expired++
    }
  }

  values() {
    return [...this.#entries.values()].map((e) => e.value)
  }
}
