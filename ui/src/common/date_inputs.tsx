import { useRef } from 'react'
import { IconButton, InputAdornment } from '@mui/material'
import EventIcon from '@mui/icons-material/Event'
import { TextInput, useLocaleState, useTranslate, type TextInputProps, type Validator } from 'react-admin'
import { useFormContext, useWatch } from 'react-hook-form'
import { datePattern, formatDateTime, formatDay, parseDateTime, parseDay, toLocalInput } from './taipei_time'

/**
 * Date and date-time inputs that write what the lists write (common/taipei_time.ts): 2026-12-06
 * 17:05 in English, 2026/12/06 17:05 in Chinese, Taipei time. The browser's own date inputs
 * follow the browser's language instead (06/12/2026 or 12/06/2026, 12-hour clock, the
 * computer's zone), which is why they are not used as the field itself; their calendar still
 * opens from the button beside the field.
 */

type Props = Omit<TextInputProps, 'format' | 'parse' | 'type' | 'validate'> & { validate?: Validator | Validator[] }

/** An instant as the API answers it (`…T…Z` or with an offset), not text someone is still typing. */
const INSTANT = /T.*(Z|[+-]\d{2}:?\d{2})$/
const DAY = /^\d{4}-\d{2}-\d{2}$/

const asList = (validate: Validator | Validator[] | undefined): Validator[] => (validate ? (Array.isArray(validate) ? validate : [validate]) : [])

function PickerButton({ source, kind, value }: { source: string; kind: 'datetime-local' | 'date'; value: string }) {
  const translate = useTranslate()
  const native = useRef<HTMLInputElement>(null)
  const { setValue } = useFormContext()
  const picked = (text: string) => {
    const stored = kind === 'date' ? parseDay(text) : parseDateTime(text)
    if (stored) setValue(source, stored, { shouldDirty: true, shouldValidate: true, shouldTouch: true })
  }
  return (
    <InputAdornment position="end">
      {/* The browser's calendar, kept out of sight and of the tab order: the button opens it. */}
      <input
        ref={native}
        type={kind}
        tabIndex={-1}
        aria-hidden="true"
        aria-label={translate('gsn.dates.calendar')}
        value={value}
        onChange={(event) => picked(event.target.value)}
        style={{ position: 'absolute', right: 0, bottom: 0, width: 1, height: 1, opacity: 0, border: 0, padding: 0, pointerEvents: 'none' }}
      />
      <IconButton
        size="small"
        edge="end"
        aria-label={translate('gsn.dates.calendar')}
        onClick={() => {
          try {
            native.current?.showPicker()
          } catch {
            native.current?.focus()
          }
        }}
      >
        <EventIcon fontSize="small" />
      </IconButton>
    </InputAdornment>
  )
}

/** An instant, typed or picked as a Taipei date and time; the form holds it as ISO 8601 in UTC. */
export function DateTimeInput({ validate, helperText, ...props }: Props) {
  const [locale] = useLocaleState()
  const translate = useTranslate()
  const pattern = datePattern(locale, true)
  const example = formatDateTime(new Date(), locale)
  const value = useWatch({ name: props.source })
  const readable: Validator = (v) => (typeof v === 'string' && v !== '' && !INSTANT.test(v) ? { message: 'gsn.dates.invalid', args: { example } } : undefined)
  return (
    <TextInput
      {...props}
      format={(v: unknown) => (typeof v === 'string' && INSTANT.test(v) ? formatDateTime(v, locale) : ((v as string | null) ?? ''))}
      parse={(text: string) => (text.trim() === '' ? null : (parseDateTime(text) ?? text))}
      validate={[...asList(validate), readable]}
      helperText={helperText ?? translate('gsn.dates.hint', { example })}
      placeholder={pattern}
      slotProps={{
        input: { endAdornment: <PickerButton source={props.source} kind="datetime-local" value={typeof value === 'string' && INSTANT.test(value) ? toLocalInput(value) : ''} /> },
        inputLabel: { shrink: true },
      }}
    />
  )
}

/** A day (`2026-12-06` in the form and the API), typed or picked in the reader's convention. */
export function DateInput({ validate, helperText, ...props }: Props) {
  const [locale] = useLocaleState()
  const translate = useTranslate()
  const pattern = datePattern(locale, false)
  const example = formatDay(new Date(), locale)
  const value = useWatch({ name: props.source })
  const readable: Validator = (v) => (typeof v === 'string' && v !== '' && !DAY.test(v) ? { message: 'gsn.dates.invalid_day', args: { example } } : undefined)
  return (
    <TextInput
      {...props}
      format={(v: unknown) => (typeof v === 'string' && DAY.test(v) ? formatDay(v, locale) : ((v as string | null) ?? ''))}
      parse={(text: string) => (text.trim() === '' ? null : (parseDay(text) ?? text))}
      validate={[...asList(validate), readable]}
      helperText={helperText ?? translate('gsn.dates.hint_day', { example })}
      placeholder={pattern}
      slotProps={{
        input: { endAdornment: <PickerButton source={props.source} kind="date" value={typeof value === 'string' && DAY.test(value) ? value : ''} /> },
        inputLabel: { shrink: true },
      }}
    />
  )
}
