import { test } from '@japa/runner'
import { readEveLine, type EveAlert } from '#collectors/security/eve'
import { parseSyslog, type SyslogMessage } from '#collectors/security/syslog'
import type { FlowRecord } from '#collectors/flow/flow_record'
import { DetectionEngine } from '#app/detections/engine'
import { Enricher } from '#app/flows/enrichment'
import { message } from '#app/core/messages'
import {
  fromDetection,
  fromEveAlert,
  fromReport,
  fromSyslog,
  joinsAttack,
  jobIdOf,
  priorityOfSeverity,
  readSyslogAlert,
  timelineDue,
} from '#app/security/security_event'
import { place } from '#app/security/security_service'

/** An alert shaped as Suricata's "Eve JSON Format" page shows it, with our addresses. */
const ALERT = `{"timestamp":"2026-12-06T19:00:00.000001+0800","flow_id":1805461738637437,"event_type":"alert","src_ip":"198.51.100.7","src_port":50096,"dest_ip":"10.20.0.5","dest_port":22,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":2001219,"rev":20,"signature":"ET SCAN Potential SSH Scan","category":"Attempted Information Leak","severity":2}}`
const alertOf = (line: string) => (readEveLine(line) as { alert: EveAlert }).alert
const syslogOf = (raw: string) => (parseSyslog(raw, new Date('2026-12-06T11:00:00Z')) as { message: SyslogMessage }).message

test.group('Security events: from each producer', () => {
  test('a Suricata alert: kind is its signature, ends and port from the record, the key its digest (the same line twice is one event)', ({ assert }) => {
    const event = fromEveAlert(alertOf(ALERT), ALERT)
    assert.deepInclude(event, { origin: 'eve', kind: 'ET SCAN Potential SSH Scan', source: '198.51.100.7', target: '10.20.0.5', port: 22, protocol: 'tcp', severity: 2 })
    assert.equal(event.signature, '1:2001219:20 ET SCAN Potential SSH Scan')
    assert.equal(event.firstSeen, '2026-12-06T11:00:00.000Z')
    assert.equal(fromEveAlert(alertOf(ALERT), ALERT + '\n').key, event.key)
    const other = ALERT.replace('50096', '50097')
    assert.notEqual(fromEveAlert(alertOf(other), other).key, event.key)
    assert.equal((event.raw as any).alert.signature_id, 2001219)
    assert.match(jobIdOf(event.key), /^[0-9a-f]{40}$/)
  })

  test("a sensor's syslog line as Suricata and Snort write it: rule, priority, protocol and both ends", ({ assert }) => {
    const m = syslogOf(
      '<34>Dec  6 19:00:01 sensor7 suricata[4242]: [1:2001219:20] ET SCAN Potential SSH Scan [Classification: Attempted Information Leak] [Priority: 2] {TCP} 198.51.100.7:4444 -> 10.20.0.5:22'
    )
    assert.deepEqual(readSyslogAlert(m), {
      source: '198.51.100.7', target: '10.20.0.5', port: 22, protocol: 'tcp', signature: '1:2001219:20 ET SCAN Potential SSH Scan',
      kind: 'ET SCAN Potential SSH Scan', severity: 2,
    })
  })

  test('syslog with structured data, and with nothing but an address in its words', ({ assert }) => {
    const sd = syslogOf('<36>1 2026-12-06T11:00:00Z fw01 ips 7 DENY [alert@32473 src="203.0.113.9" dst="10.1.2.3" dpt="3389" signature="RDP brute force"] denied')
    assert.deepInclude(readSyslogAlert(sd), { source: '203.0.113.9', target: '10.1.2.3', port: 3389, kind: 'RDP brute force', severity: 3 })
    const bare = syslogOf('<38>Dec  6 19:00:02 waf01 modsec: denied 198.51.100.7 for /admin')
    assert.deepInclude(readSyslogAlert(bare), { source: '198.51.100.7', target: null, port: null, kind: 'modsec', signature: null, severity: 4 })
    const event = fromSyslog(bare, '127.0.0.1', new Date('2026-12-06T11:00:03Z'), 'abc')
    assert.equal(event.key, 'syslog|abc')
    assert.equal(event.summary.params[0].detail, 'waf01: denied 198.51.100.7 for /admin')
    // Two identical messages are two alerts: each gets the name the receiver gives it.
    assert.notEqual(fromSyslog(bare, '127.0.0.1', new Date()).key, fromSyslog(bare, '127.0.0.1', new Date()).key)
  })

  test('a detection carries its placed flows as evidence, and their agencies, links and devices', ({ assert }) => {
    const engine = new DetectionEngine({ internalPrefixes: ['10.0.0.0/8'] })
    const start = Date.parse('2026-12-06T11:00:00Z')
    const flows: Array<FlowRecord & Record<string, unknown>> = Array.from({ length: 120 }, (_, i) => ({
      exporter: '192.0.2.1', version: 9, observationDomain: 0, srcAddr: '203.0.113.66', dstAddr: '10.9.9.9', srcPort: 40000, dstPort: 1000 + i,
      protocol: 6, packets: 1, bytes: 60, first: new Date(start + i * 100), last: new Date(start + i * 100), tcpFlags: 2, inputIf: 1, outputIf: 2,
      samplingRate: 1, deviceId: 4, linkId: 8, srcAgencyId: null, dstAgencyId: 31,
    }))
    const [detection] = engine.observeAll(flows)
    const event = fromDetection(detection)
    assert.deepInclude(event, { origin: 'detection', kind: 'port_scan', source: '203.0.113.66', target: '10.9.9.9' })
    assert.deepEqual([event.agencyIds, event.linkIds, event.deviceIds], [[31], [8], [4]])
    assert.lengthOf(event.evidence, 5)
    assert.deepInclude(event.evidence[0], { src_addr: '203.0.113.66', dst_addr: '10.9.9.9', link_id: 8, dst_agency_id: 31 })
    assert.equal(event.key, `detection|port_scan|203.0.113.66|10.9.9.9|${start}`)
    assert.include(message(event.summary.key, ...event.summary.params).in('en'), 'flow detection: port scan from 203.0.113.66 against 10.9.9.9')
    assert.include(message(event.summary.key, ...event.summary.params).in('zh-TW'), '流量偵測：來自 203.0.113.66 對 10.9.9.9 的連接埠掃描')
  })

  test('placing by address: the agency whose prefix holds either end, the device whose management address it is', ({ assert }) => {
    const enricher = new Enricher({ devices: [{ id: 12, managementAddress: '10.20.0.5' }], links: [], prefixes: [{ agencyId: 3, prefix: '10.20.0.0/16' }] })
    const placed = place(fromEveAlert(alertOf(ALERT), ALERT), enricher)
    assert.deepEqual([placed.agencyIds, placed.deviceIds], [[3], [12]])
    assert.deepEqual(place(fromEveAlert(alertOf(ALERT), ALERT), null).agencyIds, [])
  })

  test('a report is its own incident, with the systems it names', ({ assert }) => {
    const report = fromReport({ what: 'Ransom note on the file server', noticedAt: new Date('2026-12-06T01:00:00Z'), systemIds: [5, 2, 5], agencyIds: [7], reportedById: 9 })
    assert.deepInclude(report, { origin: 'manual', kind: 'manual_report', systemIds: [2, 5], agencyIds: [7], reportedById: 9 })
    assert.isFalse(joinsAttack(report, { incidentId: 1, kind: 'manual_report', source: null, target: null, lastSeen: new Date('2026-12-06T01:00:00Z') }, 3600))
  })
})

