import { test } from '@japa/runner'
import { spawn, spawnSync } from 'node:child_process'
import dgram from 'node:dgram'
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { freeUdpPort } from '#tests/support/rsyslog'

const eveAlert = (port: number) =>
  JSON.stringify({
    timestamp: '2026-12-06T19:00:00.000001+0800',
    flow_id: 9,
    event_type: 'alert',
    src_ip: '198.51.100.7',
    src_port: port,
    dest_ip: '10.20.0.5',
    dest_port: 3389,
    proto: 'TCP',
    alert: { action: 'allowed', gid: 1, signature_id: 2023753, rev: 3, signature: 'ET SCAN MS Terminal Server Traffic on Non-standard Port', category: 'Attempted Information Leak', severity: 2 },
  })

test.group('security:listen', () => {
  test('with nothing to listen to, or a mode Suricata does not have, it refuses', ({ assert }) => {
    const r = spawnSync('node', ['ace', 'security:listen', '--eve-redis', 'k', '--eve-redis-mode', 'sideways'], { encoding: 'utf8' })
    assert.equal(r.status, 1)
    assert.include(r.stdout + r.stderr, 'use list (LPUSH) or rpush')
    const nothing = spawnSync('node', ['ace', 'security:listen', '--json'], { encoding: 'utf8' })
    assert.equal(nothing.status, 1)
    assert.include(nothing.stdout + nothing.stderr, 'nothing to listen to')
  }).timeout(60_000)

  test('prints syslog (UDP and TCP), eve.json and Redis list alerts as JSON lines, and its counters on SIGTERM', async ({ assert, cleanup }) => {
    const dir = await mkdtemp(join(tmpdir(), 'listen-'))
    cleanup(() => rm(dir, { recursive: true, force: true }))
    const eve = join(dir, 'eve.json')
    await writeFile(eve, `${eveAlert(1)}\n`)
    const key = `listen-test-${process.pid}`
    const redis = new Redis({ host: process.env.REDIS_HOST ?? '127.0.0.1', port: Number(process.env.REDIS_PORT ?? 6379), db: Number(process.env.REDIS_DB ?? 9) })
    cleanup(async () => {
      await redis.del(key)
      await redis.quit()
    })
    const port = await freeUdpPort()
    const child = spawn('node', ['ace', 'security:listen', '--syslog-port', String(port), '--host', '127.0.0.1', '--eve', eve, '--eve-redis', key, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    cleanup(() => {
      if (child.exitCode === null) child.kill('SIGKILL')
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    for (let i = 0; i < 300 && !err.includes('reading Redis list'); i++) await sleep(100)
    assert.include(err, `syslog listening on 127.0.0.1 udp ${port} tcp ${port}`)

    const udp = dgram.createSocket('udp4')
    await new Promise((resolve) => udp.send('<34>1 2026-12-06T11:00:00Z fw01 ips 7 ID1 - blocked 198.51.100.7', port, '127.0.0.1', resolve))
    await new Promise((resolve) => udp.send('garbage', port, '127.0.0.1', resolve))
    udp.close()
    const tcp = net.connect(port, '127.0.0.1')
    await new Promise((resolve) => tcp.once('connect', resolve))
    const framed = '<38>Dec  6 19:00:01 waf01 modsec: denied 198.51.100.7'
    tcp.end(`${Buffer.byteLength(framed)} ${framed}<38>Dec  6 19:00:02 waf01 modsec: lf framed\n`)
    await appendFile(eve, `${eveAlert(2)}\nnot json\n`)
    await redis.lpush(key, eveAlert(3))
    for (let i = 0; i < 100 && out.trim().split('\n').length < 5; i++) await sleep(100)
    child.kill('SIGTERM')
    await new Promise((resolve) => child.on('close', resolve))

    const lines = out.trim().split('\n').map((l) => JSON.parse(l))
    const syslog = lines.filter((l) => l.kind === 'syslog')
    assert.sameMembers(syslog.map((l) => `${l.source} ${l.format} ${l.hostname} ${l.message}`), [
      'syslog:udp rfc5424 fw01 blocked 198.51.100.7',
      'syslog:tcp rfc3164 waf01 denied 198.51.100.7',
      'syslog:tcp rfc3164 waf01 lf framed',
    ])
    const alerts = lines.filter((l) => l.kind === 'suricata_alert')
    // The file is followed from its end: alert 1 was there before, alert 2 came after.
    assert.sameMembers(alerts.map((a) => `${a.source} ${a.src_port}`), [`eve:${eve} 2`, `eve-redis:${key} 3`])
    assert.deepInclude(alerts[0], { timestamp: '2026-12-06T11:00:00.000Z', signature_id: 2023753, severity: 2, dest_port: 3389 })
    assert.include(err, '"malformed":1')
    assert.match(err, /syslog \{"udpDatagrams":2,"tcpFrames":2,"tcpConnections":1,"messages":3,"malformed":1,"badFrames":0\}/)
    assert.match(err, /eve:.*"alerts":1.*"malformed":1/)
  }).timeout(90_000)
})
