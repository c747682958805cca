import { useRecordContext, useTranslate } from 'react-admin'

/** Where the event came from, in the reader's words. */
export function OriginField({ source = 'origin' }: { source?: string; label?: string }) {
  const record = useRecordContext()
  const translate = useTranslate()
  if (!record) return null
  return <span>{translate(`gsn.security_events.origin.${record[source]}`)}</span>
}
