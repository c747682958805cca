import {
  DEMO_AS_OF,
  DEMO_SEED,
  DEMO_TOTALS,
  DEMO_USERS,
  PROGRAMME_START,
  type DemoAgency,
  type DemoDataCentre,
  type DemoDataSet,
  type DemoDevice,
  type DemoLink,
  type DemoOptions,
  type DemoSystem,
  type SystemCategory,
} from '#app/demo/data_set'
import { buildIncidents } from '#app/demo/demo_incidents'
import type { Region } from '#app/agencies/agency'
import type { SnmpCredentials } from '#app/devices/snmp_credentials'
import { CENTRAL, EXECUTIVE_YUAN, type AgencyNode, type TopAgency } from '#app/demo/agency_catalogue'
import { LOCAL_GOVERNMENTS } from '#app/demo/local_governments'
import { CORE_NODES, COUNTY_BY_KEY, POPS, placeAgency, popFor, type Placement, type PopKey } from '#app/demo/places'
import { apportion, createRandom, type Random } from '#app/demo/prng'

/**
 * The demo data set: the GSN consolidation part-way done. Pure and deterministic: the same
 * options give the same rows, byte for byte, with nothing read from the clock, the database or
 * Math.random. Rows name each other by natural key (codes, circuit ids, hostnames, e-mails);
 * the loader turns those into ids.
 */

// ---------------------------------------------------------------------------------------------
// Dates

const DAY = 86_400_000
const toTime = (iso: string) => Date.parse(`${iso}T00:00:00Z`)
const toIso = (t: number) => new Date(t).toISOString().slice(0, 10)

/**
 * When one consolidation step happened. Laggards start later; within an agency's window the
 * pace quickens (density rising towards the demo date), and some work lands in December, when
 * budgets are spent and cut-overs are scheduled.
 */
function eventDate(random: Random, pace: number, asOf: string) {
  const end = toTime(asOf)
  const delayMonths = Math.round((1 - pace) * 14)
  const start = toTime(PROGRAMME_START) + delayMonths * 30 * DAY
  const f = Math.sqrt(random.next())
  let t = start + Math.floor(f * ((end - start) / DAY)) * DAY
  if (random.chance(0.15)) {
    const d = new Date(t)
    const december = Date.UTC(d.getUTCFullYear(), 11, random.int(1, 28))
    if (december <= end && december >= start) t = december
  }
  return toIso(t)
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))

// ---------------------------------------------------------------------------------------------
// Agencies

const DEFAULT_WEIGHT: Record<number, number> = { 1: 20, 2: 20, 3: 10, 4: 5 }

function buildAgencies(random: Random): DemoAgency[] {
  const rows: DemoAgency[] = []
  const seen = new Set<string>()
  const push = (row: DemoAgency) => {
    if (seen.has(row.code)) throw new Error(`duplicate agency code ${row.code}`)
    if (row.code.length > 22) throw new Error(`agency code ${row.code} is too long for the derived codes`)
    seen.add(row.code)
    rows.push(row)
  }

  const eyPlace = placeAgency(EXECUTIVE_YUAN.name, null, { county: EXECUTIVE_YUAN.county })
  push({
    code: EXECUTIVE_YUAN.code,
    name: EXECUTIVE_YUAN.name,
    name_en: EXECUTIVE_YUAN.en,
    level: 1,
    kind: 'central',
    region: eyPlace.region,
    parent_code: null,
    hub_code: EXECUTIVE_YUAN.code,
    county: eyPlace.county?.key ?? null,
    weight: EXECUTIVE_YUAN.w,
    pace: EXECUTIVE_YUAN.pace,
  })

  const visit = (
    node: AgencyNode,
    parent: { code: string; name: string; placement: Placement },
    top: TopAgency,
    level: number,
    isTop: boolean
  ) => {
    const code = isTop ? node.code : `${parent.code}-${node.code}`
    const name = isTop || node.own ? node.name : `${parent.name}${node.name}`
    const local = top.kind !== 'central'
    const placement = placeAgency(node.name, isTop ? null : parent.placement, {
      explicit: node.region,
      county: node.county,
      local: local && !isTop,
    })
    const pace = isTop ? top.pace ?? 0.65 : clamp((top.pace ?? 0.65) + (random.next() - 0.5) * 0.16, 0.05, 0.98)
    push({
      code,
      name,
      name_en: node.en,
      level,
      kind: isTop ? top.kind : 'central',
      region: placement.region,
      parent_code: parent.code,
      hub_code: top.hub === 'self' ? top.code : top.hub,
      county: placement.county?.key ?? null,
      // No two agencies are quite the same size, even when the catalogue says so.
      weight: (node.w ?? DEFAULT_WEIGHT[level] ?? 5) * (0.75 + random.next() * 0.5),
      pace,
    })
    for (const child of node.children ?? []) visit(child, { code, name, placement }, top, level + 1, false)
  }

  for (const top of [...CENTRAL, ...LOCAL_GOVERNMENTS]) {
    visit(top, { code: EXECUTIVE_YUAN.code, name: EXECUTIVE_YUAN.name, placement: eyPlace }, top, 2, true)
  }
  // A local government's offices are local too: the scope and the charts group them with it.
  const kindOf = new Map(rows.map((r) => [r.code, r.kind]))
  for (const row of rows) {
    if (row.level > 2) {
      const top = row.code.split('-')[0]
      if (kindOf.get(top) !== 'central') row.kind = kindOf.get(top)!
    }
  }
  for (const row of rows) {
    if (!seen.has(row.hub_code)) throw new Error(`agency ${row.code} folds into unknown hub ${row.hub_code}`)
  }
  return rows
}

