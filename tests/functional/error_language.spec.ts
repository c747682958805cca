import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { makeAgencyTree, makeUser } from '#tests/support/fixtures'
import { validBody } from '#tests/support/bodies'
import type { Role } from '#app/access/roles'
import type User from '#app/access/user'

/**
 * Domain rules answer in the language of the account asking: Traditional Chinese for zh-TW
 * accounts, English for the others, with the same `field` and `rule` either way.
 */

async function userSpeaking(locale: 'zh-TW' | 'en', role: Role, agencyId: number | null = null) {
  const user = await makeUser(role, agencyId)
  user.locale = locale
  await user.save()
  return user
}

type ApiError = { field?: string; message: string; rule?: string }

function errorsOf(response: { body(): any }): ApiError[] {
  return response.body().errors
}

const LINK_HEADER = 'circuit_id,name,kind,agency_code,a_end,z_end,bandwidth_kbps,device_hostname,if_index,status,consolidated_into_circuit,decommission_date'

async function importLinks(client: ApiClient, user: User, lines: string[]) {
  const response = await client
    .post('/api/imports')
    .qs({ resource: 'links', wait: 'true' })
    .file('file', Buffer.from([LINK_HEADER, ...lines].join('\n') + '\n'), { filename: 'links.csv', contentType: 'text/csv' })
    .loginAs(user)
    .withCsrfToken()
  response.assertStatus(200)
  return response.body() as {
    status: string
    message: string
    errors: Array<{ line: number; field: string | null; message: string }>
  }
}

