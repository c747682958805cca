import { test } from '@japa/runner'
import {
  CHANGE_COMMANDS,
  CHANGE_STATUSES,
  CHANGE_TYPES,
  changeCommandTarget,
  changeCommandsFor,
  overlaps,
  reachOf,
  sharedReach,
  tally,
  votingOpen,
  type ChangeStatus,
  type ChangeType,
} from '#shared/change_lifecycle'

const at = (h: number) => new Date(Date.UTC(2026, 11, 1, h))

/**
 * Every cell of the lifecycle, written out here rather than read from the module: for each type
 * and status, the commands a change offers there, in the order the UI shows its buttons. A move
 * added to or taken from change_lifecycle.ts has to be made here too, on purpose. Approval is no
 * command (the board votes), so assessed offers only cancel. Normal and emergency changes make
 * the same moves (they differ in when the board votes, tested below).
 */
const BOARD_DECIDED: Record<ChangeStatus, string[]> = {
  draft: ['submit', 'cancel'],
  submitted: ['assess', 'cancel'],
  assessed: ['cancel'],
  approved: ['schedule', 'cancel'],
  rejected: ['close'],
  scheduled: ['start', 'cancel'],
  implementing: ['complete', 'fail'],
  implemented: ['review'],
  reviewed: ['close'],
  closed: [],
  failed: ['back_out'],
  backed_out: ['review'],
  cancelled: [],
}
const OFFERED: Record<ChangeType, Record<ChangeStatus, string[]>> = {
  normal: BOARD_DECIDED,
  emergency: BOARD_DECIDED,
  // Submitting approves it (pre-approved template): it is never assessed.
  standard: { ...BOARD_DECIDED, submitted: ['cancel'] },
}

