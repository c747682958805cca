import { DateTime } from 'luxon'

/** Serialise a date column as YYYY-MM-DD rather than a midnight timestamp. */
export const dateColumn = {
  serialize: (value: DateTime | null) => (value ? value.toISODate() : null),
  prepare: (value: DateTime | string | null) =>
    value instanceof DateTime ? value.toISODate() : value,
}
