import { timeline, type TimelineRecord } from '#app/core/timeline'
import type { Message } from '#app/core/messages'

/**
 * A problem's timeline (app/core/timeline.ts): its moves and the incidents filed under it and
 * taken out, with who and when.
 */
export const PROBLEM_TIMELINE_KINDS = ['opened', 'moved', 'known_error', 'linked', 'unlinked', 'incidents_resolved'] as const
export type ProblemTimelineKind = (typeof PROBLEM_TIMELINE_KINDS)[number]

/** Every entry of a problem says what happened in the system's words. */
export type ProblemEntry = TimelineRecord<ProblemTimelineKind> & { message: Message }

const problemTimeline = timeline<ProblemTimelineKind>({ table: 'problem_timeline', owner: 'problem_id', entity: 'problems' })

export const addProblemTimeline = problemTimeline.add
/** Saves a change to a problem with its audit row and timeline entries. */
export const saveProblem = problemTimeline.save
/** Oldest first, worded in the reader's language. */
export const problemTimelineOf = problemTimeline.read
