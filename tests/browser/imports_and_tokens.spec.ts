import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#app/access/user'
import { makeCode, makeUser } from '#tests/support/fixtures'
import { groupBrowser, signedIn, waitUntil } from '#tests/support/browser'
import { orphanJob } from '#tests/support/import_jobs'

/** What the dead import's batches had committed. */
const KEPT = {
  rows_read: 3400,
  inserted: 3000,
  updated: 12,
  unchanged: 5,
  rejected: 1,
  kept_through_line: 3020,
  errors: JSON.stringify([{ line: 17, field: 'kind', message: 'The selected kind is invalid' }]),
}

test.group('Interrupted imports and the token list in a browser', (group) => {
  const browser = groupBrowser(group)

  test('an import whose process died turns from a running bar into interrupted, saying what was kept', async ({ assert }) => {
    const noc = await makeUser('noc')
    const job = await orphanJob(noc, 1, KEPT)
    await signedIn(browser(), assert, noc, async (page, { context }) => {
      // The job followed is in the address, so it is followed again after a reload.
      await page.goto(`/#/import?job=${job.id}`)
      const panel = page.getByTestId('import-job')
      await panel.getByText('Running', { exact: true }).waitFor()
      assert.equal(await page.getByTestId('import-interrupted').count(), 0)
      await page.getByRole('combobox', { name: /Import into/ }).filter({ hasText: 'Links' }).waitFor()

      // A server that does not answer for a while does not end the job on the page.
      await context.setOffline(true)
      await page.getByTestId('import-unreachable').waitFor()
      assert.equal(await panel.getByText('Running', { exact: true }).count(), 1)
      await context.setOffline(false)
      await page.getByTestId('import-unreachable').waitFor({ state: 'detached', timeout: 10_000 })
      assert.equal(await panel.getByText('Running', { exact: true }).count(), 1)

      // Its process is gone and no heartbeat comes: once the last one is older than the
      // threshold, the page's next poll shows what the job kept.
      await db.from('import_jobs').where('id', job.id).update({ updated_at: db.raw(`clock_timestamp() - interval '5 minutes'`) })
      await panel.getByText('Interrupted', { exact: true }).waitFor({ timeout: 10_000 })
      const said = await page.getByTestId('import-interrupted').innerText()
      assert.include(said, 'Rows up to line 3,020 were kept: 3,000 inserted, 12 updated, 5 unchanged, 1 rejected.')
      assert.include(said, 'Import the same file again to finish')
      assert.equal((await page.getByTestId('import-inserted').innerText()).split('\n').pop(), '3,000')
      const errorRows = page.getByTestId('import-errors').locator('tbody tr')
      assert.deepEqual(await errorRows.first().locator('td').allInnerTexts(), ['17', 'kind', 'The selected kind is invalid'])
      assert.equal((await db.from('import_jobs').where('id', job.id).first()).status, 'interrupted')
      await page.screenshot({ path: 'tmp/ui-import-interrupted.png', fullPage: true })
    })
  })

  test('in 繁體中文 the interrupted import is worded in Chinese', async ({ assert }) => {
    const noc = await makeUser('noc')
    noc.locale = 'zh-TW'
    await noc.save()
    const job = await orphanJob(noc, 600, { ...KEPT, deferred: 2 })
    await signedIn(browser(), assert, noc, async (page) => {
      await page.goto(`/#/import?job=${job.id}`)
      await page.getByTestId('import-job').getByText('已中止', { exact: true }).waitFor()
      const said = await page.getByTestId('import-interrupted').innerText()
      assert.include(said, '第 3,020 行（含）以前的資料列已保留：新增 3,000、更新 12、未變更 5、退回 1。')
      assert.include(said, '其中 2 列參照了檔案後段的資料列，尚未寫入。')
    }, { locale: 'zh-TW' })
  })

  test('the token list pages through more tokens than one page and filters by user', async ({ assert }) => {
    const admin = await makeUser('admin')
    const owner = await makeUser('noc')
    const prefix = makeCode('tok')
    for (let i = 1; i <= 30; i++) {
      await User.accessTokens.create(owner, ['*'], { name: `${prefix} ${String(i).padStart(2, '0')}` })
    }
    await signedIn(browser(), assert, admin, async (page) => {
      await page.goto(`/#/access_tokens?filter=${encodeURIComponent(JSON.stringify({ user_id: owner.id }))}`)
      const rows = page.locator('tbody tr')
      await page.getByText('1-25 of 30').waitFor()
      assert.equal(await rows.count(), 25)
      // Newest first: the first page ends at the sixth token.
      await rows.filter({ hasText: `${prefix} 30` }).waitFor()
      assert.equal(await rows.filter({ hasText: `${prefix} 05` }).count(), 0)

      await page.getByRole('button', { name: 'Go to next page' }).click()
      await page.getByText('26-30 of 30').waitFor()
      await rows.filter({ hasText: `${prefix} 01` }).waitFor()
      await waitUntil(async () => (await rows.count()) === 5)

      // Sorted by name, ascending, from the column header.
      await page.locator('thead th.column-name').getByRole('button').click()
      await page.getByText('1-25 of 30').waitFor()
      await rows.first().filter({ hasText: `${prefix} 01` }).waitFor()
      await page.screenshot({ path: 'tmp/ui-access-tokens.png', fullPage: true })
    })
  })
})
