import { useNotify } from 'react-admin'
import { useLiveEvents } from '../noc/useLiveEvents'

/**
 * A toast for each live event that concerns the reader under a topic they hear live (the server
 * names those topics and words the text in the reader's language); the board's own events pass.
 */
export function LiveToasts() {
  const notify = useNotify()
  useLiveEvents((event) => {
    if (event.topics?.length && event.text) notify(event.text, { type: 'info', autoHideDuration: 8000 })
  })
  return null
}
