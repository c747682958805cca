import { test } from '@japa/runner'
import {
  criteriaFromParams,
  criteriaToParams,
  fillSteps,
  flowQuery,
  fromTaipeiInput,
  stepFor,
  toTaipeiInput,
  windowOf,
} from '../../../ui/src/flows/criteria.js'
import { endpoint, formatBytes, portLabel, protocolName, tcpFlagsText } from '../../../ui/src/flows/format.js'
import { cellKey, HEAT_SHADES, heatLevel, linksByBytes, matrixGrid, rowsOfLink, type MatrixRow } from '../../../ui/src/flows/matrix.js'

/** How the traffic explorer reads its address, builds the API's queries and lays out what comes back. */

const row = (src: number | null, dst: number | null, bytes: number): MatrixRow => ({ src_agency_id: src, dst_agency_id: dst, flows: 1, packets: 1, bytes })

test.group('Traffic explorer criteria', () => {
  test('criteria survive the address bar: written and read back they are the same', ({ assert }) => {
    const c = { range: 'custom' as const, from: '2026-12-05T16:00:00.000Z', to: '2026-12-06T04:00:00.000Z', address: '10.1.0.0/16', port: 443, protocol: 6, agency_id: 12, link_id: 7 }
    assert.deepEqual(criteriaFromParams(criteriaToParams(c)), c)
    assert.deepEqual(criteriaFromParams(criteriaToParams({ range: '24h' })), { range: '24h' })
  })

  test('what a person typed wrong in the address is left out, never sent', ({ assert }) => {
    assert.deepEqual(criteriaFromParams(new URLSearchParams('range=forever&port=-1&protocol=tcp&agency_id=1.5&address=%20')), { range: '1h' })
    // A custom range without both ends falls back to the last hour rather than an open range.
    assert.deepEqual(criteriaFromParams(new URLSearchParams('range=custom&from=2026-12-01T00:00:00Z')), { range: '1h' })
    assert.deepEqual(criteriaFromParams(new URLSearchParams('range=custom&from=yesterday&to=2026-12-01T00:00:00Z')), { range: '1h' })
    // Port 0 is a port (ICMP echo replies are exported with it).
    assert.deepEqual(criteriaFromParams(new URLSearchParams('port=0')), { range: '1h', port: 0 })
  })

  test('a preset range ends on the next whole minute, so the answer can come from minute aggregates and stays cached within the minute', ({ assert }) => {
    const now = Date.parse('2026-12-06T10:17:42.500Z')
    assert.deepEqual(windowOf({ range: '1h' }, now), { from: '2026-12-06T09:18:00.000Z', to: '2026-12-06T10:18:00.000Z' })
    assert.deepEqual(windowOf({ range: '24h' }, now + 10_000), windowOf({ range: '24h' }, now))
    assert.equal(windowOf({ range: '7d' }, now).from, '2026-11-29T10:18:00.000Z')
    // On the minute itself the window ends there.
    assert.equal(windowOf({ range: '1h' }, Date.parse('2026-12-06T10:17:00.000Z')).to, '2026-12-06T10:17:00.000Z')
    const custom = { range: 'custom' as const, from: '2026-12-01T00:00:00.000Z', to: '2026-12-02T00:00:00.000Z' }
    assert.deepEqual(windowOf(custom, now), { from: custom.from, to: custom.to })
  })

  test('the API query carries the window, every filter given and the route\'s own parameters', ({ assert }) => {
    const q = new URLSearchParams(flowQuery({ range: '1h', address: '2001:db8::/32', protocol: 17 }, { from: 'A', to: 'B' }, { limit: 10, direction: 'dst' }))
    assert.deepEqual(Object.fromEntries(q), { from: 'A', to: 'B', address: '2001:db8::/32', protocol: '17', limit: '10', direction: 'dst' })
  })

  test('custom times are Taipei wall-clock times whatever the browser\'s zone', ({ assert }) => {
    assert.equal(fromTaipeiInput('2026-12-06T08:00'), '2026-12-06T00:00:00.000Z')
    assert.equal(fromTaipeiInput('2026-01-01T07:59'), '2025-12-31T23:59:00.000Z')
    assert.equal(toTaipeiInput('2025-12-31T23:59:00.000Z'), '2026-01-01T07:59')
    assert.equal(fromTaipeiInput(toTaipeiInput('2026-06-30T17:30:00.000Z'))!, '2026-06-30T17:30:00.000Z')
    for (const bad of ['', '2026-02-31T10:00', '2026-12-06 08:00', '2026-12-06T25:00', 'now']) assert.isNull(fromTaipeiInput(bad), bad)
  })

  test('a chart step keeps a window under 400 points with steps the API accepts', ({ assert }) => {
    const span = (ms: number) => ({ from: new Date(0).toISOString(), to: new Date(ms).toISOString() })
    assert.equal(stepFor(span(3600_000)), 60)
    assert.equal(stepFor(span(86_400_000)), 300)
    assert.equal(stepFor(span(7 * 86_400_000)), 3600)
    assert.equal(stepFor(span(400 * 86_400_000)), 86_400)
  })

  test('steps the API left out are zero, not gaps; rows land on their own step', ({ assert }) => {
    const window = { from: '2026-12-06T10:00:00.000Z', to: '2026-12-06T10:05:00.000Z' }
    const filled = fillSteps([{ time: '2026-12-06T10:02:00.000Z', bps: 800, flows: 3 }], window, 60)
    assert.deepEqual(
      filled.map((p) => [new Date(p.time).toISOString().slice(11, 16), p.bps, p.flows]),
      [['10:00', 0, 0], ['10:01', 0, 0], ['10:02', 800, 3], ['10:03', 0, 0], ['10:04', 0, 0]]
    )
  })

  test('a step that has not ended and settled is not drawn: the one under way would dip by the flows still to come', ({ assert }) => {
    // The walk on the demo: the window ends at the next whole minute, so its last step is always under way.
    const window = { from: '2026-12-06T10:00:00.000Z', to: '2026-12-06T10:05:00.000Z' }
    const rows = ['10:02', '10:03', '10:04'].map((m) => ({ time: `2026-12-06T${m}:00.000Z`, bps: m === '10:04' ? 90 : 800 }))
    const steps = (now: string) => fillSteps(rows, window, 60, Date.parse(now)).map((p) => new Date(p.time).toISOString().slice(11, 16))
    // At 10:04:20 the minute 10:03 ended 20 s ago (its last flows may still be on their way), 10:04 is under way.
    assert.deepEqual(steps('2026-12-06T10:04:20.000Z'), ['10:00', '10:01', '10:02'])
    assert.deepEqual(steps('2026-12-06T10:04:30.000Z'), ['10:00', '10:01', '10:02', '10:03'])
    // A window wholly past draws every step.
    assert.deepEqual(steps('2026-12-07T00:00:00.000Z'), ['10:00', '10:01', '10:02', '10:03', '10:04'])
    // Five-minute steps of a day: the last one (10:00–10:05) only once 10:05:30 has passed.
    const day = { from: '2026-12-05T10:05:00.000Z', to: '2026-12-06T10:05:00.000Z' }
    assert.equal(fillSteps([], day, 300, Date.parse('2026-12-06T10:05:10.000Z')).length, 287)
    assert.equal(fillSteps([], day, 300, Date.parse('2026-12-06T10:05:30.000Z')).length, 288)
  })
})

