import { TextField } from '@mui/material'
import { useLocaleState } from 'react-admin'
import { formatMonth, monthsSince, PROGRAMME_FIRST_YEAR } from './taipei_time'

/**
 * A report's month, worded in the reader's language ("November 2026", 「2026年11月」). Not
 * <input type="month">: Chromium words that in the browser's own language whatever the
 * console's, so a Chinese page read "November 2026". A native select, so the keyboard and screen
 * readers get the platform's own list.
 */
export function MonthField({ label, value, onChange, fromYear = PROGRAMME_FIRST_YEAR }: { label: string; value: string; onChange: (month: string) => void; fromYear?: number }) {
  const [locale] = useLocaleState()
  const months = monthsSince(fromYear)
  if (value && !months.includes(value)) months.push(value)
  return (
    <TextField
      select
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      size="small"
    >
      {months.map((month) => (
        <option key={month} value={month}>
          {formatMonth(month, locale)}
        </option>
      ))}
    </TextField>
  )
}

