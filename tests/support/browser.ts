import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

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

/** A fresh context (own cookies and storage) with the errors the page raises collected. */
export async function openPage(browser: Browser, options: { locale?: string } = {}) {
  const context: BrowserContext = await browser.newContext({
    baseURL: appUrl(),
    locale: options.locale ?? 'en-US',
    viewport: { width: 1366, height: 900 },
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  return { context, page, errors }
}

/** Logs in through the login page, as a person would, and waits for the app's menu. */
export async function logIn(page: Page, email: string, password: string) {
  await page.goto('/#/login')
  await page.getByRole('textbox', { name: /^(Email|電子郵件)/ }).fill(email)
  await page.getByLabel(/^(Password|密碼)/).fill(password)
  await page.getByRole('button', { name: /^(Sign in|登入)$/ }).click()
  await page.getByRole('menu').or(page.getByRole('navigation')).first().waitFor()
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
