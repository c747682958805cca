import type { Region } from '#app/agencies/agency'

/**
 * Taiwan's 22 municipalities and counties with the region the GSN's four regional joint defence
 * and maintenance teams (北、中、南、東) divide them into, and the GSN point of presence their
 * agencies' lines terminate at. Kinmen and Lienchiang are served from the north, as their
 * circuits land in Taipei.
 */
export interface County {
  key: string
  name: string
  nameEn: string
  region: Region
  pop: PopKey
}

export const POPS = {
  TPE: { name: 'GSN 臺北 PoP', region: 'north' },
  HSZ: { name: 'GSN 新竹 PoP', region: 'north' },
  TXG: { name: 'GSN 臺中 PoP', region: 'central' },
  TNN: { name: 'GSN 臺南 PoP', region: 'south' },
  KHH: { name: 'GSN 高雄 PoP', region: 'south' },
  HUA: { name: 'GSN 花蓮 PoP', region: 'east' },
  TTT: { name: 'GSN 臺東 PoP', region: 'east' },
} as const satisfies Record<string, { name: string; region: Region }>
export type PopKey = keyof typeof POPS

/** The core node each region's uplinks land on. */
export const CORE_NODES: Record<Region, string> = {
  north: 'GSN 臺北核心節點',
  central: 'GSN 臺中核心節點',
  south: 'GSN 高雄核心節點',
  east: 'GSN 花蓮核心節點',
}

export const COUNTIES: readonly County[] = [
  { key: 'TPE', name: '臺北市', nameEn: 'Taipei City', region: 'north', pop: 'TPE' },
  { key: 'NWT', name: '新北市', nameEn: 'New Taipei City', region: 'north', pop: 'TPE' },
  { key: 'TAO', name: '桃園市', nameEn: 'Taoyuan City', region: 'north', pop: 'TPE' },
  { key: 'TXG', name: '臺中市', nameEn: 'Taichung City', region: 'central', pop: 'TXG' },
  { key: 'TNN', name: '臺南市', nameEn: 'Tainan City', region: 'south', pop: 'TNN' },
  { key: 'KHH', name: '高雄市', nameEn: 'Kaohsiung City', region: 'south', pop: 'KHH' },
  { key: 'KEE', name: '基隆市', nameEn: 'Keelung City', region: 'north', pop: 'TPE' },
  { key: 'HSZ', name: '新竹市', nameEn: 'Hsinchu City', region: 'north', pop: 'HSZ' },
  { key: 'HSQ', name: '新竹縣', nameEn: 'Hsinchu County', region: 'north', pop: 'HSZ' },
  { key: 'MIA', name: '苗栗縣', nameEn: 'Miaoli County', region: 'central', pop: 'TXG' },
  { key: 'CHA', name: '彰化縣', nameEn: 'Changhua County', region: 'central', pop: 'TXG' },
  { key: 'NAN', name: '南投縣', nameEn: 'Nantou County', region: 'central', pop: 'TXG' },
  { key: 'YUN', name: '雲林縣', nameEn: 'Yunlin County', region: 'central', pop: 'TXG' },
  { key: 'CYI', name: '嘉義市', nameEn: 'Chiayi City', region: 'south', pop: 'TNN' },
  { key: 'CYQ', name: '嘉義縣', nameEn: 'Chiayi County', region: 'south', pop: 'TNN' },
  { key: 'PIF', name: '屏東縣', nameEn: 'Pingtung County', region: 'south', pop: 'KHH' },
  { key: 'ILA', name: '宜蘭縣', nameEn: 'Yilan County', region: 'north', pop: 'TPE' },
  { key: 'HUA', name: '花蓮縣', nameEn: 'Hualien County', region: 'east', pop: 'HUA' },
  { key: 'TTT', name: '臺東縣', nameEn: 'Taitung County', region: 'east', pop: 'TTT' },
  { key: 'PEN', name: '澎湖縣', nameEn: 'Penghu County', region: 'south', pop: 'KHH' },
  { key: 'KIN', name: '金門縣', nameEn: 'Kinmen County', region: 'north', pop: 'TPE' },
  { key: 'LIE', name: '連江縣', nameEn: 'Lienchiang County', region: 'north', pop: 'TPE' },
]

export const COUNTY_BY_KEY: ReadonlyMap<string, County> = new Map(COUNTIES.map((c) => [c.key, c]))

/**
 * Names that place an agency: county names without their 市/縣 suffix, and towns, parks and
 * sites that agencies are named after. The earliest match wins, longer names first at the same
 * spot, so 新竹縣 wins over 新竹. Names that hide inside common words stay out (灣橋 would match
 * 臺灣橋頭); catalogue entries carry their county instead.
 */
