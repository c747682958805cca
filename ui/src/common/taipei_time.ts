/**
 * The console's one way of writing dates and times, in Taipei time whatever the browser's zone
 * (the programme's people and its network are there). Each language has one convention, the
 * same in lists, pages and inputs, year first so that no reader takes 06/12 for June:
 *
 *   English   2026-12-06 17:05   (ISO 8601's order, 24-hour clock)
 *   繁體中文  2026/12/06 17:05   (Taiwan's order, 24-hour clock)
 *
 * Inputs accept either separator and the `T` of ISO 8601 (what <input type="datetime-local">
 * and scripts give), and read what is typed as Taipei time.
 */

export const TAIPEI = 'Asia/Taipei'
/** Taipei keeps UTC+8 the whole year (no daylight saving since 1979). */
const TAIPEI_OFFSET_MS = 8 * 3600_000

/** The Intl locale for the reader's language, where Intl wording is wanted (month names, weekdays). */
export function dateLocale(locale: string) {
  return locale === 'zh-TW' ? 'zh-TW' : 'en-GB'
}

const separatorOf = (locale: string) => (locale === 'zh-TW' ? '/' : '-')

/** How a date and a date-time are written in the reader's language, for inputs' hints. */
export function datePattern(locale: string, withTime: boolean) {
  const s = separatorOf(locale)
  return `YYYY${s}MM${s}DD${withTime ? ' HH:mm' : ''}`
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The wall clock in Taipei at an instant. */
function taipeiClock(at: Date) {
  const t = new Date(at.getTime() + TAIPEI_OFFSET_MS)
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds() }
}

const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/

function toDate(value: string | number | Date) {
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/**
 * A day: `2026-12-06` (a date column, written as it is) or an instant (its day in Taipei).
 * Anything unreadable comes back as it was given.
 */
export function formatDay(value: string | number | Date | null | undefined, locale: string) {
  if (value === null || value === undefined || value === '') return ''
  const s = separatorOf(locale)
  const day = typeof value === 'string' ? DAY_ONLY.exec(value) : null
  if (day) return `${day[1]}${s}${day[2]}${s}${day[3]}`
  const date = toDate(value)
  if (!date) return String(value)
  const c = taipeiClock(date)
  return `${c.y}${s}${pad(c.mo)}${s}${pad(c.d)}`
}

/** An instant as a Taipei date and time, to the minute (or the second, for logs). */
export function formatDateTime(value: string | number | Date | null | undefined, locale: string, options: { seconds?: boolean } = {}) {
  if (value === null || value === undefined || value === '') return ''
  const date = toDate(value)
  if (!date) return String(value)
  const c = taipeiClock(date)
  const s = separatorOf(locale)
  return `${c.y}${s}${pad(c.mo)}${s}${pad(c.d)} ${pad(c.h)}:${pad(c.mi)}${options.seconds ? `:${pad(c.s)}` : ''}`
}

/** A day of the month without its year (chart ticks over weeks): 12-06, 12/06. */
export function formatMonthDay(value: string | number | Date, locale: string) {
  const date = toDate(value)
  if (!date) return String(value)
  const c = taipeiClock(date)
  return `${pad(c.mo)}${separatorOf(locale)}${pad(c.d)}`
}

/** A time of day in Taipei (chart ticks within a day). */
export function formatClock(value: string | number | Date, options: { seconds?: boolean } = {}) {
  const date = toDate(value)
  if (!date) return String(value)
  const c = taipeiClock(date)
  return `${pad(c.h)}:${pad(c.mi)}${options.seconds ? `:${pad(c.s)}` : ''}`
}

const TYPED = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/

/** The parts of a typed date (and time), or null when it is no real day and time. */
function typedParts(text: string) {
  const m = TYPED.exec(text.trim())
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const hasTime = m[4] !== undefined
  const [h, mi, s] = hasTime ? [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)] : [0, 0, 0]
  const check = new Date(Date.UTC(y, mo - 1, d))
  // 2026-02-31 rolls over to March in Date.UTC: refused rather than read as another day.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null
  if (h > 23 || mi > 59 || s > 59) return null
  return { y, mo, d, h, mi, s, hasTime }
}

/** A typed Taipei date and time (`2026/12/06 17:05`, `2026-12-06T17:05`) → ISO 8601 in UTC, or null. */
export function parseDateTime(text: string): string | null {
  const p = typedParts(text)
  if (!p || !p.hasTime) return null
  return new Date(Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - TAIPEI_OFFSET_MS).toISOString()
}

/** A typed day (`2026/12/06`, `2026-12-6`) → `2026-12-06`, or null. */
export function parseDay(text: string): string | null {
  const p = typedParts(text)
  if (!p || p.hasTime) return null
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}`
}

/** An instant as the value of an <input type="datetime-local"> showing Taipei time. */
export function toLocalInput(iso: string): string {
  const date = toDate(iso)
  return date ? new Date(date.getTime() + TAIPEI_OFFSET_MS).toISOString().slice(0, 16) : ''
}

/** The GSN programme's first year (2008–2011): no report of the console's is older. */
export const PROGRAMME_FIRST_YEAR = 2008

/** 'YYYY-MM' of the month under way in Taipei (the reports' default month). */
export function currentMonth(now = new Date()) {
  const { y, mo } = taipeiClock(now)
  return `${y}-${pad(mo)}`
}

/** The month before a 'YYYY-MM'. */
export function monthBefore(month: string) {
  const [y, m] = month.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`
}

/** Every month from January of `fromYear` to the month under way, newest first, as 'YYYY-MM'. */
export function monthsSince(fromYear: number, now = new Date()) {
  const months: string[] = []
  for (let month = currentMonth(now); Number(month.slice(0, 4)) >= fromYear; month = monthBefore(month)) months.push(month)
  return months
}

/** A month ('YYYY-MM') in the reader's words: "November 2026", 「2026年11月」. */
export function formatMonth(month: string, locale: string) {
  return new Intl.DateTimeFormat(dateLocale(locale), { year: 'numeric', month: 'long', timeZone: TAIPEI }).format(new Date(`${month}-15T00:00:00+08:00`))
}
