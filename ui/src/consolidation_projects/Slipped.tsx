import { FunctionField, useTranslate } from 'react-admin'
import { Chip } from '@mui/material'

/** The API's `slipped` said as "Late" (a chip with its word, not only a colour). */
export function Slipped(_: { source?: string; label?: string }) {
  const translate = useTranslate()
  return (
    <FunctionField
      render={(record: { slipped?: boolean }) => (record.slipped ? <Chip size="small" color="error" label={translate('gsn.programme.late')} /> : null)}
    />
  )
}
