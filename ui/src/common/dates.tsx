import { DateField, useLocaleState, type DateFieldProps } from 'react-admin'

/** Dates in the reader's convention: 2025/1/31 in Taiwan, 31/01/2025 in English. */
function useDateLocale() {
  const [locale] = useLocaleState()
  return locale === 'zh-TW' ? 'zh-TW' : 'en-GB'
}

export function DayField(props: DateFieldProps) {
  return <DateField locales={useDateLocale()} {...props} />
}

export function TimeField(props: DateFieldProps) {
  return <DateField locales={useDateLocale()} showTime {...props} />
}
