import { test } from '@japa/runner'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import { defaultSite } from '#app/platform/queues'
import { ensureStandardGroups } from '#app/incidents/standard_groups'
import { startSecurityWorker } from '#app/security/security_worker'
import { SecurityEventSender } from '#app/security/security_jobs'
import { fromEveAlert } from '#app/security/security_event'
import { readEveLine, type EveAlert } from '#collectors/security/eve'
import { makeAgencyTree } from '#tests/support/fixtures'
import { freeUdpPort, Rsyslog } from '#tests/support/rsyslog'
import { until, sleep } from '#tests/support/wait'

/**
 * The pipeline end to end with the real parts: security:listen as its own process reading
 * eve.json and taking syslog from Debian's rsyslogd, the 'security-events' queue on Redis,
 * security:work filing into PostgreSQL, and the worker killed with SIGKILL mid-burst.
 */

/** An agency with an address prefix of its own (octets no other test of the run uses). */
async function victimAgency() {
  const { ministry } = await makeAgencyTree()
  const octet = 30 + Math.floor(Math.random() * 200)
  const second = Math.floor(Math.random() * 250)
  await db.table('agency_prefixes').insert({ agency_id: ministry.id, prefix: `10.${octet}.${second}.0/24`, description: 'security pipeline' })
  return { agency: ministry, host: (i: number) => `10.${octet}.${second}.${1 + (i % 250)}` }
}

/** A fresh attacker address per test, so no incident of another run is joined. */
const attacker = () => `198.51.${100 + Math.floor(Math.random() * 100)}.${1 + Math.floor(Math.random() * 250)}`

/** An alert shaped as Suricata's "Eve JSON Format" page shows it, one second apart per i. */
const eveAlert = (i: number, src: string, dest: string) =>
  JSON.stringify({
    timestamp: `2026-12-06T19:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000001+0800`,
    flow_id: 1805461738637437 + i,
    in_iface: 'eth0',
    event_type: 'alert',
    src_ip: src,
    src_port: 40000 + i,
    dest_ip: dest,
    dest_port: 22,
    proto: 'TCP',
    alert: { action: 'allowed', gid: 1, signature_id: 2001219, rev: 20, signature: 'ET SCAN Potential SSH Scan', category: 'Attempted Information Leak', severity: 2 },
    app_proto: 'ssh',
  })

