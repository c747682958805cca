import { useEffect, useState } from 'react'
import { formatDateTime } from '../common/taipei_time'

/** Line rates as operators say them: 940 Mbps, 9.4 Gbps (SI prefixes, as circuits are sold). */
export function formatBps(bps: number | null | undefined, digits = 3) {
  if (bps === null || bps === undefined || !Number.isFinite(bps)) return '—'
  const units = ['bps', 'kbps', 'Mbps', 'Gbps', 'Tbps']
  let value = bps
  let unit = 0
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${Number(value.toPrecision(digits))} ${units[unit]}`
}

export function formatKbps(kbps: number | null | undefined) {
  return kbps === null || kbps === undefined ? '—' : formatBps(kbps * 1000)
}

/** Utilisation arrives as a fraction of the line speed. */
export function formatPercent(fraction: number | null | undefined, digits = 0) {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—'
  return `${(fraction * 100).toFixed(digits)}%`
}

export function formatRate(perSecond: number | null | undefined) {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond)) return '—'
  if (perSecond === 0) return '0'
  return perSecond < 0.01 ? perSecond.toExponential(1) : String(Number(perSecond.toPrecision(3)))
}

export { dateLocale } from '../common/taipei_time'

/** A stamp in Taipei time, in the console's one convention (common/taipei_time.ts). */
export function formatTime(iso: string | null | undefined, locale: string) {
  if (!iso) return '—'
  return formatDateTime(iso, locale)
}

/** "3 min ago" in the reader's language, for last polls and state ages. */
export function formatAgo(iso: string | null | undefined, locale: string, now: number) {
  if (!iso) return '—'
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000)
  const rtf = new Intl.RelativeTimeFormat(locale === 'zh-TW' ? 'zh-TW' : 'en', { numeric: 'auto', style: 'short' })
  const abs = Math.abs(seconds)
  if (abs < 60) return rtf.format(seconds, 'second')
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute')
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour')
  return rtf.format(Math.round(seconds / 86400), 'day')
}

/** The current time, ticking, so that "2 min ago" keeps true on a screen nobody touches. */
export function useNow(everyMs = 15_000) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}
