import { test } from '@japa/runner'
import { countEveLine, emptyEveCounters, eveAlertJson, eveTime, readEveLine, type EveAlert } from '#collectors/security/eve'

/**
 * Records shaped exactly as Suricata's documentation shows them ("Eve JSON Format": the alert
 * of its first example, and the 6.0 page's older example without flow_id), with values of our own.
 */
const DOCUMENTED_ALERT = `{"timestamp":"2025-04-07T22:24:37.251547+0100","flow_id":1805461738637437,"pcap_cnt":53381,"event_type":"alert","src_ip":"192.168.2.14","src_port":50096,"dest_ip":"203.0.113.5","dest_port":80,"proto":"TCP","metadata":{"flowbits":["http.dottedquadhost"]},"tx_id":4,"alert":{"action":"allowed","gid":1,"signature_id":2018358,"rev":10,"signature":"ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1","category":"Potentially Bad Traffic","severity":2},"app_proto":"http"}`
const OLDER_ALERT = `{"timestamp":"2009-11-24T21:27:09.534255","event_type":"alert","src_ip":"192.168.2.7","src_port":1041,"dest_ip":"198.51.100.50","dest_port":80,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":2001999,"rev":9,"signature":"ET MALWARE BTGrab.com Spyware Downloading Ads","category":"A Network Trojan was detected","severity":1}}`
const FLOW_EVENT = `{"timestamp":"2025-04-07T22:24:40.000000+0100","flow_id":1805461738637437,"event_type":"flow","src_ip":"192.168.2.14","src_port":50096,"dest_ip":"203.0.113.5","dest_port":80,"proto":"TCP","flow":{"pkts_toserver":27,"pkts_toclient":35,"bytes_toserver":2302,"bytes_toclient":4520,"start":"2025-04-07T22:24:30.000000+0100","end":"2025-04-07T22:24:40.000000+0100","age":10,"state":"closed","reason":"timeout","alerted":true}}`

test.group('Security: Suricata EVE JSON', () => {
  test('the documented alert reads into a typed alert: offset time, 64-bit flow id kept whole', ({ assert }) => {
    const reading = readEveLine(DOCUMENTED_ALERT)
    assert.property(reading, 'alert')
    const alert = (reading as { alert: EveAlert }).alert
    assert.equal(alert.timestamp.toISOString(), '2025-04-07T21:24:37.251Z')
    assert.equal(alert.flowId, '1805461738637437')
    assert.deepInclude(alert, {
      srcIp: '192.168.2.14', srcPort: 50096, destIp: '203.0.113.5', destPort: 80, proto: 'TCP', appProto: 'http',
      action: 'allowed', gid: 1, signatureId: 2018358, rev: 10, category: 'Potentially Bad Traffic', severity: 2, sensor: null,
    })
    assert.equal(alert.signature, 'ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1')
    assert.deepInclude(eveAlertJson(alert, 'eve:/var/log/suricata/eve.json'), { kind: 'suricata_alert', timestamp: '2025-04-07T21:24:37.251Z', signature_id: 2018358 })
  })

  test('the older documented alert (no flow id, no offset) reads too; a flow id past 2^53 keeps its digits', ({ assert }) => {
    const alert = (readEveLine(OLDER_ALERT) as { alert: EveAlert }).alert
    assert.equal(alert.timestamp.toISOString(), '2009-11-24T21:27:09.534Z')
    assert.isNull(alert.flowId)
    assert.equal(alert.severity, 1)
    const big = (readEveLine(DOCUMENTED_ALERT.replace('1805461738637437', '18054617386374371')) as { alert: EveAlert }).alert
    assert.equal(big.flowId, '18054617386374371')
  })

  test('offsets with and without a colon, Z, and impossible times', ({ assert }) => {
    assert.equal(eveTime('2025-01-01T08:00:00.000000+0800')!.toISOString(), '2025-01-01T00:00:00.000Z')
    assert.equal(eveTime('2025-01-01T08:00:00+08:00')!.toISOString(), '2025-01-01T00:00:00.000Z')
    assert.equal(eveTime('2025-01-01T00:00:00.5Z')!.toISOString(), '2025-01-01T00:00:00.500Z')
    assert.isNull(eveTime('2025-13-01T00:00:00Z'))
    assert.isNull(eveTime('yesterday'))
    assert.isNull(eveTime(1_700_000_000))
  })

  test('other events are passed over and counted; what is broken is counted with its reason, never thrown', ({ assert }) => {
    const counters = emptyEveCounters()
    const alerts: EveAlert[] = []
    const problems: string[] = []
    const lines = [
      DOCUMENTED_ALERT, FLOW_EVENT, '', '{"event_type":"stats","stats":{}}', 'not json', '[1,2]', 'null',
      '{"event_type":"alert","timestamp":"2025-01-01T00:00:00Z","src_ip":"192.0.2.1","dest_ip":"192.0.2.2"}',
      '{"event_type":"alert","timestamp":"later","src_ip":"192.0.2.1","dest_ip":"192.0.2.2","alert":{"signature_id":1,"severity":1}}',
      '{"event_type":"alert","timestamp":"2025-01-01T00:00:00Z","alert":{"signature_id":1,"severity":1}}',
      DOCUMENTED_ALERT.slice(0, 80), OLDER_ALERT,
    ]
    for (const line of lines) countEveLine(line, counters, (a) => alerts.push(a), (p) => problems.push(p))
    assert.deepEqual(counters, { lines: 11, alerts: 2, otherEvents: 2, malformed: 7 })
    assert.lengthOf(alerts, 2)
    assert.match(problems[0], /^not JSON/)
    assert.isTrue(problems.some((p) => p.startsWith('alert event without its alert object')))
    assert.isTrue(problems.some((p) => p.startsWith('timestamp "later"')))
  })
})
