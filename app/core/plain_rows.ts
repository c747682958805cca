import { Settings } from 'luxon'
import type { LucidModel, LucidRow } from '@adonisjs/lucid/types/model'

/**
 * Rows read for an answer only (lists and shows), serialised as the model would serialise them
 * without building a model per row: hydrating and serialising 25 Lucid models was about a sixth
 * of a list's server time under load (bench/api_load.ts). The answer is the model's to the byte:
 * the same fields (its columns, less those it hides, under their serialised names), and every
 * value passed through the column's own consume and serialize, except timestamps, which take a
 * shortcut giving the text Luxon gives in the process's zone.
 */

type Field = { column: string; name: string; convert: ((value: unknown) => unknown) | null }

const fieldsOf = new WeakMap<LucidModel, Field[]>()

function fields(model: LucidModel): Field[] {
  const known = fieldsOf.get(model)
  if (known) return known
  model.boot()
  const instance = Object.create(model.prototype) as LucidRow
  const made: Field[] = []
  for (const [attribute, definition] of model.$columnsDefinitions) {
    if (definition.serializeAs === null) continue
    const { consume, serialize } = definition
    const modelWay =
      consume || serialize
        ? (value: unknown) => {
            const consumed = consume ? consume(value, attribute, instance) : value
            return serialize ? serialize(consumed, attribute, instance) : consumed
          }
        : null
    const convert = modelWay && definition.meta?.type === 'datetime' && shortcutHolds(modelWay) ? shortTimestamp(modelWay) : modelWay
    made.push({ column: definition.columnName, name: definition.serializeAs, convert })
  }
  fieldsOf.set(model, made)
  return made
}

/**
 * A timestamp as Luxon's toISO() writes it (2026-12-06T10:52:03.504+00:00) when the process's
 * zone is UTC at that instant and the year has four digits; otherwise the model's own way.
 */
function shortTimestamp(modelWay: (value: unknown) => unknown) {
  return (value: unknown) => {
    if (!(value instanceof Date)) return modelWay(value)
    const ms = value.getTime()
    const year = value.getUTCFullYear()
    if (Number.isNaN(ms) || year < 1 || year > 9999 || Settings.defaultZone.offset(ms) !== 0) return modelWay(value)
    return `${value.toISOString().slice(0, -1)}+00:00`
  }
}

/** Whether a timestamp column serialises as the shortcut writes (not so if a model words its own). */
function shortcutHolds(modelWay: (value: unknown) => unknown) {
  const short = shortTimestamp(modelWay)
  return [new Date(Date.UTC(2026, 11, 6, 10, 52, 3, 504)), new Date(0), new Date(Date.UTC(1999, 0, 1, 23, 59, 59, 1))].every(
    (sample) => short(sample) === modelWay(sample)
  )
}

/** A database row as `model.serialize()` of the same row would give it. */
export function serializePlain(model: LucidModel, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const { column, name, convert } of fields(model)) {
    if (!(column in row)) continue
    const value = row[column]
    out[name] = convert ? convert(value) : value
  }
  return out
}
