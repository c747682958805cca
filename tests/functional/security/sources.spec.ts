import { test } from '@japa/runner'
import { appendFile, mkdtemp, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { countEveLine, emptyEveCounters, type EveAlert } from '#collectors/security/eve'
import { FileTail } from '#collectors/security/file_tail'
import { RedisListReader } from '#collectors/security/redis_list'
import type { SyslogMessage } from '#collectors/security/syslog'
import { SyslogReceiver } from '#collectors/security/syslog_receiver'
import { Rsyslog } from '#tests/support/rsyslog'

/** An alert shaped as Suricata's documentation shows it, numbered so that order and loss show. */
const alert = (n: number, attacker = '198.51.100.7') =>
  JSON.stringify({
    timestamp: `2026-12-06T19:00:${String(n % 60).padStart(2, '0')}.${String(n).padStart(6, '0')}+0800`,
    flow_id: 1805461738637437 + n,
    event_type: 'alert',
    src_ip: attacker,
    src_port: 40_000 + n,
    dest_ip: '10.20.0.5',
    dest_port: 22,
    proto: 'TCP',
    alert: { action: 'allowed', gid: 1, signature_id: 2001219, rev: 20, signature: 'ET SCAN Potential SSH Scan', category: 'Attempted Information Leak', severity: 2 },
  })
const flowEvent = JSON.stringify({ timestamp: '2026-12-06T19:00:00.000000+0800', event_type: 'flow', src_ip: '10.20.0.5', dest_ip: '198.51.100.7', proto: 'TCP', flow: {} })

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

test.group('Security sources: Suricata eve.json followed through rotation and truncation', (group) => {
  let dir = ''
  group.each.setup(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eve-'))
    return () => rm(dir, { recursive: true, force: true })
  })

  test('appended alerts are read as they come, a half-written line waits for its end, nothing is read twice', async ({ assert, cleanup }) => {
    const path = join(dir, 'eve.json')
    await writeFile(path, `${alert(0)}\n`)
    const counters = emptyEveCounters()
    const alerts: EveAlert[] = []
    const tail = new FileTail({ path, pollMs: 20, onLine: (l) => countEveLine(l, counters, (a) => alerts.push(a)) })
    await tail.start()
    cleanup(() => tail.stop())
    // It starts at the end, as tail -F: what was there before is not an alert of now.
    await appendFile(path, `${alert(1)}\n${flowEvent}\n${alert(2).slice(0, 50)}`)
    await until(() => alerts.length === 1, 'alert 1')
    await sleep(100)
    assert.lengthOf(alerts, 1)
    await appendFile(path, `${alert(2).slice(50)}\nnot json\n`)
    await until(() => alerts.length === 2, 'alert 2')
    await tail.poll()
    assert.deepEqual(alerts.map((a) => a.srcPort), [40_001, 40_002])
    assert.deepEqual(counters, { lines: 4, alerts: 2, otherEvents: 1, malformed: 1 })
  })

  test('rotation by rename (logrotate create) and by copytruncate lose nothing and repeat nothing', async ({ assert, cleanup }) => {
    const path = join(dir, 'eve.json')
    await writeFile(path, '')
    const alerts: EveAlert[] = []
    const counters = emptyEveCounters()
    const tail = new FileTail({ path, pollMs: 20, onLine: (l) => countEveLine(l, counters, (a) => alerts.push(a)) })
    await tail.start()
    cleanup(() => tail.stop())
    await appendFile(path, `${alert(1)}\n${alert(2)}\n`)
    await until(() => alerts.length === 2, 'before rotation')
    // Suricata writes one more line to the old file after the rename, before it reopens (SIGHUP).
    await rename(path, `${path}.1`)
    await appendFile(`${path}.1`, `${alert(3)}\n`)
    await writeFile(path, `${alert(4)}\n`)
    await until(() => alerts.length === 4, 'after rename')
    assert.equal(tail.rotations, 1)
    // copytruncate: the file is copied away and emptied in place, then written again from the top.
    await truncate(path, 0)
    await tail.poll()
    await appendFile(path, `${alert(5)}\n`)
    await until(() => alerts.length === 5, 'after truncation')
    assert.equal(tail.truncations, 1)
    // Removed and created again later: found again when it appears.
    await unlink(path)
    await tail.poll()
    await writeFile(path, `${alert(6)}\n`)
    await until(() => alerts.length === 6, 'after re-creation')
    assert.deepEqual(alerts.map((a) => a.srcPort! - 40_000), [1, 2, 3, 4, 5, 6])
    assert.equal(counters.malformed, 0)
  })
})

