import { Chip } from '@mui/material'
import { useRecordContext, useTranslate } from 'react-admin'

export const TLPS = ['clear', 'green', 'amber', 'amber_strict', 'red'] as const
export type Tlp = (typeof TLPS)[number]

/**
 * TLP 2.0's colours (FIRST) as the chip's background, always with the marking written on it in
 * black: the colour helps, the words say it (black on #FF2B2B is 5.6:1, on the others more).
 */
const COLOURS: Record<Tlp, string> = { clear: '#ffffff', green: '#33ff00', amber: '#ffc000', amber_strict: '#ffc000', red: '#ff2b2b' }

export function TlpChip({ tlp }: { tlp: Tlp }) {
  const translate = useTranslate()
  return (
    <Chip
      size="small"
      label={translate(`gsn.indicators.tlp.${tlp}`)}
      title={translate(`gsn.indicators.tlp_help.${tlp}`)}
      data-tlp={tlp}
      sx={{ bgcolor: COLOURS[tlp], color: '#000', fontWeight: 600, border: '1px solid #000' }}
    />
  )
}

export function TlpField() {
  const record = useRecordContext<{ tlp: Tlp }>()
  return record ? <TlpChip tlp={record.tlp} /> : null
}

export const tlpChoices = TLPS.map((id) => ({ id, name: `gsn.indicators.tlp.${id}` }))
