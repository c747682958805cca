import { test } from '@japa/runner'
import { apportion, createRandom, hashSeed } from '#app/demo/prng'
import { COUNTIES, countyInName, placeAgency, popFor, POPS, type Placement } from '#app/demo/places'

const draws = (seed: string, n = 50) => {
  const random = createRandom(seed)
  return Array.from({ length: n }, () => random.next())
}

test.group('demo PRNG', () => {
  test('the same seed gives the same stream; another seed another one', ({ assert }) => {
    assert.deepEqual(draws('gsn-demo'), draws('gsn-demo'))
    assert.notDeepEqual(draws('gsn-demo'), draws('gsn-demo-2'))
    assert.notEqual(hashSeed('a'), hashSeed('b'))
  })

  test('draws stay in range and spread over it', ({ assert }) => {
    const random = createRandom('range')
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) {
      const x = random.next()
      assert.isTrue(x >= 0 && x < 1)
      const k = random.int(3, 7)
      assert.isTrue(Number.isInteger(k) && k >= 3 && k <= 7)
      seen.add(k)
    }
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7])
  })

  test('a fork is independent of draws made on its parent', ({ assert }) => {
    const a = createRandom('parent')
    const b = createRandom('parent')
    b.next()
    b.next()
    assert.equal(a.fork('links').next(), b.fork('links').next())
    assert.notEqual(a.fork('links').next(), a.fork('systems').next())
  })

  test('weighted picks follow their weights and never pick a zero weight', ({ assert }) => {
    const random = createRandom('weights')
    const counts = { a: 0, b: 0, c: 0 }
    for (let i = 0; i < 10000; i++) counts[random.weighted([['a', 1], ['b', 3], ['c', 0]] as const)]++
    assert.equal(counts.c, 0)
    assert.closeTo(counts.b / counts.a, 3, 0.4)
  })

  test('apportion hits the total exactly and stays proportional', ({ assert }) => {
    const parts = apportion(17485, [5, 1, 1, 3])
    assert.equal(parts.reduce((a, b) => a + b, 0), 17485)
    // 8742.5, 1748.5, 1748.5, 5245.5: equal remainders go to the earlier parts.
    assert.deepEqual(parts, [8743, 1749, 1748, 5245])
    assert.deepEqual(apportion(3, [1, 1, 1, 1]), [1, 1, 1, 0])
    assert.throws(() => apportion(5, [0, 0]), /positive weight/)
  })
})

const root: Placement = { region: 'north', county: COUNTIES.find((c) => c.key === 'TPE')! }

test.group('demo region assignment', () => {
  test('every county has a region and a PoP in that region', ({ assert }) => {
    assert.lengthOf(COUNTIES, 22)
    for (const county of COUNTIES) assert.equal(POPS[county.pop].region, county.region, county.name)
    const region = (name: string) => COUNTIES.find((c) => c.name === name)!.region
    assert.equal(region('宜蘭縣'), 'north')
    assert.equal(region('苗栗縣'), 'central')
    assert.equal(region('雲林縣'), 'central')
    assert.equal(region('嘉義市'), 'south')
    assert.equal(region('澎湖縣'), 'south')
    assert.equal(region('花蓮縣'), 'east')
    assert.equal(region('臺東縣'), 'east')
    assert.equal(region('金門縣'), 'north')
  })

  test('a place in the name decides: city, town or park', ({ assert }) => {
    assert.equal(placeAgency('臺中監獄', root).region, 'central')
    assert.equal(placeAgency('恆春氣象站', root).county?.key, 'PIF')
    assert.equal(placeAgency('太魯閣國家公園管理處', root).region, 'east')
    assert.equal(placeAgency('東北角暨宜蘭海岸國家風景區管理處', root).county?.key, 'ILA')
    // 台 and 臺 are the same place.
    assert.equal(placeAgency('台東氣象站', root).county?.key, 'TTT')
    // The longer name wins at the same spot; 灣橋 must not hide inside 臺灣橋頭.
    assert.equal(countyInName('新竹縣政府')?.key, 'HSQ')
    assert.equal(countyInName('新竹區監理所')?.key, 'HSZ')
    assert.equal(countyInName('臺灣橋頭地方檢察署')?.key, 'KHH')
  })

  test('a region word decides when no place is named; else the parent', ({ assert }) => {
    assert.equal(placeAgency('東區養護工程分局', root).region, 'east')
    assert.equal(placeAgency('南區國稅局', root).region, 'south')
    assert.equal(placeAgency('中部科學園區管理局', root).region, 'central')
    assert.deepEqual(placeAgency('運輸研究所', root), root)
  })

  test('explicit placement wins, and keeps the parent county only inside its region', ({ assert }) => {
    const kaohsiung = placeAgency('高屏區管制中心', root, { explicit: 'south', county: 'KHH' })
    assert.equal(kaohsiung.region, 'south')
    assert.equal(kaohsiung.county?.key, 'KHH')
    const named = placeAgency('參山國家風景區管理處', root, { explicit: 'central' })
    assert.isNull(named.county)
    assert.equal(popFor(named), 'TXG')
  })

  test("a local government's offices stay in its county whatever their names say", ({ assert }) => {
    const tainan: Placement = { region: 'south', county: COUNTIES.find((c) => c.key === 'TNN')! }
    assert.deepEqual(placeAgency('臺南市東區區公所', tainan, { local: true }), tainan)
    assert.deepEqual(placeAgency('北區區公所', tainan, { local: true }), tainan)
  })

  test('lines land on a PoP of their own region', ({ assert }) => {
    for (const county of COUNTIES) {
      assert.equal(POPS[popFor({ region: county.region, county })].region, county.region)
    }
    // A county outside the stated region falls back to that region's PoP.
    assert.equal(popFor({ region: 'east', county: COUNTIES.find((c) => c.key === 'TPE')! }), 'HUA')
  })
})
