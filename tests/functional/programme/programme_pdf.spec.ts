import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ApiRequest } from '@japa/api-client'
import { makeAgency, makeCode, makeUser } from '#tests/support/fixtures'
import { pdfText } from '#tests/support/pdf'
import { closePdfBrowser, figure, pdfBrowser, percentOf } from '#app/programme/programme_pdf'
import { takeSnapshot } from '#app/programme/programme_snapshots'

// The PDF's bytes as a Buffer (superagent would read them as text otherwise).
ApiRequest.addParser('application/pdf', (res: any, done) => {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
})

async function ministryWithDataCentres(open: number, closed: number) {
  const ministry = await makeAgency({ level: 2, name: makeCode('交通部') })
  await db.from('agencies').where('id', ministry.id).update({ name_en: 'Ministry of Transportation and Communications, Directorate General of Highways' })
  const child = await makeAgency({ parentId: ministry.id })
  const row = (status: string) => ({
    code: makeCode('DC'), name: makeCode('機房'), agency_id: child.id, region: 'north', status,
    closure_date: status === 'closed' ? '2020-01-15' : null, racks: 2, servers: 10,
  })
  await db.table('data_centres').insert([...Array.from({ length: open }, () => row('operating')), ...Array.from({ length: closed }, () => row('closed'))])
  return { ministry, child }
}

test.group('programme review as a PDF', () => {
  test('the PDF, in Chinese, carries the figures of the JSON', async ({ client, assert }) => {
    const { ministry, child } = await ministryWithDataCentres(37, 23)
    const cio = await makeUser('cio', ministry.id)
    await db.from('users').where('id', cio.id).update({ locale: 'zh-TW' })
    await cio.refresh()
    await takeSnapshot('2018-05', { replace: true })
    ;(await client.put('/api/reports/programme/comment').json({ month: '2018-05', agency_id: ministry.id, body: '北區機房整併進度落後，請於下月提出改善' }).loginAs(cio).withCsrfToken()).assertStatus(200)

    const json = (await client.get('/api/reports/programme').qs({ month: '2018-05' }).loginAs(cio)).body()
    assert.equal(json.tiles.find((t: any) => t.measure === 'data_centres').actual, 37)
    const answer = await client.get('/api/reports/programme.pdf').qs({ month: '2018-05' }).loginAs(cio)
    answer.assertStatus(200)
    assert.equal(answer.header('content-type'), 'application/pdf')
    const bytes: Buffer = answer.body()
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-')
    const text = pdfText(bytes)

    assert.include(text, '資訊長計畫月報')
    assert.include(text, ministry.name)
    assert.include(text, '剩餘機房數')
    assert.include(text, '北區機房整併進度落後，請於下月提出改善')
    assert.include(text, child.code)
    const dc = json.tiles.find((t: any) => t.measure === 'data_centres')
    for (const tile of json.tiles) {
      for (const value of [tile.baseline, tile.final_target, tile.actual, tile.planned]) if (value !== null) assert.include(text, figure(value), `${tile.measure} ${value}`)
      if (tile.progress !== null) assert.include(text, percentOf(tile.progress))
    }
    for (const r of json.ranking) if (r.behind !== null) assert.include(text, percentOf(r.behind))
    assert.isTrue(bytes.length > 1000)
    assert.isDefined(dc)
  }).timeout(120_000) // the first PDF launches the server's Chromium: 20 s and more on a loaded machine

  test('in English on request, long ministry names whole; scope and values checked as in the JSON', async ({ client, assert }) => {
    const { ministry } = await ministryWithDataCentres(2, 1)
    const other = await makeAgency({ level: 2 })
    const cio = await makeUser('cio', ministry.id)
    const pdf = await client.get('/api/reports/programme.pdf').qs({ month: '2020-01', lang: 'en' }).loginAs(cio)
    pdf.assertStatus(200)
    const bytes: Buffer = pdf.body()
    const text = pdfText(bytes)
    assert.include(text, "The CIO's programme review")
    assert.include(text, 'Ministry of Transportation and Communications, Directorate General of Highways')
    assert.include(text, 'Uplink availability outside maintenance windows')

    ;(await client.get('/api/reports/programme.pdf').qs({ month: '2020-01', agency_id: other.id }).loginAs(cio)).assertStatus(404)
    ;(await client.get('/api/reports/programme.pdf').qs({ month: '2020-01', lang: 'fr' }).loginAs(cio)).assertStatus(422)
    ;(await client.get('/api/reports/programme.pdf').qs({ month: '2020-01' })).assertStatus(401)
  })
  test('one Chromium serves every PDF, each in a fresh context; one that died is launched again', async ({ client, assert }) => {
    const { ministry } = await ministryWithDataCentres(3, 1)
    const cio = await makeUser('cio', ministry.id)
    const get = async () => {
      const started = performance.now()
      const answer = await client.get('/api/reports/programme.pdf').qs({ month: '2020-01', lang: 'en' }).loginAs(cio)
      answer.assertStatus(200)
      assert.include(pdfText(answer.body()), "The CIO's programme review")
      return performance.now() - started
    }
    await closePdfBrowser()
    const first = await get()
    const browser = await pdfBrowser()
    const second = await get()
    assert.strictEqual(await pdfBrowser(), browser, 'the same browser served the second PDF')
    assert.lengthOf(browser.contexts(), 0, 'every context closed after its PDF')
    // Figures, not a bound: a loaded machine's launch is slower still.
    console.log(`PDF with a launch ${Math.round(first)} ms, with the running browser ${Math.round(second)} ms (ratio ${(first / second).toFixed(1)})`)

    // The browser dies (as a crash would end it): the next PDF launches another.
    await browser.close()
    await get()
    const again = await pdfBrowser()
    assert.notStrictEqual(again, browser)
    assert.isTrue(again.isConnected())
    await closePdfBrowser()
    assert.isFalse(again.isConnected())
  }).timeout(120_000)
})
