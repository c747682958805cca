import axe from 'axe-core'
import type { Page } from 'playwright-core'

/** The success criteria the console is held to: WCAG 2.1 levels A and AA. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/**
 * axe-core's findings on the page as it stands, one line each (rule, impact, the elements it
 * names and why), so a failed assertion reads as a list of defects rather than a JSON dump.
 * The engine is evaluated into the page itself: nothing is fetched from outside.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // The callbacks run in the page, whose globals the project's Node types do not describe.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axe.source)
  const results = await page.evaluate((tags) => {
    const inPage = globalThis as any
    return inPage.axe.run(inPage.document, { runOnly: { type: 'tag', values: tags } })
  }, WCAG_21_AA)
  return (results as axe.AxeResults).violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact}) at ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`
    )
  )
}
