import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type { Page } from 'playwright-core'
import type User from '#app/access/user'
import type { Role } from '#app/access/roles'
import { ensureStandardGroups } from '#app/incidents/standard_groups'
import { seedServiceLevels } from '#app/service_levels/service_level_seed'
import { bodyFor } from '#tests/support/bodies'
import { makeAgencyTree, makeCode, makeUser } from '#tests/support/fixtures'
import { appErrors, groupBrowser, signedIn, waitUntil } from '#tests/support/browser'
import { animationsFinished } from '#tests/support/browser_forms'
import { accessibilityViolations } from '#tests/support/accessibility'

/**
 * axe-core (WCAG 2.0/2.1 A and AA) on every page of the console, in English and in 繁體中文: every
 * resource's list, show, create and edit page and every page of its own, each visited as a role
 * that may see it, and each role's landing page. Serious and critical findings fail the test,
 * all of them listed at once. One logged-in browser per role and language.
 *
 * The pages are listed here, and checked against ui/src/App.tsx: a resource or page added to
 * the console without being added here fails the first test until it is.
 */

type Kind = 'list' | 'show' | 'create' | 'edit'
type Action = 'read' | 'create' | 'update'

/** Each resource's pages, as its ui/src/<resource>/index.ts declares them. */
const RESOURCE_PAGES: Record<string, Kind[]> = {
  agencies: ['list', 'show', 'create', 'edit'],
  data_centres: ['list', 'show', 'create', 'edit'],
  information_systems: ['list', 'show', 'create', 'edit'],
  devices: ['list', 'show', 'create', 'edit'],
  links: ['list', 'show', 'create', 'edit'],
  agency_prefixes: ['list', 'create', 'edit'],
  incidents: ['list', 'show', 'create', 'edit'],
  problems: ['list', 'show', 'create', 'edit'],
  known_errors: ['list'],
  maintenance_windows: ['list', 'show', 'create', 'edit'],
  assignment_groups: ['list', 'create', 'edit'],
  priority_matrix: ['list', 'edit'],
  changes: ['list', 'show', 'create', 'edit'],
  change_boards: ['list', 'create', 'edit'],
  change_templates: ['list', 'create', 'edit'],
  freeze_periods: ['list', 'create', 'edit'],
  sla_policies: ['list', 'create', 'edit'],
  holidays: ['list', 'create', 'edit'],
  business_hours: ['list', 'edit'],
  users: ['list', 'show', 'create', 'edit'],
  notification_channels: ['list', 'create', 'edit'],
  notification_subscriptions: ['list'],
  audit_log: ['list', 'show'],
  access_tokens: ['list', 'create'],
  flow_exporters: ['list'],
  legal_clock_policies: ['list', 'edit'],
  security_events: ['list'],
  security_reports: ['create'],
  detection_rules: ['list', 'edit'],
  device_health_policies: ['list', 'edit'],
  line_quality_policies: ['list', 'edit'],
  indicators: ['list', 'show', 'create', 'edit'],
  sharing_groups: ['list', 'show', 'create', 'edit'],
  indicator_sightings: [],
  carrier_contracts: ['list', 'show', 'create', 'edit'],
  consolidation_projects: ['list', 'show', 'create', 'edit'],
}

/** The console's own pages (App.tsx's CustomRoutes) and the right that shows each. */
const CUSTOM_PAGES: Array<{ route: string; path: (seeded: Seeded) => string; needs: [string, Action] }> = [
  { route: '/noc', path: () => '/noc', needs: ['links', 'read'] },
  { route: '/noc', path: () => '/noc?wall=1', needs: ['links', 'read'] },
  { route: '/overview', path: () => '/overview', needs: ['overview', 'read'] },
  { route: '/import', path: () => '/import', needs: ['imports', 'create'] },
  { route: '/reports/service_management', path: () => '/reports/service_management', needs: ['service_reports', 'read'] },
  { route: '/change_calendar', path: () => '/change_calendar', needs: ['changes', 'read'] },
  { route: '/group_queues/:groupId?', path: () => '/group_queues', needs: ['assignment_groups', 'read'] },
  { route: '/flows', path: () => '/flows', needs: ['flows', 'read'] },
  { route: '/incidents/:id/authority_report', path: (s) => `/incidents/${s.securityIncidentId}/authority_report`, needs: ['security_reports', 'create'] },
  { route: '/security_kpis', path: () => '/security_kpis', needs: ['security_kpis', 'read'] },
  { route: '/security_queue', path: () => '/security_queue', needs: ['incidents', 'read'] },
  { route: '/reports/carrier', path: () => '/reports/carrier', needs: ['carrier_reports', 'read'] },
  { route: '/programme', path: () => '/programme', needs: ['programme_reviews', 'read'] },
]

