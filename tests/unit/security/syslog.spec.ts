import { test } from '@japa/runner'
import { parseSyslog, syslogJson, type SyslogMessage } from '#collectors/security/syslog'
import { SyslogFramer } from '#collectors/security/syslog_receiver'

const ok = (raw: string, at?: Date) => {
  const reading = parseSyslog(raw, at)
  if ('malformed' in reading) throw new Error(reading.malformed)
  return reading.message
}

test.group('Security: syslog messages', () => {
  test('RFC 5424: the examples of its section 6.5 read field by field', ({ assert }) => {
    const first = ok('<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF\'su root\' failed for lonvick on /dev/pts/8')
    assert.deepInclude(first, { format: 'rfc5424', facility: 4, severity: 2, hostname: 'mymachine.example.com', appName: 'su', procId: null, msgId: 'ID47' })
    assert.equal(first.timestamp!.toISOString(), '2003-10-11T22:14:15.003Z')
    assert.equal(first.message, "'su root' failed for lonvick on /dev/pts/8")

    const second = ok('<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It\'s time to make the do-nuts.')
    assert.equal(second.timestamp!.toISOString(), '2003-08-24T12:14:15.000Z')
    assert.deepInclude(second, { facility: 20, severity: 5, procId: '8710', msgId: null, message: "%% It's time to make the do-nuts." })

    const third = ok('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \uFEFFAn application event log entry...')
    assert.deepEqual(third.structuredData, { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } })
    assert.equal(third.message, 'An application event log entry...')

    const fourth = ok('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]')
    assert.deepEqual(Object.keys(fourth.structuredData), ['exampleSDID@32473', 'examplePriority@32473'])
    assert.equal(fourth.message, '')
  })

  test('RFC 5424: escapes in parameter values, a nil time, and broken headers', ({ assert }) => {
    const escaped = ok('<14>1 - host app - - [x@1 q="a \\"b\\" c\\] d\\\\e \\n"] msg')
    assert.isNull(escaped.timestamp)
    assert.equal(escaped.structuredData['x@1'].q, 'a "b" c] d\\e \\n')
    for (const [raw, reason] of [
      ['<14>1 2003-10-11 host app - - - msg', /timestamp/],
      ['<14>1 - host app', /cut short/],
      ['<14>1 - host app - - x msg', /structured data/],
      ['<14>1 - host app - - [x@1 q="open] msg', /not closed/],
      ['<192>1 - host app - - - msg', /above 191/],
      ['no pri at all', /PRI/],
    ] as const) {
      const reading = parseSyslog(raw)
      assert.property(reading, 'malformed', raw)
      assert.match((reading as { malformed: string }).malformed, reason, raw)
    }
  })

  test('RFC 3164: the BSD time takes the year nearest to arrival; tags with and without a pid', ({ assert }) => {
    const at = new Date(2027, 0, 2, 12, 0, 0)
    const m = ok('<34>Oct 11 22:14:15 mymachine su: \'su root\' failed for lonvick on /dev/pts/8', new Date(2026, 9, 12))
    assert.deepInclude(m, { format: 'rfc3164', facility: 4, severity: 2, hostname: 'mymachine', appName: 'su', procId: null })
    assert.equal(m.timestamp!.getTime(), new Date(2026, 9, 11, 22, 14, 15).getTime())
    const december = ok('<13>Dec 31 23:59:59 fw01 kernel[42]: DROP IN=eth0 SRC=198.51.100.7', at)
    assert.equal(december.timestamp!.getFullYear(), 2026)
    assert.deepInclude(december, { appName: 'kernel', procId: '42', message: 'DROP IN=eth0 SRC=198.51.100.7' })
    const padded = ok('<13>Feb  5 01:02:03 host tag: x', at)
    assert.equal(padded.timestamp!.getDate(), 5)
    const iso = ok('<13>2026-12-06T11:00:00.123456+00:00 sensor1 suricata[7]: alert', at)
    assert.equal(iso.timestamp!.toISOString(), '2026-12-06T11:00:00.123Z')
    assert.deepInclude(iso, { hostname: 'sensor1', appName: 'suricata', procId: '7', message: 'alert' })
  })

  test('RFC 3164 without a header keeps the text; the JSON line names severity in words', ({ assert }) => {
    const bare = ok('<5>something happened')
    assert.deepInclude(bare, { timestamp: null, hostname: null, appName: null, message: 'something happened' })
    const json = syslogJson(bare as SyslogMessage, 'syslog:udp', '192.0.2.9:514')
    assert.deepInclude(json, { kind: 'syslog', severity: 'notice', facility: 0, sender: '192.0.2.9:514' })
  })
})

test.group('Security: syslog TCP framing', () => {
  const text = (frames: Buffer[]) => frames.map((f) => f.toString())

  test('octet counting and LF framing, mixed on one connection, cut anywhere, multi-byte text counted in octets', ({ assert }) => {
    const messages = ['<13>1 - h a - - - 一', '<13>Oct 11 22:14:15 h t: two', '<13>1 - h a - - - three\nwith a newline inside']
    const wire = Buffer.concat([
      Buffer.from(`${Buffer.byteLength(messages[0])} ${messages[0]}`),
      Buffer.from(`${messages[1]}\n`),
      Buffer.from(`${Buffer.byteLength(messages[2])} ${messages[2]}`),
    ])
    for (let cut = 1; cut < wire.length; cut += 7) {
      const framer = new SyslogFramer()
      const frames = [...framer.push(wire.subarray(0, cut)), ...framer.push(wire.subarray(cut)), ...framer.end()]
      assert.deepEqual(text(frames), messages, `cut at ${cut}`)
    }
  })

  test('over-long frames and broken lengths are skipped and counted; what follows is kept', ({ assert }) => {
    const framer = new SyslogFramer(100)
    const long = 'x'.repeat(150)
    const frames = [
      ...framer.push(Buffer.from(`150 ${long}`)),
      ...framer.push(Buffer.from(`<13>${long}\n`)),
      ...framer.push(Buffer.from('12x garbage\n')),
      ...framer.push(Buffer.from('<13>kept\n')),
    ]
    assert.deepEqual(text(frames), ['<13>kept'])
    assert.equal(framer.oversize, 2)
    assert.equal(framer.badLength, 1)
    assert.deepEqual(text(framer.push(Buffer.from('<13>last without LF'))), [])
    assert.deepEqual(text(framer.end()), ['<13>last without LF'])
  })
})
