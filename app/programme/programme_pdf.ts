import { existsSync } from 'node:fs'
import { DateTime } from 'luxon'
import type { Browser } from 'playwright-core'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { message, type Locale, type MessageKey } from '#app/core/messages'
import type { ProgrammeReport } from '#app/programme/programme_report'

/**
 * The review as a printable page and as a PDF. The page is built here from the same report the
 * JSON answers (so the figures cannot differ), in the reader's language, and printed by the
 * headless Chromium the project already drives for its browser tests: one engine for screen and
 * print. Chinese needs a CJK font on the machine (scripts/lib.sh installs one).
 */

const CHROMIUM = env.get('CHROMIUM_PATH') || '/usr/bin/chromium'

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Figures as both the page and the tests write them: grouped thousands, up to two decimals. */
export function figure(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–'
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 })
}

export const percentOf = (share: number | null) => (share === null ? '–' : `${figure(Math.round(share * 1000) / 10)}%`)

export function programmeHtml(report: ProgrammeReport, locale: Locale, now = new Date()) {
  const w = (key: MessageKey, ...params: any[]) => escape((message as any)(key, ...params).in(locale))
  const scopeName = report.scope.agency_id === null ? w('programme.pdf.nation') : escape(locale === 'en' && report.scope.name_en ? report.scope.name_en : report.scope.name ?? '')
  const forecast = (t: ProgrammeReport['tiles'][number]) => {
    if (!t.forecast) return w('programme.pdf.none')
    if (t.forecast.met) return `${w('programme.pdf.met')} ${t.forecast.month}`
    if (!t.forecast.month) return w('programme.pdf.not_at_pace')
    return `${t.forecast.month} (${t.forecast.earliest ?? '–'} – ${t.forecast.latest ?? '–'})`
  }
  const row = (cells: string[], header = false) => `<tr>${cells.map((c) => (header ? `<th scope="col">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`
  const tiles = report.tiles
    .map((t) =>
      row([
        w(`programme.measure.${t.measure}` as MessageKey), figure(t.baseline), figure(t.year_target), `${figure(t.final_target)}${t.final_year ? ` (${t.final_year})` : ''}`,
        figure(t.planned), `<strong>${figure(t.actual)}</strong>`, percentOf(t.progress), forecast(t),
      ])
    )
    .join('')
  const ranking = report.ranking
    .map((r) => row([escape(`${locale === 'en' && r.name_en ? r.name_en : r.name} (${r.code})`), figure(r.data_centres), figure(r.information_systems), figure(r.agency_lines), percentOf(r.behind)]))
    .join('')
  const late = report.late_projects
    .map((p) => row([escape(`${p.name} (${p.code})`), p.planned_date, escape(p.owner ?? ''), escape(p.blockers ?? '')]))
    .join('')
  const service = Object.entries(report.service)
    .map(([key, value]) =>
      row([
        w(`programme.figure.${key}` as MessageKey),
        typeof value === 'object' && value !== null ? Object.entries(value).map(([p, n]) => `${p} ${figure(n as number)}`).join(' · ') : figure(value as number | null),
      ])
    )
    .join('')
  const security = Object.entries(report.security)
    .filter(([key]) => key !== 'targets')
    .map(([key, value]) => row([w(`programme.figure.${key}` as MessageKey), figure(value as number | null)]))
    .join('')
  const at = DateTime.fromJSDate(now, { zone: 'Asia/Taipei' }).toFormat('yyyy-MM-dd HH:mm')
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${w('programme.pdf.title')} ${report.month} ${scopeName}</title>
<style>
  @page { size: A4; margin: 14mm 12mm; }
  body { font-family: "Noto Sans CJK TC", "WenQuanYi Micro Hei", sans-serif; font-size: 10pt; color: #111; }
  h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12pt; margin: 14pt 0 4pt; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: 3pt 4pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
  th { background: #eee; } tr { page-break-inside: avoid; } p { margin: 2pt 0; }
</style></head>
<body>
<h1>${w('programme.pdf.title')} · ${scopeName}</h1>
<p>${w('programme.pdf.month', { month: report.month })} · ${w('programme.pdf.source', { source: report.source ?? '' })}</p>
<p>${w('programme.pdf.generated', { at })}</p>
<h2>${w('programme.pdf.measures')}</h2>
<table>${row([w('programme.pdf.measure'), w('programme.pdf.baseline'), w('programme.pdf.year_target'), w('programme.pdf.final_target'), w('programme.pdf.planned'), w('programme.pdf.actual'), w('programme.pdf.progress'), w('programme.pdf.forecast')], true)}${tiles}</table>
${report.ranking.length ? `<h2>${w('programme.pdf.ranking')}</h2><table>${row([w('programme.pdf.agency'), w('programme.measure.data_centres'), w('programme.measure.information_systems'), w('programme.measure.agency_lines'), w('programme.pdf.behind')], true)}${ranking}</table>` : ''}
${report.late_projects.length ? `<h2>${w('programme.pdf.late')}</h2><table>${row([w('programme.pdf.project'), w('programme.pdf.planned_date'), w('programme.pdf.owner'), w('programme.pdf.blockers')], true)}${late}</table>` : ''}
<h2>${w('programme.pdf.service')}</h2><table>${service}</table>
<h2>${w('programme.pdf.security')}</h2><table>${security}</table>
${report.comment ? `<h2>${w('programme.pdf.comment')}</h2><p>${escape(report.comment.body)}</p>` : ''}
${report.notes.length ? `<h2>${w('programme.pdf.notes')}</h2>${report.notes.map((n) => `<p>${escape(n)}</p>`).join('')}` : ''}
</body></html>`
}

