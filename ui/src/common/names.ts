/** An agency's name in the reader's language: the English one for English readers when it has one. */
export function nameIn(locale: string, name: string | null, nameEn: string | null) {
  return locale === 'zh-TW' ? name : nameEn || name
}

/** The ministry a board row belongs to and its own agency, named for the reader. */
export function rowNames(
  row: { agency_name: string; agency_name_en: string | null; ministry_name: string | null; ministry_name_en: string | null },
  locale: string
) {
  return { ministry: nameIn(locale, row.ministry_name, row.ministry_name_en), agency: nameIn(locale, row.agency_name, row.agency_name_en) ?? '' }
}
