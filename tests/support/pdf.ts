import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A PDF's text as pdftotext (poppler-utils) reads it, spaces and line breaks made single spaces. */
export function pdfText(bytes: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'programme-pdf-'))
  writeFileSync(join(dir, 'review.pdf'), bytes)
  return execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'review.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
}
