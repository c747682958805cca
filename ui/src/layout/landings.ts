/**
 * Where each role starts its day in the console (the home address, #/, sends it there).
 * Plain data and one function, so the unit tests read them without a browser.
 */

/** Where the analysts start: their queue, the security incidents nearest their legal deadline first. */
export const ANALYST_LANDING = '/security_queue'

/** Where the CIOs start: the programme review of the month (issue 13's home page for them). */
export const CIO_LANDING = '/programme'

/** The overview of the consolidation, where the CIOs (and whoever has no other work here) start. */
export const OVERVIEW_PATH = '/overview'

/**
 * Each role starts on its own work: the network operators (and the administrators, who keep the
 * network's inventory) on the NOC board, the analysts on their queue, a liaison on the page of
 * their agency, the CIOs on the programme review, the auditors on the overview.
 */
export function landingOf(person: { role?: unknown; agency_id?: unknown }): string {
  switch (person.role) {
    case 'noc':
    case 'admin':
      return '/noc'
    case 'analyst':
      return ANALYST_LANDING
    case 'cio':
      return CIO_LANDING
    case 'agency_liaison':
      return typeof person.agency_id === 'number' ? `/agencies/${person.agency_id}/show` : OVERVIEW_PATH
    default:
      return OVERVIEW_PATH
  }
}