test.group('Security sources: Suricata eve-log to a Redis list (the real Redis)', () => {
  test('LPUSHed alerts are taken oldest first; what is left when the reader stops waits for the next one', async ({ assert, cleanup }) => {
    const options = { host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379), db: Number(process.env.REDIS_DB ?? 9) }
    const key = `suricata-test-${process.pid}`
    const redis = new Redis(options)
    cleanup(async () => {
      await redis.del(key)
      await redis.quit()
    })
    const alerts: EveAlert[] = []
    const counters = emptyEveCounters()
    const reader = new RedisListReader({ redis: options, key, blockSeconds: 1, onLine: (l) => countEveLine(l, counters, (a) => alerts.push(a)) })
    await reader.start()
    // Suricata's `list` mode LPUSHes each event; the oldest is at the right.
    for (let n = 1; n <= 50; n++) await redis.lpush(key, alert(n))
    await redis.lpush(key, 'garbage', flowEvent)
    await until(() => counters.lines === 52, 'the burst')
    assert.deepEqual(alerts.map((a) => a.srcPort! - 40_000), Array.from({ length: 50 }, (_, i) => i + 1))
    assert.deepInclude(counters, { alerts: 50, malformed: 1, otherEvents: 1 })
    await reader.stop()
    await redis.lpush(key, alert(51))
    await sleep(200)
    assert.equal(await redis.llen(key), 1)
    const next = new RedisListReader({ redis: options, key, mode: 'list', onLine: (l) => countEveLine(l, counters, (a) => alerts.push(a)) })
    await next.start()
    await until(() => alerts.length === 51, 'the one left')
    await next.stop()
    // rpush mode reads from the left.
    await redis.rpush(key, alert(52), alert(53))
    const right = new RedisListReader({ redis: options, key, mode: 'rpush', onLine: (l) => countEveLine(l, counters, (a) => alerts.push(a)) })
    await right.start()
    await until(() => alerts.length === 53, 'rpush entries')
    await right.stop()
    assert.deepEqual(alerts.slice(50).map((a) => a.srcPort! - 40_000), [51, 52, 53])
  }).timeout(30_000)
})

test.group('Security sources: syslog from Debian rsyslog', () => {
  test('rsyslogd forwards over UDP (RFC 5424), TCP with LF framing (RFC 3164) and TCP octet-counted (RFC 5424): every message arrives each way', async ({ assert, cleanup }) => {
    const received: { m: SyslogMessage; transport: string }[] = []
    const problems: string[] = []
    const receiver = new SyslogReceiver({ host: '127.0.0.1', udpPort: 0, tcpPort: 0, onMessage: (m, transport) => received.push({ m, transport }), onProblem: (s, d) => problems.push(`${s} ${d}`) })
    const { udpPort, tcpPort } = await receiver.start()
    cleanup(() => receiver.stop())
    const rsyslog = new Rsyslog([
      `action(type="omfwd" target="127.0.0.1" port="${udpPort}" protocol="udp" template="RSYSLOG_SyslogProtocol23Format")`,
      `action(type="omfwd" target="127.0.0.1" port="${tcpPort}" protocol="tcp" template="RSYSLOG_TraditionalForwardFormat")`,
      `action(type="omfwd" target="127.0.0.1" port="${tcpPort}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")`,
    ])
    cleanup(() => rsyslog.stop())
    await rsyslog.start()
    await rsyslog.ready('<13>Dec  6 11:00:00 probe probe: ready', () => new Set(received.map((r) => `${r.transport}${r.m.format}`)).size === 3)
    received.length = 0
    const before = receiver.counters.messages

    const lines = Array.from({ length: 30 }, (_, i) => `<${4 * 8 + 2}>Dec  6 19:00:${String(i).padStart(2, '0')} sensor7 suricata[4242]: [1:2001219:20] ET SCAN Potential SSH Scan 攻擊來源 198.51.100.7 #${i}`)
    for (const line of lines) await rsyslog.send(line)
    await until(() => received.length >= 90, '30 messages three ways', 20_000)
    await sleep(300)
    assert.lengthOf(received, 90)
    for (const [transport, format] of [['udp', 'rfc5424'], ['tcp', 'rfc3164'], ['tcp', 'rfc5424']]) {
      const these = received.filter((r) => r.transport === transport && r.m.format === format)
      assert.lengthOf(these, 30, `${transport} ${format}`)
      const numbers = these.map((r) => Number(/#(\d+)$/.exec(r.m.message)?.[1])).sort((a, b) => a - b)
      assert.deepEqual(numbers, Array.from({ length: 30 }, (_, i) => i), `${transport} ${format}`)
      for (const { m } of these) {
        assert.deepInclude(m, { facility: 4, severity: 2, hostname: 'sensor7', appName: 'suricata', procId: '4242' })
        assert.include(m.message, 'ET SCAN Potential SSH Scan 攻擊來源 198.51.100.7')
        assert.equal(m.timestamp!.getMonth(), 11)
      }
    }
    assert.deepEqual(problems, [])
    assert.equal(receiver.counters.messages - before, 90)
    assert.deepInclude(receiver.counters, { malformed: 0, badFrames: 0 })

    // Garbage straight to our ports is counted, and the good message after it is kept.
    const dgram = await import('node:dgram')
    const socket = dgram.createSocket('udp4')
    await new Promise<void>((resolve) => socket.send('not syslog', udpPort!, '127.0.0.1', () => resolve()))
    await new Promise<void>((resolve) => socket.send('<13>1 - h a - - - fine', udpPort!, '127.0.0.1', () => resolve()))
    socket.close()
    await until(() => receiver.counters.malformed === 1 && receiver.counters.messages === before + 91, 'garbage counted')
  }).timeout(60_000)
})
