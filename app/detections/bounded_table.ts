/**
 * A detector's memory: entries keyed by what they watch. Entries live in two generations: a
 * touch finds its entry in the current one, or brings it over from the previous one; a sweep
 * (once a minute of flow time) drops the previous generation whole when everything in it is
 * older than the detector's window, and the current one becomes the previous. An idle entry so
 * lives between one and two windows, and neither touching nor sweeping walks the table or
 * reorders a map on every flow (that cost more than the rules themselves). When the current
 * generation holds half of `capacity`, the previous one is evicted whole and counted, so a flood
 * of spoofed sources costs the detector its oldest state, never the process its memory.
 */
export class BoundedTable<V> {
  #current = new Map<string, V>()
  #previous = new Map<string, V>()
  /** When the current generation began, and the latest touch in it. */
  #rotatedAt = Number.NEGATIVE_INFINITY
  #latest = Number.NEGATIVE_INFINITY
  /** Entries dropped because the table was full (state an attacker may have pushed out). */
  evicted = 0
  /** Entries dropped because they were idle past their window. */
  expired = 0

  constructor(readonly capacity: number) {}

  get size() {
    return this.#current.size + this.#previous.size
  }

  get(key: string): V | undefined {
    return this.#current.get(key) ?? this.#previous.get(key)
  }

  /** The entry for the key, made by `create` if absent. */
  touch(key: string, now: number, create: () => V): V {
    if (now > this.#latest) this.#latest = now
    let value = this.#current.get(key)
    if (value !== undefined) return value
    value = this.#previous.get(key)
    if (value !== undefined) {
      this.#previous.delete(key)
      this.#current.set(key, value)
      return value
    }
    if (this.#current.size >= this.capacity / 2) {
      // Full: the older generation goes whole. Evicting one key at a time costs a scan over the
      // holes deleted keys leave at the front of a Map, which grew with the table.
      this.evicted += this.#previous.size
      this.#previous = this.#current
      this.#current = new Map()
    }
    value = create()
    this.#current.set(key, value)
    return value
  }

  delete(key: string) {
    this.#current.delete(key)
    this.#previous.delete(key)
  }

  /** Drops what was last touched before `before`, a generation at a time. */
  expire(before: number, now: number) {
    if (this.#rotatedAt > before) return
    this.expired += this.#previous.size
    if (this.#latest < before) {
      this.expired += this.#current.size
      this.#previous = new Map()
    } else {
      this.#previous = this.#current
    }
    this.#current = new Map()
    this.#rotatedAt = now
    this.#latest = Number.NEGATIVE_INFINITY
  }

  values() {
    return [...this.#previous.values(), ...this.#current.values()]
  }
}
