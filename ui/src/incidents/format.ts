import { dateLocale } from '../noc/format'

/**
 * Times on the incident pages as the service desk reads them: stamps in Taipei time whatever the
 * browser's zone (ages and deadlines read "3 hr. ago" through noc/format.ts's formatAgo).
 */

export const ZONE = 'Asia/Taipei'

export function taipeiTime(iso: string, locale: string) {
  return new Intl.DateTimeFormat(dateLocale(locale), {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso))
}
