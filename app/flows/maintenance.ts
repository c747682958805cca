import { flowStore } from '#app/flows/flow_store'
import { ensureFlowPartitionsAhead } from '#app/flows/partitions'

/** Today's and tomorrow's partitions made (PostgreSQL), what is past retention dropped (either store). */
export async function maintainFlows(now: Date) {
  const store = await flowStore()
  if (store.kind === 'postgresql') await ensureFlowPartitionsAhead(now)
  return store.expire(now)
}
