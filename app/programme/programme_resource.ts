import { routed } from '#app/core/registration'

const routes = () => import('#app/programme/programme_routes')

/** The plan's yearly targets, national and per ministry: everyone reads them, admins set them (each edit a new version). */
export const programmeTargets = routed('programme_targets', {
  grants: { admin: 'ru', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'r', auditor: 'r' },
  routes,
})

/** What agencies report (certifications, spend baselines and savings): liaisons enter their own agency's. */
export const programmeFigures = routed('programme_figures', {
  grants: { admin: 'ru', noc: 'r', analyst: 'r', cio: 'r', agency_liaison: 'ru', auditor: 'r' },
  routes,
})

/** The monthly programme review (JSON, CSV, PDF): every role reads it over its scope; CIOs write its comment. */
export const programmeReviews = routed('programme_reviews', {
  grants: { admin: 'ru', noc: 'r', analyst: 'r', cio: 'ru', agency_liaison: 'r', auditor: 'r' },
  routes,
})
