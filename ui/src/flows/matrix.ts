/**
 * The agency matrix as a table a person can read: the agencies that send and receive the most
 * get a row and a column each, the rest fold into "other agencies", and every cell keeps its
 * number (the shade only repeats it). Plain functions: tests/unit/ui/flows_view.spec.ts.
 */

export interface MatrixRow {
  src_agency_id: number | null
  dst_agency_id: number | null
  link_id?: number | null
  flows: number
  packets: number
  bytes: number
}

/** An agency id, null for addresses no agency's prefix holds, 'other' for the folded rest. */
export type MatrixKey = number | null | 'other'

export interface MatrixGrid {
  sources: MatrixKey[]
  destinations: MatrixKey[]
  /** Bytes by `${source}|${destination}`. */
  cells: Map<string, number>
  rowTotals: Map<MatrixKey, number>
  columnTotals: Map<MatrixKey, number>
  total: number
  /** The largest cell, which the shades are relative to. */
  max: number
}

export const cellKey = (source: MatrixKey, destination: MatrixKey) => `${source}|${destination}`

function ranked(rows: MatrixRow[], side: (r: MatrixRow) => number | null, limit: number) {
  const totals = new Map<number | null, number>()
  for (const r of rows) totals.set(side(r), (totals.get(side(r)) ?? 0) + r.bytes)
  const order = [...totals.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
  // Folding a single agency into "other" hides its name for nothing: fold only two or more.
  const kept = order.length > limit + 1 ? order.slice(0, limit) : order
  return { kept: new Set(kept.map(([id]) => id)), folded: order.length > kept.length }
}

export function matrixGrid(rows: MatrixRow[], limit = 8): MatrixGrid {
  const src = ranked(rows, (r) => r.src_agency_id, limit)
  const dst = ranked(rows, (r) => r.dst_agency_id, limit)
  const keyOf = (id: number | null, kept: Set<number | null>): MatrixKey => (kept.has(id) ? id : 'other')
  const cells = new Map<string, number>()
  const rowTotals = new Map<MatrixKey, number>()
  const columnTotals = new Map<MatrixKey, number>()
  let total = 0
  for (const r of rows) {
    const s = keyOf(r.src_agency_id, src.kept)
    const d = keyOf(r.dst_agency_id, dst.kept)
    cells.set(cellKey(s, d), (cells.get(cellKey(s, d)) ?? 0) + r.bytes)
    rowTotals.set(s, (rowTotals.get(s) ?? 0) + r.bytes)
    columnTotals.set(d, (columnTotals.get(d) ?? 0) + r.bytes)
    total += r.bytes
  }
  const byTotal = (totals: Map<MatrixKey, number>, folded: boolean) => {
    const keys = [...totals.keys()].filter((k) => k !== 'other').sort((a, b) => totals.get(b)! - totals.get(a)!)
    return folded ? [...keys, 'other' as const] : keys
  }
  return {
    sources: byTotal(rowTotals, src.folded),
    destinations: byTotal(columnTotals, dst.folded),
    cells,
    rowTotals,
    columnTotals,
    total,
    max: Math.max(0, ...cells.values()),
  }
}

/**
 * How dark a cell is, 0 (none) to 4. Square root, so that a cell with a hundredth of the largest
 * is still visibly shaded rather than lost beside it.
 */
export function heatLevel(bytes: number, max: number) {
  if (bytes <= 0 || max <= 0) return 0
  return Math.max(1, Math.min(4, Math.ceil(Math.sqrt(bytes / max) * 4)))
}

/** Backgrounds for levels 0–4 and the text on each: every pair at least 4.5:1 (WCAG 2.1 AA). */
export const HEAT_SHADES = [
  { background: 'transparent', color: 'inherit' },
  { background: '#e3f2fd', color: '#000' },
  { background: '#90caf9', color: '#000' },
  { background: '#1e88e5', color: '#000' },
  { background: '#0d47a1', color: '#fff' },
] as const

/** A link's share of a per-link answer; null: flows no link of the inventory carried. */
export interface LinkShare {
  link: number | null
  bytes: number
}

/** The links of a per-link matrix answer, busiest first (then by id, so the order is stable). */
export function linksByBytes(rows: MatrixRow[]): LinkShare[] {
  const totals = new Map<number | null, number>()
  for (const r of rows) totals.set(r.link_id ?? null, (totals.get(r.link_id ?? null) ?? 0) + r.bytes)
  return [...totals.entries()]
    .map(([link, bytes]) => ({ link, bytes }))
    .sort((a, b) => b.bytes - a.bytes || (a.link ?? -1) - (b.link ?? -1))
}

/** The rows of one link, which matrixGrid lays out as that link's agency matrix. */
export const rowsOfLink = (rows: MatrixRow[], link: number | null) => rows.filter((r) => (r.link_id ?? null) === link)
