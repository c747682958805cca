import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Re-computes the audit log's hash chain and names the first row that does not hold. The chain
 * alone cannot catch someone who rewrites the newest rows and their hashes, so the command
 * prints the head (id and hash) for operators to record elsewhere, and checks a recorded head
 * with --anchor.
 */
export default class AuditVerify extends BaseCommand {
  static commandName = 'audit:verify'
  static description = 'Check the audit log hash chain; exit 1 and name the first broken row'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'A head recorded earlier, as ID:HASH; it must still be in the chain' })
  declare anchor?: string

  async run() {
    const { verifyAuditChain } = await import('#app/audit/audit_log')
    const db = (await import('@adonisjs/lucid/services/db')).default
    const { rows, broken, head } = await verifyAuditChain()
    if (broken) {
      this.logger.error(`audit log broken at row ${broken.id}: ${broken.reason} (${rows} rows before it verified)`)
      this.exitCode = 1
      return
    }
    if (this.anchor) {
      const [id, hash] = this.anchor.split(':')
      const row = await db.from('audit_log').where('id', Number(id) || 0).first()
      if (!row || row.hash !== hash) {
        this.logger.error(`audit log does not contain the anchor ${this.anchor}: rows at or before ${id} were rewritten`)
        this.exitCode = 1
        return
      }
    }
    this.logger.success(`audit log intact: ${rows} rows verified`)
    if (head) this.logger.info(`head ${head.id}:${head.hash}`)
  }
}
