import { test } from '@japa/runner'
import { countEveLine, emptyEveCounters } from '#collectors/security/eve'
import { parseSyslog } from '#collectors/security/syslog'
import { SyslogFramer } from '#collectors/security/syslog_receiver'

/** A fixed budget of random and mutated input (a count, not a time): nothing may throw. */
const ROUNDS = 5_000

let seed = 7
const random = () => {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 4_294_967_296
}
const mutate = (text: string) => {
  const chars = [...text]
  const edits = 1 + Math.floor(random() * 4)
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * chars.length)
    const kind = random()
    if (kind < 0.4) chars[at] = String.fromCharCode(Math.floor(random() * 256))
    else if (kind < 0.7) chars.splice(at, 1)
    else chars.splice(at, 0, '"[]{}<>\\: 0\n'[Math.floor(random() * 13)])
  }
  return chars.join('').slice(0, Math.floor(random() * (chars.length + 1)) || chars.length)
}

const SYSLOG = [
  '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] \uFEFFmsg',
  '<34>Oct 11 22:14:15 mymachine su[12]: failed',
  '<13>2026-12-06T11:00:00.123456+00:00 sensor1 suricata[7]: alert',
]
const EVE = '{"timestamp":"2025-04-07T22:24:37.251547+0100","flow_id":1805461738637437,"event_type":"alert","src_ip":"192.168.2.14","src_port":50096,"dest_ip":"203.0.113.5","dest_port":80,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":2018358,"rev":10,"signature":"x","category":"y","severity":2}}'

test.group('Security sources: fuzz', () => {
  test('mutated syslog messages and TCP streams and mutated EVE lines are read or counted, never thrown on', ({ assert }) => {
    let parsed = 0
    let refused = 0
    const framer = new SyslogFramer(512)
    const counters = emptyEveCounters()
    for (let i = 0; i < ROUNDS; i++) {
      const text = mutate(SYSLOG[i % SYSLOG.length])
      const reading = parseSyslog(text)
      if ('message' in reading) parsed++
      else refused++
      const frames = framer.push(Buffer.from(random() < 0.5 ? `${Buffer.byteLength(text)} ${text}` : `${mutate(String(text.length))} ${text}\n`))
      for (const frame of frames) parseSyslog(frame.toString())
      countEveLine(mutate(EVE), counters, () => {})
    }
    framer.end()
    assert.equal(parsed + refused, ROUNDS)
    // Both outcomes happen: the mutations reach past the first check.
    assert.isAbove(parsed, 100)
    assert.isAbove(refused, 100)
    assert.equal(counters.alerts + counters.otherEvents + counters.malformed, counters.lines)
    assert.isAbove(counters.alerts, 0)
    assert.isAbove(counters.malformed, 0)
  })
})
