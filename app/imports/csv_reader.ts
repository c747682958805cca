/**
 * A streaming CSV reader (RFC 4180: comma separated, fields optionally quoted with ", "" inside
 * quotes, CRLF or LF line ends) that keeps the physical line number of every record and keeps
 * going after a broken record.
 *
 * Files arrive from dozens of agencies' spreadsheets, so one stray quote must not swallow the rest
 * of the file: a record that cannot be read is reported at the line where it starts and reading
 * resumes on the next physical line, so every good line around it is still read.
 */
import { message, type Message } from '#app/core/messages'

export interface CsvRecord {
  /** Physical line (1-based) where the record starts. */
  line: number
  /** Physical line where it ends (equal to `line` unless a quoted field holds line breaks). */
  endLine: number
  fields: string[]
  /** Set instead of usable fields when the record is malformed. */
  error?: string
}

export interface CsvReaderOptions {
  /**
   * A quoted field may hold line breaks, but one still open this many lines later is taken to
   * be a missing closing quote rather than a very long cell.
   */
  maxQuotedLines?: number
  /** Language of the errors (the importing account's); English when not given. */
  locale?: string | null
}

type Parsed =
  | { kind: 'more' }
  | { kind: 'record'; fields: string[]; next: number; lines: number }
  | { kind: 'broken'; text: Message }

const QUOTE = 34 // "
const COMMA = 44 // ,
const LF = 10
const CR = 13

export class CsvReader {
  #buffer = ''
  #line = 1
  #expectedFields: number | null = null
  #maxQuotedLines: number
  #locale: string | null

  constructor(options: CsvReaderOptions = {}) {
    this.#maxQuotedLines = options.maxQuotedLines ?? 50
    this.#locale = options.locale ?? null
  }

  /** Feeds decoded text; returns the records completed by it. */
  push(text: string): CsvRecord[] {
    this.#buffer += text
    return this.#drain(false)
  }

  /** Call at end of input; returns the records still held. */
  end(): CsvRecord[] {
    return this.#drain(true)
  }

  #drain(final: boolean): CsvRecord[] {
    const out: CsvRecord[] = []
    let pos = 0
    const buf = this.#buffer
    while (pos < buf.length) {
      const parsed = parseRecord(buf, pos, final, this.#maxQuotedLines)
      if (parsed.kind === 'more') break
      const line = this.#line
      if (parsed.kind === 'record') {
        const spansLines = parsed.lines > 1
        if (spansLines && this.#expectedFields !== null && parsed.fields.length !== this.#expectedFields) {
          out.push({
            line,
            endLine: line,
            fields: [],
            error: message('csv.quote_runs_on', {
              from: line,
              to: line + parsed.lines - 1,
              fields: parsed.fields.length,
              expected: this.#expectedFields,
            }).in(this.#locale),
          })
          ;({ pos } = this.#resumeAfterLine(buf, pos))
          continue
        }
        if (!isBlank(parsed.fields)) {
          out.push({ line, endLine: line + parsed.lines - 1, fields: parsed.fields })
          // The first record is the header: its width is what every line should have, so a
          // quoted field spanning lines that leaves a record of another width was left open.
          this.#expectedFields ??= parsed.fields.length
        }
        this.#line += parsed.lines
        pos = parsed.next
        continue
      }
      // Wait for the whole line before skipping it, or its tail would be read as a record.
      if (!final && buf.indexOf('\n', pos) === -1) break
      out.push({ line, endLine: line, fields: [], error: parsed.text.in(this.#locale) })
      ;({ pos } = this.#resumeAfterLine(buf, pos))
    }
    this.#buffer = buf.slice(pos)
    return out
  }

  /** Skips the physical line a broken record starts on; the lines after it are read afresh. */
  #resumeAfterLine(buf: string, pos: number) {
    const newline = buf.indexOf('\n', pos)
    this.#line += 1
    return { pos: newline === -1 ? buf.length : newline + 1 }
  }
}

/** Rows of nothing but separators, as spreadsheets leave below the data, are not records. */
function isBlank(fields: string[]) {
  return fields.every((f) => f === '')
}

function parseRecord(buf: string, start: number, final: boolean, maxQuotedLines: number): Parsed {
  // Most records are one line without quotes: split them directly.
  const newline = buf.indexOf('\n', start)
  if (newline === -1 && !final) return { kind: 'more' }
  const lineEnd = newline === -1 ? buf.length : newline
  let text = buf.slice(start, lineEnd)
  if (!text.includes('"')) {
    if (text.charCodeAt(text.length - 1) === CR) text = text.slice(0, -1)
    return { kind: 'record', fields: text.split(','), next: lineEnd + 1, lines: 1 }
  }

  const fields: string[] = []
  let pos = start
  let lines = 1
  for (;;) {
    if (buf.charCodeAt(pos) === QUOTE) {
      // Quoted field: runs to the next quote not doubled.
      let value = ''
      let from = pos + 1
      const openedAt = lines
      for (;;) {
        const q = buf.indexOf('"', from)
        const stop = q === -1 ? buf.length : q
        for (let i = buf.indexOf('\n', from); i !== -1 && i < stop; i = buf.indexOf('\n', i + 1)) lines++
        if (lines - openedAt >= maxQuotedLines) {
          return { kind: 'broken', text: message('csv.quote_never_closed') }
        }
        if (q === -1) {
          if (!final) return { kind: 'more' }
          return { kind: 'broken', text: message('csv.quote_never_closed') }
        }
        value += buf.slice(from, q)
        if (buf.charCodeAt(q + 1) === QUOTE) {
          value += '"'
          from = q + 2
          continue
        }
        if (q + 1 >= buf.length && !final) return { kind: 'more' }
        pos = q + 1
        break
      }
      fields.push(value)
      const c = buf.charCodeAt(pos)
      if (c === COMMA) {
        pos++
        continue
      }
      if (pos >= buf.length) return { kind: 'record', fields, next: pos, lines }
      if (c === LF) return { kind: 'record', fields, next: pos + 1, lines }
      if (c === CR && buf.charCodeAt(pos + 1) === LF) return { kind: 'record', fields, next: pos + 2, lines }
      if (c === CR && pos + 1 >= buf.length && !final) return { kind: 'more' }
      return { kind: 'broken', text: message('csv.text_after_quote', { column: fields.length }) }
    }
    // Unquoted field: runs to the next comma or line end. A quote inside it is taken literally
    // (5" rack), as spreadsheets write it.
    const nl = buf.indexOf('\n', pos)
    if (nl === -1 && !final) return { kind: 'more' }
    const end = nl === -1 ? buf.length : nl
    const comma = buf.indexOf(',', pos)
    if (comma !== -1 && comma < end) {
      fields.push(buf.slice(pos, comma))
      pos = comma + 1
      continue
    }
    let value = buf.slice(pos, end)
    if (value.charCodeAt(value.length - 1) === CR) value = value.slice(0, -1)
    fields.push(value)
    return { kind: 'record', fields, next: end + 1, lines }
  }
}
