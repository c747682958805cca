import { DateTime } from 'luxon'

/**
 * What grading, the legal clocks and the authority report write on a security incident's
 * timeline, announce, and answer when they refuse, in each language (merged into
 * app/core/messages.ts).
 */
const ZONE = 'Asia/Taipei'
const whenEn = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm 'Taipei time'")
const whenZh = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')
const CLOCK_EN: Record<string, string> = {
  report: 'report to the authority', review: "authority's review of the level", contain: 'damage control or recovery', investigation: 'investigation report',
}
const CLOCK_ZH: Record<string, string> = { report: '通報主管機關', review: '主管機關審核等級', contain: '損害控制或復原', investigation: '調查、處理及改善報告' }
const levelEn = (level: number | null) => (level === null ? 'none' : `level ${level}`)
const levelZh = (level: number | null) => (level === null ? '未定級' : `第${'〇一二三四'[level]}級`)

type LevelChange = { from: number | null; to: number; reviewed: boolean; proposed: number | null }
type Alarm = { clock: string; due: string; level: number | null }
type Headline = { number: string; title: string; level: number | null }

export const securityGradingMessagesEn = {
  'security.timeline_level': (p: LevelChange) =>
    `${p.reviewed ? 'Level reviewed by G-ISAC' : 'Level proposed by the agency'}: ${levelEn(p.from)} → ${levelEn(p.to)}` +
    (p.proposed !== null && p.proposed !== p.to ? ` (the assessment proposed ${levelEn(p.proposed)})` : ''),
  'security.timeline_report': (p: { level: number | null }) => `Report sent to the competent authority (${levelEn(p.level)})`,
  'security.legal_warning': (p: Alarm) => `Legal deadline warning: the ${CLOCK_EN[p.clock] ?? p.clock} is due ${whenEn(p.due)} (${levelEn(p.level)})`,
  'security.legal_breach': (p: Alarm) => `Legal deadline missed: the ${CLOCK_EN[p.clock] ?? p.clock} was due ${whenEn(p.due)} (${levelEn(p.level)})`,
  'security.event_graded': (p: Headline) => `${p.number} ${p.title}: graded ${levelEn(p.level)}`,
  'security.event_reported': (p: Headline) => `${p.number} ${p.title}: reported to the authority (${levelEn(p.level)})`,
  'security.event_alarm': (p: Headline & Alarm & { kind: string }) =>
    `${p.number} ${p.title}: ${p.kind === 'breach' ? 'missed' : 'nearing'} the legal deadline for the ${CLOCK_EN[p.clock] ?? p.clock} (${whenEn(p.due)})`,
  'security.not_security': () => 'only security incidents are graded and reported to the authority',
  'security.no_impact': () => 'the assessment finds no harm, so it proposes no level: give the level, or cancel the incident',
  'security.reason_needed': (p: { proposed: number | null }) => `the level differs from the assessment's (${levelEn(p.proposed)}): say why`,
  'security.settled': (p: { status: string }) => `the incident is ${p.status}: its level and report can no longer change`,
  'security.aware_later': () => 'the time of awareness cannot be after now, nor more than a year before the incident was opened',
  'security.not_graded': () => 'grade the incident before reporting it: the report states its level',
  'security.clock_fixed': () => 'the four legal clocks are fixed: change their durations, not which clock a row is',
  'security.duration_max': (p: { unit: string; max: number }) => `at most ${p.max} ${p.unit}`,
}

export const securityGradingMessagesZh: { [K in keyof typeof securityGradingMessagesEn]: (...p: Parameters<(typeof securityGradingMessagesEn)[K]>) => string } = {
  'security.timeline_level': (p) =>
    `${p.reviewed ? 'G-ISAC 審核等級' : '機關提報等級'}：${levelZh(p.from)} → ${levelZh(p.to)}` +
    (p.proposed !== null && p.proposed !== p.to ? `（評估建議為${levelZh(p.proposed)}）` : ''),
  'security.timeline_report': (p) => `已通報主管機關（${levelZh(p.level)}）`,
  'security.legal_warning': (p) => `法定時限預警：${CLOCK_ZH[p.clock] ?? p.clock}期限為 ${whenZh(p.due)}（${levelZh(p.level)}）`,
  'security.legal_breach': (p) => `法定時限逾期：${CLOCK_ZH[p.clock] ?? p.clock}期限已於 ${whenZh(p.due)} 屆滿（${levelZh(p.level)}）`,
  'security.event_graded': (p) => `${p.number} ${p.title}：定為${levelZh(p.level)}`,
  'security.event_reported': (p) => `${p.number} ${p.title}：已通報主管機關（${levelZh(p.level)}）`,
  'security.event_alarm': (p) => `${p.number} ${p.title}：${CLOCK_ZH[p.clock] ?? p.clock}${p.kind === 'breach' ? '已逾法定時限' : '即將屆滿法定時限'}（${whenZh(p.due)}）`,
  'security.not_security': () => '僅資安事件須定級並通報主管機關',
  'security.no_impact': () => '評估結果無任何損害，無法建議等級：請直接指定等級，或取消此事件',
  'security.reason_needed': (p) => `等級與評估建議（${levelZh(p.proposed)}）不同：請說明理由`,
  'security.settled': (p) => `此事件已${p.status === 'closed' ? '結案' : '取消'}，等級與通報不得再變更`,
  'security.aware_later': () => '知悉時間不得晚於現在，亦不得早於事件開立前一年',
  'security.not_graded': () => '請先定級再通報：通報須載明事件等級',
  'security.clock_fixed': () => '四項法定時限固定，只能修改其時間長度，不能改變所屬時限',
  'security.duration_max': (p) => `最多 ${p.max} ${p.unit === 'months' ? '個月' : '小時'}`,
}
