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

  @flags.string({ description: 'Append the verified head to this file (one line: time, ID:HASH), kept outside the database' })
  declare headFile?: string

  @flags.boolean({ description: "Send the verified head to the system log (logger(1), tag gsn-audit)" })
  declare syslog?: boolean

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
    if (!head) return
    this.logger.info(`head ${head.id}:${head.hash}`)
    // Somewhere the database's owner cannot rewrite: the next run is checked against it (--anchor).
    const line = `${new Date().toISOString()} ${head.id}:${head.hash}`
    if (this.headFile) {
      const { appendFile } = await import('node:fs/promises')
      await appendFile(this.headFile, line + '\n', { mode: 0o600 })
    }
    if (this.syslog) {
      const { execFile } = await import('node:child_process')
      await new Promise<void>((resolve, reject) =>
        execFile('logger', ['-t', 'gsn-audit', '-p', 'auth.notice', `audit log head ${head.id}:${head.hash}`], (error) => (error ? reject(error) : resolve()))
      )
    }
  }
}
