/**
 * Bench: 17,485 agency lines (the programme's count) imported through our CSV import, against
 * PostgreSQL's own bulk loader (psql \copy) on the same machine in the same run.
 *
 *   PATH=/work/main/node_modules/.bin:$PATH node bench/import_links.ts
 *
 * Generates bench/out/{agencies,devices,links}.csv, recreates the scratch database gsn_bench,
 * migrates it, imports agencies and devices (not timed), then times: the links import into an
 * empty table, a re-import of the same file (every line unchanged), a re-import with every
 * line changed (every line an update with its audit row), and \copy of the same file into a
 * scratch table of the same columns. Plain Node (types are stripped), no application imports:
 * the import runs through `node ace inventory:import`, which reports its own time. Both sides are
 * timed both ways: inside the running process (the import job's time; psql's \timing of the
 * \copy) and as whole commands (ours with the app's boot, psql with its launch and connection).
 */
import { execFileSync, execSync, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const OUT = join(ROOT, 'bench', 'out')
const DB = process.env.BENCH_DB ?? 'gsn_bench'
const LINKS = 17_485
const PG = ['-h', process.env.DB_HOST ?? '127.0.0.1', '-p', process.env.DB_PORT ?? '5432', '-U', process.env.DB_USER ?? 'postgres']

// A fixed seed, so every run imports the same file.
let seed = 20080101
function random() {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]

function csvCell(value: string | number | null) {
  if (value === null) return ''
  const text = String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
const csvLine = (cells: Array<string | number | null>) => cells.map(csvCell).join(',')

const REGIONS = ['north', 'central', 'south', 'east'] as const
const MINISTRIES = [
  '內政部', '外交部', '國防部', '財政部', '教育部', '法務部', '經濟部', '交通部', '勞動部', '行政院農業委員會',
  '衛生福利部', '環境部', '文化部', '數位發展部', '國家發展委員會', '國家科學及技術委員會', '大陸委員會', '金融監督管理委員會', '海洋委員會', '僑務委員會',
  '國軍退除役官兵輔導委員會', '原住民族委員會', '客家委員會', '行政院公共工程委員會', '行政院主計總處', '行政院人事行政總處', '中央銀行', '國立故宮博物院', '中央選舉委員會', '公平交易委員會',
  '國家通訊傳播委員會', '核能安全委員會', '運動部', '臺北市政府', '新北市政府', '桃園市政府', '臺中市政府', '臺南市政府', '高雄市政府', '花蓮縣政府',
]
const UNITS = ['署', '局', '處', '中心', '所', '分署', '館', '院']
const SITES = ['台北', '新北', '桃園', '新竹', '苗栗', '台中', '彰化', '南投', '雲林', '嘉義', '台南', '高雄', '屏東', '宜蘭', '花蓮', '台東', '澎湖', '金門', '連江']
const HUBS = ['GSN-TPE', 'GSN-TXG', 'GSN-KHH', 'GSN-HUN']

function generate() {
  mkdirSync(OUT, { recursive: true })
  const agencies: string[] = ['code,name,name_en,level,kind,region,parent_code,hub_code']
  const devices: string[] = ['hostname,kind,management_address,region,agency_code,vendor,model,snmp_version,snmp_port,poll_interval_s,snmp_community']
  const links: string[] = ['circuit_id,name,kind,agency_code,a_end,z_end,bandwidth_kbps,device_hostname,if_index,status,consolidated_into_circuit,decommission_date']
  agencies.push(csvLine(['EY', '行政院', 'Executive Yuan', 1, 'central', 'north', null, null]))

  // Every agency below a ministry, with the ministry it folds into.
  const lineOwners: Array<{ code: string; name: string; region: string; ministry: number }> = []
  const ministryCodes: string[] = []
  MINISTRIES.forEach((name, m) => {
    const code = `M${String(m + 1).padStart(2, '0')}`
    const region = m >= 33 ? pick(REGIONS) : 'north'
    const kind = name.endsWith('市政府') ? 'municipality' : name.endsWith('縣政府') ? 'county' : 'central'
    ministryCodes.push(code)
    agencies.push(csvLine([code, name, null, 2, kind, region, 'EY', null]))
    lineOwners.push({ code, name, region, ministry: m })
    const level3 = 6 + Math.floor(random() * 10)
    for (let i = 1; i <= level3; i++) {
      const c3 = `${code}-${String(i).padStart(2, '0')}`
      const n3 = `${name}${SITES[(m + i) % SITES.length]}${pick(UNITS)}`
      const r3 = pick(REGIONS)
      agencies.push(csvLine([c3, n3, null, 3, kind, r3, code, code]))
      lineOwners.push({ code: c3, name: n3, region: r3, ministry: m })
      const level4 = Math.floor(random() * 5)
      for (let j = 1; j <= level4; j++) {
        const c4 = `${c3}-${j}`
        const n4 = `${n3}${SITES[(m + i + j) % SITES.length]}辦事處`
        agencies.push(csvLine([c4, n4, null, 4, kind, r3, c3, code]))
        lineOwners.push({ code: c4, name: n4, region: r3, ministry: m })
      }
    }
    // Two edge routers per ministry carry its uplink and the lines polled there.
    for (const r of [1, 2]) {
      devices.push(csvLine([`${code.toLowerCase()}-edge-${r}.gsn.gov.tw`, 'router', `10.${m + 1}.0.${r}`, region, code, pick(['Cisco', 'Juniper', 'Huawei']), null, '2c', 161, 60, `community-${code}-${r}`]))
    }
  })

  // The ~40 ministry uplinks first, so the lines that fold into them name rows above them.
  const uplinks = ministryCodes.map((code, m) => {
    const circuit = `GSN-UP-${code}`
    links.push(csvLine([circuit, `${MINISTRIES[m]}共構上行`, 'uplink', code, `${MINISTRIES[m]}共構機房`, pick(HUBS), pick([1_000_000, 2_000_000, 10_000_000]), `${code.toLowerCase()}-edge-1.gsn.gov.tw`, 1, 'active', null, null]))
    return circuit
  })
  const ifIndex = new Map<string, number>()
  for (let n = 1; links.length - 1 < LINKS; n++) {
    const owner = lineOwners[Math.floor(random() * lineOwners.length)]
    const roll = random()
    const status = roll < 0.6 ? 'active' : roll < 0.85 ? 'migrating' : 'decommissioned'
    const polled = random() < 0.1
    const router = `${ministryCodes[owner.ministry].toLowerCase()}-edge-${polled && random() < 0.5 ? 2 : 1}.gsn.gov.tw`
    const index = polled ? (ifIndex.get(router) ?? 1) + 1 : null
    if (index !== null) ifIndex.set(router, index)
    links.push(csvLine([
      `CHT-${String(n).padStart(6, '0')}`,
      `${owner.name}對外線路${(n % 7) + 1}`,
      'legacy',
      owner.code,
      `${pick(SITES)}${owner.name.slice(-3)}`,
      pick(HUBS),
      pick([512, 1024, 2048, 4096, 10240, 20480, 102400]),
      polled ? router : null,
      index,
      status,
      status === 'active' ? null : uplinks[owner.ministry],
      status === 'decommissioned' ? `20${pick(['09', '10', '11'])}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}` : null,
    ]))
  }
  const files = {
    agencies: join(OUT, 'agencies.csv'),
    devices: join(OUT, 'devices.csv'),
    links: join(OUT, 'links.csv'),
    linksChanged: join(OUT, 'links_changed.csv'),
  }
  writeFileSync(files.agencies, agencies.join('\n') + '\n')
  writeFileSync(files.devices, devices.join('\n') + '\n')
  writeFileSync(files.links, links.join('\n') + '\n')
  // The same lines with every bandwidth doubled: a file of nothing but updates.
  const changed = links.map((line, i) => {
    if (i === 0) return line
    // No generated cell holds a comma, so splitting on commas is safe here; column 6 is bandwidth_kbps.
    const cells = line.split(',')
    cells[6] = String(Number(cells[6]) * 2)
    return cells.join(',')
  })
  writeFileSync(files.linksChanged, changed.join('\n') + '\n')
  return { files, agencies: agencies.length - 1, devices: devices.length - 1, links: links.length - 1 }
}

function psql(sql: string, database = DB) {
  return execFileSync('psql', [...PG, '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' }).trim()
}

const appEnv = { ...process.env, DB_DATABASE: DB, NODE_ENV: 'development', LOG_LEVEL: 'warn' }

function ace(args: string[]) {
  const started = performance.now()
  const run = spawnSync(process.execPath, ['ace', ...args], { cwd: ROOT, env: appEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const wall = (performance.now() - started) / 1000
  if (run.status !== 0 && !args.includes('--json')) {
    throw new Error(`node ace ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`)
  }
  return { stdout: run.stdout, stderr: run.stderr, status: run.status, wall }
}

function importFile(resource: string, file: string) {
  const run = ace(['inventory:import', resource, file, '--json'])
  const line = run.stdout.split('\n').reverse().find((l) => l.startsWith('{'))
  if (!line) throw new Error(`no JSON from inventory:import ${resource}:\n${run.stdout}\n${run.stderr}`)
  const job = JSON.parse(line)
  if (job.status !== 'done' || job.rejected) {
    throw new Error(`import of ${resource} did not go cleanly: ${job.message}\n${JSON.stringify(job.errors.slice(0, 5))}`)
  }
  return { job, seconds: job.seconds as number, cpu: job.cpu_seconds as number, wall: run.wall }
}

function timeCopy(file: string) {
  psql(`DROP TABLE IF EXISTS bench_links_copy;
    CREATE TABLE bench_links_copy (
      id serial PRIMARY KEY, circuit_id varchar(64) NOT NULL UNIQUE, name varchar(200) NOT NULL, kind varchar(16) NOT NULL,
      agency_code varchar(32) NOT NULL, a_end varchar(200) NOT NULL, z_end varchar(200) NOT NULL, bandwidth_kbps bigint NOT NULL,
      device_hostname varchar(128), if_index integer, status varchar(16) NOT NULL, consolidated_into_circuit varchar(64),
      decommission_date date)`)
  const columns = 'circuit_id,name,kind,agency_code,a_end,z_end,bandwidth_kbps,device_hostname,if_index,status,consolidated_into_circuit,decommission_date'
  const started = performance.now()
  const out = execFileSync(
    'psql',
    [...PG, '-d', DB, '-v', 'ON_ERROR_STOP=1', '-c', '\\timing on', '-c', `\\copy bench_links_copy(${columns}) FROM '${file}' WITH (FORMAT csv, HEADER true)`],
    { encoding: 'utf8' }
  )
  const wall = (performance.now() - started) / 1000
  const timing = /Time: ([\d.]+) ms/.exec(out)
  if (!timing) throw new Error(`psql printed no timing for \\copy:\n${out}`)
  const rows = Number(psql('SELECT count(*) FROM bench_links_copy'))
  return { seconds: Number(timing[1]) / 1000, wall, rows }
}

const fmt = (s: number) => `${s.toFixed(2)} s`
const rate = (rows: number, s: number) => `${Math.round(rows / s).toLocaleString('en')} rows/s`

const generated = generate()
console.log(`generated ${generated.agencies} agencies, ${generated.devices} devices, ${generated.links} links in ${OUT}`)

psql(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`, 'postgres')
psql(`CREATE DATABASE "${DB}"`, 'postgres')
ace(['migration:run', '--connection', 'owner'])
console.log(`scratch database ${DB} created and migrated`)

const agencies = importFile('agencies', generated.files.agencies)
const devices = importFile('devices', generated.files.devices)
console.log(`agencies: ${agencies.job.inserted} in ${fmt(agencies.seconds)}; devices: ${devices.job.inserted} in ${fmt(devices.seconds)}`)

const first = importFile('links', generated.files.links)
const same = importFile('links', generated.files.links)
const changed = importFile('links', generated.files.linksChanged)
const copy = timeCopy(generated.files.links)

const stored = Number(psql('SELECT count(*) FROM links'))
const audited = Number(psql(`SELECT count(*) FROM audit_log WHERE entity = 'links'`))
const chain = execSync('node ace audit:verify', { cwd: ROOT, env: appEnv, encoding: 'utf8' }).trim().split('\n').find((l) => /audit log/.test(l)) ?? ''

console.log('')
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs`)
console.log(`links import, empty table     : ${first.job.inserted} inserted in ${fmt(first.seconds)} in the process (${rate(generated.links, first.seconds)}, ${fmt(first.cpu)} CPU in our process); whole command, app boot included, ${fmt(first.wall)}`)
console.log(`re-import, same file          : ${same.job.unchanged} unchanged, ${same.job.updated} updated in ${fmt(same.seconds)} (${rate(generated.links, same.seconds)}, ${fmt(same.cpu)} CPU)`)
console.log(`re-import, every line changed : ${changed.job.updated} updated in ${fmt(changed.seconds)} (${rate(generated.links, changed.seconds)}, ${fmt(changed.cpu)} CPU)`)
console.log(`psql \\copy, same file         : ${copy.rows} rows in ${fmt(copy.seconds)} inside a running psql (\\timing, ${rate(copy.rows, copy.seconds)}); whole command, launch and connection included, ${fmt(copy.wall)}`)
console.log(`ratio ours/psql (first import): ${(first.seconds / copy.seconds).toFixed(1)}x in the process, ${(first.wall / copy.wall).toFixed(1)}x as whole commands`)
console.log(`links stored ${stored}, audit rows for links ${audited} (${first.job.inserted} creates + ${changed.job.updated} updates expected); ${chain.replace(/^\S*\s*/, '')}`)
