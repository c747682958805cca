import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * Imports an inventory CSV file from the command line, through the same service, rules, audit
 * and job record as an upload. Without --as it acts as the system (national, admin rights) and
 * the audit log names "system".
 */
export default class InventoryImport extends BaseCommand {
  static commandName = 'inventory:import'
  static description = 'Import a CSV file of agencies, data_centres, information_systems, devices or links'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'agencies | data_centres | information_systems | devices | links' })
  declare resource: string

  @args.string({ description: 'Path of the CSV file (UTF-8, header = the resource\'s CSV columns)' })
  declare file: string

  @flags.string({ description: 'Act as this user (their role and agency scope apply)' })
  declare as?: string

  @flags.boolean({ description: 'Print the finished job as JSON instead of a summary' })
  declare json?: boolean

  @flags.number({ description: 'How many rejected lines to print', default: 50 })
  declare show: number

  async run() {
    const { existsSync } = await import('node:fs')
    const { importableResources } = await import('#app/resources')
    const { default: User } = await import('#app/access/user')
    const { createJob, fileSize, runJob } = await import('#app/imports/import_jobs')

    const def = importableResources.find((r) => r.name === this.resource)
    if (!def) {
      this.logger.error(`cannot import "${this.resource}": importable are ${importableResources.map((r) => r.name).join(', ')}`)
      this.exitCode = 1
      return
    }
    if (!existsSync(this.file)) {
      this.logger.error(`no such file: ${this.file}`)
      this.exitCode = 1
      return
    }
    let user: InstanceType<typeof User>
    if (this.as) {
      const found = await User.findBy('email', this.as.toLowerCase())
      if (!found || !found.active) {
        this.logger.error(`no active user ${this.as}`)
        this.exitCode = 1
        return
      }
      user = found
    } else {
      user = new User()
      user.email = 'system'
      user.role = 'admin'
      user.agencyId = null
    }

    const started = performance.now()
    const cpu = process.cpuUsage()
    const job = await createJob(def.name, this.file.split('/').pop() ?? null, await fileSize(this.file), user)
    const done = await runJob(job.id, def, user, this.file)
    const seconds = (performance.now() - started) / 1000
    const used = process.cpuUsage(cpu)
    const cpuSeconds = (used.user + used.system) / 1e6

    if (this.json) {
      console.log(JSON.stringify({ ...done, seconds, cpu_seconds: cpuSeconds }))
    } else {
      const line =
        `${done.message ?? done.status} (job ${done.id}, ${seconds.toFixed(2)} s, ` +
        `${Math.round(done.rows_read / seconds)} rows/s, ${cpuSeconds.toFixed(2)} s of CPU in this process)`
      if (done.status !== 'done') this.logger.error(line)
      else if (done.rejected) this.logger.warning(line)
      else this.logger.success(line)
      const shown = done.errors.slice(0, this.show) as Array<{ line: number | null; field: string | null; message: string }>
      for (const e of shown) {
        this.logger.warning(e.line === null ? e.message : `line ${e.line}${e.field ? ` [${e.field}]` : ''}: ${e.message}`)
      }
      const hidden = done.errors.length - shown.length
      if (hidden > 0) this.logger.info(`${hidden} more error entries on job ${done.id} (GET /api/imports/${done.id})`)
    }
    if (done.status !== 'done' || done.rejected > 0) this.exitCode = 1
  }
}
