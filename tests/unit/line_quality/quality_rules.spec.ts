import { test } from '@japa/runner'
import { DEFAULT_QUALITY_POLICIES, judgeQuality } from '#app/line_quality/quality_rules'
import { message } from '#app/core/messages'

const legacy = DEFAULT_QUALITY_POLICIES.legacy
const uplink = DEFAULT_QUALITY_POLICIES.uplink
const burst = (loss: number | null, rttMedianMs: number | null = 10, jitterMs: number | null = 1, sent = 20) => ({
  sent,
  loss,
  rttMedianMs,
  jitterMs,
})

test.group('line quality rules', () => {
  test('a legacy line losing 5% turns degraded, 4.9% does not; an uplink is judged at 2%', ({ assert }) => {
    const five = judgeQuality(burst(0.05), legacy)
    assert.equal(five.state, 'degraded')
    assert.deepEqual(five.reasons, [{ key: 'line_quality.loss', params: { loss: 5, threshold: 5 } }])
    assert.equal(judgeQuality(burst(0.049), legacy).state, 'up')
    assert.equal(judgeQuality(burst(0.02), uplink).state, 'degraded')
    assert.equal(judgeQuality(burst(0.019), uplink).state, 'up')
  })

  test('every probe lost is down; no burst at all says nothing', ({ assert }) => {
    assert.deepEqual(judgeQuality(burst(1, null, null), legacy), {
      state: 'down',
      reasons: [{ key: 'line_quality.loss_down', params: { loss: 100, sent: 20 } }],
    })
    assert.deepEqual(judgeQuality(burst(null, null, null, 0), legacy), { state: 'unknown', reasons: [] })
    // A policy may call a line down before every probe is lost.
    assert.equal(judgeQuality(burst(0.6), { ...legacy, lossDown: 0.5 }).state, 'down')
  })

  test('slow or jittery lines are degraded with every reason, strictly above the threshold', ({ assert }) => {
    const slow = judgeQuality(burst(0, 180.04, 60), legacy)
    assert.equal(slow.state, 'degraded')
    assert.deepEqual(slow.reasons, [
      { key: 'line_quality.rtt', params: { rtt: 180, threshold: 150 } },
      { key: 'line_quality.jitter', params: { jitter: 60, threshold: 50 } },
    ])
    assert.equal(judgeQuality(burst(0, 150, 50), legacy).state, 'up')
    assert.equal(judgeQuality(burst(0, 50.1, 1), uplink).state, 'degraded')
  })

  test('reasons are worded in the reader language', ({ assert }) => {
    const [reason] = judgeQuality(burst(0.05), legacy).reasons
    const text = message(reason.key as 'line_quality.loss', reason.params as { loss: number; threshold: number })
    assert.equal(text.in('en'), 'packet loss 5% at or above 5%')
    assert.equal(text.in('zh-TW'), '封包遺失率 5%，達 5% 門檻')
    const [down] = judgeQuality(burst(1, null, null), legacy).reasons
    assert.equal(message('line_quality.loss_down', down.params as { loss: number; sent: number }).in('zh-TW'), '20 個 ICMP 探測封包均無回應（遺失 100%）')
  })
})
