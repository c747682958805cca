/**
 * What a search box term matches. Taiwan writes some characters either way in names of the same
 * place or body (臺北 and 台北, 裏 and 裡): to every reader they are one word, so a term finds
 * both spellings. The term is widened into its spellings rather than the column narrowed by
 * `translate()`, so the trigram indexes over each table's names still serve the search.
 */
const VARIANTS: ReadonlyArray<readonly [string, string]> = [
  ['台', '臺'],
  ['裡', '裏'],
]

/** The term as typed and with each variant pair written all one way and all the other. */
export function spellings(term: string): string[] {
  let forms = new Set([term])
  for (const [a, b] of VARIANTS) {
    if (!term.includes(a) && !term.includes(b)) continue
    const next = new Set<string>()
    for (const form of forms) {
      next.add(form.replaceAll(b, a))
      next.add(form.replaceAll(a, b))
    }
    forms = next
  }
  return [...forms]
}

/** A LIKE pattern matching the text anywhere, with LIKE's own wildcards taken literally. */
export function containsPattern(text: string) {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`
}

/** The SQL condition (with its bindings) that `expression` holds the term in any spelling. */
export function termCondition(expression: string, term: string): { sql: string; bindings: string[] } {
  const forms = spellings(term)
  return { sql: `(${forms.map(() => `(${expression}) ILIKE ?`).join(' OR ')})`, bindings: forms.map(containsPattern) }
}

/** The agencies' names, Chinese and English, and code: the expression of their trigram index. */
export const AGENCY_NAMES = "name || ' ' || coalesce(name_en, '') || ' ' || code"

/**
 * Also matches rows whose agency is named by the term, in Chinese or English: "taipei" finds the
 * lines of 臺北市政府, whose own names are Chinese only.
 */
export function termConditionWithAgency(expression: string, agencyColumn: string, term: string) {
  const own = termCondition(expression, term)
  const agency = termCondition(AGENCY_NAMES, term)
  return {
    sql: `(${own.sql} OR ${agencyColumn} IN (SELECT id FROM agencies WHERE ${agency.sql}))`,
    bindings: [...own.bindings, ...agency.bindings],
  }
}

/** The same rule for lists filtered in memory. */
export function textHasTerm(text: string, term: string) {
  const haystack = text.toLowerCase()
  return spellings(term.toLowerCase()).some((form) => haystack.includes(form))
}