const ACTION_OF: Record<Kind, Action> = { list: 'read', show: 'read', create: 'create', edit: 'update' }

/**
 * Who visits a page: the first of these that may. The administrator first, whose pages carry
 * the most controls (row checkboxes, bulk actions, every button); a list nobody else may read
 * is still visited. Each role's landing page is visited by that role as well.
 */
const VISITORS: Role[] = ['admin', 'noc', 'analyst', 'agency_liaison', 'cio', 'auditor']

/** Records every show and edit page can open, made through the API as an administrator would. */
const SEEDED_RESOURCES = [
  'agencies', 'data_centres', 'information_systems', 'devices', 'links', 'agency_prefixes', 'incidents', 'problems',
  'maintenance_windows', 'changes', 'change_boards', 'change_templates', 'freeze_periods', 'notification_channels',
  'assignment_groups', 'holidays', 'users', 'sharing_groups', 'indicators', 'carrier_contracts', 'consolidation_projects',
]

interface Seeded {
  ministryId: number
  securityIncidentId: number
}

let seeding: Promise<Seeded> | undefined
function seedOnce(client: ApiClient) {
  seeding ??= (async () => {
    await ensureStandardGroups(db.connection())
    // The default SLA policies, as a new installation has them (one is opened for editing).
    await seedServiceLevels(new Date().getUTCFullYear())
    const { ministry } = await makeAgencyTree()
    const admin = await makeUser('admin')
    const post = async (path: string, body: object) => {
      const answer = await client.post(path).json(body).loginAs(admin).withCsrfToken()
      if (answer.status() !== 201) throw new Error(`${path}: ${answer.status()} ${answer.text()}`)
      return answer.body()
    }
    for (const resource of SEEDED_RESOURCES) await post(`/api/${resource}`, await bodyFor(resource, ministry.id))
    await post('/api/access_tokens', { user_id: admin.id, name: makeCode('sweep') })
    const report = await post('/api/security_reports', { what: makeCode('defaced home page'), noticed_at: new Date().toISOString(), agency_id: ministry.id })
    return { ministryId: ministry.id, securityIncidentId: report.incident_id }
  })()
  return seeding
}

/** What a role may do, as the console itself reads it (GET /api/auth/me). */
async function permissionsOf(page: Page): Promise<Record<string, string[]>> {
  return (await (await page.request.get('/api/auth/me')).json()).permissions
}

/**
 * Waits until the page has drawn what it reads: the layout is there, then no spinner and no
 * skeleton is left (a spinner that never stops fails here, as it would fail a person), and no
 * animation is running.
 */
async function settled(page: Page) {
  await page.locator('#main-content, [data-testid=wall-screen]').first().waitFor()
  for (let round = 0; round < 2; round++) {
    await page.waitForTimeout(250)
    await page.locator('[role=progressbar]:not([aria-valuenow]), .MuiSkeleton-root').first().waitFor({ state: 'detached', timeout: 20_000 })
  }
  await animationsFinished(page)
}

/** axe's serious and critical findings on the page, prefixed with where they were found. */
async function seriousFindings(page: Page, where: string) {
  return (await accessibilityViolations(page)).filter((v) => / \((serious|critical)\) at /.test(v)).map((v) => `${where}: ${v}`)
}

/** The first id of a resource that this role's list holds. */
async function someId(page: Page, resource: string) {
  const url = `/api/${resource}?range=${encodeURIComponent('[0,0]')}`
  // Once more on a reset: a kept-alive connection the test server closed meanwhile, not an answer.
  const answer = await page.request.get(url).catch(() => page.request.get(url))
  if (answer.status() !== 200) throw new Error(`GET /api/${resource}: ${answer.status()} ${await answer.text()}`)
  const [first] = await answer.json()
  if (!first) throw new Error(`no ${resource} to open`)
  return first.id as number | string
}

