import { Typography } from '@mui/material'
import { useFieldValue, useLocaleState, useTranslate, type FieldProps } from 'react-admin'
import { formatDateTime, formatDay } from './taipei_time'

/**
 * Dates in lists and on pages, in the console's one convention per language (taipei_time.ts):
 * 2026-12-06 17:05 in English, 2026/12/06 17:05 in Chinese, Taipei time; the inputs
 * (date_inputs.tsx) show and take the same.
 */
type Props = FieldProps & { emptyText?: string; seconds?: boolean }

function Written({ text, emptyText }: { text: string; emptyText?: string }) {
  const translate = useTranslate()
  return (
    <Typography component="span" variant="body2">
      {text || (emptyText ? translate(emptyText, { _: emptyText }) : '')}
    </Typography>
  )
}

export function DayField({ source, emptyText, record }: Props) {
  const [locale] = useLocaleState()
  const value = useFieldValue({ source, record })
  return <Written text={formatDay(value, locale)} emptyText={emptyText} />
}

export function TimeField({ source, emptyText, record, seconds }: Props) {
  const [locale] = useLocaleState()
  const value = useFieldValue({ source, record })
  return <Written text={formatDateTime(value, locale, { seconds })} emptyText={emptyText} />
}
