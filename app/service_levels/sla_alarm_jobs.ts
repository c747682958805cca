import logger from '@adonisjs/core/services/logger'
import { queue } from '#app/platform/queues'
import type { SlaState } from '#app/service_levels/sla_clock'
import type { LegalClockName } from '#shared/security_grading'

/**
 * The SLA warnings (at 75% of a clock) and breaches as BullMQ delayed jobs on 'sla-clocks',
 * scheduled whenever an incident's clock is worked out again. One job per incident, clock and
 * kind is pending at a time: a new instant replaces the delayed job (deduplication with
 * replace), and the job's id carries the instant, so scheduling the same instant twice is one
 * job. A job that fires checks the clock again (sla_alarms.ts), so a stale one does nothing.
 * The legal clocks of security incidents (app/security_grading/legal_alarms.ts) ride the same
 * queue and worker, their clocks named `legal_<clock>`.
 */
export const SLA_QUEUE = 'sla-clocks' as const
export const SLA_JOB = 'sla-alarm'
export const SLA_CLOCKS = ['respond', 'resolve'] as const
export const SLA_ALARMS = ['warning', 'breach'] as const
export type SlaClockName = (typeof SLA_CLOCKS)[number]
export type AlarmClockName = SlaClockName | `legal_${LegalClockName}`
export type SlaAlarmKind = (typeof SLA_ALARMS)[number]

export interface SlaAlarmJob {
  incidentId: number
  clock: AlarmClockName
  kind: SlaAlarmKind
  /** The instant the alarm was scheduled for, ISO. */
  at: string
}

export function alarmJobId(job: Omit<SlaAlarmJob, 'at'> & { at: Date }) {
  return `sla-${job.incidentId}-${job.clock}-${job.kind}-${job.at.getTime()}`
}

/** The alarms of clocks that run, each at its instant (at once if already past). */
export function alarmsOf(incidentId: number, clock: SlaState | null): Array<SlaAlarmJob & { due: Date }> {
  if (!clock) return []
  const out = []
  for (const name of SLA_CLOCKS) {
    for (const kind of SLA_ALARMS) {
      const due = clock[`${name}_${kind}_at`]
      if (due) out.push({ incidentId, clock: name, kind, at: due.toISOString(), due })
    }
  }
  return out
}

/**
 * Never throws: it runs after the change is committed, and a Redis that is down must not turn a
 * saved change into an error. The clock is worked out again at the incident's next change.
 */
export async function scheduleAlarms(clocks: Map<number, SlaState | null>, now = Date.now()) {
  await queueAlarms([...clocks].flatMap(([id, clock]) => alarmsOf(id, clock)), now)
}

/** Puts alarms on the queue, each delayed to its instant; never throws (see scheduleAlarms). */
export async function queueAlarms(jobs: Array<SlaAlarmJob & { due: Date }>, now = Date.now()) {
  try {
    await Promise.all(
      jobs.map(({ due, ...data }) =>
        queue(SLA_QUEUE).add(SLA_JOB, data, {
          jobId: alarmJobId({ ...data, at: due }),
          delay: Math.max(0, due.getTime() - now),
          deduplication: { id: `sla-${data.incidentId}-${data.clock}-${data.kind}`, replace: true },
          attempts: 5,
          backoff: { type: 'exponential', delay: 5_000 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        })
      )
    )
  } catch (error) {
    logger.warn({ err: error }, `${jobs.length} clock alarm(s) not scheduled: ${(error as Error).message}`)
  }
}
