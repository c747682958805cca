import { ROLES } from './roles.js'

/** The languages the console speaks; an account's choice words its pages and its e-mails. */
export const LOCALES = ['zh-TW', 'en'] as const

export const userEnums = { role: ROLES, locale: LOCALES }
