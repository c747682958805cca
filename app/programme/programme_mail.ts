import nodemailer from 'nodemailer'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import User from '#app/access/user'
import { localeOf, message } from '#app/core/messages'
import { monthBounds } from '#app/reports/monthly_figures'
import { loadBusinessTime } from '#app/service_levels/office_calendar'
import notificationsConfig from '#config/notifications'
import { programmeReport } from '#app/programme/programme_report'
import { programmePdf } from '#app/programme/programme_pdf'
import { lastEndedMonth } from '#app/programme/programme_snapshots'

/**
 * The monthly e-mail: on the first working day of a month (the office calendar's, holidays and
 * make-up days included), every active CIO gets the month just ended's review of their own scope
 * (the nation, or their ministry) as a PDF attachment, in their language. Each CIO gets each month
 * once (programme_mailings); one that could not be sent is tried again at the next run.
 */

/** The first working day of the month after `month`, in Taipei (YYYY-MM-DD). */
export async function firstWorkingDayAfter(month: string) {
  const { to } = monthBounds(month)
  const time = await loadBusinessTime()
  return DateTime.fromJSDate(time.add(to, 1), { zone: 'Asia/Taipei' }).toISODate()!
}

/**
 * Sends `month`'s review to the CIOs who have not had it. `only` narrows it to some accounts
 * (a re-send to named people). Answers who got it and who could not be sent to.
 */
export async function mailProgrammeReviews(month: string, options: { only?: number[] } = {}) {
  const query = User.query()
    .where('role', 'cio')
    .where('active', true)
    .whereRaw('NOT EXISTS (SELECT 1 FROM programme_mailings m WHERE m.user_id = users.id AND m.month = ?)', [month])
  if (options.only) query.whereIn('id', options.only)
  const cios = await query.orderBy('id')
  const smtp = notificationsConfig.smtp
  const transport = nodemailer.createTransport({
    host: smtp.host, port: smtp.port, secure: smtp.secure, requireTLS: smtp.requireTLS,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
  })
  const sent: string[] = []
  const failed: Array<{ email: string; reason: string }> = []
  // One PDF per scope and language, however many CIOs share them.
  const pdfs = new Map<string, Promise<{ pdf: Buffer; scope: string }>>()
  try {
    for (const cio of cios) {
      const locale = localeOf(cio.locale)
      const key = `${cio.agencyId ?? 'nation'}:${locale}`
      try {
        if (!pdfs.has(key)) {
          pdfs.set(key, (async () => {
            const report = await programmeReport(cio, month, undefined, { locale })
            const scope = report.scope.agency_id === null ? message('programme.pdf.nation').in(locale) : (locale === 'en' && report.scope.name_en) || report.scope.name || ''
            return { pdf: await programmePdf(report, locale), scope }
          })())
        }
        const { pdf, scope } = await pdfs.get(key)!
        const subject = `${message('programme.pdf.title').in(locale)} ${month} · ${scope}`
        await transport.sendMail({
          from: smtp.from,
          to: cio.email,
          subject,
          text: `${subject}\n\n${message('programme.mail_body', { month }).in(locale)}\n\nGSN Console`,
          attachments: [{ filename: `programme-${month}.pdf`, content: pdf, contentType: 'application/pdf' }],
        })
        await db.table('programme_mailings').insert({ month, user_id: cio.id }).onConflict(['month', 'user_id']).ignore()
        sent.push(cio.email)
      } catch (error) {
        failed.push({ email: cio.email, reason: (error as Error).message })
      }
    }
  } finally {
    transport.close()
  }
  return { month, sent, failed }
}

/** The scheduled job: from the first working day of a month on, the month just ended goes out. */
export async function monthlyMailJob(now = new Date()) {
  const month = lastEndedMonth(now)
  const today = DateTime.fromJSDate(now, { zone: 'Asia/Taipei' }).toISODate()!
  if (today < (await firstWorkingDayAfter(month))) return { month, sent: [], failed: [], waiting: true }
  return { ...(await mailProgrammeReviews(month)), waiting: false }
}
