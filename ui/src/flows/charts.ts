import { formatClock, formatDateTime, formatMonthDay } from '../common/taipei_time'

/** Time axes of the flow charts, labelled in Taipei time whatever the browser's zone. */

export function taipeiAxis(spanMs: number, locale: string, min?: Date, max?: Date) {
  // In the console's one convention (common/taipei_time.ts), as the inputs above the charts.
  const tick = (d: Date) => (spanMs <= 2 * 86_400_000 ? formatClock(d) : formatMonthDay(d, locale))
  return {
    scaleType: 'time' as const,
    dataKey: 'date',
    min,
    max,
    valueFormatter: (d: Date, context: { location: string }) => (context.location === 'tick' ? tick(d) : formatDateTime(d, locale)),
  }
}
