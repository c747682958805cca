import type { Region } from '#app/agencies/agency'

/**
 * The agencies of the demo: the Executive Yuan, its ministries, councils and other second-level
 * bodies under their current (2026) names, a realistic selection of their third- and
 * fourth-level agencies, and the 22 local governments with some of their bureaus and district
 * or township offices (those in local_governments.ts).
 *
 * A node's name is the part after its parent's (交通部 + 公路局 = 交通部公路局) unless it is
 * `own`, i.e. officially named on its own (臺北榮民總醫院, 國立花蓮高級中學). Codes are the
 * parent's code plus the node's suffix (MOTC + THB = MOTC-THB), and stay stable across runs.
 */
export interface AgencyNode {
  code: string
  name: string
  en: string
  /** Official name stands alone instead of being prefixed with the parent's. */
  own?: boolean
  region?: Region
  /** County key (places.ts) when the name does not say where the agency is. */
  county?: string
  /** How many sites (and so lines, data centres and systems) the agency has, relative to others. */
  w?: number
  children?: AgencyNode[]
}

/** A second-level body and how it takes part in the consolidation. */
export interface TopAgency extends AgencyNode {
  kind: 'central' | 'municipality' | 'county'
  /**
   * Whose shared uplink and data centre it folds into: 'self' for a hub, else the hub's code.
   * Small councils fold into the Executive Yuan's common hub; counties into their region's hub.
   */
  hub: 'self' | string
  /** Uplinks of a hub (1 or 2). */
  uplinks?: 1 | 2
  /** How far its consolidation has gone by the demo date, 0–1; shapes every chart's story. */
  pace?: number
}

export const n = (code: string, name: string, en: string, opt: Partial<AgencyNode> = {}, children?: AgencyNode[]): AgencyNode => ({
  code,
  name,
  en,
  ...opt,
  ...(children ? { children } : {}),
})

/** One child per place: "臺中分局" from "臺中", coded by the place's romanisation. */
const perPlace = (
  places: readonly (readonly [string, string, string])[],
  suffix: string,
  enSuffix: string,
  opt: Partial<AgencyNode> = {}
) => places.map(([zh, en, code]) => n(code, `${zh}${suffix}`, `${en} ${enSuffix}`, opt))

const P = {
  TPE: ['臺北', 'Taipei', 'TPE'],
  NWT: ['新北', 'New Taipei', 'NWT'],
  KEE: ['基隆', 'Keelung', 'KEE'],
  TAO: ['桃園', 'Taoyuan', 'TAO'],
  HSZ: ['新竹', 'Hsinchu', 'HSZ'],
  MIA: ['苗栗', 'Miaoli', 'MIA'],
  TXG: ['臺中', 'Taichung', 'TXG'],
  CHA: ['彰化', 'Changhua', 'CHA'],
  NAN: ['南投', 'Nantou', 'NAN'],
  YUN: ['雲林', 'Yunlin', 'YUN'],
  CYI: ['嘉義', 'Chiayi', 'CYI'],
  TNN: ['臺南', 'Tainan', 'TNN'],
  KHH: ['高雄', 'Kaohsiung', 'KHH'],
  PIF: ['屏東', 'Pingtung', 'PIF'],
  ILA: ['宜蘭', 'Yilan', 'ILA'],
  HUA: ['花蓮', 'Hualien', 'HUA'],
  TTT: ['臺東', 'Taitung', 'TTT'],
  PEN: ['澎湖', 'Penghu', 'PEN'],
  KIN: ['金門', 'Kinmen', 'KIN'],
} as const

