import env, { DEV_APP_KEY } from '#start/env'
import hash from '@adonisjs/core/services/hash'
import User from '#app/access/user'
import db from '@adonisjs/lucid/services/db'

export const DEFAULT_DEMO_PASSWORD = 'gsn-demo-2026'

/**
 * The reasons production must not start, empty when it may. Checked at boot: the development
 * APP_KEY (anyone could decrypt the SNMP credentials) or any admin still on the demo password.
 */
export async function productionProblems(): Promise<string[]> {
  const problems: string[] = []
  const key = env.get('APP_KEY').release()
  if (key === DEV_APP_KEY || key.length < 32) {
    problems.push('APP_KEY is the development default or shorter than 32 characters')
  }
  // A superuser, or the owner of the audit log, could switch its append-only triggers off.
  const { rows } = await db.rawQuery(
    `SELECT r.rolsuper OR r.rolbypassrls AS unbounded, pg_has_role(current_user, t.tableowner, 'MEMBER') AS owns_audit
       FROM pg_roles r, pg_tables t WHERE r.rolname = current_user AND t.tablename = 'audit_log'`
  )
  if (rows[0]?.unbounded) problems.push(`the database role ${env.get('DB_USER')} is a superuser: run the console under a role that owns nothing (DB_USER)`)
  if (rows[0]?.owns_audit) problems.push(`the database role ${env.get('DB_USER')} owns the audit log: run migrations as DB_OWNER_USER and the console as another role`)
  const demoPasswords = new Set([DEFAULT_DEMO_PASSWORD, env.get('DEMO_PASSWORD')])
  const users = await User.query().where('active', true)
  for (const user of users) {
    for (const candidate of demoPasswords) {
      if (await hash.verify(user.password, candidate)) {
        problems.push(`${user.email} still uses a demo password`)
      }
    }
  }
  return problems
}

export async function assertProductionSecrets() {
  const problems = await productionProblems()
  if (problems.length) {
    throw new Error(`refusing to start in production:\n - ${problems.join('\n - ')}`)
  }
}
