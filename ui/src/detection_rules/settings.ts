/** react-admin's translate, as far as these read it. */
type Translate = (key: string) => string

/** A setting as the list shows it: lists joined, on/off worded, numbers in the reader's digits. */
export function settingText(value: unknown, translate: Translate): string {
  if (Array.isArray(value)) return value.length ? value.join(', ') : translate('gsn.detection_rules.none')
  if (typeof value === 'boolean') return translate(value ? 'gsn.detection_rules.yes' : 'gsn.detection_rules.no')
  if (typeof value === 'number') return value.toLocaleString()
  return value === undefined || value === null ? '' : String(value)
}

/** A list typed as "22, 3389 445": the numbers in it, or the text itself when one is not a number (the API says why). */
export function parsePorts(text: string): Array<number | string> {
  return listOf(text).map((item) => (/^\d+$/.test(item) ? Number(item) : item))
}

export function listOf(text: string | null | undefined): string[] {
  return (text ?? '').split(/[\s,，]+/).filter(Boolean)
}

export function formatList(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : ''
}
