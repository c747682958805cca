import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import env from '#start/env'
import { DEMO_AS_OF, DEMO_SEED, DEMO_USERS } from '#app/demo/data_set'
import { seedDemo } from '#app/demo/loader'

/**
 * node ace demo:seed [--fresh] [--if-empty]
 *
 * Loads the demo data set (the GSN consolidation part-way through, late 2026) and the demo
 * accounts. Idempotent: with the demo already loaded it changes nothing; over other data it
 * refuses unless told --fresh (replace) or --if-empty (leave it and succeed, for scripts).
 */
export default class DemoSeed extends BaseCommand {
  static commandName = 'demo:seed'
  static description = 'Load the demo agencies, data centres, systems, lines, devices, incidents and accounts'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Clear the inventory and all accounts first (the audit log is kept and records the clearing)' })
  declare fresh: boolean

  @flags.boolean({ description: 'Succeed without loading when the database already holds other data' })
  declare ifEmpty: boolean

  @flags.string({ description: `Seed of the generator (default ${DEMO_SEED})` })
  declare seed?: string

  @flags.boolean({
    description: 'Write the last 30 days of link samples and probe rollups of the contracted lines (--no-history to skip)',
    default: true,
    showNegatedVariantInHelp: true,
  })
  declare history: boolean

  async run() {
    if (this.app.inProduction) {
      this.logger.error('demo:seed refuses to run in production: it would create accounts with a known password')
      this.exitCode = 1
      return
    }
    const password = env.get('DEMO_PASSWORD')
    const started = performance.now()
    // The consolidation history is fixed; the open incidents are dated from now, so their
    // clocks read minutes and hours, not weeks.
    const outcome = await seedDemo({
      fresh: this.fresh,
      password,
      generator: { seed: this.seed ?? DEMO_SEED, asOf: DEMO_AS_OF, now: new Date() },
      history: this.history,
    })
    const seconds = ((performance.now() - started) / 1000).toFixed(2)

    if (outcome.status === 'already_loaded') {
      this.logger.info('The demo data set is already loaded; nothing changed (use --fresh to reload it).')
      this.printLogins(password)
      return
    }
    if (outcome.status === 'not_empty') {
      const held = Object.entries(outcome.counts).filter(([, n]) => n > 0).map(([t, n]) => `${n} ${t}`).join(', ')
      if (this.ifEmpty) {
        this.logger.info(`The database already holds data (${held}); leaving it as it is.`)
        return
      }
      this.logger.error(`The database already holds data that is not the demo (${held}). Run with --fresh to replace it.`)
      this.exitCode = 1
      return
    }

    const s = outcome.summary
    if (outcome.cleared) {
      this.logger.info(`Cleared: ${Object.entries(outcome.cleared).map(([t, n]) => `${n} ${t}`).join(', ')}`)
    }
    this.logger.success(`Demo data loaded in ${seconds} s (seed "${outcome.seed}", history up to ${outcome.asOf})`)
    const table = this.ui.table()
    table.head(['', 'total', 'by status'])
    const by = (counts: Record<string, number>) => Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')
    table.row(['agencies', String(s.agencies), `levels ${by(s.agenciesByLevel)}`])
    table.row(['data centres', String(s.dataCentres), by(s.dataCentresByStatus)])
    table.row(['information systems', String(s.systems), by(s.systemsByStatus)])
    table.row(['legacy lines', String(s.legacyLines), by(s.legacyLinesByStatus)])
    table.row(['uplinks', String(s.uplinks), ''])
    table.row(['devices', String(s.devices), by(s.devicesByKind)])
    table.row(['incidents', String(s.incidents), ''])
    table.render()
    if (outcome.history) {
      const h = outcome.history
      const list = (o: Record<string, number>) => Object.entries(o).map(([k, n]) => `${k} ${n}`).join(', ')
      this.logger.info(`History ${h.from} to ${h.to}, ${h.lines} lines: ${list(h.rows)} rows (${h.ms} ms: ${list(h.timings)})`)
    }
    this.logger.info(`Timings (ms): ${Object.entries(outcome.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`)
    this.printLogins(password)
  }

  private printLogins(password: string) {
    const table = this.ui.table()
    table.head(['demo login', 'role', 'password'])
    for (const user of DEMO_USERS) {
      table.row([user.email, user.agency_code ? `${user.role} (${user.agency_code})` : user.role, password])
    }
    table.render()
  }
}
