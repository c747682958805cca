/** Time axes of the flow charts, labelled in Taipei time whatever the browser's zone. */

const locales = (locale: string) => (locale === 'zh-TW' ? 'zh-TW' : 'en-GB')

export function taipeiAxis(spanMs: number, locale: string, min?: Date, max?: Date) {
  const tick = new Intl.DateTimeFormat(
    locales(locale),
    spanMs <= 2 * 86_400_000
      ? { timeZone: 'Asia/Taipei', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { timeZone: 'Asia/Taipei', month: 'numeric', day: 'numeric' }
  )
  const full = new Intl.DateTimeFormat(locales(locale), { timeZone: 'Asia/Taipei', dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23' })
  return {
    scaleType: 'time' as const,
    dataKey: 'date',
    min,
    max,
    valueFormatter: (d: Date, context: { location: string }) => (context.location === 'tick' ? tick.format(d) : full.format(d)),
  }
}
