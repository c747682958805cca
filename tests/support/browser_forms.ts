import type { Assert } from '@japa/assert'
import type { Locator, Page } from 'playwright-core'
import { accessibilityViolations } from '#tests/support/accessibility'

/**
 * Ways to drive react-admin's pages as a person does: every control is found by its role and
 * its visible label, so the tests hold when the markup around them changes.
 */

/** A select: opens it and picks the option shown as `option`. */
export async function choose(page: Page, label: RegExp, option: string | RegExp) {
  // A page that redraws while the menu opens (a late answer, a live notice) can close it under
  // the click: open it again, a few times, rather than wait on an option that is gone.
  for (let attempt = 1; ; attempt++) {
    await page.getByRole('combobox', { name: label }).click()
    await animationsFinished(page)
    try {
      await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click({ timeout: 10_000 })
      break
    } catch (error) {
      if (attempt === 3) throw error
      await page.keyboard.press('Escape')
    }
  }
  await page.getByRole('listbox').waitFor({ state: 'detached' })
  await animationsFinished(page)
}

/** A reference picked by typing (the API's `q` search), then the option that names the record. */
export async function chooseReference(page: Page, label: RegExp, typed: string, option: string | RegExp = typed) {
  const input = page.getByRole('combobox', { name: label })
  await input.fill(typed)
  await page.getByRole('option', { name: option }).first().click()
}

export async function save(page: Page) {
  await page.getByRole('button', { name: /^(Save|儲存)$/ }).click()
}

/** The message react-admin shows under a field the API refused, once the field is marked invalid. */
export async function fieldError(page: Page, field: Locator) {
  await page.locator('[aria-invalid="true"]').first().waitFor()
  const described = await field.getAttribute('aria-describedby')
  if ((await field.getAttribute('aria-invalid')) !== 'true' || !described) return null
  const ids = described.split(/\s+/).map((id) => `[id="${id}"]`)
  return (await page.locator(ids.join(', ')).allInnerTexts()).join(' ').trim()
}

/** A show page's field: its label and value, the block react-admin draws around the label. */
export function shownValue(page: Page, label: string) {
  const exactly = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
  return page.locator('.RaLabeled-label').filter({ hasText: exactly }).first().locator('xpath=..')
}

/**
 * Follows a menu entry and waits until its page is the one drawn. The router changes pages in a
 * React transition: while the next page's code loads, the page before stays on screen, with its
 * own search box, rows and buttons, though the address has already changed. The entry is marked
 * current in the same render that draws its page, so that mark is what the test waits for.
 */
export async function followMenu(page: Page, name: string | RegExp, options: { exact?: boolean } = {}) {
  const entry = page.getByRole('menuitem', { name, exact: options.exact })
  await entry.click()
  await entry.and(page.locator('.RaMenuItemLink-active')).waitFor()
}

/** The list's search box. */
export async function searchList(page: Page, text: string) {
  await page.getByRole('textbox', { name: /^(Search|搜尋)$/ }).fill(text)
}

/**
 * Menus fade out, dialogs fade in and notifications slide: read mid-transition, a select's
 * closing options are grey on white and axe reports their contrast. Waits, a few rounds (an
 * animation's end can start another), until nothing on the page is animating.
 */
export async function animationsFinished(page: Page) {
  for (let round = 0; round < 5; round++) {
    // Runs in the page, whose globals the project's Node types do not describe.
    const running = await page.evaluate(async () => {
      const animations: Array<{ playState: string; finished: Promise<unknown> }> = (globalThis as any).document.getAnimations()
      const live = animations.filter((a) => a.playState === 'running' || a.playState === 'pending')
      await Promise.all(live.map((a) => a.finished.catch(() => undefined)))
      return live.length
    })
    if (running === 0) return
  }
}

/**
 * The page passes axe-core's WCAG 2.1 A and AA rules; `where` names it in the failure. Checked
 * once the page has settled (no spinner left), as a person reads it. A spinner is a progress bar
 * without a value: bars that carry one (the board's utilisation) are content and stay.
 */
export async function assertAccessible(assert: Assert, page: Page, where: string) {
  await page.locator('[role=progressbar]:not([aria-valuenow])').first().waitFor({ state: 'detached' })
  await animationsFinished(page)
  assert.deepEqual(await accessibilityViolations(page), [], `WCAG 2.1 AA on ${where}`)
}