export const CENTRAL: TopAgency[] = [
  {
    ...n('MOI', '內政部', 'Ministry of the Interior', { w: 40 }, [
      n('NPA', '警政署', 'National Police Agency', { w: 80 }, [
        n('CIB', '刑事警察局', 'Criminal Investigation Bureau', { w: 40 }),
        n('FHP', '國道公路警察局', 'National Highway Police Bureau', { w: 30 }),
        n('AVP', '航空警察局', 'Aviation Police Bureau', { w: 15, county: 'TAO' }),
        n('RWP', '鐵路警察局', 'Railway Police Bureau', { w: 20 }),
        n('KLH', '基隆港務警察總隊', 'Keelung Harbor Police Corps', { w: 8 }),
        n('TCH', '臺中港務警察總隊', 'Taichung Harbor Police Corps', { w: 8 }),
        n('KHH', '高雄港務警察總隊', 'Kaohsiung Harbor Police Corps', { w: 8 }),
        n('HLH', '花蓮港務警察總隊', 'Hualien Harbor Police Corps', { w: 6 }),
        n('SP1', '保安警察第一總隊', 'Special Police First Headquarters', { w: 10 }),
      ]),
      n('NIA', '移民署', 'National Immigration Agency', { w: 40 }, [
        n('N', '北區事務大隊', 'Northern Region Affairs Corps', { w: 15 }),
        n('C', '中區事務大隊', 'Central Region Affairs Corps', { w: 12 }),
        n('S', '南區事務大隊', 'Southern Region Affairs Corps', { w: 12 }),
        n('E', '東區事務大隊', 'Eastern Region Affairs Corps', { w: 8 }),
      ]),
      n('NFA', '消防署', 'National Fire Agency', { w: 25 }, [
        n('SRT', '特種搜救隊', 'Special Search and Rescue Team', { county: 'NAN' }),
        n('TC', '訓練中心', 'Training Center', { county: 'NAN' }),
        n('KLF', '基隆港務消防隊', 'Keelung Harbor Fire Brigade', { w: 4 }),
        n('TCF', '臺中港務消防隊', 'Taichung Harbor Fire Brigade', { w: 4 }),
        n('KHF', '高雄港務消防隊', 'Kaohsiung Harbor Fire Brigade', { w: 4 }),
      ]),
      n('NCA', '役政署', 'National Conscription Agency', { w: 15, county: 'NAN' }),
      n('NLMA', '國土管理署', 'National Land Management Agency', { w: 25 }),
      n('NPS', '國家公園署', 'National Park Service', { w: 15, county: 'KHH' }, [
        n('KT', '墾丁國家公園管理處', 'Kenting National Park Headquarters'),
        n('YS', '玉山國家公園管理處', 'Yushan National Park Headquarters'),
        n('YMS', '陽明山國家公園管理處', 'Yangmingshan National Park Headquarters'),
        n('TRK', '太魯閣國家公園管理處', 'Taroko National Park Headquarters'),
        n('SP', '雪霸國家公園管理處', 'Shei-Pa National Park Headquarters'),
        n('KM', '金門國家公園管理處', 'Kinmen National Park Headquarters'),
        n('TJ', '台江國家公園管理處', 'Taijiang National Park Headquarters'),
      ]),
      n('NLSC', '國土測繪中心', 'National Land Surveying and Mapping Center', { w: 15, county: 'TXG' }),
      n('ABRI', '建築研究所', 'Architecture and Building Research Institute', { w: 8 }),
      n('NASC', '空中勤務總隊', 'National Airborne Service Corps', { w: 12, county: 'TPE' }),
      n('CPU', '中央警察大學', 'Central Police University', { own: true, w: 15, county: 'TAO' }),
    ]),
    kind: 'central', hub: 'self', uplinks: 2, pace: 0.72,
  },
  {
    ...n('MOFA', '外交部', 'Ministry of Foreign Affairs', { w: 40 }, [
      n('BOCA', '領事事務局', 'Bureau of Consular Affairs', { w: 25 }, [
        n('C', '中部辦事處', 'Central Taiwan Office', { county: 'TXG' }),
        n('YCN', '雲嘉南辦事處', 'Yunlin-Chiayi-Tainan Office', { county: 'CYI' }),
        n('S', '南部辦事處', 'Southern Taiwan Office', { county: 'KHH' }),
        n('E', '東部辦事處', 'Eastern Taiwan Office', { county: 'HUA' }),
      ]),
      n('IDIA', '外交及國際事務學院', 'Institute of Diplomacy and International Affairs', { w: 5 }),
    ]),
    kind: 'central', hub: 'self', uplinks: 1, pace: 0.66,
  },
  {
    ...n('MND', '國防部', 'Ministry of National Defense', { w: 60 }, [
      n('ARMY', '陸軍司令部', 'Army Command Headquarters', { w: 60, county: 'TAO' }, [
        n('C6', '第六軍團指揮部', '6th Army Corps Command', { region: 'north', county: 'TAO' }),
        n('C10', '第十軍團指揮部', '10th Army Corps Command', { region: 'central', county: 'TXG' }),
        n('C8', '第八軍團指揮部', '8th Army Corps Command', { region: 'south', county: 'KHH' }),
        n('HTD', '花東防衛指揮部', 'Hualien-Taitung Area Command', { region: 'east', county: 'HUA' }),
        n('KMD', '金門防衛指揮部', 'Kinmen Defense Command', { county: 'KIN' }),
        n('PHD', '澎湖防衛指揮部', 'Penghu Defense Command', { county: 'PEN' }),
        n('MZD', '馬祖防衛指揮部', 'Matsu Defense Command', { county: 'LIE' }),
      ]),
      n('NAVY', '海軍司令部', 'Navy Command Headquarters', { w: 40 }),
      n('AF', '空軍司令部', 'Air Force Command Headquarters', { w: 40 }),
      n('AAB', '軍備局', 'Armaments Bureau', { w: 25 }),
      n('MAB', '軍醫局', 'Medical Affairs Bureau', { w: 10 }, [
        n('TSGH', '三軍總醫院', 'Tri-Service General Hospital', { own: true, w: 20, county: 'TPE' }),
        n('KHH', '國軍高雄總醫院', 'Kaohsiung Armed Forces General Hospital', { own: true, w: 10 }),
        n('TXG', '國軍臺中總醫院', 'Taichung Armed Forces General Hospital', { own: true, w: 10 }),
        n('HUA', '國軍花蓮總醫院', 'Hualien Armed Forces General Hospital', { own: true, w: 8 }),
      ]),
      n('ADMA', '全民防衛動員署', 'All-out Defense Mobilization Agency', { w: 25 }),
      n('ICEF', '資通電軍指揮部', 'Information, Communications and Electronic Force Command', { w: 20 }),
      n('NDU', '國防大學', 'National Defense University', { own: true, w: 12, county: 'TAO' }),
      n('GPWD', '政治作戰局', 'General Political Warfare Bureau', { w: 8 }),
      n('CB', '主計局', 'Comptroller Bureau', { w: 6 }),
    ]),
    // Classified networks move last and slowest.
    kind: 'central', hub: 'self', uplinks: 2, pace: 0.34,
  },
  {
    ...n('MOF', '財政部', 'Ministry of Finance', { w: 30 }, [
      n('NTBT', '臺北國稅局', 'National Taxation Bureau of Taipei', { w: 30 }, perPlace([['中正', 'Zhongzheng', 'ZZ'], ['信義', 'Xinyi', 'XY'], ['大安', 'Da\'an', 'DA'], ['北投', 'Beitou', 'BT']], '分局', 'Branch', { w: 6 })),
      n('NTBK', '高雄國稅局', 'National Taxation Bureau of Kaohsiung', { w: 25 }, perPlace([['三民', 'Sanmin', 'SM'], ['苓雅', 'Lingya', 'LY'], ['前鎮', 'Qianzhen', 'QZ'], ['鳳山', 'Fengshan', 'FS']], '分局', 'Branch', { w: 6, county: 'KHH' })),
      n('NTBNA', '北區國稅局', 'National Taxation Bureau of the Northern Area', { w: 30, county: 'TAO' }, perPlace([P.KEE, P.NWT, P.HSZ, P.ILA, P.HUA, P.KIN], '分局', 'Branch', { w: 6 })),
      n('NTBCA', '中區國稅局', 'National Taxation Bureau of the Central Area', { w: 30, county: 'TXG' }, perPlace([P.MIA, P.CHA, P.NAN, P.YUN], '分局', 'Branch', { w: 6 })),
      n('NTBSA', '南區國稅局', 'National Taxation Bureau of the Southern Area', { w: 30, county: 'TNN' }, perPlace([P.CYI, P.PIF, P.TTT, P.PEN], '分局', 'Branch', { w: 6 })),
      n('CA', '關務署', 'Customs Administration', { w: 20 }, [
        n('KL', '基隆關', 'Keelung Customs', { w: 15 }),
        n('TP', '臺北關', 'Taipei Customs', { w: 15, county: 'TAO' }),
        n('TC', '臺中關', 'Taichung Customs', { w: 12 }),
        n('KH', '高雄關', 'Kaohsiung Customs', { w: 15 }),
      ]),
      n('NPA', '國有財產署', 'National Property Administration', { w: 15 }, [
        n('N', '北區分署', 'Northern Region Branch'),
        n('C', '中區分署', 'Central Region Branch', { county: 'TXG' }),
        n('S', '南區分署', 'Southern Region Branch', { county: 'KHH' }),
      ]),
      n('TA', '賦稅署', 'Taxation Administration', { w: 8 }),
      n('NTA', '國庫署', 'National Treasury Administration', { w: 8 }),
      n('FIA', '財政資訊署', 'Fiscal Information Agency', { w: 12 }),
    ]),
    kind: 'central', hub: 'self', uplinks: 2, pace: 0.88,
  },
  {
    ...n('MOE', '教育部', 'Ministry of Education', { w: 40 }, [
      n('K12EA', '國民及學前教育署', 'K-12 Education Administration', { w: 30, county: 'TXG' }, [
        n('HCSH', '國立新竹高級中學', 'National Hsinchu Senior High School', { own: true, w: 5 }),
        n('CHSH', '國立彰化高級中學', 'National Changhua Senior High School', { own: true, w: 5 }),
        n('CYSH', '國立嘉義高級中學', 'National Chiayi Senior High School', { own: true, w: 5 }),
        n('TNFSH', '國立臺南第一高級中學', 'National Tainan First Senior High School', { own: true, w: 5 }),
        n('PTSH', '國立屏東高級中學', 'National Pingtung Senior High School', { own: true, w: 5 }),
        n('ILSH', '國立宜蘭高級中學', 'National Yilan Senior High School', { own: true, w: 5 }),
        n('HLSH', '國立花蓮高級中學', 'National Hualien Senior High School', { own: true, w: 5 }),
        n('TTSH', '國立臺東高級中學', 'National Taitung Senior High School', { own: true, w: 5 }),
        n('PHSH', '國立馬公高級中學', 'National Magong Senior High School', { own: true, w: 4 }),
        n('KMSH', '國立金門高級中學', 'National Kinmen Senior High School', { own: true, w: 4 }),
        n('CSSH', '國立竹山高級中學', 'National Chushan Senior High School', { own: true, w: 4 }),
        n('HWSH', '國立虎尾高級中學', 'National Huwei Senior High School', { own: true, w: 4 }),
      ]),
      n('YDA', '青年發展署', 'Youth Development Administration', { w: 8 }),
      n('NCL', '國家圖書館', 'National Central Library', { own: true, w: 8, county: 'TPE' }),
      n('NAER', '國家教育研究院', 'National Academy for Educational Research', { own: true, w: 8, county: 'NWT' }),
      n('NTL', '國立臺灣圖書館', 'National Taiwan Library', { own: true, w: 5, county: 'NWT' }),
      n('NLPI', '國立公共資訊圖書館', 'National Library of Public Information', { own: true, w: 5, county: 'TXG' }),
      n('NMNS', '國立自然科學博物館', 'National Museum of Natural Science', { own: true, w: 6, county: 'TXG' }),
      n('NSTM', '國立科學工藝博物館', 'National Science and Technology Museum', { own: true, w: 6, county: 'KHH' }),
      n('NMMBA', '國立海洋生物博物館', 'National Museum of Marine Biology and Aquarium', { own: true, w: 5, county: 'PIF' }),
      n('NMMST', '國立海洋科技博物館', 'National Museum of Marine Science and Technology', { own: true, w: 5, county: 'KEE' }),
    ]),
    kind: 'central', hub: 'self', uplinks: 2, pace: 0.58,
  },
  {
    ...n('MOJ', '法務部', 'Ministry of Justice', { w: 30 }, [
      n('MJIB', '調查局', 'Investigation Bureau', { w: 35, county: 'NWT' }),
      n('AOC', '矯正署', 'Agency of Corrections', { w: 15, county: 'TAO' }, [
        ...perPlace([P.TPE, P.TAO, P.HSZ, P.TXG, P.CHA, P.YUN, P.CYI, P.TNN, P.KHH, P.PIF, P.ILA, P.HUA, P.TTT, P.PEN, P.KIN], '監獄', 'Prison', { w: 6 }),
      ].map((child) => (child.code === 'TPE' ? { ...child, county: 'TAO' } : child))),
      n('AEA', '行政執行署', 'Administrative Enforcement Agency', { w: 10 }, perPlace([P.TPE, P.NWT, P.TAO, P.HSZ, P.TXG, P.CHA, P.CYI, P.TNN, P.KHH, P.PIF, P.HUA, P.ILA], '分署', 'Branch', { w: 5 })),
      n('AAC', '廉政署', 'Agency Against Corruption', { w: 8 }),
      n('THPO', '臺灣高等檢察署', 'Taiwan High Prosecutors Office', { own: true, w: 12 }, [
        ...perPlace([P.TPE, P.NWT, ['士林', 'Shilin', 'SL'], P.TAO, P.HSZ, P.MIA, P.TXG, P.NAN, P.CHA, P.YUN, P.CYI, P.TNN, ['橋頭', 'Qiaotou', 'QT'], P.KHH, P.PIF, P.TTT, P.HUA, P.ILA, P.KEE, P.PEN], '地方檢察署', 'District Prosecutors Office', { w: 8 }),
      ].map((child) => ({ ...child, name: `臺灣${child.name}`, own: true, county: child.code === 'QT' ? 'KHH' : undefined }))),
      n('SPO', '最高檢察署', 'Supreme Prosecutors Office', { own: true, w: 6 }),
      n('IFM', '法醫研究所', 'Institute of Forensic Medicine', { w: 4, county: 'NWT' }),
      n('AJ', '司法官學院', 'Academy for the Judiciary', { w: 4 }),
    ]),
    kind: 'central', hub: 'self', uplinks: 2, pace: 0.63,
  },
  {
    ...n('MOEA', '經濟部', 'Ministry of Economic Affairs', { w: 40 }, [
      n('IDA', '產業發展署', 'Industrial Development Administration', { w: 20 }),
      n('ITA', '國際貿易署', 'International Trade Administration', { w: 15 }),
      n('TIPO', '智慧財產局', 'Intellectual Property Office', { w: 15 }),
      n('BSMI', '標準檢驗局', 'Bureau of Standards, Metrology and Inspection', { w: 15 }, perPlace([P.KEE, P.HSZ, P.TXG, P.TNN, P.KHH, P.HUA], '分局', 'Branch', { w: 6 })),
      n('EA', '能源署', 'Energy Administration', { w: 10 }),
      n('WRA', '水利署', 'Water Resources Agency', { w: 20, county: 'TXG' }, [
        n('R1', '第一河川分署', 'First River Management Branch', { county: 'ILA' }),
        n('R2', '第二河川分署', 'Second River Management Branch', { county: 'HSZ' }),
        n('R3', '第三河川分署', 'Third River Management Branch', { county: 'TXG' }),
        n('R4', '第四河川分署', 'Fourth River Management Branch', { county: 'CHA' }),
        n('R5', '第五河川分署', 'Fifth River Management Branch', { county: 'CYI' }),
        n('R6', '第六河川分署', 'Sixth River Management Branch', { county: 'TNN' }),
        n('R7', '第七河川分署', 'Seventh River Management Branch', { county: 'PIF' }),
        n('R8', '第八河川分署', 'Eighth River Management Branch', { county: 'TTT' }),
        n('R9', '第九河川分署', 'Ninth River Management Branch', { county: 'HUA' }),
        n('R10', '第十河川分署', 'Tenth River Management Branch', { county: 'NWT' }),
        n('NWR', '北區水資源分署', 'Northern Region Water Resources Branch', { county: 'TAO' }),
        n('CWR', '中區水資源分署', 'Central Region Water Resources Branch', { county: 'TXG' }),
        n('SWR', '南區水資源分署', 'Southern Region Water Resources Branch', { county: 'TNN' }),
      ]),
      n('GSMMA', '地質調查及礦業管理中心', 'Geological Survey and Mining Management Agency', { w: 8 }),
      n('SMESA', '中小及新創企業署', 'Small and Medium Enterprise and Startup Administration', { w: 8 }),
      n('CDA', '商業發展署', 'Commerce Development Administration', { w: 8 }),
      n('IPA', '產業園區管理局', 'Industrial Park Administration', { w: 15, county: 'KHH' }),
    ]),
    kind: 'central', hub: 'self', uplinks: 2, pace: 0.74,
  },
  {
    ...n('MOTC', '交通部', 'Ministry of Transportation and Communications', { w: 40 }, [
      n('THB', '公路局', 'Highway Bureau', { w: 30 }, [
        n('NRMO', '北區養護工程分局', 'Northern Region Maintenance Office', { w: 12, county: 'NWT' }),
        n('CRMO', '中區養護工程分局', 'Central Region Maintenance Office', { w: 12, county: 'TXG' }),
        n('SRMO', '南區養護工程分局', 'Southern Region Maintenance Office', { w: 12, county: 'TNN' }),
        n('ERMO', '東區養護工程分局', 'Eastern Region Maintenance Office', { w: 10, county: 'HUA' }),
        n('TPMV', '臺北區監理所', 'Taipei Motor Vehicles Office', { w: 10, county: 'NWT' }),
        n('HCMV', '新竹區監理所', 'Hsinchu Motor Vehicles Office', { w: 10 }),
        n('TCMV', '臺中區監理所', 'Taichung Motor Vehicles Office', { w: 10, county: 'CHA' }),
        n('CYMV', '嘉義區監理所', 'Chiayi Motor Vehicles Office', { w: 10, county: 'CYQ' }),
        n('KHMV', '高雄區監理所', 'Kaohsiung Motor Vehicles Office', { w: 10 }),
      ]),
      n('FWB', '高速公路局', 'Freeway Bureau', { w: 25, county: 'NWT' }),
      n('RB', '鐵道局', 'Railway Bureau', { w: 15, county: 'NWT' }),
      n('CWA', '中央氣象署', 'Central Weather Administration', { w: 20 }, [
        n('HLS', '花蓮氣象站', 'Hualien Weather Station', { w: 3 }),
        n('TTS', '臺東氣象站', 'Taitung Weather Station', { w: 3 }),
        n('TCS', '臺中氣象站', 'Taichung Weather Station', { w: 3 }),
        n('KHS', '高雄氣象站', 'Kaohsiung Weather Station', { w: 3 }),
        n('PHS', '澎湖氣象站', 'Penghu Weather Station', { w: 3 }),
        n('HCS', '恆春氣象站', 'Hengchun Weather Station', { w: 3 }),
      ]),
      n('MPB', '航港局', 'Maritime and Port Bureau', { w: 15 }, [
        n('N', '北部航務中心', 'Northern Navigation Center', { county: 'KEE' }),
        n('C', '中部航務中心', 'Central Navigation Center', { county: 'TXG' }),
        n('S', '南部航務中心', 'Southern Navigation Center', { county: 'KHH' }),
        n('E', '東部航務中心', 'Eastern Navigation Center', { county: 'HUA' }),
      ]),
      n('CAA', '民用航空局', 'Civil Aviation Administration', { w: 15 }, [
        n('TSA', '臺北國際航空站', 'Taipei International Airport', { w: 8 }),
        n('KHA', '高雄國際航空站', 'Kaohsiung International Airport', { w: 8 }),
        n('TCA', '臺中航空站', 'Taichung Airport', { w: 5 }),
        n('HLA', '花蓮航空站', 'Hualien Airport', { w: 4 }),
        n('TTA', '臺東航空站', 'Taitung Airport', { w: 4 }),
        n('MKA', '馬公航空站', 'Magong Airport', { w: 4 }),
        n('KMA', '金門航空站', 'Kinmen Airport', { w: 4 }),
      ]),
      n('TA', '觀光署', 'Tourism Administration', { w: 15 }, [
        n('NCI', '東北角暨宜蘭海岸國家風景區管理處', 'Northeast and Yilan Coast National Scenic Area'),
        n('ECS', '東部海岸國家風景區管理處', 'East Coast National Scenic Area', { county: 'TTT' }),
        n('ERV', '花東縱谷國家風景區管理處', 'East Rift Valley National Scenic Area'),
        n('PH', '澎湖國家風景區管理處', 'Penghu National Scenic Area'),
        n('DPB', '大鵬灣國家風景區管理處', 'Dapeng Bay National Scenic Area'),
        n('MZ', '馬祖國家風景區管理處', 'Matsu National Scenic Area'),
        n('SML', '日月潭國家風景區管理處', 'Sun Moon Lake National Scenic Area'),
        n('TRM', '參山國家風景區管理處', 'Tri-Mountain National Scenic Area', { region: 'central', county: 'TXG' }),
        n('ALS', '阿里山國家風景區管理處', 'Alishan National Scenic Area'),
        n('ML', '茂林國家風景區管理處', 'Maolin National Scenic Area'),
        n('NCG', '北海岸及觀音山國家風景區管理處', 'North Coast and Guanyinshan National Scenic Area', { county: 'NWT' }),
        n('SWC', '雲嘉南濱海國家風景區管理處', 'Southwest Coast National Scenic Area', { region: 'south', county: 'TNN' }),
        n('SR', '西拉雅國家風景區管理處', 'Siraya National Scenic Area'),
      ]),
      n('IOT', '運輸研究所', 'Institute of Transportation', { w: 6 }),
    ]),
    kind: 'central', hub: 'self', uplinks: 2, pace: 0.84,
  },
  {
    ...n('MOL', '勞動部', 'Ministry of Labor', { w: 30 }, [
      n('WDA', '勞動力發展署', 'Workforce Development Agency', { w: 15 }, [
        n('NBYHKM', '北基宜花金馬分署', 'Taipei-Keelung-Yilan-Hualien-Kinmen-Matsu Branch', { region: 'north', county: 'NWT', w: 8 }),
        n('TCM', '桃竹苗分署', 'Taoyuan-Hsinchu-Miaoli Branch', { region: 'north', county: 'TAO', w: 8 }),
        n('CCN', '中彰投分署', 'Taichung-Changhua-Nantou Branch', { region: 'central', county: 'TXG', w: 8 }),
        n('YCT', '雲嘉南分署', 'Yunlin-Chiayi-Tainan Branch', { region: 'south', county: 'TNN', w: 8 }),
        n('KPPT', '高屏澎東分署', 'Kaohsiung-Pingtung-Penghu-Taitung Branch', { region: 'south', county: 'KHH', w: 8 }),
        n('SEC', '技能檢定中心', 'Skills Evaluation Center', { county: 'TXG' }),
      ]),
      n('BLI', '勞工保險局', 'Bureau of Labor Insurance', { w: 30 }),
      n('OSHA', '職業安全衛生署', 'Occupational Safety and Health Administration', { w: 10 }, [
        n('N', '北區職業安全衛生中心', 'Northern Region Center', { county: 'NWT' }),
        n('C', '中區職業安全衛生中心', 'Central Region Center', { county: 'TXG' }),
        n('S', '南區職業安全衛生中心', 'Southern Region Center', { county: 'KHH' }),
      ]),
      n('BLF', '勞動基金運用局', 'Bureau of Labor Funds', { w: 6 }),
      n('ILOSH', '勞動及職業安全衛生研究所', 'Institute of Labor, Occupational Safety and Health', { w: 5, county: 'NWT' }),
    ]),
    kind: 'central', hub: 'self', uplinks: 1, pace: 0.7,
  },
  {
    ...n('MOHW', '衛生福利部', 'Ministry of Health and Welfare', { w: 40 }, [
      n('CDC', '疾病管制署', 'Taiwan Centers for Disease Control', { w: 20 }, [
        n('TP', '臺北區管制中心', 'Taipei Regional Center'),
        n('N', '北區管制中心', 'Northern Regional Center', { county: 'TAO' }),
        n('C', '中區管制中心', 'Central Regional Center', { county: 'TXG' }),
        n('S', '南區管制中心', 'Southern Regional Center', { county: 'TNN' }),
        n('KP', '高屏區管制中心', 'Kaohsiung-Pingtung Regional Center', { region: 'south', county: 'KHH' }),
        n('E', '東區管制中心', 'Eastern Regional Center', { county: 'HUA' }),
      ]),
      n('FDA', '食品藥物管理署', 'Taiwan Food and Drug Administration', { w: 20 }, [
        n('N', '北區管理中心', 'Northern Center for Regional Administration', { county: 'KEE' }),
        n('C', '中區管理中心', 'Central Center for Regional Administration', { county: 'TXG' }),
        n('S', '南區管理中心', 'Southern Center for Regional Administration', { county: 'KHH' }),
      ]),
      n('NHIA', '中央健康保險署', 'National Health Insurance Administration', { w: 40 }, [
        n('TP', '臺北業務組', 'Taipei Division', { w: 10 }),
        n('N', '北區業務組', 'Northern Division', { w: 8, county: 'TAO' }),
        n('C', '中區業務組', 'Central Division', { w: 8, county: 'TXG' }),
        n('S', '南區業務組', 'Southern Division', { w: 8, county: 'TNN' }),
        n('KP', '高屏業務組', 'Kaohsiung-Pingtung Division', { w: 8, region: 'south', county: 'KHH' }),
        n('E', '東區業務組', 'Eastern Division', { w: 5, county: 'HUA' }),
      ]),
      n('HPA', '國民健康署', 'Health Promotion Administration', { w: 10 }),
      n('SFAA', '社會及家庭署', 'Social and Family Affairs Administration', { w: 10 }),
      n('NRICM', '國家中醫藥研究所', 'National Research Institute of Chinese Medicine', { w: 4 }),
      ...perPlace([P.KEE, P.TAO, P.MIA, P.TXG, ['豐原', 'Fengyuan', 'FY'], P.NAN, P.CHA, P.CYI, ['朴子', 'Puzi', 'PZ'], ['新營', 'Xinying', 'XY'], P.TNN, ['旗山', 'Qishan', 'QS'], P.PIF, ['恆春旅遊', 'Hengchun Tourism', 'HC'], P.TTT, P.HUA, ['玉里', 'Yuli', 'YL'], P.PEN, P.KIN], '醫院', 'Hospital', { w: 12 }).map((h) => ({ ...h, code: `H${h.code}` })),
      n('HTP', '臺北醫院', 'Taipei Hospital', { w: 12, county: 'NWT' }),
      n('LS', '樂生療養院', 'Losheng Sanatorium', { w: 6 }),
      n('BL', '八里療養院', 'Bali Psychiatric Center', { w: 6 }),
      n('TT', '草屯療養院', 'Tsaotun Psychiatric Center', { w: 6 }),
      n('CN', '嘉南療養院', 'Chia-Nan Psychiatric Center', { w: 6, county: 'TNN' }),
    ]),
    kind: 'central', hub: 'self', uplinks: 2, pace: 0.52,
  },
  {
    ...n('MOC', '文化部', 'Ministry of Culture', { w: 25 }, [
      n('BOCH', '文化資產局', 'Bureau of Cultural Heritage', { w: 8, county: 'TXG' }),
      n('BAMID', '影視及流行音樂產業局', 'Bureau of Audiovisual and Music Industry Development', { w: 6 }),
      n('NTMFA', '國立臺灣美術館', 'National Taiwan Museum of Fine Arts', { own: true, w: 5, county: 'TXG' }),
      n('NMTH', '國立臺灣歷史博物館', 'National Museum of Taiwan History', { own: true, w: 5, county: 'TNN' }),
      n('NMTL', '國立臺灣文學館', 'National Museum of Taiwan Literature', { own: true, w: 5, county: 'TNN' }),
      n('NTM', '國立臺灣博物館', 'National Taiwan Museum', { own: true, w: 5, county: 'TPE' }),
      n('NMH', '國立歷史博物館', 'National Museum of History', { own: true, w: 4, county: 'TPE' }),
      n('NDSYMH', '國立國父紀念館', 'National Dr. Sun Yat-sen Memorial Hall', { own: true, w: 4, county: 'TPE' }),
      n('CKSMH', '國立中正紀念堂管理處', 'National Chiang Kai-shek Memorial Hall', { own: true, w: 4, county: 'TPE' }),
      n('NMP', '國立臺灣史前文化博物館', 'National Museum of Prehistory', { own: true, w: 4, county: 'TTT' }),
      n('NCFTA', '國立傳統藝術中心', 'National Center for Traditional Arts', { own: true, w: 4, county: 'ILA' }),
      n('NTCRI', '國立臺灣工藝研究發展中心', 'National Taiwan Craft Research and Development Institute', { own: true, w: 4, county: 'NAN' }),
      n('NHRM', '國家人權博物館', 'National Human Rights Museum', { own: true, w: 4, county: 'NWT' }),
      n('HCLAC', '國立新竹生活美學館', 'National Hsinchu Living Arts Center', { own: true, w: 3 }),
      n('CHLAC', '國立彰化生活美學館', 'National Changhua Living Arts Center', { own: true, w: 3 }),
      n('TNLAC', '國立臺南生活美學館', 'National Tainan Living Arts Center', { own: true, w: 3 }),
      n('TTLAC', '國立臺東生活美學館', 'National Taitung Living Arts Center', { own: true, w: 3 }),
    ]),
    kind: 'central', hub: 'self', uplinks: 1, pace: 0.69,
  },
  {
    ...n('MODA', '數位發展部', 'Ministry of Digital Affairs', { w: 25 }, [
      n('ADI', '數位產業署', 'Administration for Digital Industries', { w: 8 }),
      n('ACS', '資通安全署', 'Administration for Cyber Security', { w: 10 }),
    ]),
    // The GSN's owner leads by example.
    kind: 'central', hub: 'self', uplinks: 1, pace: 0.96,
  },
  {
    ...n('MOA', '農業部', 'Ministry of Agriculture', { w: 30 }, [
      n('AFA', '農糧署', 'Agriculture and Food Agency', { w: 15, county: 'NAN' }, [
        n('N', '北區分署', 'Northern Region Branch', { county: 'TPE' }),
        n('C', '中區分署', 'Central Region Branch', { county: 'CHA' }),
        n('S', '南區分署', 'Southern Region Branch', { county: 'TNN' }),
        n('E', '東區分署', 'Eastern Region Branch', { county: 'HUA' }),
      ]),
      n('FA', '漁業署', 'Fisheries Agency', { w: 12 }),
      n('FANCA', '林業及自然保育署', 'Forestry and Nature Conservation Agency', { w: 15 },
        perPlace([['羅東', 'Luodong', 'LD'], P.HSZ, P.TXG, P.NAN, P.CYI, P.PIF, P.TTT, P.HUA], '分署', 'Branch', { w: 6 })),
      n('APHIA', '動植物防疫檢疫署', 'Animal and Plant Health Inspection Agency', { w: 12 }, perPlace([P.KEE, P.HSZ, P.TXG, P.KHH], '分署', 'Branch', { w: 5 })),
      n('IA', '農田水利署', 'Irrigation Agency', { w: 12 }, [
        ...perPlace([P.ILA, P.TAO, ['石門', 'Shihmen', 'SHM'], P.HSZ, P.MIA, P.TXG, P.NAN, P.CHA, P.YUN, P.KHH, P.PIF, P.TTT, P.HUA], '管理處', 'Management Office', { w: 5 }),
        n('BJ', '北基管理處', 'Taipei-Keelung Management Office', { w: 5, county: 'TPE' }),
        n('CN', '嘉南管理處', 'Chia-Nan Management Office', { w: 8, county: 'TNN' }),
      ]),
      n('ARDSWC', '農村發展及水土保持署', 'Agency of Rural Development and Soil and Water Conservation', { w: 12, county: 'NAN' },
        perPlace([P.TPE, P.TXG, P.NAN, P.TNN, P.TTT, P.HUA], '分署', 'Branch', { w: 4 })),
      n('TARI', '農業試驗所', 'Taiwan Agricultural Research Institute', { w: 8, county: 'TXG' }),
      n('TFRI', '林業試驗所', 'Taiwan Forestry Research Institute', { w: 5, county: 'TPE' }),
      n('FRI', '水產試驗所', 'Fisheries Research Institute', { w: 5, county: 'KEE' }),
      n('TLRI', '畜產試驗所', 'Taiwan Livestock Research Institute', { w: 5, county: 'TNN' }),
      n('NIAH', '獸醫研究所', 'Veterinary Research Institute', { w: 4, county: 'NWT' }),
      n('TBRI', '生物多樣性研究所', 'Taiwan Biodiversity Research Institute', { w: 4, county: 'NAN' }),
      ...perPlace([P.TAO, P.MIA, P.TXG, P.TNN, P.KHH, P.HUA, P.TTT], '區農業改良場', 'District Agricultural Research and Extension Station', { w: 4 })
        .map((s) => ({ ...s, code: `DARES-${s.code}`, county: s.code === 'TXG' ? 'CHA' : s.code === 'KHH' ? 'PIF' : undefined })),
    ]),
    kind: 'central', hub: 'self', uplinks: 2, pace: 0.61,
  },
  {
    ...n('MOENV', '環境部', 'Ministry of Environment', { w: 25 }, [
      n('CCA', '氣候變遷署', 'Climate Change Administration', { w: 6 }),
      n('RCA', '資源循環署', 'Resource Circulation Administration', { w: 8 }),
      n('CHA', '化學物質管理署', 'Chemicals Administration', { w: 6 }),
      n('EMA', '環境管理署', 'Environmental Management Administration', { w: 10 }, [
        n('N', '北區環境管理中心', 'Northern Region Environmental Management Center', { county: 'TAO' }),
        n('C', '中區環境管理中心', 'Central Region Environmental Management Center', { county: 'TXG' }),
        n('S', '南區環境管理中心', 'Southern Region Environmental Management Center', { county: 'KHH' }),
      ]),
      n('NERA', '國家環境研究院', 'National Environmental Research Academy', { own: true, w: 6, county: 'TAO' }),
    ]),
    kind: 'central', hub: 'self', uplinks: 1, pace: 0.79,
  },
  { ...n('MOS', '運動部', 'Ministry of Sports', { w: 15 }), kind: 'central', hub: 'MOE', pace: 0.55 },
  {
    ...n('NDC', '國家發展委員會', 'National Development Council', { w: 20 }, [
      n('NAA', '檔案管理局', 'National Archives Administration', { w: 10, county: 'NWT' }),
    ]),
    kind: 'central', hub: 'self', uplinks: 1, pace: 0.9,
  },
  {
    ...n('FSC', '金融監督管理委員會', 'Financial Supervisory Commission', { w: 20, county: 'NWT' }, [
      n('BB', '銀行局', 'Banking Bureau', { w: 8 }),
      n('SFB', '證券期貨局', 'Securities and Futures Bureau', { w: 8, county: 'TPE' }),
      n('IB', '保險局', 'Insurance Bureau', { w: 6 }),
      n('FEB', '檢查局', 'Financial Examination Bureau', { w: 6 }),
    ]),
    kind: 'central', hub: 'self', uplinks: 1, pace: 0.82,
  },
  {
    ...n('OAC', '海洋委員會', 'Ocean Affairs Council', { w: 15, county: 'KHH' }, [
      n('CGA', '海巡署', 'Coast Guard Administration', { w: 40, county: 'TPE' }, [
        n('N', '北部分署', 'Northern Branch', { county: 'NWT', w: 10 }),
        n('C', '中部分署', 'Central Branch', { county: 'TXG', w: 10 }),
        n('S', '南部分署', 'Southern Branch', { county: 'KHH', w: 10 }),
        n('E', '東部分署', 'Eastern Branch', { county: 'HUA', w: 10 }),
        n('KMP', '金馬澎分署', 'Kinmen-Matsu-Penghu Branch', { region: 'north', county: 'KIN', w: 8 }),
        n('INV', '偵防分署', 'Investigation Branch', { w: 6 }),
      ]),
      n('OCA', '海洋保育署', 'Ocean Conservation Administration', { w: 6 }),
      n('NAMR', '國家海洋研究院', 'National Academy of Marine Research', { own: true, w: 5 }),
    ]),
    kind: 'central', hub: 'self', uplinks: 1, pace: 0.56,
  },
  { ...n('OCAC', '僑務委員會', 'Overseas Community Affairs Council', { w: 12 }), kind: 'central', hub: 'EY', pace: 0.8 },
  {
    ...n('VAC', '國軍退除役官兵輔導委員會', 'Veterans Affairs Council', { w: 25 }, [
      n('TPVGH', '臺北榮民總醫院', 'Taipei Veterans General Hospital', { own: true, w: 40 },
        perPlace([P.TAO, P.HSZ, ['蘇澳', 'Su-ao', 'SA'], ['員山', 'Yuanshan', 'YS'], ['玉里', 'Yuli', 'YL'], ['鳳林', 'Fenglin', 'FL'], P.TTT], '分院', 'Branch', { w: 6 })),
      n('TCVGH', '臺中榮民總醫院', 'Taichung Veterans General Hospital', { own: true, w: 30 },
        [...perPlace([['埔里', 'Puli', 'PL'], P.CYI], '分院', 'Branch', { w: 6 }), n('WQ', '灣橋分院', 'Wanqiao Branch', { w: 6, county: 'CYQ' })]),
      n('KSVGH', '高雄榮民總醫院', 'Kaohsiung Veterans General Hospital', { own: true, w: 30 },
        perPlace([P.PIF, P.TNN], '分院', 'Branch', { w: 6 })),
      ...perPlace([['板橋', 'Banqiao', 'BQ'], ['八德', 'Bade', 'BD'], ['中彰', 'Zhongzhang', 'ZZ'], P.YUN, P.TNN, ['岡山', 'Gangshan', 'GS'], P.PIF, P.HUA, ['馬蘭', 'Malan', 'ML']], '榮譽國民之家', 'Veterans Home', { w: 4 })
        .map((h) => ({ ...h, code: `VH-${h.code}`, county: h.code === 'ZZ' ? 'CHA' : undefined })),
      n('WL', '武陵農場', 'Wuling Farm', { w: 2 }),
      n('FSS', '福壽山農場', 'Fushoushan Farm', { w: 2 }),
      n('CJ', '清境農場', 'Cingjing Farm', { w: 2 }),
    ]),
    // Hospitals keep their own rooms longest.
    kind: 'central', hub: 'self', uplinks: 1, pace: 0.42,
  },
  {
    ...n('CIP', '原住民族委員會', 'Council of Indigenous Peoples', { w: 12, county: 'NWT' }, [
      n('IPCDC', '原住民族文化發展中心', 'Indigenous Peoples Cultural Development Center', { w: 4, county: 'PIF' }),
    ]),
    kind: 'central', hub: 'EY', pace: 0.7,
  },
  {
    ...n('HAC', '客家委員會', 'Hakka Affairs Council', { w: 12, county: 'NWT' }, [
      n('HCDC', '客家文化發展中心', 'Hakka Cultural Development Center', { w: 4, county: 'MIA' }, [
        n('LD', '六堆客家文化園區', 'Liudui Hakka Cultural Park', { w: 2 }),
      ]),
    ]),
    kind: 'central', hub: 'EY', pace: 0.75,
  },
  { ...n('PCC', '公共工程委員會', 'Public Construction Commission', { w: 12 }), kind: 'central', hub: 'EY', pace: 0.85 },
  { ...n('MAC', '大陸委員會', 'Mainland Affairs Council', { w: 10 }), kind: 'central', hub: 'EY', pace: 0.78 },
  {
    ...n('NSTC', '國家科學及技術委員會', 'National Science and Technology Council', { w: 20 }, [
      n('HSP', '新竹科學園區管理局', 'Hsinchu Science Park Bureau', { w: 12 }),
      n('CTSP', '中部科學園區管理局', 'Central Taiwan Science Park Bureau', { w: 10, county: 'TXG' }),
      n('STSP', '南部科學園區管理局', 'Southern Taiwan Science Park Bureau', { w: 10, county: 'TNN' }),
    ]),
    kind: 'central', hub: 'self', uplinks: 1, pace: 0.77,
  },
  {
    ...n('NUSC', '核能安全委員會', 'Nuclear Safety Commission', { w: 10, county: 'NWT' }, [
      n('RMC', '輻射偵測中心', 'Radiation Monitoring Center', { w: 4, county: 'KHH' }),
    ]),
    kind: 'central', hub: 'EY', pace: 0.64,
  },
  { ...n('CEC', '中央選舉委員會', 'Central Election Commission', { w: 10 }), kind: 'central', hub: 'EY', pace: 0.7 },
  { ...n('FTC', '公平交易委員會', 'Fair Trade Commission', { w: 8 }), kind: 'central', hub: 'EY', pace: 0.81 },
  {
    ...n('NCC', '國家通訊傳播委員會', 'National Communications Commission', { w: 12 }, [
      n('N', '北區監理處', 'Northern Regional Office', { w: 4, county: 'TAO' }),
      n('C', '中區監理處', 'Central Regional Office', { w: 4, county: 'TXG' }),
      n('S', '南區監理處', 'Southern Regional Office', { w: 4, county: 'KHH' }),
    ]),
    kind: 'central', hub: 'EY', pace: 0.73,
  },
  { ...n('CBC', '中央銀行', 'Central Bank of the Republic of China (Taiwan)', { w: 12 }), kind: 'central', hub: 'EY', pace: 0.48 },
  { ...n('NPM', '國立故宮博物院', 'National Palace Museum', { w: 10, county: 'TPE' }), kind: 'central', hub: 'EY', pace: 0.6 },
  { ...n('DGBAS', '行政院主計總處', 'Directorate-General of Budget, Accounting and Statistics', { w: 15 }), kind: 'central', hub: 'EY', pace: 0.92 },
  {
    ...n('DGPA', '行政院人事行政總處', 'Directorate-General of Personnel Administration', { w: 12 }, [
      n('NACS', '公務人力發展學院', 'National Academy of Civil Service', { w: 5 }),
    ]),
    kind: 'central', hub: 'EY', pace: 0.93,
  },
]

export const EXECUTIVE_YUAN = {
  code: 'EY',
  name: '行政院',
  en: 'Executive Yuan',
  county: 'TPE',
  w: 25,
  uplinks: 2 as const,
  pace: 0.86,
}
