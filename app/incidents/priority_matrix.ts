import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { Impact, Urgency } from '#shared/service_desk'

/**
 * An incident's priority is not typed but read off the priority matrix, ITIL's impact × urgency
 * table, which admins keep as data (table priority_matrix). Every producer (people, monitoring,
 * later detections) states impact and urgency and the matrix decides, so one place ranks them.
 */

export type Priority = 'P1' | 'P2' | 'P3' | 'P4'
export interface MatrixCell {
  impact: Impact
  urgency: Urgency
  priority: Priority
}

/**
 * The matrix a new installation starts with: the diagonal from high/high (P1) to low/low (P4),
 * one step down for each level of impact or urgency below high, P4 from three steps on.
 */
export const DEFAULT_MATRIX: readonly MatrixCell[] = [
  { impact: 'high', urgency: 'high', priority: 'P1' },
  { impact: 'high', urgency: 'medium', priority: 'P2' },
  { impact: 'high', urgency: 'low', priority: 'P3' },
  { impact: 'medium', urgency: 'high', priority: 'P2' },
  { impact: 'medium', urgency: 'medium', priority: 'P3' },
  { impact: 'medium', urgency: 'low', priority: 'P4' },
  { impact: 'low', urgency: 'high', priority: 'P3' },
  { impact: 'low', urgency: 'medium', priority: 'P4' },
  { impact: 'low', urgency: 'low', priority: 'P4' },
]

/**
 * The priority the matrix gives. A cell missing from the stored matrix (it is edited, never
 * emptied, but a half-restored database may lack one) falls back to the default's.
 */
export function priorityFrom(matrix: readonly MatrixCell[], impact: Impact, urgency: Urgency): Priority {
  const cell = matrix.find((c) => c.impact === impact && c.urgency === urgency) ?? DEFAULT_MATRIX.find((c) => c.impact === impact && c.urgency === urgency)
  if (!cell) throw new Error(`no priority for impact ${impact} and urgency ${urgency}`)
  return cell.priority
}

type Client = Pick<QueryClientContract | TransactionClientContract, 'from'>

/** The matrix as admins keep it, read in the caller's transaction. */
export async function storedMatrix(client: Client) {
  return (await client.from('priority_matrix').select('impact', 'urgency', 'priority')) as MatrixCell[]
}

/** The stored matrix's answer, read in the caller's transaction. */
export async function matrixPriority(client: Client, impact: Impact, urgency: Urgency) {
  return priorityFrom(await storedMatrix(client), impact, urgency)
}