interface Hub {
  agency: DemoAgency
  uplinks: number
  /** Whether agencies of other local governments fold into it. */
  regional: boolean
}

function hubsOf(agencies: DemoAgency[]): Hub[] {
  const tops = new Map<string, TopAgency>([...CENTRAL, ...LOCAL_GOVERNMENTS].map((t) => [t.code, t]))
  return agencies
    .filter((a) => a.hub_code === a.code)
    .map((agency) => {
      const top = tops.get(agency.code)
      const uplinks = agency.code === EXECUTIVE_YUAN.code ? EXECUTIVE_YUAN.uplinks : top?.uplinks ?? 1
      const regional = top ? top.kind !== 'central' && LOCAL_GOVERNMENTS.some((l) => l.hub === agency.code) : false
      return { agency, uplinks, regional }
    })
}

// ---------------------------------------------------------------------------------------------
// Data centres

function buildDataCentres(random: Random, agencies: DemoAgency[], hubs: Hub[], asOf: string): DemoDataCentre[] {
  const rows: DemoDataCentre[] = []
  const weightOfHub = new Map<string, number>()
  for (const a of agencies) weightOfHub.set(a.hub_code, (weightOfHub.get(a.hub_code) ?? 0) + a.weight)

  for (const hub of hubs) {
    const w = weightOfHub.get(hub.agency.code) ?? 100
    const racks = Math.round(24 + w / 12 + random.int(0, 12))
    rows.push({
      code: `SDC-${hub.agency.code}`,
      name: `${hub.agency.name}${hub.regional ? '區域' : ''}共構機房`,
      agency_code: hub.agency.code,
      region: hub.agency.region,
      status: 'operating',
      consolidated_into_code: null,
      closure_date: null,
      racks,
      servers: racks * random.int(14, 22),
      shared: true,
    })
  }
  // Off-site backup (異地備援) for the shared rooms, run by the GSN's owner.
  for (const [region, label] of [['central', '中區'], ['south', '南區']] as const) {
    const racks = random.int(60, 90)
    rows.push({
      code: `BDC-${region.toUpperCase()}`,
      name: `GSN ${label}異地備援機房`,
      agency_code: 'MODA',
      region,
      status: 'operating',
      consolidated_into_code: null,
      closure_date: null,
      racks,
      servers: racks * random.int(12, 18),
      shared: true,
    })
  }

  const agencyRooms = DEMO_TOTALS.dataCentres - rows.length
  const counts = apportion(agencyRooms, agencies.map((a) => Math.pow(a.weight, 0.7)))
  agencies.forEach((agency, i) => {
    for (let k = 1; k <= counts[i]; k++) {
      const closedChance = agency.pace * 0.8
      const status = random.chance(closedChance) ? 'closed' : random.chance(0.4) ? 'consolidating' : 'operating'
      const racks = random.int(2, 18)
      const servers = racks * random.int(5, 14)
      rows.push({
        code: `DC-${agency.code}-${k}`,
        name: `${agency.name}${k === 1 ? '' : `第${k}`}機房`,
        agency_code: agency.code,
        region: agency.region,
        status,
        consolidated_into_code: status === 'operating' ? null : `SDC-${agency.hub_code}`,
        closure_date: status === 'closed' ? eventDate(random, agency.pace, asOf) : null,
        // An emptied room keeps no racks; one being emptied has moved part of them already.
        racks: status === 'closed' ? 0 : status === 'consolidating' ? Math.ceil(racks / 2) : racks,
        servers: status === 'closed' ? 0 : status === 'consolidating' ? Math.ceil(servers / 2) : servers,
        shared: false,
      })
    }
  })
  return rows
}

