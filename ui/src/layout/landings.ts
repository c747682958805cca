/**
 * Where each role starts its day in the console (the home address, #/, sends it there).
 * Plain data and one function, so the unit tests read them without a browser.
 */

/**
 * Where the analysts start. Their own queue (#/security_queue) is being built beside this; until
 * it is in the tree they start on the security events it is made of. One constant to change.
 */
export const ANALYST_LANDING = '/security_events'

/** The overview of the consolidation, where the CIOs (and whoever has no other work here) start. */
export const OVERVIEW_PATH = '/overview'

/**
 * Each role starts on its own work: the network operators (and the administrators, who keep the
 * network's inventory) on the NOC board, the analysts on their queue, a liaison on the page of
 * their agency, the CIOs and auditors on the overview.
 */
export function landingOf(person: { role?: unknown; agency_id?: unknown }): string {
  switch (person.role) {
    case 'noc':
    case 'admin':
      return '/noc'
    case 'analyst':
      return ANALYST_LANDING
    case 'agency_liaison':
      return typeof person.agency_id === 'number' ? `/agencies/${person.agency_id}/show` : OVERVIEW_PATH
    default:
      return OVERVIEW_PATH
  }
}
