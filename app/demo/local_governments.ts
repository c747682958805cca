import { n, type TopAgency } from '#app/demo/agency_catalogue'

/**
 * The demo's 22 local governments: the six municipalities and sixteen counties and cities, each
 * with its bureaus (named after the city government in a municipality, after the county in a
 * county) and, for some, their district or township offices; how each folds into a hub and how
 * far its consolidation has gone. The central government is in agency_catalogue.ts.
 */

/** Districts (區) and townships (鄉、鎮、市) named in the local governments below. */
type Place = readonly [zh: string, en: string, code: string]
const districts = (list: string): Place[] =>
  list.split(',').map((entry) => {
    const [zh, en] = entry.split(':')
    return [zh, en, en.toUpperCase().replace(/[^A-Z]/g, '')] as const
  })

interface LocalSpec {
  key: string
  kind: 'municipality' | 'county'
  name: string
  en: string
  hub: 'self' | string
  uplinks?: 1 | 2
  pace: number
  w: number
  bureaus: readonly (readonly [code: string, name: string, en: string, w: number])[]
  offices?: { places: Place[]; suffix: (zh: string) => string; en: string; w: number }
}

const MUNICIPAL_BUREAUS = [
  ['POL', '警察局', 'Police Department', 160],
  ['FIRE', '消防局', 'Fire Department', 40],
  ['HLTH', '衛生局', 'Department of Health', 30],
  ['EPD', '環境保護局', 'Environmental Protection Department', 30],
  ['EDU', '教育局', 'Department of Education', 30],
  ['LAND', '地政局', 'Department of Land Administration', 25],
  ['CA', '民政局', 'Department of Civil Affairs', 25],
] as const
const COUNTY_BUREAUS = [
  ['POL', '警察局', 'Police Bureau', 70],
  ['FIRE', '消防局', 'Fire Bureau', 20],
  ['HLTH', '衛生局', 'Public Health Bureau', 15],
  ['EPB', '環境保護局', 'Environmental Protection Bureau', 12],
] as const

