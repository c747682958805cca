import { timeline, type TimelineRecord } from '#app/core/timeline'

/**
 * A change's timeline (app/core/timeline.ts): each move, vote, board decision, window opened or
 * ended and warning, with who and when.
 */
export const CHANGE_TIMELINE_KINDS = ['opened', 'moved', 'vote', 'decided', 'board', 'window', 'warning'] as const
export type ChangeTimelineKind = (typeof CHANGE_TIMELINE_KINDS)[number]

export type ChangeEntry = TimelineRecord<ChangeTimelineKind>

const changeTimeline = timeline<ChangeTimelineKind>({ table: 'change_timeline', owner: 'change_id', entity: 'changes' })

export const addChangeTimeline = changeTimeline.add
/** Saves a change with its audit row and timeline entries. */
export const saveChange = changeTimeline.save
/** Oldest first, worded in the reader's language. */
export const changeTimelineOf = changeTimeline.read
