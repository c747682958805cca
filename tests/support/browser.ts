import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { Group } from '@japa/runner/core'
import type { Assert } from '@japa/assert'
import { TEST_PASSWORD } from '#tests/support/fixtures'
import { eventHub } from '#app/notifications/event_hub'
import { emptiedNotificationWorker } from '#tests/support/notification_worker'

/** Debian's Chromium, headless, with everything that would reach out to the Internet turned off. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const UI_INDEX = fileURLToPath(new URL('../../ui/dist/index.html', import.meta.url))

/** Browser tests run against the built UI; they never build it themselves (scripts/test.sh does). */
export function assertUiBuilt() {
  if (!existsSync(UI_INDEX)) {
    throw new Error(`${UI_INDEX} is missing: build the UI first with \`npm run build:ui\` (scripts/test.sh does this)`)
  }
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`)
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/** Where the test HTTP server (tests/bootstrap.ts) answers. */
export function appUrl(path = '/') {
  const host = !process.env.HOST || process.env.HOST === '0.0.0.0' ? '127.0.0.1' : process.env.HOST
  return `http://${host}:${process.env.PORT}${path}`
}

/**
 * The browser a group's tests share: launched in the group's setup once the UI is known to be
 * built, closed after the group. The returned function gives it inside the tests.
 */
export function groupBrowser(group: Group) {
  let browser: Browser | undefined
  group.setup(async () => {
    assertUiBuilt()
    browser = await launchBrowser()
    return () => browser?.close()
  })
  return () => {
    if (!browser) throw new Error('the group has not launched its browser yet')
    return browser
  }
}

/**
 * The group's browser, for pages that follow live events: the notification worker, on an emptied
 * queue, is what publishes them to the server's streams, so it runs for the group's length.
 */
export function groupBrowserWithLiveEvents(group: Group) {
  group.setup(async () => {
    assertUiBuilt()
    const worker = await emptiedNotificationWorker({ concurrency: 2 })
    return async () => {
      await worker.close()
      await eventHub.close()
    }
  })
  // Set up after the worker, so its browser closes first.
  return groupBrowser(group)
}

export interface PageOptions {
  locale?: string
  /** The browser's time zone (IANA name); the machine's when absent. */
  timezoneId?: string
}

/** A fresh context (own cookies and storage) with the errors the page raises collected. */
export async function openPage(browser: Browser, options: PageOptions = {}) {
  const context: BrowserContext = await browser.newContext({
    baseURL: appUrl(),
    locale: options.locale ?? 'en-US',
    viewport: { width: 1366, height: 900 },
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  return { context, page, errors }
}

/**
 * Logs in through the login page, as a person would, and waits for the app's menu. The server's
 * answer to the login is waited for and checked on the way, so that a refused or never-sent login
 * fails here, saying so, rather than as a menu that never came.
 */
export async function logIn(page: Page, email: string, password: string) {
  await page.goto('/#/login')
  await page.getByRole('textbox', { name: /^(Email|電子郵件)/ }).fill(email)
  await page.getByLabel(/^(Password|密碼)/).fill(password)
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login' && r.request().method() === 'POST')
  await page.getByRole('button', { name: /^(Sign in|登入)$/ }).click()
  const answer = await answered
  if (!answer.ok()) throw new Error(`the login of ${email} was answered ${answer.status()}: ${await answer.text()}`)
  await page.getByRole('menu').or(page.getByRole('navigation')).first().waitFor()
}

export type Visit = Awaited<ReturnType<typeof openPage>>

/**
 * Someone at the console: a fresh context logged in as `user` through the login page, driven by
 * `visit` (which may also read the context and the errors collected so far from `opened`). Afterwards the page must have raised no errors (unless `errors: 'allowed'`, for a test
 * that provokes them), and the context is closed however the test ends.
 */
export async function signedIn(
  browser: Browser,
  assert: Assert,
  user: { email: string },
  visit: (page: Page, opened: Visit) => Promise<void>,
  options: PageOptions & {
    errors?: 'checked' | 'allowed'
    /** The fixtures' password unless the account has its own (the demo's). */
    password?: string
    /** Runs on the fresh page before the login, to watch what the login itself sends. */
    beforeLogIn?: (opened: Visit) => void
  } = {}
) {
  const opened = await openPage(browser, options)
  try {
    options.beforeLogIn?.(opened)
    await logIn(opened.page, user.email, options.password ?? TEST_PASSWORD)
    await visit(opened.page, opened)
    if (options.errors !== 'allowed') assert.deepEqual(appErrors(opened.errors), [], 'errors the page raised')
  } finally {
    await opened.context.close()
  }
}

/** Errors the app raised, minus the browser's own log of refused requests (tests provoke those). */
export function appErrors(errors: string[]) {
  return errors.filter((e) => !e.startsWith('Failed to load resource'))
}

/** Polls a condition the browser brings about asynchronously (a request it sends after a click). */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms: ${check}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