// ---------------------------------------------------------------------------------------------
// Information systems

const CATEGORY_NAMES: Record<Exclude<SystemCategory, 'agency_specific'>, string> = {
  shared_personnel: '人事管理系統',
  payroll: '薪資出納系統',
  state_property: '財產管理系統',
  regulations_website: '主管法規查詢網站',
  document_management: '公文管理系統',
}
const AGENCY_SYSTEM_NAMES = [
  '業務資訊系統', '案件管理系統', '線上申辦系統', '地理資訊系統', '統計資料庫', '會議管理系統',
  '電子表單系統', '知識管理系統', '採購管理系統', '全球資訊網', '內部入口網', '檔案影像系統',
  '客服管理系統', '門禁管理系統', '資料交換平台', '行動服務 App 後台', '決策支援系統', '開放資料平台',
]
const PLATFORM_NAMES = ['整合服務平台', '共用資料平台', '雲端業務平台', '共構應用平台']

const NATIONAL_SHARED: readonly { code: string; name: string; category: SystemCategory; owner: string; room: string }[] = [
  { code: 'SYS-SHARED-HR', name: '人事管理資訊系統（WebHR）', category: 'shared_personnel', owner: 'DGPA', room: 'SDC-EY' },
  { code: 'SYS-SHARED-PAY', name: '公務人員待遇及出納共用系統', category: 'payroll', owner: 'DGBAS', room: 'SDC-EY' },
  { code: 'SYS-SHARED-PROP', name: '財產管理共用系統', category: 'state_property', owner: 'MOF-NPA', room: 'SDC-MOF' },
  { code: 'SYS-SHARED-LAW', name: '主管法規共用系統', category: 'regulations_website', owner: 'MOJ', room: 'SDC-MOJ' },
]

