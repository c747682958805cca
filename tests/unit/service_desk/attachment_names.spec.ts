import { test } from '@japa/runner'
import { dispositionOf, safeFileName } from '#app/incidents/incident_attachments'

test.group('attachment names', () => {
  test('only the last part of a path is kept, without control characters, quotes or leading dots', ({ assert }) => {
    assert.equal(safeFileName('../../etc/passwd'), 'passwd')
    assert.equal(safeFileName('C:\\Users\\noc\\capture.pcap'), 'capture.pcap')
    assert.equal(safeFileName('..'), 'attachment')
    assert.equal(safeFileName('.htaccess'), 'htaccess')
    assert.equal(safeFileName('a\u0000b\r\n"c".txt'), 'abc.txt')
    assert.equal(safeFileName('  '), 'attachment')
    assert.equal(safeFileName('線路紀錄.log'), '線路紀錄.log')
  })

  test('a long name is cut to 200 characters and keeps its extension', ({ assert }) => {
    const cut = safeFileName(`${'x'.repeat(300)}.pcapng`)
    assert.lengthOf(cut, 200)
    assert.isTrue(cut.endsWith('.pcapng'))
  })

  test('the download names the file in ASCII and in UTF-8, always as an attachment', ({ assert }) => {
    assert.equal(dispositionOf('報告.pdf'), `attachment; filename="__.pdf"; filename*=UTF-8''%E5%A0%B1%E5%91%8A.pdf`)
    assert.equal(dispositionOf('a\\b.txt'), `attachment; filename="a_b.txt"; filename*=UTF-8''a%5Cb.txt`)
  })
})