test.group('Security events: grouping into attacks', () => {
  const attack = { incidentId: 1, kind: 'port_scan', source: '203.0.113.66', target: '10.9.9.9', lastSeen: new Date('2026-12-06T11:00:00Z') }
  const event = (over: Record<string, unknown>) => ({ origin: 'detection' as const, kind: 'port_scan', source: '203.0.113.66', target: '10.1.1.1', lastSeen: '2026-12-06T11:30:00Z', ...over })

  test('same kind and same source, or same target, within the window joins', ({ assert }) => {
    assert.isTrue(joinsAttack(event({}), attack, 3600))
    assert.isTrue(joinsAttack(event({ source: '198.51.100.1', target: '10.9.9.9' }), attack, 3600))
    // Arriving late (a sensor's clock, a queue) counts the same as arriving after.
    assert.isTrue(joinsAttack(event({ lastSeen: '2026-12-06T10:10:00Z' }), attack, 3600))
  })

  test('another kind, other ends, or past the window is another attack', ({ assert }) => {
    assert.isFalse(joinsAttack(event({ kind: 'host_sweep' }), attack, 3600))
    assert.isFalse(joinsAttack(event({ source: '198.51.100.1' }), attack, 3600))
    assert.isFalse(joinsAttack(event({ lastSeen: '2026-12-06T12:00:01Z' }), attack, 3600))
    assert.isTrue(joinsAttack(event({ lastSeen: '2026-12-06T12:00:00Z' }), attack, 3600))
    assert.isFalse(joinsAttack(event({ source: null, target: null }), { ...attack, source: null, target: null }, 3600))
  })

  test('the timeline is written at most once per period; severity gives the first priority', ({ assert }) => {
    const at = new Date('2026-12-06T11:00:00Z')
    assert.isTrue(timelineDue(null, at, 60))
    assert.isFalse(timelineDue(new Date(at.getTime() - 59_999), at, 60))
    assert.isTrue(timelineDue(new Date(at.getTime() - 60_000), at, 60))
    assert.deepEqual([1, 2, 3, 4].map(priorityOfSeverity), ['P2', 'P3', 'P4', 'P4'])
  })

  test('titles, descriptions and growth read in both languages, in Taipei time', ({ assert }) => {
    const title = message('security.incident_title', { kind: 'brute_force', source: '203.0.113.9', target: '10.1.2.3' })
    assert.equal(title.in('en'), 'Brute force from 203.0.113.9 against 10.1.2.3')
    assert.equal(title.in('zh-TW'), '暴力破解（來源 203.0.113.9，目標 10.1.2.3）')
    const grown = message('security.timeline_grown', { events: 40, total: 41, lastSeen: '2026-12-06T11:00:00.000Z' })
    assert.equal(grown.in('en'), '40 more events of this attack (41 in all), the latest at 2026-12-06 19:00:00 Taipei time')
    assert.equal(grown.in('zh-TW'), '同一攻擊又有 40 筆事件（共 41 筆），最近一筆於 2026-12-06 19:00:00')
  })
})