/** Every page's address and its visitor, worked out from each role's rights. */
function plan(rights: Map<Role, Record<string, string[]>>, seeded: Seeded) {
  const may = (role: Role, resource: string, action: Action) => Boolean(rights.get(role)?.[resource]?.includes(action))
  const visits = new Map<Role, Array<{ what: string; path: string | ((page: Page) => Promise<string>) }>>(VISITORS.map((r) => [r, []]))
  for (const [resource, kinds] of Object.entries(RESOURCE_PAGES)) {
    for (const kind of kinds) {
      const visitor = VISITORS.find((role) => may(role, resource, ACTION_OF[kind]))
      if (!visitor) continue
      const path =
        kind === 'list'
          ? `/${resource}`
          : kind === 'create'
            ? `/${resource}/create`
            : async (page: Page) => `/${resource}/${await someId(page, resource)}${kind === 'show' ? '/show' : ''}`
      visits.get(visitor)!.push({ what: `${resource} ${kind}`, path })
    }
  }
  for (const custom of CUSTOM_PAGES) {
    const visitor = VISITORS.find((role) => may(role, ...custom.needs))
    if (visitor) visits.get(visitor)!.push({ what: custom.path(seeded), path: custom.path(seeded) })
  }
  return visits
}

async function sweep(client: ApiClient, assert: any, browser: () => import('playwright-core').Browser, locale: 'en' | 'zh-TW') {
  const seeded = await seedOnce(client)
  const users = new Map<Role, User>()
  for (const role of VISITORS) {
    const user = await makeUser(role, role === 'agency_liaison' ? seeded.ministryId : null)
    await db.from('users').where('id', user.id).update({ locale })
    users.set(role, user)
  }
  // Each role's rights first (one short login each), then the plan, then one long visit per role.
  const rights = new Map<Role, Record<string, string[]>>()
  for (const role of VISITORS) {
    await signedIn(browser(), assert, users.get(role)!, async (page) => {
      rights.set(role, await permissionsOf(page))
    }, { errors: 'allowed' })
  }
  const visits = plan(rights, seeded)
  const findings: string[] = []
  let visited = 0
  for (const role of VISITORS) {
    await signedIn(browser(), assert, users.get(role)!, async (page, opened) => {
      // Errors the page raised are findings too, named by the page that raised them.
      const raised = (where: string) => {
        findings.push(...appErrors(opened.errors).map((e) => `${where}: page error ${e.split('\n')[0]}`))
        opened.errors.length = 0
      }
      // The account's language is applied once logged in; the page is then drawn again in it.
      const lang = locale === 'zh-TW' ? 'zh-Hant-TW' : 'en'
      await waitUntil(async () => (await page.evaluate(() => (globalThis as any).document.documentElement.lang)) === lang)
      // Where the role lands after logging in.
      await settled(page)
      findings.push(...(await seriousFindings(page, `${role}'s landing (${page.url().split('#')[1]}) in ${locale}`)))
      raised(`${role}'s landing in ${locale}`)
      for (const visit of visits.get(role)!) {
        const path = typeof visit.path === 'string' ? visit.path : await visit.path(page)
        await page.goto(`/#${path}`)
        await settled(page)
        findings.push(...(await seriousFindings(page, `${visit.what} (${path}) as ${role} in ${locale}`)))
        raised(`${visit.what} (${path}) as ${role} in ${locale}`)
        visited++
      }
    })
  }
  // Every page was visited by someone.
  const expected = Object.values(RESOURCE_PAGES).flat().length + CUSTOM_PAGES.length
  assert.equal(visited, expected, 'pages visited')
  assert.deepEqual(findings, [], `serious or critical WCAG 2.1 AA findings in ${locale}`)
}

test.group('Accessibility of every page', (group) => {
  const browser = groupBrowser(group)

  test('the sweep knows every resource and page the console declares', async ({ assert }) => {
    const app = await readFile(new URL('../../ui/src/App.tsx', import.meta.url), 'utf8')
    const resources = [...app.matchAll(/<Resource name="([a-z_]+)"/g)].map((m) => m[1])
    assert.sameMembers(resources, Object.keys(RESOURCE_PAGES))
    const routes = [...app.matchAll(/<Route path=(?:"([^"]+)"|\{([A-Z_]+)\})/g)].map((m) => m[1] ?? `{${m[2]}}`)
    const known = new Set(CUSTOM_PAGES.map((p) => p.route))
    for (const route of routes) {
      // The overview's address is a constant of layout/landings.ts.
      assert.isTrue(known.has(route === '{OVERVIEW_PATH}' ? '/overview' : route), `${route} is not swept`)
    }
  })

  test('every page in English passes axe-core without serious or critical findings', async ({ client, assert }) => {
    await sweep(client, assert, browser, 'en')
  }).timeout(900_000)

  test('every page in 繁體中文 passes axe-core without serious or critical findings', async ({ client, assert }) => {
    await sweep(client, assert, browser, 'zh-TW')
  }).timeout(900_000)
})