function listen(args: string[]) {
  const child = spawn('node', ['ace', 'security:listen', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
  let err = ''
  child.stderr!.on('data', (d) => (err += d))
  child.stdout!.on('data', (d) => (err += d))
  return { child, output: () => err }
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill(signal)
  await exited
}

const eventsFrom = (source: string) => db.from('security_events').where('source', source)
const countFrom = async (source: string) => Number((await eventsFrom(source).count('* as n'))[0].n)

/** One incident holds every event of the attack: the incidents the events name, with the counts. */
async function incidentsOf(source: string) {
  const rows = await eventsFrom(source).groupBy('incident_id').select('incident_id', db.raw('count(*)::int AS n'))
  return rows.map((r) => ({ incidentId: r.incident_id as number | null, events: r.n as number }))
}

test.group('Security events: sensors to one grouped incident', (group) => {
  let worker: ReturnType<typeof startSecurityWorker>['worker'] | null = null
  group.each.setup(async () => {
    await ensureStandardGroups(db.connection())
  })
  group.each.teardown(async () => {
    await worker?.close()
    worker = null
  })

  test('a burst of 60 EVE alerts about one attacker, read from eve.json by security:listen, becomes ONE security incident routed to G-ISAC with every alert counted', async ({ assert, cleanup }) => {
    const { agency, host } = await victimAgency()
    const src = attacker()
    const dir = await mkdtemp(join(tmpdir(), 'sec-eve-'))
    cleanup(() => rm(dir, { recursive: true, force: true }))
    const eve = join(dir, 'eve.json')
    // A flow event and a broken line in between: passed over and counted, not filed.
    await writeFile(eve, '')
    const listener = listen(['--eve', eve])
    cleanup(() => stop(listener.child))
    await until('the listener following eve.json', () => listener.output().includes('following'), { timeoutMs: 60_000 })
    worker = startSecurityWorker(defaultSite()).worker

    const lines = Array.from({ length: 60 }, (_, i) => eveAlert(i, src, host(i % 3)))
    await appendFile(eve, lines.slice(0, 30).join('\n') + '\n{"event_type":"flow","timestamp":"2026-12-06T19:00:00+0800"}\nnot json\n')
    await appendFile(eve, lines.slice(30).join('\n') + '\n')
    await until('60 alerts filed', async () => (await countFrom(src)) === 60, { timeoutMs: 120_000, everyMs: 200 })

    const incidents = await incidentsOf(src)
    assert.lengthOf(incidents, 1, JSON.stringify(incidents))
    assert.equal(incidents[0].events, 60)
    const incident = await db.from('incidents').where('id', incidents[0].incidentId!).first()
    assert.deepInclude(incident, { type: 'security', agency_id: agency.id, status: 'new', priority: 'P3' })
    const gisac = await db.from('assignment_groups').where('id', incident.group_id).first()
    assert.equal(gisac.code, 'G-ISAC')
    assert.equal(incident.title, `ET SCAN Potential SSH Scan from ${src} against ${host(0)}`)
    assert.equal(incident.texts.title.key, 'security.incident_title')
    // A burst of 60 alerts within seconds: the opening and at most a few growth entries, not 60.
    const entries = await db.from('incident_timeline').where('incident_id', incident.id).select('kind')
    assert.isAtMost(entries.filter((e) => e.kind === 'security').length, 3)
    const stored = await eventsFrom(src).orderBy('first_seen').first()
    assert.deepInclude(stored, { origin: 'eve', kind: 'ET SCAN Potential SSH Scan', target: host(0), port: 22, protocol: 'tcp', severity: 2 })
    assert.deepEqual(stored.agency_ids, [agency.id])
    assert.equal(stored.raw.alert.signature_id, 2001219)

    await stop(listener.child)
    assert.match(listener.output(), /"alerts":60,"otherEvents":1,"malformed":1/)
    assert.include(listener.output(), 'queued 60 security events')
  }).timeout(240_000)

  test("the same burst through Debian's rsyslogd forwarding to security:listen's syslog port (TCP, octet-counted RFC 5424) becomes ONE incident with every message counted", async ({ assert, cleanup }) => {
    const { agency, host } = await victimAgency()
    const src = attacker()
    const port = await freeUdpPort()
    const listener = listen(['--syslog-port', String(port), '--host', '127.0.0.1'])
    cleanup(() => stop(listener.child))
    await until('the listener on its syslog port', () => listener.output().includes('syslog listening'), { timeoutMs: 60_000 })
    worker = startSecurityWorker(defaultSite()).worker
    const rsyslog = new Rsyslog([
      `action(type="omfwd" target="127.0.0.1" port="${port}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")`,
    ])
    cleanup(() => rsyslog.stop())
    await rsyslog.start()
    // rsyslogd takes a moment to open its input: a probe (no address, so filed under no incident) until one arrives.
    let probed = false
    const watch = setInterval(async () => {
      probed = Number((await db.from('security_events').where('kind', 'probe').where('summary_text', 'like', `%${src}%`).count('* as n'))[0].n) > 0
    }, 200)
    cleanup(() => clearInterval(watch))
    await rsyslog.ready(`<13>Dec  6 11:00:00 probe probe: ready ${src}`, () => probed, 60_000)
    clearInterval(watch)

    const lines = Array.from(
      { length: 40 },
      (_, i) =>
        `<34>Dec  6 19:00:${String(i).padStart(2, '0')} sensor7 suricata[4242]: [1:2001219:20] ET SCAN Potential SSH Scan [Classification: Attempted Information Leak] [Priority: 2] {TCP} ${src}:${40000 + i} -> ${host(0)}:22`
    )
    for (const line of lines) await rsyslog.send(line)
    await until('40 messages filed', async () => Number((await eventsFrom(src).where('origin', 'syslog').whereNot('kind', 'probe').count('* as n'))[0].n) === 40, {
      timeoutMs: 120_000,
      everyMs: 200,
    })
    await sleep(500)
    const rows = await eventsFrom(src).where('origin', 'syslog').whereNot('kind', 'probe').groupBy('incident_id').select('incident_id', db.raw('count(*)::int AS n'))
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].n, 40)
    const incident = await db.from('incidents').where('id', rows[0].incident_id).first()
    assert.deepInclude(incident, { type: 'security', agency_id: agency.id })
    const one = await eventsFrom(src).where('origin', 'syslog').whereNot('kind', 'probe').first()
    assert.deepInclude(one, { kind: 'ET SCAN Potential SSH Scan', target: host(0), port: 22, protocol: 'tcp', signature: '1:2001219:20 ET SCAN Potential SSH Scan' })
    assert.equal(one.raw.hostname, 'sensor7')
  }).timeout(240_000)
})

test.group('Security events: the worker killed mid-burst', () => {
  test('security:work killed with SIGKILL mid-burst and started again: every event filed once, one incident', async ({ assert }) => {
    await ensureStandardGroups(db.connection())
    const { host } = await victimAgency()
    const src = attacker()
    const total = 400
    const sender = new SecurityEventSender(defaultSite())
    const events = Array.from({ length: total }, (_, i) => {
      const line = eveAlert(i, src, host(0))
      return fromEveAlert((readEveLine(line) as { alert: EveAlert }).alert, line)
    })
    const start = () => spawn('node', ['ace', 'security:work'], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
    let child: ChildProcess = start()
    try {
      await sender.send(events)
      await until('the first events filed', async () => (await countFrom(src)) > 0, { timeoutMs: 120_000, everyMs: 20 })
      await stop(child, 'SIGKILL')
      const atKill = await countFrom(src)
      assert.isBelow(atKill, total, 'killed before it had filed everything')
      // The same events queued again (a producer that retried): one job each, one row each.
      await sender.send(events.slice(0, 50))
      child = start()
      // The job the dead worker held comes back when its lock runs out (BullMQ's stalled check, 30 s).
      await until('every event filed after the restart', async () => (await countFrom(src)) === total, { timeoutMs: 240_000, everyMs: 500 })
      await sleep(2000)
      assert.equal(await countFrom(src), total, 'none filed twice')
      const incidents = await incidentsOf(src)
      assert.lengthOf(incidents, 1, 'one incident for the attack')
      assert.equal(incidents[0].events, total)
      const opened = await db.from('incidents').where('id', incidents[0].incidentId!).first()
      assert.equal(opened.type, 'security')
    } finally {
      await sender.close()
      await stop(child)
    }
  }).timeout(400_000)
})
