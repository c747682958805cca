/**
 * The pure half of an import: which columns a file holds, and what one line of it says. No
 * database here, so every rule about headers and cells is unit-tested on its own. Errors are
 * worded in the importing account's language (English when none is given).
 */
import { message } from '#app/core/messages'
import { unquoteFormula } from '#app/imports/spreadsheet_formulas'

export interface CsvReference {
  column: string
  table: string
  key: string
}

export interface ImportSpec {
  resource: string
  table: string
  /** CSV column (and table column) that identifies a row. */
  naturalKey: string
  csvColumns: string[]
  references: Record<string, CsvReference>
  /** CSV columns a file must have: the key and every field the validator requires. */
  requiredColumns: string[]
}

export interface RowError {
  /** Physical line of the file (the header is line 1). */
  line: number
  /** CSV column the problem is in, or null when it concerns the whole line. */
  field: string | null
  message: string
}

export interface Layout {
  spec: ImportSpec
  /** CSV column names in file order. */
  columns: string[]
  /** Language of the lines' errors. */
  locale: string | null
}

/** Column names compare without case or surrounding blanks, as people retype them. */
export function normaliseColumn(name: string) {
  return name.trim().toLowerCase()
}

/** Checks the header line; a file whose header is wrong is refused before any row is read. */
export function readHeader(
  spec: ImportSpec,
  fields: string[],
  locale: string | null = null
): { layout: Layout | null; errors: RowError[] } {
  const errors: RowError[] = []
  const columns = fields.map(normaliseColumn)
  const known = new Set(spec.csvColumns)
  const seen = new Set<string>()
  for (const column of columns) {
    if (column === '') {
      errors.push({ line: 1, field: null, message: message('csv.empty_column').in(locale) })
    } else if (!known.has(column)) {
      errors.push({
        line: 1,
        field: column,
        message: message('csv.unknown_column', { column, resource: spec.resource, columns: spec.csvColumns }).in(locale),
      })
    } else if (seen.has(column)) {
      errors.push({ line: 1, field: column, message: message('csv.duplicate_column', { column }).in(locale) })
    }
    seen.add(column)
  }
  for (const column of spec.requiredColumns) {
    if (!seen.has(column)) {
      errors.push({ line: 1, field: column, message: message('csv.missing_column', { column }).in(locale) })
    }
  }
  return errors.length ? { layout: null, errors } : { layout: { spec, columns, locale }, errors }
}

/** One line's cells by column name; an empty cell is null (a value to clear). */
export type Cells = Record<string, string | null>

export function cellsOf(layout: Layout, fields: string[], line: number): { cells: Cells | null; error: RowError | null } {
  if (fields.length !== layout.columns.length) {
    return {
      cells: null,
      error: {
        line,
        field: null,
        message: message('csv.field_count', { fields: fields.length, columns: layout.columns.length }).in(layout.locale),
      },
    }
  }
  if (fields.some((f) => f.includes('\uFFFD'))) {
    return {
      cells: null,
      error: { line, field: null, message: message('csv.not_utf8').in(layout.locale) },
    }
  }
  const cells: Cells = {}
  layout.columns.forEach((column, i) => {
    cells[column] = fields[i] === '' ? null : unquoteFormula(fields[i])
  })
  return { cells, error: null }
}

/** The natural key as rows are matched on it (validators trim it the same way). */
export function keyOf(spec: ImportSpec, cells: Cells): string | null {
  const raw = cells[spec.naturalKey]
  const key = raw?.trim()
  return key ? key : null
}

/** Natural-key codes a line refers to, by CSV column. */
export function referencesOf(spec: ImportSpec, cells: Cells) {
  const out: Array<{ csvColumn: string; ref: CsvReference; code: string }> = []
  for (const [csvColumn, ref] of Object.entries(spec.references)) {
    const code = cells[csvColumn]?.trim()
    if (code) out.push({ csvColumn, ref, code })
  }
  return out
}

/**
 * The body the resource's validator sees: plain columns as they are, reference columns turned
 * into the id column they name (agency_code "A1" → agency_id 7). Columns the file does not have
 * are left out, so an update keeps what is stored for them.
 */
export function bodyOf(
  spec: ImportSpec,
  cells: Cells,
  idOf: (csvColumn: string, code: string) => number | undefined
): { body: Record<string, unknown>; unresolved: Array<{ csvColumn: string; code: string }> } {
  const body: Record<string, unknown> = {}
  const unresolved: Array<{ csvColumn: string; code: string }> = []
  for (const [column, value] of Object.entries(cells)) {
    const ref = spec.references[column]
    if (!ref) {
      body[column] = value
      continue
    }
    const code = value?.trim()
    if (!code) {
      body[ref.column] = null
      continue
    }
    const id = idOf(column, code)
    if (id === undefined) unresolved.push({ csvColumn: column, code })
    else body[ref.column] = id
  }
  return { body, unresolved }
}

/** Field names in validator or hook messages, renamed to the CSV column the user sees. */
export function csvFieldOf(spec: ImportSpec, field: string) {
  for (const [csvColumn, ref] of Object.entries(spec.references)) {
    if (ref.column === field) return csvColumn
  }
  return field
}

export function csvMessage(spec: ImportSpec, field: string, message: string) {
  const csvColumn = csvFieldOf(spec, field)
  return csvColumn === field ? message : message.replace(new RegExp(`\\b${field}\\b`, 'g'), csvColumn)
}

export interface OmittedErrors {
  line: null
  field: null
  message: string
  omitted: number
}

/** Errors kept on a job; beyond the cap only their number is kept. */
export class ErrorLog {
  readonly items: RowError[] = []
  omitted = 0
  constructor(
    readonly cap = 1000,
    readonly locale: string | null = null
  ) {}

  add(error: RowError) {
    if (this.items.length < this.cap) this.items.push(error)
    else this.omitted++
  }

  /** In line order (rows whose references came later in the file are checked last). */
  toJSON(): Array<RowError | OmittedErrors> {
    const items = [...this.items].sort((a, b) => a.line - b.line)
    if (!this.omitted) return items
    const omitted = message('csv.errors_omitted', { count: this.omitted }).in(this.locale)
    return [...items, { line: null, field: null, message: omitted, omitted: this.omitted }]
  }
}