function buildSystems(
  random: Random,
  agencies: DemoAgency[],
  hubs: Hub[],
  rooms: DemoDataCentre[],
  asOf: string
): DemoSystem[] {
  const rows: DemoSystem[] = []
  for (const s of NATIONAL_SHARED) {
    rows.push({ ...s, agency_code: s.owner, data_centre_code: s.room, status: 'active', merged_into_code: null, retirement_date: null, shared: true })
  }
  const weightOfHub = new Map<string, number>()
  for (const a of agencies) weightOfHub.set(a.hub_code, (weightOfHub.get(a.hub_code) ?? 0) + a.weight)
  const platformsOf = new Map<string, string[]>()
  for (const hub of hubs) {
    const code = hub.agency.code
    rows.push({
      code: `SYS-${code}-DOC`,
      name: `${hub.agency.name}共用公文管理系統`,
      agency_code: code,
      data_centre_code: `SDC-${code}`,
      category: 'document_management',
      status: 'active',
      merged_into_code: null,
      retirement_date: null,
      shared: true,
    })
    const platforms = clamp(1 + Math.floor((weightOfHub.get(code) ?? 0) / 350), 1, 4)
    const codes: string[] = []
    for (let k = 1; k <= platforms; k++) {
      codes.push(`SYS-${code}-PLAT${k}`)
      rows.push({
        code: `SYS-${code}-PLAT${k}`,
        name: `${hub.agency.name}${PLATFORM_NAMES[k - 1]}`,
        agency_code: code,
        data_centre_code: `SDC-${code}`,
        category: 'agency_specific',
        status: 'active',
        merged_into_code: null,
        retirement_date: null,
        shared: true,
      })
    }
    platformsOf.set(code, codes)
  }

  const roomsOf = new Map<string, DemoDataCentre[]>()
  for (const room of rooms) {
    if (!room.shared) roomsOf.set(room.agency_code, [...(roomsOf.get(room.agency_code) ?? []), room])
  }
  const nationalOf = new Map(NATIONAL_SHARED.map((s) => [s.category, s.code]))
  const categories: readonly (readonly [SystemCategory, number])[] = [
    ['shared_personnel', 9], ['payroll', 8], ['state_property', 7], ['regulations_website', 5],
    ['document_management', 11], ['agency_specific', 60],
  ]

  const counts = apportion(DEMO_TOTALS.systems - rows.length, agencies.map((a) => Math.pow(a.weight, 0.85)))
  agencies.forEach((agency, i) => {
    const own = roomsOf.get(agency.code) ?? []
    for (let k = 1; k <= counts[i]; k++) {
      const category = random.weighted(categories)
      let status: DemoSystem['status']
      let mergedInto: string | null = null
      if (category !== 'agency_specific') {
        // The common systems are what the shared ones were built to replace: they go first.
        if (random.chance(Math.min(0.97, agency.pace + 0.25))) {
          status = 'merged'
          mergedInto = category === 'document_management' ? `SYS-${agency.hub_code}-DOC` : nationalOf.get(category)!
        } else status = random.chance(0.5) ? 'migrating' : 'active'
      } else if (random.chance(agency.pace * 0.75)) {
        if (random.chance(0.5)) {
          status = 'merged'
          mergedInto = random.pick(platformsOf.get(agency.hub_code)!)
        } else status = 'retired'
      } else status = random.chance(0.3) ? 'migrating' : 'active'

      const gone = status === 'merged' || status === 'retired'
      const live = own.filter((r) => r.status !== 'closed')
      const room = gone
        ? own.length ? random.pick(own).code : null
        : live.length ? random.pick(live).code : `SDC-${agency.hub_code}`
      const name = category === 'agency_specific' ? random.pick(AGENCY_SYSTEM_NAMES) : CATEGORY_NAMES[category]
      rows.push({
        code: `SYS-${agency.code}-${String(k).padStart(3, '0')}`,
        name: `${agency.name}${name}`,
        agency_code: agency.code,
        data_centre_code: room,
        category,
        status,
        merged_into_code: mergedInto,
        retirement_date: gone ? eventDate(random, agency.pace, asOf) : null,
        shared: false,
      })
    }
  })
  return rows
}

// ---------------------------------------------------------------------------------------------
// Links and devices

const LINE_SPEEDS_MBPS: readonly (readonly [number, number])[] = [
  [2, 30], [4, 14], [6, 10], [10, 20], [20, 12], [50, 9], [100, 5],
]
const ROUTERS = [['Cisco', 'ASR 1002-HX'], ['Juniper', 'MX204'], ['Cisco', 'ASR 9901'], ['Juniper', 'MX304']] as const
const SWITCHES = [['Cisco', 'Catalyst 9500-48Y4C'], ['Juniper', 'EX4650-48Y'], ['Arista', '7050SX3-48YC8']] as const
const FIREWALLS = [['Fortinet', 'FortiGate 1800F'], ['Palo Alto Networks', 'PA-5430']] as const
const REGION_INDEX: Record<Region, number> = { north: 1, central: 2, south: 3, east: 4 }
/** Agencies whose devices already moved to SNMPv3 (authPriv): the owner, and the centre. */
const SNMP_V3_HUBS = new Set(['MODA', 'EY', 'NDC', 'FSC'])

const v3 = (hostname: string): SnmpCredentials => ({
  version: '3',
  user: 'gsn-poller',
  level: 'authPriv',
  authProtocol: 'sha',
  authKey: `demo-auth-${hostname}`,
  privProtocol: 'aes',
  privKey: `demo-priv-${hostname}`,
})

interface LinkPlan {
  links: DemoLink[]
  devices: DemoDevice[]
}

