import { test } from '@japa/runner'
import { signWebhook, verifyWebhook } from '#app/notifications/signing'
import { channelMatches, inSubtree, type ChannelFilter } from '#app/notifications/matching'
import { headline, normaliseEvent, priorityOf, type NotificationEvent } from '#app/notifications/events'
import { DEFAULT_MATRIX, type MatrixCell } from '#app/incidents/priority_matrix'
import { webhookBody } from '#app/notifications/senders'

const secret = 'a-very-secret-signing-key'

function event(overrides: Partial<NotificationEvent> = {}): NotificationEvent {
  return {
    ...normaliseEvent({
      type: 'link.down',
      at: '2026-03-10T12:00:00Z',
      link: { id: 3, circuit_id: 'CKT-3', name: '臺北線路', kind: 'legacy', agency_id: 42 },
    }, DEFAULT_MATRIX),
    ...overrides,
  }
}

const channel = (overrides: Partial<ChannelFilter> = {}): ChannelFilter => ({
  enabled: true, event_types: [], min_priority: 'P4', agency_path: null, ...overrides,
})

test.group('webhook signatures', () => {
  test('HMAC-SHA256 over "timestamp.body", as openssl computes it', ({ assert }) => {
    // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'a-very-secret-signing-key'
    assert.equal(
      signWebhook(secret, '{"a":1}', 1700000000),
      'sha256=0a83a9bf13607f332ebc6bcddc017f2d9d703ff12ea8d33b72be61875ab0c2d7'
    )
  })

  test('a receiver accepts the genuine request and refuses every altered one', ({ assert }) => {
    const body = webhookBody({ id: 9, event: event() })
    const now = new Date('2026-03-10T12:00:30Z')
    const timestamp = String(Math.floor(now.getTime() / 1000))
    const signature = signWebhook(secret, body, Number(timestamp))
    assert.deepEqual(verifyWebhook({ secret, body, timestamp, signature, now }), { ok: true })
    assert.deepEqual(verifyWebhook({ secret, body: body.replace('link.down', 'link.recovered'), timestamp, signature, now }), { ok: false, reason: 'mismatch' })
    assert.deepEqual(verifyWebhook({ secret: 'another-secret-entirely', body, timestamp, signature, now }), { ok: false, reason: 'mismatch' })
    assert.deepEqual(verifyWebhook({ secret, body, timestamp: undefined, signature, now }), { ok: false, reason: 'missing' })
    assert.deepEqual(verifyWebhook({ secret, body, timestamp, signature: 'sha1=abc', now }), { ok: false, reason: 'malformed' })
  })

  test('a replay is refused: an old timestamp is stale, a fresh one breaks the signature', ({ assert }) => {
    const body = webhookBody({ id: 9, event: event() })
    const sentAt = 1_773_144_000
    const signature = signWebhook(secret, body, sentAt)
    const later = new Date((sentAt + 3600) * 1000)
    assert.deepEqual(verifyWebhook({ secret, body, timestamp: String(sentAt), signature, now: later }), { ok: false, reason: 'stale' })
    assert.deepEqual(verifyWebhook({ secret, body, timestamp: String(sentAt + 3600), signature, now: later }), { ok: false, reason: 'mismatch' })
  })
})

test.group('which channels hear an event', () => {
  test('by event type (none listed: all)', ({ assert }) => {
    assert.isTrue(channelMatches(channel(), event(), '/1/42/'))
    assert.isTrue(channelMatches(channel({ event_types: ['link.down', 'link.recovered'] }), event(), '/1/42/'))
    assert.isFalse(channelMatches(channel({ event_types: ['incident.opened'] }), event(), '/1/42/'))
  })

  test('by priority: a P2 channel hears P1 and P2, not P3', ({ assert }) => {
    assert.isTrue(channelMatches(channel({ min_priority: 'P2' }), event({ priority: 'P1' }), '/1/42/'))
    assert.isTrue(channelMatches(channel({ min_priority: 'P2' }), event({ priority: 'P2' }), '/1/42/'))
    assert.isFalse(channelMatches(channel({ min_priority: 'P2' }), event({ priority: 'P3' }), '/1/42/'))
    assert.isTrue(channelMatches(channel({ min_priority: 'P4' }), event({ priority: 'P4' }), '/1/42/'))
  })

  test('by agency subtree: a ministry hears its agencies, not its neighbours', ({ assert }) => {
    assert.isTrue(channelMatches(channel({ agency_path: '/1/' }), event(), '/1/42/'))
    assert.isTrue(channelMatches(channel({ agency_path: '/1/42/' }), event(), '/1/42/'))
    assert.isFalse(channelMatches(channel({ agency_path: '/1/42/' }), event(), '/1/'))
    // "/1/4" must not take "/1/42/" as its own: paths end with a slash.
    assert.isFalse(channelMatches(channel({ agency_path: '/1/4/' }), event(), '/1/42/'))
    assert.isFalse(channelMatches(channel({ agency_path: '/2/' }), event(), '/1/42/'))
    assert.isTrue(inSubtree('/1/42/', null))
    assert.isFalse(inSubtree(null, '/1/'))
  })

  test('a disabled channel hears nothing', ({ assert }) => {
    assert.isFalse(channelMatches(channel({ enabled: false }), event(), '/1/42/'))
  })
})

