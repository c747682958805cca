import vine from '@vinejs/vine'
import User from '#app/access/user'
import { ROLES } from '#shared/roles'
import { LOCALES } from '#shared/users'
import { FieldError } from '#app/core/errors'
import { message } from '#app/core/messages'
import { reference } from '#app/core/vine_rules'
import { ref } from '#app/core/csv_references'
import { served } from '#app/core/registration'

export { LOCALES }
export const password = () => vine.string().minLength(12).maxLength(128)

export const userValidator = vine.create({
  email: vine
    .string()
    .trim()
    .toLowerCase()
    .email()
    .maxLength(254)
    .unique({
      table: 'users',
      column: 'email',
      filter: (query, _v, field) => {
        const id = (field.meta as { id?: number | null }).id
        if (id) query.whereNot('id', id)
      },
    }),
  full_name: vine.string().trim().maxLength(200).nullable().optional(),
  role: vine.enum(ROLES),
  agency_id: reference('agencies').nullable().optional(),
  locale: vine.enum(LOCALES).optional(),
  active: vine.boolean().optional(),
  password: password().optional(),
})

export const users = served('users', { grants: { admin: 'rcud', noc: '', analyst: '', cio: '', agency_liaison: '', auditor: 'r' } }, {
  model: User,
  validator: userValidator,
  filters: {
    fields: { role: 'exact', agency_id: 'exact', active: 'exact', email: 'exact' },
    sortable: ['email', 'full_name', 'role', 'agency_id', 'last_login_at'],
    defaultSort: ['email', 'ASC'],
  },
  searchExpression: "email || ' ' || coalesce(full_name, '')",
  agencyColumn: 'agency_id',
  naturalKey: 'email',
  csvColumns: ['email', 'full_name', 'role', 'agency_code', 'locale', 'active'],
  csvReferences: { agency_code: ref.agency() },
  async prepare({ row, input, existing, trx }) {
    if (!existing && !input.password) throw new FieldError('password', message('users.password'))
    if (row.role === 'agency_liaison' && !row.agencyId) {
      throw new FieldError('agency_id', message('users.liaison_agency'))
    }
    // A new password or a disabled account ends every session and token the account had: they
    // were granted under the old password, or to someone no longer let in, and enabling the
    // account again must not bring them back.
    if (existing && (input.password || (existing.active && !row.active))) {
      row.authEpoch = (row.authEpoch ?? 0) + 1
      await trx.from('auth_access_tokens').where('tokenable_id', row.id).delete()
    }
  },
})
export const userResource = users.definition
