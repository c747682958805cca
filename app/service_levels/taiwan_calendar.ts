import type { DayKind } from '#app/service_levels/business_calendar'

/**
 * Taiwan's government office calendar (政府行政機關辦公日曆表, published each June by the DGPA,
 * 行政院人事行政總處) for the demo seeder and a new installation: only the dates that differ
 * from Monday–Friday, i.e. weekdays off and make-up working Saturdays (補班日). A holiday that
 * falls on a weekend is left out: the office is closed anyway, and its observed day is listed.
 * Admins keep the calendar afterwards; names are data they type, so each has both languages.
 *
 * Neither 2026 nor 2027 has a make-up working day: since the 2025 amendment of the
 * 紀念日及節日實施條例 and the DGPA's rules (June 2025), a holiday on a Saturday is observed the
 * Friday before and one on a Sunday the Monday after, and no Saturday is worked in exchange.
 * The clock still honours 補班日 (tests/unit/service_levels use 2025's, 8 February).
 */
export interface CalendarDaySeed {
  date: string
  kind: DayKind
  nameEn: string
  nameZh: string
}

const day = (date: string, nameEn: string, nameZh: string): CalendarDaySeed => ({ date, kind: 'holiday', nameEn, nameZh })

/**
 * 115年 (2026): 行政院 114-06-13 院授人培字第11430248312號函; 120 days off in all (104 weekend
 * days and these 16). Checked against the DGPA's announcement as schools relayed it and against
 * a shipping line's Taiwan office calendar.
 */
export const TAIWAN_2026: readonly CalendarDaySeed[] = [
  day('2026-01-01', 'Founding Day of the Republic of China', '中華民國開國紀念日'),
  day('2026-02-16', "Lunar New Year's Eve", '農曆除夕'),
  day('2026-02-17', 'Lunar New Year', '春節'),
  day('2026-02-18', 'Lunar New Year', '春節'),
  day('2026-02-19', 'Lunar New Year', '春節'),
  day('2026-02-20', "Day before Lunar New Year's Eve (observed)", '除夕前一日補假'),
  day('2026-02-27', 'Peace Memorial Day (observed)', '和平紀念日補假'),
  day('2026-04-03', "Children's Day (observed)", '兒童節補假'),
  day('2026-04-06', 'Tomb Sweeping Day (observed)', '民族掃墓節補假'),
  day('2026-05-01', 'Labour Day', '勞動節'),
  day('2026-06-19', 'Dragon Boat Festival', '端午節'),
  day('2026-09-25', 'Mid-Autumn Festival', '中秋節'),
  day('2026-09-28', "Confucius' Birthday / Teachers' Day", '孔子誕辰紀念日／教師節'),
  day('2026-10-09', 'National Day (observed)', '國慶日補假'),
  day('2026-10-26', 'Taiwan Retrocession and Guningtou Victory Day (observed)', '臺灣光復暨金門古寧頭大捷紀念日補假'),
  day('2026-12-25', 'Constitution Day', '行憲紀念日'),
]

/**
 * 116年 (2027): the DGPA's calendar as published on the government open data platform
 * (data.gov.tw dataset 14718, 政府行政機關辦公日曆表), read through a public JSON mirror of that
 * dataset; the DGPA's own announcement of it was not found, so check these against dgpa.gov.tw
 * before relying on them. 121 days off (104 weekend days and these 17); they agree with the lunar
 * dates and the Saturday/Sunday observance rule. 31 December is 2028's New Year's Day (a
 * Saturday) observed.
 */
export const TAIWAN_2027: readonly CalendarDaySeed[] = [
  day('2027-01-01', 'Founding Day of the Republic of China', '中華民國開國紀念日'),
  day('2027-02-04', "Day before Lunar New Year's Eve", '除夕前一日'),
  day('2027-02-05', "Lunar New Year's Eve", '農曆除夕'),
  day('2027-02-08', 'Lunar New Year', '春節'),
  day('2027-02-09', 'Lunar New Year (observed)', '春節補假'),
  day('2027-02-10', 'Lunar New Year (observed)', '春節補假'),
  day('2027-03-01', 'Peace Memorial Day (observed)', '和平紀念日補假'),
  day('2027-04-05', 'Tomb Sweeping Day', '民族掃墓節'),
  day('2027-04-06', "Children's Day (observed)", '兒童節補假'),
  day('2027-04-30', 'Labour Day (observed)', '勞動節補假'),
  day('2027-06-09', 'Dragon Boat Festival', '端午節'),
  day('2027-09-15', 'Mid-Autumn Festival', '中秋節'),
  day('2027-09-28', "Confucius' Birthday / Teachers' Day", '孔子誕辰紀念日／教師節'),
  day('2027-10-11', 'National Day (observed)', '國慶日補假'),
  day('2027-10-25', 'Taiwan Retrocession and Guningtou Victory Day', '臺灣光復暨金門古寧頭大捷紀念日'),
  day('2027-12-24', 'Constitution Day (observed)', '行憲紀念日補假'),
  day('2027-12-31', 'Founding Day of the Republic of China (2028, observed)', '中華民國開國紀念日補假（117年）'),
]

export const TAIWAN_CALENDAR: readonly CalendarDaySeed[] = [...TAIWAN_2026, ...TAIWAN_2027]
