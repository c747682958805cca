import { TAIPEI, formatDateTime } from '../common/taipei_time'

/**
 * Times on the incident pages as the service desk reads them: stamps in Taipei time whatever the
 * browser's zone, in the console's one convention (common/taipei_time.ts); ages and deadlines
 * read "3 hr. ago" through noc/format.ts's formatAgo.
 */

export const ZONE = TAIPEI

export function taipeiTime(iso: string, locale: string) {
  return formatDateTime(iso, locale)
}
