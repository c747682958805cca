import env, { DEV_APP_KEY } from '#start/env'
import hash from '@adonisjs/core/services/hash'
import User from '#app/access/user'

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
