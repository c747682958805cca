import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { makeAgency, makeCode, makeUser } from '#tests/support/fixtures'
import { mailReceiver, type MailReceiver } from '#tests/support/mail_receiver'
import { overrideConfig } from '#tests/support/config'
import notificationsConfig from '#config/notifications'
import { firstWorkingDayAfter, mailProgrammeReviews, monthlyMailJob } from '#app/programme/programme_mail'

test.group('programme review by e-mail', (group) => {
  let smtp: MailReceiver
  let restore: () => void
  group.setup(async () => {
    smtp = await mailReceiver()
    restore = overrideConfig(notificationsConfig.smtp, { host: '127.0.0.1', port: smtp.port, from: 'GSN Console <noc@gsn.test>' })
    return async () => {
      restore()
      await smtp.close()
    }
  })

  test("each CIO gets their scope's review as a PDF in their language, once", async ({ assert }) => {
    const ministry = await makeAgency({ level: 2, name: makeCode('交通部') })
    const national = await makeUser('cio')
    const bound = await makeUser('cio', ministry.id)
    await db.from('users').where('id', bound.id).update({ locale: 'zh-TW' })
    const liaison = await makeUser('agency_liaison', ministry.id)
    const only = [national.id, bound.id, liaison.id]

    const first = await mailProgrammeReviews('2018-03', { only })
    assert.deepEqual(first.failed, [])
    assert.sameMembers(first.sent, [national.email, bound.email])
    const [toNation] = smtp.mailsTo(national.email)
    assert.equal(toNation.subject, "The CIO's programme review 2018-03 · The nation")
    assert.equal(toNation.attachments[0].contentType, 'application/pdf')
    assert.equal(toNation.attachments[0].content.subarray(0, 5).toString(), '%PDF-')
    const [toMinistry] = smtp.mailsTo(bound.email)
    assert.equal(toMinistry.subject, `資訊長計畫月報 2018-03 · ${ministry.name}`)
    assert.include(toMinistry.text ?? '', '附件為 2018-03 的計畫月報')
    assert.lengthOf(smtp.mailsTo(liaison.email), 0)

    const again = await mailProgrammeReviews('2018-03', { only })
    assert.deepEqual(again.sent, [])
    assert.lengthOf(smtp.mailsTo(national.email), 1)
  }).timeout(120_000)

  test('the job waits for the first working day of the month', async ({ assert }) => {
    // 2025-02-01 is a Saturday: February's first working day is Monday the 3rd.
    assert.equal(await firstWorkingDayAfter('2025-01'), '2025-02-03')
    const waiting = await monthlyMailJob(new Date('2025-02-01T02:00:00Z'))
    assert.isTrue(waiting.waiting)
    assert.deepEqual(waiting.sent, [])
  })
})
