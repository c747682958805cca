import { test } from '@japa/runner'
import { GENESIS, canonicalJson, chainHash, findBreak } from '#app/audit/hash_chain'

function chain(n: number) {
  const rows = []
  let prev = GENESIS
  for (let i = 1; i <= n; i++) {
    const fields = {
      id: i, at: new Date(Date.UTC(2026, 10, 26, 0, 0, i)), actorId: 1, actorEmail: 'a@gsn.test',
      action: 'update', entity: 'links', entityId: String(i), before: { b: 1, a: [1, { z: 2, y: 1 }] }, after: { a: 2 },
    }
    const hash = chainHash(prev, fields)
    rows.push({ ...fields, prevHash: prev, hash })
    prev = hash
  }
  return rows
}

test.group('audit hash chain', () => {
  test('canonical JSON sorts keys at every depth', ({ assert }) => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } }), '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}')
  })

  test('an intact chain verifies', ({ assert }) => {
    assert.isNull(findBreak(chain(5)))
  })

  test('a changed row is named', ({ assert }) => {
    const rows = chain(5)
    rows[2].actorEmail = 'mallory'
    assert.deepEqual(findBreak(rows), { id: '3', reason: 'content does not match its hash' })
  })

  test('a removed row breaks the link of the row after it', ({ assert }) => {
    const rows = chain(5)
    rows.splice(1, 1)
    assert.deepEqual(findBreak(rows), { id: '3', reason: 'prev_hash does not match the row before it' })
  })

  test('rewriting the newest row with a fresh hash changes the head, which an anchor catches', ({ assert }) => {
    const rows = chain(4)
    rows[3].after = { a: 99 }
    rows[3].hash = chainHash(rows[3].prevHash, rows[3])
    assert.isNull(findBreak(rows), 'recomputing the last hash hides it from the chain alone…')
    assert.notEqual(rows[3].hash, chain(4)[3].hash, '…but the head hash changes, which is what an anchored copy catches')
  })
})
