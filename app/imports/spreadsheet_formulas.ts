/**
 * A cell that starts with =, +, -, @, a tab or a carriage return is run as a formula when a
 * spreadsheet program opens the file (OWASP's "CSV injection"): a liaison could plant one in a
 * name for an admin to open. Exports put a quote mark in front, which spreadsheets read as
 * "text"; imports take it off again. A value that already starts with quote marks before such a
 * character gets one more, so the round trip gives back exactly what was stored.
 */
const NEEDS_QUOTE = /^'*[=+\-@\t\r]/
const QUOTED = /^'+[=+\-@\t\r]/

export function quoteFormula(text: string): string {
  return NEEDS_QUOTE.test(text) ? `'${text}` : text
}

export function unquoteFormula(text: string): string {
  return QUOTED.test(text) ? text.slice(1) : text
}
