/**
 * Which kinds of object grew between two heap snapshots of one process (Node's
 * --heapsnapshot-signal or the inspector's): per constructor (or, for strings, arrays, code and
 * the like, per kind of node), the count and the shallow bytes in each snapshot and the
 * difference, largest growth first. A leak shows as a constructor that grows with time; a heap
 * settling, as growth in code, compiled caches and strings that stops.
 *
 *   node --import=@poppinss/ts-exec bench/heap_diff.ts EARLIER.heapsnapshot LATER.heapsnapshot [--top 25]
 */
import { readFileSync } from 'node:fs'

interface Tally {
  count: number
  bytes: number
}

function tally(file: string) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'))
  const fields: string[] = snapshot.snapshot.meta.node_fields
  const types: string[] = snapshot.snapshot.meta.node_types[0]
  const width = fields.length
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f))
  const nodes: number[] = snapshot.nodes
  const strings: string[] = snapshot.strings
  const byKind = new Map<string, Tally>()
  let total = 0
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]]
    // Objects and closures by their constructor or function name; the rest by their kind.
    const kind = type === 'object' || type === 'closure' ? `${type} ${strings[nodes[i + nameAt]]}` : `(${type})`
    const size = nodes[i + sizeAt]
    total += size
    const t = byKind.get(kind) ?? { count: 0, bytes: 0 }
    t.count++
    t.bytes += size
    byKind.set(kind, t)
  }
  return { byKind, total, nodes: nodes.length / width }
}

const [earlierFile, laterFile] = process.argv.slice(2).filter((a) => !a.startsWith('--'))
if (!earlierFile || !laterFile) throw new Error('usage: heap_diff.ts EARLIER.heapsnapshot LATER.heapsnapshot [--top 25]')
const topAt = process.argv.indexOf('--top')
const top = topAt === -1 ? 25 : Number(process.argv[topAt + 1])
const earlier = tally(earlierFile)
const later = tally(laterFile)
const mib = (bytes: number) => (bytes / 1048576).toFixed(2)
console.log(`heap (shallow sizes): ${mib(earlier.total)} MiB in ${earlier.nodes} nodes → ${mib(later.total)} MiB in ${later.nodes} nodes`)
const kinds = new Set([...earlier.byKind.keys(), ...later.byKind.keys()])
const rows = [...kinds].map((kind) => {
  const a = earlier.byKind.get(kind) ?? { count: 0, bytes: 0 }
  const b = later.byKind.get(kind) ?? { count: 0, bytes: 0 }
  return { kind, a, b, grew: b.bytes - a.bytes }
})
console.log('kind'.padEnd(48), 'count before → after'.padStart(24), 'KiB before → after'.padStart(24), 'KiB grown'.padStart(11))
for (const r of rows.sort((x, y) => y.grew - x.grew).slice(0, top)) {
  console.log(
    r.kind.slice(0, 48).padEnd(48),
    `${r.a.count} → ${r.b.count}`.padStart(24),
    `${(r.a.bytes / 1024).toFixed(0)} → ${(r.b.bytes / 1024).toFixed(0)}`.padStart(24),
    (r.grew / 1024).toFixed(0).padStart(11)
  )
}