test.group('error messages follow the account language', () => {
  test('a closed data centre without its closure date', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const body = { ...validBody('data_centres', ministry.id), status: 'closed' }
    const answers: Record<string, ApiError[]> = {}
    for (const locale of ['zh-TW', 'en'] as const) {
      const admin = await userSpeaking(locale, 'admin')
      const response = await client.post('/api/data_centres').json(body).loginAs(admin).withCsrfToken()
      response.assertStatus(422)
      answers[locale] = errorsOf(response)
    }
    assert.deepEqual(answers['zh-TW'], [{ field: 'closure_date', message: '已裁撤的機房須填寫裁撤日期', rule: 'domain' }])
    assert.deepEqual(answers.en, [{ field: 'closure_date', message: 'a closed data centre needs its closure date', rule: 'domain' }])
  })

  test('an incident moved where its lifecycle does not go', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const said: Record<string, { illegal: ApiError[]; final: ApiError[] }> = {}
    for (const locale of ['zh-TW', 'en'] as const) {
      const noc = await userSpeaking(locale, 'noc')
      const created = await client.post('/api/incidents').json(validBody('incidents', ministry.id, 'noc')).loginAs(noc).withCsrfToken()
      created.assertStatus(201)
      const command = (name: string, json: object = {}) =>
        client.post(`/api/incidents/${created.body().id}/${name}`).json(json).loginAs(noc).withCsrfToken()
      const illegal = await command('close')
      illegal.assertStatus(422)
      ;(await command('cancel', { reason: 'raised in error' })).assertStatus(200)
      const final = await command('start')
      final.assertStatus(422)
      said[locale] = { illegal: errorsOf(illegal), final: errorsOf(final) }
    }
    assert.deepEqual(said['zh-TW'].illegal, [
      { field: 'status', message: '「新開立」的事件單無法執行「結案」（可執行：指派、開始處理、解決、取消）', rule: 'domain' },
    ])
    assert.deepEqual(said.en.illegal, [
      { field: 'status', message: 'an incident that is new cannot be given "close" (it offers: assign, start, resolve, cancel)', rule: 'domain' },
    ])
    assert.equal(said['zh-TW'].final[0].message, '「已取消」的事件單無法執行「開始處理」（此事件單已結束）')
    assert.equal(said.en.final[0].message, 'an incident that is cancelled cannot be given "start" (it offers: nothing: it is final)')
  })

  test('deleting an agency others still refer to is a 409 in the reader\'s language', async ({ client, assert }) => {
    const messages: Record<string, string> = {}
    for (const locale of ['zh-TW', 'en'] as const) {
      const { ministry } = await makeAgencyTree()
      const admin = await userSpeaking(locale, 'admin')
      const response = await client.delete(`/api/agencies/${ministry.id}`).loginAs(admin).withCsrfToken()
      response.assertStatus(409)
      messages[locale] = errorsOf(response)[0].message
    }
    assert.equal(messages['zh-TW'], '仍有其他資料參照此筆資料')
    assert.equal(messages.en, 'other records still refer to this one')
  })

  test('outside the agency scope, and outside the role, is a 403 in the reader\'s language', async ({ client, assert }) => {
    const { ministry, other } = await makeAgencyTree()
    const admin = await userSpeaking('en', 'admin')
    const foreign = await client.post('/api/data_centres').json(validBody('data_centres', other.id)).loginAs(admin).withCsrfToken()
    foreign.assertStatus(201)
    const id = foreign.body().id

    const scope: Record<string, string> = {}
    const role: Record<string, string> = {}
    for (const locale of ['zh-TW', 'en'] as const) {
      const liaison = await userSpeaking(locale, 'agency_liaison', ministry.id)
      // Writing under another agency is refused as such; reading its records answers 404.
      const outside = await client.post('/api/data_centres').json(validBody('data_centres', other.id)).loginAs(liaison).withCsrfToken()
      outside.assertStatus(403)
      scope[locale] = errorsOf(outside)[0].message
      const cio = await userSpeaking(locale, 'cio')
      const refused = await client.delete(`/api/data_centres/${id}`).loginAs(cio).withCsrfToken()
      refused.assertStatus(403)
      role[locale] = errorsOf(refused)[0].message
    }
    assert.equal(scope['zh-TW'], `機關 ${other.id} 不在您的機關範圍內`)
    assert.equal(scope.en, `agency ${other.id} is outside your agency`)
    assert.equal(role['zh-TW'], '「資訊長」角色不可刪除機房')
    assert.equal(role.en, 'role cio may not delete data_centres')
  })

  test('a 404 names the record in the reader\'s language', async ({ client, assert }) => {
    const zh = await userSpeaking('zh-TW', 'noc')
    const en = await userSpeaking('en', 'noc')
    const missingZh = await client.get('/api/links/99999999').loginAs(zh)
    missingZh.assertStatus(404)
    assert.equal(errorsOf(missingZh)[0].message, '找不到線路 99999999')
    const missingEn = await client.get('/api/links/99999999').loginAs(en)
    assert.equal(errorsOf(missingEn)[0].message, 'links 99999999 not found')
    const admin = await userSpeaking('zh-TW', 'admin')
    const noToken = await client.delete('/api/access_tokens/99999999').loginAs(admin).withCsrfToken()
    noToken.assertStatus(404)
    assert.equal(errorsOf(noToken)[0].message, '找不到此存取權杖')
    const badFilter = await client.get('/api/links').qs({ filter: '{"nope":1}' }).loginAs(zh)
    badFilter.assertStatus(422)
    assert.deepEqual(errorsOf(badFilter), [{ field: 'nope', message: '無法依 nope 篩選', rule: 'list_query' }])
  })

  test('CSV import line errors are worded in the importing account\'s language', async ({ client, assert }) => {
    const { ministry } = await makeAgencyTree()
    const lines = (tag: string) => [
      `${tag}-1,線路甲,legacy,${ministry.code},台北,GSN-TPE,10240,,,active,,`,
      `${tag}-2,線路乙,legacy,NO-SUCH-AGENCY,台北,GSN-TPE,10240,,,active,,`,
      `${tag}-3,線路丙,legacy,${ministry.code},花蓮,GSN-HUN,512,,,decommissioned,,`,
      `${tag}-4,線路丁,satellite,${ministry.code},台南,GSN-TNN,2048,,,active,,`,
      `"${tag}-5,線路戊`,
    ]
    const zhJob = await importLinks(client, await userSpeaking('zh-TW', 'noc'), lines(`ZH${process.pid}`))
    const enJob = await importLinks(client, await userSpeaking('en', 'noc'), lines(`EN${process.pid}`))
    const byLine = (job: typeof zhJob) => job.errors.map((e) => [e.line, e.field, e.message])

    assert.equal(zhJob.status, 'done')
    assert.equal(zhJob.message, '共 5 列：新增 1 列、更新 0 列、未變更 0 列、拒絕 4 列')
    assert.deepEqual(byLine(zhJob), [
      [3, 'agency_code', '沒有代碼為「NO-SUCH-AGENCY」的機關'],
      [4, 'decommission_date', '已裁撤的線路須填寫裁撤日期'],
      [5, 'kind', '不是可選的值（可選：legacy、uplink）'],
      [6, null, '有一個以引號開始的欄位沒有結束：請補上缺少的右引號（"）'],
    ])

    assert.equal(enJob.message, '5 rows: 1 inserted, 0 updated, 0 unchanged, 4 rejected')
    assert.deepEqual(byLine(enJob), [
      [3, 'agency_code', 'no agency has code "NO-SUCH-AGENCY"'],
      [4, 'decommission_date', 'a decommissioned line needs its decommission date'],
      [5, 'kind', 'The selected kind is invalid; choose one of: legacy, uplink'],
      [6, null, 'a quoted field is never closed: add the missing closing quote (")'],
    ])
  })
})
