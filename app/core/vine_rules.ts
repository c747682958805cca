import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import type User from '#app/access/user'
import { limitToReferable } from '#app/access/scope'

/** Calendar dates travel as YYYY-MM-DD, which is what date pickers and CSV files hold. */
export const isoDate = () =>
  vine
    .date({ formats: ['YYYY-MM-DD', 'iso8601'] })
    // The transform also sees the null of a nullable date: keep it null, not an invalid DateTime.
    .transform((d) => (d ? DateTime.fromJSDate(d, { zone: 'utc' }).startOf('day') : d))

/**
 * An id that must name an existing row of `table` that the writer may refer to (access/scope.ts):
 * one of another agency reads as missing. A reference the stored record already holds is kept
 * as it is, so an edit is not refused for what someone with a wider scope set.
 */
export const reference = (table: string) =>
  vine
    .number()
    .withoutDecimals()
    .positive()
    .exists({
      table,
      column: 'id',
      filter: (query, value, field) => {
        const meta = field.meta as { user?: User; existing?: Record<string, unknown> | null }
        if (meta.existing && Number(meta.existing[field.name as string]) === Number(value)) return
        limitToReferable(query, meta.user, table)
      },
    })

/** A natural key, unique in its table except for the row being updated. */
export const naturalKey = (table: string, column: string, max = 64) =>
  vine
    .string()
    .trim()
    .minLength(1)
    .maxLength(max)
    .unique({
      table,
      column,
      filter: (query, _value, field) => {
        const id = (field.meta as { id?: number | null }).id
        if (id) query.whereNot('id', id)
      },
    })