const LOCAL: LocalSpec[] = [
  {
    key: 'TPE', kind: 'municipality', name: '臺北市政府', en: 'Taipei City Government', hub: 'self', uplinks: 2, pace: 0.74, w: 120,
    bureaus: [...MUNICIPAL_BUREAUS, ['DOIT', '資訊局', 'Department of Information Technology', 20]],
    offices: {
      places: districts('松山:Songshan,信義:Xinyi,大安:Daan,中山:Zhongshan,中正:Zhongzheng,大同:Datong,萬華:Wanhua,文山:Wenshan,南港:Nangang,內湖:Neihu,士林:Shilin,北投:Beitou'),
      suffix: (zh) => `臺北市${zh}區公所`, en: 'District Office, Taipei City', w: 14,
    },
  },
  { key: 'NWT', kind: 'municipality', name: '新北市政府', en: 'New Taipei City Government', hub: 'self', pace: 0.62, w: 120, bureaus: MUNICIPAL_BUREAUS },
  { key: 'TAO', kind: 'municipality', name: '桃園市政府', en: 'Taoyuan City Government', hub: 'self', pace: 0.66, w: 100, bureaus: MUNICIPAL_BUREAUS },
  { key: 'TXG', kind: 'municipality', name: '臺中市政府', en: 'Taichung City Government', hub: 'self', uplinks: 2, pace: 0.6, w: 110, bureaus: MUNICIPAL_BUREAUS },
  { key: 'TNN', kind: 'municipality', name: '臺南市政府', en: 'Tainan City Government', hub: 'self', pace: 0.57, w: 100, bureaus: MUNICIPAL_BUREAUS },
  {
    key: 'KHH', kind: 'municipality', name: '高雄市政府', en: 'Kaohsiung City Government', hub: 'self', uplinks: 2, pace: 0.68, w: 110, bureaus: MUNICIPAL_BUREAUS,
    offices: {
      places: districts(
        '鹽埕:Yancheng,鼓山:Gushan,左營:Zuoying,楠梓:Nanzi,三民:Sanmin,新興:Xinxing,前金:Qianjin,苓雅:Lingya,前鎮:Qianzhen,旗津:Qijin,小港:Xiaogang,鳳山:Fengshan,林園:Linyuan,大寮:Daliao,大樹:Dashu,大社:Dashe,仁武:Renwu,鳥松:Niaosong,岡山:Gangshan,橋頭:Qiaotou,燕巢:Yanchao,田寮:Tianliao,阿蓮:Alian,路竹:Luzhu,湖內:Hunei,茄萣:Qieding,永安:Yongan,彌陀:Mituo,梓官:Ziguan,旗山:Qishan,美濃:Meinong,六龜:Liugui,甲仙:Jiaxian,杉林:Shanlin,內門:Neimen,茂林:Maolin,桃源:Taoyuan,那瑪夏:Namaxia'
      ),
      suffix: (zh) => `高雄市${zh}區公所`, en: 'District Office, Kaohsiung City', w: 10,
    },
  },
  { key: 'KEE', kind: 'county', name: '基隆市政府', en: 'Keelung City Government', hub: 'TPE', pace: 0.7, w: 50, bureaus: COUNTY_BUREAUS },
  { key: 'HSZ', kind: 'county', name: '新竹市政府', en: 'Hsinchu City Government', hub: 'TPE', pace: 0.72, w: 50, bureaus: COUNTY_BUREAUS },
  { key: 'HSQ', kind: 'county', name: '新竹縣政府', en: 'Hsinchu County Government', hub: 'TPE', pace: 0.63, w: 50, bureaus: COUNTY_BUREAUS },
  { key: 'MIA', kind: 'county', name: '苗栗縣政府', en: 'Miaoli County Government', hub: 'TXG', pace: 0.55, w: 50, bureaus: COUNTY_BUREAUS },
  { key: 'CHA', kind: 'county', name: '彰化縣政府', en: 'Changhua County Government', hub: 'TXG', pace: 0.6, w: 60, bureaus: COUNTY_BUREAUS },
  { key: 'NAN', kind: 'county', name: '南投縣政府', en: 'Nantou County Government', hub: 'TXG', pace: 0.53, w: 50, bureaus: COUNTY_BUREAUS },
  { key: 'YUN', kind: 'county', name: '雲林縣政府', en: 'Yunlin County Government', hub: 'TXG', pace: 0.5, w: 50, bureaus: COUNTY_BUREAUS },
  { key: 'CYI', kind: 'county', name: '嘉義市政府', en: 'Chiayi City Government', hub: 'KHH', pace: 0.66, w: 40, bureaus: COUNTY_BUREAUS },
  { key: 'CYQ', kind: 'county', name: '嘉義縣政府', en: 'Chiayi County Government', hub: 'KHH', pace: 0.52, w: 50, bureaus: COUNTY_BUREAUS },
  { key: 'PIF', kind: 'county', name: '屏東縣政府', en: 'Pingtung County Government', hub: 'KHH', pace: 0.54, w: 55, bureaus: COUNTY_BUREAUS },
  { key: 'ILA', kind: 'county', name: '宜蘭縣政府', en: 'Yilan County Government', hub: 'TPE', pace: 0.64, w: 50, bureaus: COUNTY_BUREAUS },
  {
    key: 'HUA', kind: 'county', name: '花蓮縣政府', en: 'Hualien County Government', hub: 'self', pace: 0.49, w: 50, bureaus: COUNTY_BUREAUS,
    offices: {
      places: districts('花蓮市:Hualien City,鳳林鎮:Fenglin,玉里鎮:Yuli,新城鄉:Xincheng,吉安鄉:Jian,壽豐鄉:Shoufeng,光復鄉:Guangfu,豐濱鄉:Fengbin,瑞穗鄉:Ruisui,富里鄉:Fuli,秀林鄉:Xiulin,萬榮鄉:Wanrong,卓溪鄉:Zhuoxi'),
      suffix: (zh) => `花蓮縣${zh}公所`, en: 'Township Office, Hualien County', w: 5,
    },
  },
  {
    key: 'TTT', kind: 'county', name: '臺東縣政府', en: 'Taitung County Government', hub: 'HUA', pace: 0.46, w: 45, bureaus: COUNTY_BUREAUS,
    offices: {
      places: districts('臺東市:Taitung City,成功鎮:Chenggong,關山鎮:Guanshan,卑南鄉:Beinan,大武鄉:Dawu,太麻里鄉:Taimali,東河鄉:Donghe,長濱鄉:Changbin,鹿野鄉:Luye,池上鄉:Chishang,綠島鄉:Ludao,延平鄉:Yanping,海端鄉:Haiduan,達仁鄉:Daren,金峰鄉:Jinfeng,蘭嶼鄉:Lanyu'),
      suffix: (zh) => `臺東縣${zh}公所`, en: 'Township Office, Taitung County', w: 4,
    },
  },
  {
    key: 'PEN', kind: 'county', name: '澎湖縣政府', en: 'Penghu County Government', hub: 'KHH', pace: 0.58, w: 35, bureaus: COUNTY_BUREAUS,
    offices: {
      places: districts('馬公市:Magong,湖西鄉:Huxi,白沙鄉:Baisha,西嶼鄉:Xiyu,望安鄉:Wangan,七美鄉:Qimei'),
      suffix: (zh) => `澎湖縣${zh}公所`, en: 'Township Office, Penghu County', w: 4,
    },
  },
  {
    key: 'KIN', kind: 'county', name: '金門縣政府', en: 'Kinmen County Government', hub: 'TPE', pace: 0.51, w: 30, bureaus: COUNTY_BUREAUS,
    offices: {
      places: districts('金城鎮:Jincheng,金湖鎮:Jinhu,金沙鎮:Jinsha,金寧鄉:Jinning,烈嶼鄉:Lieyu,烏坵鄉:Wuqiu'),
      suffix: (zh) => `金門縣${zh}公所`, en: 'Township Office, Kinmen County', w: 4,
    },
  },
  {
    key: 'LIE', kind: 'county', name: '連江縣政府', en: 'Lienchiang County Government', hub: 'TPE', pace: 0.45, w: 25, bureaus: COUNTY_BUREAUS,
    offices: {
      places: districts('南竿鄉:Nangan,北竿鄉:Beigan,莒光鄉:Juguang,東引鄉:Dongyin'),
      suffix: (zh) => `連江縣${zh}公所`, en: 'Township Office, Lienchiang County', w: 3,
    },
  },
]

export const LOCAL_GOVERNMENTS: TopAgency[] = LOCAL.map((spec) => ({
  code: spec.key,
  name: spec.name,
  en: spec.en,
  county: spec.key,
  w: spec.w,
  kind: spec.kind,
  hub: spec.hub,
  uplinks: spec.uplinks ?? (spec.hub === 'self' ? 1 : undefined),
  pace: spec.pace,
  children: [
    // Municipal bureaus are named after the city government (臺北市政府警察局), county ones
    // after the county itself (花蓮縣警察局).
    ...spec.bureaus.map(([code, name, en, w]) =>
      spec.kind === 'municipality'
        ? n(code, name, en, { w })
        : n(code, `${spec.name.replace('政府', '')}${name}`, `${en}, ${spec.en.replace(' Government', '')}`, { w, own: true })
    ),
    ...(spec.offices?.places ?? []).map(([zh, en, code]) =>
      n(`DO-${code}`, spec.offices!.suffix(zh), `${en} ${spec.offices!.en}`, { own: true, w: spec.offices!.w })
    ),
  ],
}))
