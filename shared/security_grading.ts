/**
 * The four levels of a security incident (資通安全事件等級, 資通安全事件通報及應變辦法 art. 2) as a
 * guided assessment: which systems were hit, how badly confidentiality, integrity and
 * availability suffered, and whether official secrets or national secrets were involved. Plain
 * data and one function, read by the API (which stores the proposal) and by the UI's Grade
 * dialog (which shows it as the analyst answers).
 */

export const SECURITY_LEVELS = [1, 2, 3, 4] as const
export type SecurityLevel = (typeof SECURITY_LEVELS)[number]

/**
 * The most important systems touched: non-core ones, core ones (核心資通系統) of business that
 * does not run critical infrastructure, or core ones that do (涉及關鍵基礎設施維運).
 */
export const AFFECTED_SYSTEMS = ['non_core', 'core', 'core_ci'] as const
/** Information leaked (confidentiality) or tampered with (integrity): slightly or seriously. */
export const DATA_IMPACTS = ['none', 'minor', 'serious'] as const
/** Operations affected or stopped: back within the tolerable outage time, or not. */
export const AVAILABILITY_IMPACTS = ['none', 'within_tolerance', 'beyond_tolerance'] as const
/** Classified information among what leaked or was tampered with: general official secrets or sensitive data, or national secrets. */
export const CLASSIFIED_DATA = ['none', 'official', 'national_secret'] as const

export interface SecurityAssessment {
  systems: (typeof AFFECTED_SYSTEMS)[number]
  confidentiality: (typeof DATA_IMPACTS)[number]
  integrity: (typeof DATA_IMPACTS)[number]
  availability: (typeof AVAILABILITY_IMPACTS)[number]
  classified: (typeof CLASSIFIED_DATA)[number]
}

/**
 * How high a system class starts: the regulation climbs one level from non-core to core and one
 * more to core systems of critical infrastructure; a slight harm sits one level above the
 * class's start, a serious one two (so non-core slight is 1, core-CI serious is 4).
 */
const STEP = { non_core: 0, core: 1, core_ci: 2 } as const
const HARM = { none: 0, minor: 1, serious: 2, within_tolerance: 1, beyond_tolerance: 2 } as const

/**
 * The level the regulation's definitions give: the highest of the three dimensions. Leaked or
 * tampered official secrets or sensitive data rank with core systems of critical infrastructure;
 * national secrets are level 4 whatever the harm. Null when nothing was harmed: under the
 * regulation that is not yet a security incident, and the analyst sets a level or cancels.
 */
export function proposedLevel(a: SecurityAssessment): SecurityLevel | null {
  const dataStep = a.classified === 'none' ? STEP[a.systems] : Math.max(STEP[a.systems], STEP.core_ci)
  const dataLevel = (harm: (typeof DATA_IMPACTS)[number]) => {
    if (harm === 'none') return 0
    if (a.classified === 'national_secret') return 4
    return dataStep + HARM[harm]
  }
  const availability = a.availability === 'none' ? 0 : STEP[a.systems] + HARM[a.availability]
  const level = Math.max(dataLevel(a.confidentiality), dataLevel(a.integrity), availability)
  return level === 0 ? null : (level as SecurityLevel)
}

/** Levels 3 and 4 are major incidents: shorter clocks, and the programme's 3-hour target. */
export const isMajor = (level: SecurityLevel | null | undefined) => level === 3 || level === 4

/**
 * The clocks of the incident reporting rules: the agency's report to the authority, the
 * authority's review of the level, damage control or recovery, and the investigation report.
 */
export const LEGAL_CLOCKS = ['report', 'review', 'contain', 'investigation'] as const
export type LegalClockName = (typeof LEGAL_CLOCKS)[number]
export const LEGAL_CLOCK_UNITS = ['hours', 'months'] as const
/** pending: not started (the review waits for a report); stopped: the incident was cancelled. */
export const LEGAL_CLOCK_STATES = ['pending', 'running', 'warning', 'met', 'breached', 'stopped'] as const
export type LegalClockState = (typeof LEGAL_CLOCK_STATES)[number]

export const securityGradingEnums = {
  affected_systems: AFFECTED_SYSTEMS,
  data_impact: DATA_IMPACTS,
  availability_impact: AVAILABILITY_IMPACTS,
  classified_data: CLASSIFIED_DATA,
  legal_clock: LEGAL_CLOCKS,
  legal_clock_unit: LEGAL_CLOCK_UNITS,
  legal_clock_state: LEGAL_CLOCK_STATES,
}

/** The programme's two security KPIs for one scope and month, as the API answers them and the KPI page reads them. */
export interface KpiFigures {
  opened: number
  reported: number
  reported_in_time: number
  reported_percent: number | null
  reported_in_time_percent: number | null
  major: number
  major_answered_in_time: number
  major_answered_percent: number | null
}