test.group('change lifecycle', () => {
  test('every type × status offers exactly the commands of the table, and no other', ({ assert }) => {
    assert.sameMembers(Object.keys(OFFERED), [...CHANGE_TYPES])
    const wrong: string[] = []
    for (const type of CHANGE_TYPES) {
      assert.sameMembers(Object.keys(OFFERED[type]), [...CHANGE_STATUSES], type)
      for (const status of CHANGE_STATUSES) {
        const offered = changeCommandsFor(type, status)
        if (JSON.stringify(offered) !== JSON.stringify(OFFERED[type][status])) wrong.push(`${type} ${status}: ${offered.join(', ')}`)
        // The refused ones lead nowhere, so the API's check (changeCommandTarget) agrees with the buttons.
        for (const command of CHANGE_COMMANDS) {
          const target = changeCommandTarget(command, type, status)
          if ((target !== null) !== OFFERED[type][status].includes(command)) wrong.push(`${type} ${status} ${command} → ${target}`)
        }
      }
    }
    assert.deepEqual(wrong, [])
  })

  test('a normal change walks draft → submitted → assessed, the board approves, then scheduled → implementing → implemented → reviewed → closed', ({ assert }) => {
    assert.equal(changeCommandTarget('submit', 'normal', 'draft'), 'submitted')
    assert.equal(changeCommandTarget('assess', 'normal', 'submitted'), 'assessed')
    assert.isNull(changeCommandTarget('schedule', 'normal', 'assessed'), 'only the board approves')
    assert.equal(changeCommandTarget('schedule', 'normal', 'approved'), 'scheduled')
    assert.equal(changeCommandTarget('start', 'normal', 'scheduled'), 'implementing')
    assert.equal(changeCommandTarget('complete', 'normal', 'implementing'), 'implemented')
    assert.equal(changeCommandTarget('review', 'normal', 'implemented'), 'reviewed')
    assert.equal(changeCommandTarget('close', 'normal', 'reviewed'), 'closed')
  })

  test('a failed change is backed out, then reviewed and closed', ({ assert }) => {
    assert.equal(changeCommandTarget('fail', 'emergency', 'implementing'), 'failed')
    assert.equal(changeCommandTarget('back_out', 'emergency', 'failed'), 'backed_out')
    assert.equal(changeCommandTarget('review', 'emergency', 'backed_out'), 'reviewed')
    assert.isNull(changeCommandTarget('close', 'emergency', 'implemented'), 'reviewed first')
    assert.equal(changeCommandTarget('close', 'normal', 'rejected'), 'closed')
  })

  test('a standard change is approved when submitted and is never assessed', ({ assert }) => {
    assert.equal(changeCommandTarget('submit', 'standard', 'draft'), 'approved')
    assert.isNull(changeCommandTarget('assess', 'standard', 'submitted'))
    assert.deepEqual(changeCommandsFor('standard', 'draft'), ['submit', 'cancel'])
  })

  test('cancel until work starts, never after', ({ assert }) => {
    const cancellable: ChangeStatus[] = ['draft', 'submitted', 'assessed', 'approved', 'scheduled']
    for (const status of CHANGE_STATUSES) {
      assert.equal(changeCommandTarget('cancel', 'normal', status) !== null, cancellable.includes(status), status)
    }
  })

  test('closed and cancelled are final; every other status offers a way on', ({ assert }) => {
    for (const type of CHANGE_TYPES) {
      assert.deepEqual(changeCommandsFor(type, 'closed'), [])
      assert.deepEqual(changeCommandsFor(type, 'cancelled'), [])
    }
    for (const status of CHANGE_STATUSES) {
      if (status === 'closed' || status === 'cancelled') continue
      const moves = changeCommandsFor('normal', status).length + (votingOpen('normal', status) ? 1 : 0)
      assert.isAbove(moves, 0, status)
    }
  })

  test('every command names a move somewhere', ({ assert }) => {
    for (const command of CHANGE_COMMANDS) {
      assert.isTrue(CHANGE_STATUSES.some((s) => changeCommandTarget(command, 'normal', s) !== null), command)
    }
  })

  test('the board votes on a normal change once assessed, on an emergency one from submission, never on a standard one', ({ assert }) => {
    assert.isFalse(votingOpen('normal', 'submitted'))
    assert.isTrue(votingOpen('normal', 'assessed'))
    assert.isTrue(votingOpen('emergency', 'submitted'))
    assert.isFalse(votingOpen('standard', 'submitted'))
    assert.isFalse(votingOpen('normal', 'approved'))
  })

  test('quorum: approved at the quorum, rejected once the quorum is out of reach, pending between', ({ assert }) => {
    assert.equal(tally([], 3, 2), 'pending')
    assert.equal(tally(['approve'], 3, 2), 'pending')
    assert.equal(tally(['approve', 'approve'], 3, 2), 'approved')
    assert.equal(tally(['approve', 'reject'], 3, 2), 'pending')
    assert.equal(tally(['reject', 'reject'], 3, 2), 'rejected')
    assert.equal(tally(['reject'], 3, 3), 'rejected', 'unanimity lost with one rejection')
    assert.equal(tally(['approve'], 1, 1), 'approved')
  })

  test('windows overlap when half-open spans meet; back to back does not', ({ assert }) => {
    assert.isTrue(overlaps({ start: at(1), end: at(3) }, { start: at(2), end: at(4) }))
    assert.isFalse(overlaps({ start: at(1), end: at(2) }, { start: at(2), end: at(4) }))
    assert.isTrue(overlaps({ start: at(1), end: at(5) }, { start: at(2), end: at(3) }))
  })

  test('an uplink reaches the lines behind it; a line does not reach its uplink or its sibling', ({ assert }) => {
    const topology = { linesBehind: new Map([[10, [11, 12]]]), linksOn: new Map([[7, [10]]]) }
    const uplink = reachOf([{ item_type: 'link', item_id: 10 }], topology)
    const line = reachOf([{ item_type: 'link', item_id: 11 }], topology)
    const sibling = reachOf([{ item_type: 'link', item_id: 12 }], topology)
    const device = reachOf([{ item_type: 'device', item_id: 7 }], topology)
    assert.deepEqual(sharedReach(uplink, line), ['link:11'])
    assert.deepEqual(sharedReach(line, sibling), [])
    assert.deepEqual(sharedReach(device, sibling), ['link:12'], 'a device reaches the lines behind the uplink it carries')
    assert.deepEqual(sharedReach(reachOf([{ item_type: 'data_centre', item_id: 3 }], topology), reachOf([{ item_type: 'data_centre', item_id: 3 }], topology)), ['data_centre:3'])
  })
})
