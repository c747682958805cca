import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { CsvReference } from '#app/imports/csv_layout'
import type User from '#app/access/user'
import { limitToReferable } from '#app/access/scope'

/**
 * What an import run knows of rows already in the database, so that a file of 17,485 lines asks
 * for each table once per batch rather than once per reference: natural key → id per table, and
 * the ids known to exist (what the validator's `exists` rule is answered from).
 */
export class KnownRows {
  /** The importing account: a reference to a row outside its scope reads as missing (access/scope.ts). */
  constructor(private readonly user: User | null = null) {}

  #ids = new Map<string, Map<string, number>>()
  #known = new Map<string, Set<number>>()

  idOf(table: string, key: string) {
    return this.#ids.get(table)?.get(key)
  }

  remember(table: string, key: string, id: number) {
    let ids = this.#ids.get(table)
    if (!ids) this.#ids.set(table, (ids = new Map()))
    ids.set(key, id)
    this.ids(table).add(id)
  }

  /** The ids of `table` known to exist. */
  ids(table: string) {
    let known = this.#known.get(table)
    if (!known) this.#known.set(table, (known = new Set()))
    return known
  }

  /** Looks up, in one query per table, the natural keys not yet known. */
  async lookUpKeys(trx: TransactionClientContract, references: Iterable<{ ref: CsvReference; code: string }>) {
    const wanted = new Map<string, { ref: CsvReference; codes: Set<string> }>()
    for (const { ref, code } of references) {
      if (this.idOf(ref.table, code) !== undefined) continue
      const id = `${ref.table}.${ref.key}`
      if (!wanted.has(id)) wanted.set(id, { ref, codes: new Set() })
      wanted.get(id)!.codes.add(code)
    }
    for (const { ref, codes } of wanted.values()) {
      const found = await limitToReferable(trx.from(ref.table).select('id', ref.key).whereIn(ref.key, [...codes]), this.user, ref.table)
      for (const r of found) this.remember(ref.table, String(r[ref.key]), Number(r.id))
    }
  }

  /** Checks, in one query per table, which of these ids exist. */
  async checkIds(trx: TransactionClientContract, wanted: Map<string, Set<number>>) {
    for (const [table, ids] of wanted) {
      const found = await trx.from(table).select('id').whereIn('id', [...ids])
      for (const r of found) this.ids(table).add(Number(r.id))
    }
  }
}