test.group('Traffic explorer formats', () => {
  test('protocols by name, ICMP type/code out of the port, TCP flags as nfdump prints them', ({ assert }) => {
    assert.equal(protocolName(6), 'TCP')
    assert.equal(protocolName(58), 'ICMPv6')
    assert.equal(protocolName(253), '253')
    assert.equal(portLabel(1, 8 * 256), '8/0')
    assert.equal(portLabel(58, 128 * 256 + 0), '128/0')
    assert.equal(portLabel(1, 3 * 256 + 3), '3/3')
    assert.equal(portLabel(6, 443), '443 (HTTPS)')
    assert.equal(portLabel(17, 443), '443 (QUIC)')
    assert.equal(portLabel(6, 50_000), '50000')
    assert.equal(tcpFlagsText(6, 0x02), '......S.')
    assert.equal(tcpFlagsText(6, 0x1b), '...AP.SF')
    assert.equal(tcpFlagsText(17, 0x1b), '—')
  })

  test('byte counts with SI prefixes; endpoints with ports only where the protocol has them', ({ assert }) => {
    assert.equal(formatBytes(999), '999 B')
    assert.equal(formatBytes(1_234_567), '1.23 MB')
    assert.equal(formatBytes(null), '—')
    assert.equal(endpoint('192.0.2.1', 443, 6), '192.0.2.1:443')
    assert.equal(endpoint('2001:db8::1', 53, 17), '[2001:db8::1]:53')
    assert.equal(endpoint('192.0.2.1', 2048, 1), '192.0.2.1')
  })
})