test.group('events', () => {
  test('priority comes from the incident, else from the matrix cell of what failed', ({ assert }) => {
    const ranked = (event: Parameters<typeof priorityOf>[0]) => priorityOf(event, DEFAULT_MATRIX)
    // As monitoring opens their incidents: an uplink down P1, degraded or flapping P2; a legacy line down P3, degraded P4.
    assert.equal(ranked({ type: 'link.down', linkKind: 'uplink' }), 'P1')
    assert.equal(ranked({ type: 'link.degraded', linkKind: 'uplink' }), 'P2')
    assert.equal(ranked({ type: 'link.flapping', linkKind: 'uplink' }), 'P2')
    assert.equal(ranked({ type: 'link.down', linkKind: 'legacy' }), 'P3')
    assert.equal(ranked({ type: 'link.degraded', linkKind: 'legacy' }), 'P4')
    // The all-clear reaches every channel that heard the worst of the alarm.
    assert.equal(ranked({ type: 'link.recovered', linkKind: 'uplink' }), 'P1')
    assert.equal(ranked({ type: 'device.unreachable', deviceCarriesUplink: true }), 'P2')
    assert.equal(ranked({ type: 'device.unreachable' }), 'P3')
    assert.equal(ranked({ type: 'link.down', linkKind: 'legacy', incidentPriority: 'P1' }), 'P1')
    assert.equal(ranked({ type: 'link.down', linkKind: 'legacy', incidentPriority: 'urgent' }), 'P3')
  })

  test("an admin's edit of the matrix ranks the events no incident ranks, as it ranks the incidents", ({ assert }) => {
    const edited: MatrixCell[] = DEFAULT_MATRIX.map((c) => (c.impact === 'high' && c.urgency === 'high' ? { ...c, priority: 'P2' } : c.impact === 'low' && c.urgency === 'high' ? { ...c, priority: 'P4' } : c))
    assert.equal(priorityOf({ type: 'link.down', linkKind: 'uplink' }, edited), 'P2')
    assert.equal(priorityOf({ type: 'link.down', linkKind: 'legacy' }, edited), 'P4')
    assert.equal(priorityOf({ type: 'device.unreachable' }, edited), 'P4')
    assert.equal(priorityOf({ type: 'link.down', linkKind: 'uplink', incidentPriority: 'P1' }, edited), 'P1', "the incident's stored priority stands")
    const e = normaliseEvent({ type: 'link.down', at: '2026-03-10T12:00:00Z', link: { id: 5, kind: 'uplink', agency_id: 7 } }, edited)
    assert.equal(e.priority, 'P2')
  })

  test('normalises a Lucid-like link and an incident; the key tells events apart', ({ assert }) => {
    const e = normaliseEvent({
      type: 'incident.opened',
      at: new Date('2026-03-10T12:00:00Z'),
      link: { $attributes: { id: 5, circuitId: 'UPL-1', name: '部會上行', kind: 'uplink', agencyId: 7 }, serialize() {} },
      incident: { id: 11, number: 'INC-2026-000011', title: 'UPL-1 down', priority: 'P1', status: 'new' },
    }, DEFAULT_MATRIX)
    assert.equal(e.payload.link!.circuit_id, 'UPL-1')
    assert.deepEqual(e.subject, { kind: 'link', id: 5 })
    assert.equal(e.agency_id, 7)
    assert.equal(e.priority, 'P1')
    assert.equal(headline(e), '[GSN P1] 事件單開立：UPL-1 部會上行（INC-2026-000011） / incident opened: UPL-1 部會上行 (INC-2026-000011)')
    const again = normaliseEvent({ type: 'incident.opened', at: '2026-03-10T12:00:00.000Z', link: { id: 5, agency_id: 7 }, incident: { id: 11 } }, DEFAULT_MATRIX)
    assert.equal(again.key, e.key)
    assert.notEqual(normaliseEvent({ type: 'link.down', at: '2026-03-10T12:00:00Z', link: { id: 5, agency_id: 7 } }, DEFAULT_MATRIX).key, e.key)
  })

  test('device events and bad announcements', ({ assert }) => {
    const e = normaliseEvent({ type: 'device.unreachable', at: '2026-03-10T12:00:00Z', device: { id: 2, hostname: 'rtr-1', agency_id: 9, last_error: 'timeout', carries_uplink: true } }, DEFAULT_MATRIX)
    assert.equal(e.priority, 'P2')
    assert.equal(e.payload.detail, 'timeout')
    assert.deepEqual(e.subject, { kind: 'device', id: 2 })
    assert.equal(headline(e), '[GSN P2] 設備無回應：rtr-1 / device unreachable: rtr-1')
    assert.throws(() => normaliseEvent({ type: 'link.sideways' as any, at: '2026-03-10T12:00:00Z', link: { id: 1, agency_id: 1 } }, DEFAULT_MATRIX), /unknown event type/)
    assert.throws(() => normaliseEvent({ type: 'link.down', at: 'soon', link: { id: 1, agency_id: 1 } }, DEFAULT_MATRIX), /not a timestamp/)
    assert.throws(() => normaliseEvent({ type: 'link.down', at: '2026-03-10T12:00:00Z' }, DEFAULT_MATRIX), /link or its device/)
  })
})