const PLACE_NAMES: Record<string, string> = {
  臺北: 'TPE', 新北: 'NWT', 桃園: 'TAO', 臺中: 'TXG', 臺南: 'TNN', 高雄: 'KHH', 基隆: 'KEE',
  新竹縣: 'HSQ', 新竹: 'HSZ', 苗栗: 'MIA', 彰化: 'CHA', 南投: 'NAN', 雲林: 'YUN', 嘉義縣: 'CYQ',
  嘉義: 'CYI', 屏東: 'PIF', 宜蘭: 'ILA', 花蓮: 'HUA', 臺東: 'TTT', 澎湖: 'PEN', 金門: 'KIN',
  連江: 'LIE', 馬祖: 'LIE',
  // Towns and sites.
  板橋: 'NWT', 三峽: 'NWT', 新店: 'NWT', 八里: 'NWT', 樂生: 'NWT', 淡水: 'NWT', 龜山: 'TAO',
  龍潭: 'TAO', 八德: 'TAO', 石門: 'TAO', 中壢: 'TAO', 陽明山: 'TPE', 士林: 'TPE', 豐原: 'TXG',
  東勢: 'TXG', 霧峰: 'TXG', 武陵: 'TXG', 福壽山: 'TXG', 竹山: 'NAN', 草屯: 'NAN', 埔里: 'NAN',
  日月潭: 'NAN', 玉山: 'NAN', 清境: 'NAN', 雪霸: 'MIA', 員林: 'CHA', 北斗: 'CHA', 虎尾: 'YUN',
  朴子: 'CYQ', 阿里山: 'CYQ', 新營: 'TNN', 白河: 'TNN', 佳里: 'TNN', 台江: 'TNN',
  西拉雅: 'TNN', 橋頭: 'KHH', 岡山: 'KHH', 旗山: 'KHH', 鳳山: 'KHH', 茂林: 'KHH', 恆春: 'PIF',
  墾丁: 'PIF', 大鵬灣: 'PIF', 六堆: 'PIF', 羅東: 'ILA', 蘇澳: 'ILA', 員山: 'ILA', 玉里: 'HUA',
  鳳林: 'HUA', 太魯閣: 'HUA', 花東: 'HUA', 馬蘭: 'TTT', 綠島: 'TTT', 蘭嶼: 'TTT', 馬公: 'PEN',
}
const PLACE_KEYS = Object.keys(PLACE_NAMES).sort((a, b) => b.length - a.length)

const REGION_WORDS: readonly (readonly [string, Region])[] = [
  ['北區', 'north'], ['北部', 'north'], ['中區', 'central'], ['中部', 'central'],
  ['南區', 'south'], ['南部', 'south'], ['東區', 'east'], ['東部', 'east'],
]

/** 台 and 臺 are the same character in practice; official names use 臺. */
export const normaliseName = (name: string) => name.replaceAll('台', '臺')

/** The county a name points at, by the first (longest) place name in it. */
export function countyInName(name: string): County | null {
  const text = normaliseName(name)
  let best: { at: number; key: string } | null = null
  for (const place of PLACE_KEYS) {
    const at = text.indexOf(normaliseName(place))
    if (at >= 0 && (best === null || at < best.at)) best = { at, key: PLACE_NAMES[place] }
  }
  return best ? COUNTY_BY_KEY.get(best.key)! : null
}

export interface Placement {
  region: Region
  county: County | null
}

/**
 * Where an agency sits. An explicit region wins; a place in the name comes next (公路局東區養護
 * 工程分局 is east, 臺中監獄 central); then a region word (北區, 南部); otherwise the parent's
 * placement. Offices of a local government are always in that government's county, whatever
 * their names say (臺南市東區區公所 is in Tainan, not in the east).
 */
export function placeAgency(
  name: string,
  parent: Placement | null,
  options: { explicit?: Region; county?: string; local?: boolean } = {}
): Placement {
  const county = options.county ? COUNTY_BY_KEY.get(options.county) ?? null : null
  if (options.local && parent) return { region: options.explicit ?? parent.region, county: county ?? parent.county }
  if (options.explicit) {
    // Keep the parent's county only when it lies in the region the agency is said to be in.
    const inherited = parent?.county?.region === options.explicit ? parent.county : null
    return { region: options.explicit, county: county ?? inherited }
  }
  if (county) return { region: county.region, county }
  const named = countyInName(name)
  if (named) return { region: named.region, county: named }
  const text = normaliseName(name)
  for (const [word, region] of REGION_WORDS) {
    if (text.includes(word)) return { region, county: null }
  }
  if (parent) return parent
  return { region: 'north', county: COUNTY_BY_KEY.get('TPE')! }
}

/** The PoP a line from an agency lands on: its county's, or its region's main one. */
export function popFor(placement: Placement): PopKey {
  if (placement.county && placement.county.region === placement.region) return placement.county.pop
  return ({ north: 'TPE', central: 'TXG', south: 'KHH', east: 'HUA' } as const)[placement.region]
}