/**
 * One Chromium for the server process, launched on the first PDF (a launch costs seconds, and
 * 15–20 s on a loaded machine), launched again when it died, closed when the application ends.
 * Each PDF gets a fresh context of its own, so nothing is shared between two readers' pages.
 */
let shared: Promise<Browser> | null = null
let closeOnEnd = false

async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`)
  const { chromium } = await import('playwright-core')
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** The server's Chromium, launched when there is none or the last one died. */
export async function pdfBrowser(): Promise<Browser> {
  for (let pending = shared; pending; pending = shared) {
    const browser = await pending.catch(() => null)
    if (browser?.isConnected()) return browser
    // Dead or failed: the first caller to see it launches again; the others wait on that one.
    if (shared === pending) shared = null
  }
  const launching = launch()
  shared = launching
  launching.then(
    (browser) => browser.on('disconnected', () => shared === launching && (shared = null)),
    () => shared === launching && (shared = null)
  )
  if (!closeOnEnd) {
    closeOnEnd = true
    app.terminating(() => closePdfBrowser())
  }
  return launching
}

/** Closes the server's Chromium if one runs (the application ending, or a test). */
export async function closePdfBrowser() {
  const current = shared
  shared = null
  const browser = current && (await current.catch(() => null))
  if (browser?.isConnected()) await browser.close()
}

/**
 * Prints the page to PDF in a context of its own in the server's Chromium that only ever sees
 * this page: JavaScript is off, it is given the HTML directly and every request it would make is
 * refused, so nothing typed into the report (an agency's name, the comment) can reach out. A
 * browser that died under the request is launched again and the page printed once more.
 */
export async function programmePdf(report: ProgrammeReport, locale: Locale): Promise<Buffer> {
  const html = programmeHtml(report, locale)
  for (let attempt = 1; ; attempt++) {
    const browser = await pdfBrowser()
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, locale })
      try {
        await context.route('**/*', (route) => route.abort())
        const page = await context.newPage()
        await page.setContent(html, { waitUntil: 'load' })
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
      } finally {
        await context.close().catch(() => {})
      }
    } catch (error) {
      if (attempt > 1 || browser.isConnected()) throw error
    }
  }
}