function buildLinks(random: Random, agencies: DemoAgency[], hubs: Hub[], asOf: string): LinkPlan {
  const devices: DemoDevice[] = []
  const uplinks: DemoLink[] = []
  const legacy: DemoLink[] = []

  const linesPerAgency = apportion(DEMO_TOTALS.legacyLines - agencies.length, agencies.map((a) => a.weight)).map((n) => n + 1)
  const linesOfHub = new Map<string, number>()
  agencies.forEach((a, i) => linesOfHub.set(a.hub_code, (linesOfHub.get(a.hub_code) ?? 0) + linesPerAgency[i]))

  // Uplinks and the routers that terminate them.
  const uplinksOf = new Map<string, string[]>()
  hubs.forEach((hub, h) => {
    const a = hub.agency
    const lines = linesOfHub.get(a.code) ?? 0
    const perUplink = lines / hub.uplinks
    const gbps = perUplink >= 700 ? 10 : perUplink >= 350 ? 5 : perUplink >= 150 ? 2 : 1
    // Busy uplinks end on a router pair; the uplink names the active one.
    const pair = perUplink >= 300
    const [vendor, model] = ROUTERS[h % ROUTERS.length]
    const circuits: string[] = []
    for (let k = 1; k <= hub.uplinks; k++) {
      const routers = pair ? ['a', 'b'] : ['a']
      routers.forEach((suffix, j) => {
        const hostname = `gsn-${a.code.toLowerCase()}-r${k}${suffix}`
        const v = SNMP_V3_HUBS.has(a.code)
        devices.push({
          hostname,
          kind: 'router',
          management_address: `127.10.${h + 1}.${(k - 1) * 2 + j + 1}`,
          region: a.region,
          agency_code: a.code,
          vendor,
          model,
          snmp_version: v ? '3' : '2c',
          snmp_port: 161,
          poll_interval_s: 30,
          credentials: v ? v3(hostname) : { version: '2c', community: `gsn-${a.code.toLowerCase()}-ro` },
        })
      })
      const core: Region = k === 1 ? a.region : a.region === 'north' ? 'central' : 'north'
      const circuit = `GSN-U-${a.code}-${k}`
      circuits.push(circuit)
      uplinks.push({
        circuit_id: circuit,
        name: `${a.name}上行鏈路 ${k}`,
        kind: 'uplink',
        agency_code: a.code,
        a_end: `${a.name}${hub.regional ? '區域' : ''}共構機房`,
        z_end: CORE_NODES[core],
        bandwidth_kbps: gbps * 1_000_000,
        device_hostname: `gsn-${a.code.toLowerCase()}-r${k}a`,
        if_index: 1,
        status: 'active',
        consolidated_into_circuit: null,
        decommission_date: null,
      })
    }
    uplinksOf.set(a.code, circuits)
  })

  // Legacy lines, numbered in a shuffled order as circuits were ordered over the years.
  const popOf = new Map<DemoLink, PopKey>()
  agencies.forEach((agency, i) => {
    const pop = popFor({ region: agency.region, county: agency.county ? COUNTY_BY_KEY.get(agency.county) ?? null : null })
    for (let k = 1; k <= linesPerAgency[i]; k++) {
      const mbps = random.weighted(LINE_SPEEDS_MBPS)
      const status: DemoLink['status'] = random.chance(agency.pace)
        ? 'decommissioned'
        : random.chance(0.42) ? 'migrating' : 'active'
      const targets = uplinksOf.get(agency.hub_code)!
      const target = targets.length > 1 && (agency.region === 'central' || agency.region === 'south') ? targets[1] : targets[0]
      const line: DemoLink = {
        circuit_id: '',
        name: `${agency.name}對外線路 ${k}`,
        kind: 'legacy',
        agency_code: agency.code,
        a_end: `${agency.name} ${k === 1 ? '本部' : `據點 ${String(k).padStart(3, '0')}`}`,
        z_end: POPS[pop].name,
        bandwidth_kbps: mbps * 1000,
        device_hostname: null,
        if_index: null,
        status,
        consolidated_into_circuit: status === 'active' ? null : target,
        decommission_date: status === 'decommissioned' ? eventDate(random, agency.pace, asOf) : null,
      }
      popOf.set(line, pop)
      legacy.push(line)
    }
  })
  for (let i = legacy.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1))
    ;[legacy[i], legacy[j]] = [legacy[j], legacy[i]]
  }
  legacy.forEach((line, i) => (line.circuit_id = `GSN-L-${String(i + 1).padStart(6, '0')}`))

  // Each PoP's aggregation switches carry the lines still in service there, one port each.
  const popKeys = Object.keys(POPS) as PopKey[]
  popKeys.forEach((pop, p) => {
    const live = legacy.filter((l) => popOf.get(l) === pop && l.status !== 'decommissioned')
    const count = Math.max(2, Math.ceil(live.length / 180))
    const [vendor, model] = SWITCHES[p % SWITCHES.length]
    const names: string[] = []
    for (let s = 1; s <= count; s++) {
      const hostname = `agg-${pop.toLowerCase()}-${String(s).padStart(2, '0')}`
      names.push(hostname)
      // Taipei's PoP went to SNMPv3 first.
      const v = pop === 'TPE'
      devices.push({
        hostname,
        kind: 'switch',
        management_address: `127.20.${p + 1}.${s}`,
        region: POPS[pop].region,
        agency_code: 'MODA',
        vendor,
        model,
        snmp_version: v ? '3' : '2c',
        snmp_port: 161,
        poll_interval_s: 60,
        credentials: v ? v3(hostname) : { version: '2c', community: `gsn-pop-${pop.toLowerCase()}-ro` },
      })
    }
    const ports = new Map<string, number>()
    live.sort((a, b) => (a.circuit_id < b.circuit_id ? -1 : 1)).forEach((line, i) => {
      const hostname = names[i % names.length]
      const port = (ports.get(hostname) ?? 0) + 1
      ports.set(hostname, port)
      line.device_hostname = hostname
      line.if_index = port
    })
  })
  // Backbone security filtering: a firewall pair per region.
  for (const region of ['north', 'central', 'south', 'east'] as const) {
    for (let f = 1; f <= 2; f++) {
      const hostname = `fw-${region}-${String(f).padStart(2, '0')}`
      const [vendor, model] = FIREWALLS[(REGION_INDEX[region] + f) % FIREWALLS.length]
      devices.push({
        hostname,
        kind: 'firewall',
        management_address: `127.30.${REGION_INDEX[region]}.${f}`,
        region,
        agency_code: 'MODA',
        vendor,
        model,
        snmp_version: '3',
        snmp_port: 161,
        poll_interval_s: 60,
        credentials: v3(hostname),
      })
    }
  }
  return { links: [...uplinks, ...legacy], devices }
}

