/** The indicator types the API takes (app/indicators/indicator_values.ts), as choices worded in the reader's language. */
export const INDICATOR_TYPES = ['ipv4', 'ipv6', 'ipv4_prefix', 'ipv6_prefix', 'domain', 'url', 'md5', 'sha1', 'sha256', 'email'] as const

export const typeChoices = INDICATOR_TYPES.map((id) => ({ id, name: `gsn.indicators.type.${id}` }))

export const SIGHTING_SOURCES = ['flow', 'retro_hunt', 'event', 'incident', 'report'] as const