test.group('Agency matrix layout', () => {
  test('rows send, columns receive, both ordered by bytes; totals add up', ({ assert }) => {
    const grid = matrixGrid([row(1, 2, 500), row(2, 1, 100), row(1, null, 50), row(null, 2, 5)])
    assert.deepEqual(grid.sources, [1, 2, null])
    assert.deepEqual(grid.destinations, [2, 1, null])
    assert.equal(grid.cells.get(cellKey(1, 2)), 500)
    assert.equal(grid.cells.get(cellKey(null, 2)), 5)
    assert.isUndefined(grid.cells.get(cellKey(2, 2)))
    assert.equal(grid.rowTotals.get(1), 550)
    assert.equal(grid.columnTotals.get(2), 505)
    assert.equal(grid.total, 655)
    assert.equal(grid.max, 500)
  })

  test('beyond the limit the smaller agencies fold into "other", but a single one keeps its name', ({ assert }) => {
    const rows = [row(1, 9, 900), row(2, 9, 800), row(3, 9, 700), row(4, 9, 600), row(5, 8, 500)]
    const folded = matrixGrid(rows, 2)
    assert.deepEqual(folded.sources, [1, 2, 'other'])
    assert.equal(folded.cells.get(cellKey('other', 9)), 1300)
    assert.equal(folded.rowTotals.get('other'), 1800)
    assert.deepEqual(folded.destinations, [9, 8])
    assert.equal(folded.total, 3500)
    assert.deepEqual(matrixGrid(rows.slice(0, 3), 2).sources, [1, 2, 3])
  })

  test('per link: links busiest first (flows on no link as one more), and each link\'s rows make its own matrix', ({ assert }) => {
    const on = (link: number | null, r: MatrixRow): MatrixRow => ({ ...r, link_id: link })
    const rows = [on(7, row(1, 2, 300)), on(3, row(1, 2, 400)), on(7, row(2, 1, 200)), on(null, row(1, null, 50)), on(9, row(2, 2, 500))]
    assert.deepEqual(linksByBytes(rows), [
      { link: 7, bytes: 500 },
      { link: 9, bytes: 500 },
      { link: 3, bytes: 400 },
      { link: null, bytes: 50 },
    ])
    const seven = matrixGrid(rowsOfLink(rows, 7))
    assert.deepEqual(seven.sources, [1, 2])
    assert.equal(seven.cells.get(cellKey(1, 2)), 300)
    assert.equal(seven.cells.get(cellKey(2, 1)), 200)
    assert.equal(seven.total, 500)
    assert.deepEqual(rowsOfLink(rows, null).map((r) => r.bytes), [50])
    assert.deepEqual(linksByBytes([]), [])
  })

  test('shades grow with the bytes, any traffic is visibly shaded, and none is blank', ({ assert }) => {
    assert.equal(heatLevel(0, 100), 0)
    assert.equal(heatLevel(1, 1_000_000), 1)
    assert.equal(heatLevel(100, 100), 4)
    assert.isAtMost(heatLevel(10, 100), heatLevel(50, 100))
    assert.lengthOf(HEAT_SHADES, 5)
  })

  test('every shade keeps its text at 4.5:1 or more (WCAG 2.1 AA)', ({ assert }) => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    const expand = (c: string) => (c === '#000' ? '#000000' : c === '#fff' ? '#ffffff' : c)
    for (const shade of HEAT_SHADES.slice(1)) {
      const [a, b] = [luminance(shade.background), luminance(expand(shade.color))].sort((x, y) => y - x)
      assert.isAtLeast((a + 0.05) / (b + 0.05), 4.5, shade.background)
    }
  })
})