// ---------------------------------------------------------------------------------------------

export function generateDemoData(options: DemoOptions = {}): DemoDataSet {
  const seed = options.seed ?? DEMO_SEED
  const asOf = options.asOf ?? DEMO_AS_OF
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(toTime(asOf))) throw new Error(`asOf must be YYYY-MM-DD, not ${asOf}`)
  if (toTime(asOf) <= toTime(PROGRAMME_START)) throw new Error(`asOf must come after the programme start (${PROGRAMME_START})`)
  const now = options.now ?? new Date(toTime(asOf) + DAY / 2)
  const random = createRandom(seed)

  const agencies = buildAgencies(random.fork('agencies'))
  const hubs = hubsOf(agencies)
  const dataCentres = buildDataCentres(random.fork('data_centres'), agencies, hubs, asOf)
  const systems = buildSystems(random.fork('systems'), agencies, hubs, dataCentres, asOf)
  const { links, devices } = buildLinks(random.fork('links'), agencies, hubs, asOf)
  const incidents = buildIncidents({ agencies, dataCentres, systems, devices, links }, now)
  return { seed, asOf, now: now.toISOString(), agencies, dataCentres, systems, devices, links, incidents, users: [...DEMO_USERS] }
}

/** Counts for the command's report and the tests. */
export function summarise(data: DemoDataSet) {
  const tally = <T>(rows: T[], key: (row: T) => string) =>
    rows.reduce<Record<string, number>>((acc, row) => ((acc[key(row)] = (acc[key(row)] ?? 0) + 1), acc), {})
  const legacy = data.links.filter((l) => l.kind === 'legacy')
  return {
    agencies: data.agencies.length,
    agenciesByLevel: tally(data.agencies, (a) => String(a.level)),
    dataCentres: data.dataCentres.length,
    dataCentresByStatus: tally(data.dataCentres, (d) => d.status),
    systems: data.systems.length,
    systemsByStatus: tally(data.systems, (s) => s.status),
    legacyLines: legacy.length,
    legacyLinesByStatus: tally(legacy, (l) => l.status),
    uplinks: data.links.length - legacy.length,
    devices: data.devices.length,
    devicesByKind: tally(data.devices, (d) => d.kind),
    incidents: data.incidents.length,
    users: data.users.length,
  }
}
