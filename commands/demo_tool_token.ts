import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import env from '#start/env'

/**
 * node ace demo:tool-token
 *
 * Prints the access token the demo seeds for 交通部's threat-intelligence tool (app/demo/demo_sharing.ts),
 * so the tool can pull the demo sharing group's indicators over TAXII 2.1 as the token's
 * password of HTTP Basic or as a Bearer token. Only its hash is stored: the token is worked out
 * again from DEMO_PASSWORD and checked against the stored hash; nothing is printed (exit 1) when
 * the database holds no such token (another DEMO_PASSWORD, a revoked or expired token, no demo).
 */
export default class DemoToolToken extends BaseCommand {
  static commandName = 'demo:tool-token'
  static description = "Print the demo agency tool's TAXII access token (from DEMO_PASSWORD)"
  static options: CommandOptions = { startApp: true }

  async run() {
    if (this.app.inProduction) {
      this.logger.error('demo:tool-token refuses to run in production')
      this.exitCode = 1
      return
    }
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { demoToolToken } = await import('#app/demo/demo_sharing')
    const token = await demoToolToken(db.connection(), env.get('DEMO_PASSWORD'))
    if (!token) {
      this.logger.error('No demo tool token for this DEMO_PASSWORD: load the demo (node ace demo:seed) with it')
      this.exitCode = 1
      return
    }
    console.log(token)
  }
}
