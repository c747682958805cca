import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { stopSignal } from '#app/platform/stop_signal'
import type { SnmpCredentials } from '#app/devices/snmp_credentials'
import type { TrapEvent, TrapReceiver as Receiver, TrapRejection } from '#collectors/snmp/traps'
import type { V3Options } from '#collectors/snmp/session'

const STATUS: Record<number, string> = { 1: 'up', 2: 'down', 3: 'testing', 4: 'unknown', 5: 'dormant', 6: 'notPresent', 7: 'lowerLayerDown' }

function localTime(at: Date) {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`
}

/**
 * An operator's trap listener, like `snmptrapd -f -Lo`: receives SNMP traps and informs on a
 * port and prints each one as it arrives, without the database. For checking that a device's
 * trap configuration reaches us at all, and with which community, user or engine.
 */
export default class SnmpTraps extends BaseCommand {
  static commandName = 'snmp:traps'
  static description =
    'Receive SNMP traps and informs (v1, v2c, v3) and print them (no database needed). ' +
    'Without --community or --user every community is accepted.'
  static help = [
    'node ace snmp:traps --port 1162 --community gsn-traps',
    'node ace snmp:traps --port 1162 --user gsntrap --auth-protocol sha --auth-key … --priv-protocol aes --priv-key … --json',
    'Rejected datagrams (unknown community, SNMPv3 authentication failures, garbage) are reported on stderr and counted; Ctrl-C prints the counts.',
  ]
  static options: CommandOptions = { startApp: false, staysAlive: true }

  @flags.number({ description: 'UDP port to listen on (default 162)' })
  declare port?: number

  @flags.string({ description: 'Address to listen on (default all IPv4 addresses)' })
  declare address?: string

  @flags.array({ description: 'Accepted SNMPv1/v2c community (repeatable)' })
  declare community?: string[]

  @flags.string({ description: 'SNMPv3 user the senders use' })
  declare user?: string

  @flags.string({ description: 'SNMPv3 security level (default: from the keys given)' })
  declare level?: string

  @flags.string({ description: 'SNMPv3 authentication protocol (default sha)' })
  declare authProtocol?: string

  @flags.string({ description: 'SNMPv3 authentication key' })
  declare authKey?: string

  @flags.string({ description: 'SNMPv3 privacy protocol (default aes)' })
  declare privProtocol?: string

  @flags.string({ description: 'SNMPv3 privacy key' })
  declare privKey?: string

  @flags.string({ description: 'Our snmpEngineID in hex, which SNMPv3 inform senders discover (default random)' })
  declare engineId?: string

  @flags.boolean({ description: 'One JSON object per notification and line (rejections as JSON on stderr)' })
  declare json?: boolean

  @flags.number({ description: 'Exit after this many notifications' })
  declare count?: number

  #user(v3CredentialsFrom: (options: V3Options) => SnmpCredentials): SnmpCredentials | string | null {
    const given = [this.authKey, this.privKey, this.authProtocol, this.privProtocol, this.level].some((v) => v !== undefined)
    if (!this.user) return given ? 'SNMPv3 keys and protocols need --user' : null
    try {
      return v3CredentialsFrom(this)
    } catch (error) {
      return (error as Error).message
    }
  }

  async run() {
    const { TrapReceiver, DEFAULT_TRAP_PORT } = await import('#collectors/snmp/traps')
    const { normaliseCredentials, v3CredentialsFrom } = await import('#collectors/snmp/session')
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(this.exitCode ?? 0)
    })
    const fail = async (message: string) => {
      this.logger.error(message)
      this.exitCode = 1
      await this.terminate()
    }
    const user = this.#user(v3CredentialsFrom)
    if (typeof user === 'string') return fail(user)
    let users: SnmpCredentials[] = []
    try {
      if (user) users = [normaliseCredentials(user)]
    } catch (error) {
      return fail((error as Error).message)
    }
    if (this.engineId !== undefined && !/^(0x)?([0-9a-f]{2}){5,32}$/i.test(this.engineId)) {
      return fail('--engine-id takes 5 to 32 bytes in hex')
    }
    if (this.count !== undefined && !(Number.isInteger(this.count) && this.count > 0)) return fail('--count takes a positive whole number')
    const communities = this.community ?? []
    const acceptAnyCommunity = communities.length === 0 && users.length === 0
    if (acceptAnyCommunity && !this.json) this.logger.info('no --community or --user given: accepting every community')

    let received = 0
    let done: () => void = () => {}
    const finished = new Promise<void>((resolve) => (done = resolve))
    const onTrap = (event: TrapEvent) => {
      if (this.json) this.logger.log(JSON.stringify({ ...event, at: event.at.toISOString() }))
      else this.#print(event)
      if (this.count !== undefined && ++received >= this.count) done()
    }
    const onRejected = (r: TrapRejection) => {
      const from = r.source ? `${r.source.address}:${r.source.port}` : 'unknown sender'
      if (this.json) process.stderr.write(JSON.stringify({ rejected: r.reason, from, detail: r.detail, at: r.at.toISOString() }) + '\n')
      else this.logger.warning(`${localTime(r.at)} ${from}: ${r.reason.replace('_', ' ')} (${r.detail})`)
    }
    let receiver: Receiver
    try {
      receiver = await TrapReceiver.start({
        port: this.port ?? DEFAULT_TRAP_PORT,
        address: this.address,
        communities,
        acceptAnyCommunity,
        users,
        engineId: this.engineId?.replace(/^0x/i, ''),
        onTrap,
        onRejected,
      })
    } catch (error) {
      return fail((error as Error).message)
    }
    const where = receiver.address
    if (!this.json) this.logger.info(`listening for traps on ${where.address}:${where.port} (engine ID ${receiver.engineId}); Ctrl-C stops`)
    await Promise.race([
      finished,
      stopSignal(),
    ])
    await receiver.close()
    const s = receiver.stats
    const summary = `received ${s.received} (${s.informs} informs): ${Object.entries(s.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}; rejected: malformed ${s.malformed}, unknown community ${s.unknownCommunity}, SNMPv3 auth ${s.authFailures}, unsupported ${s.unsupported}`
    if (this.json) process.stderr.write(JSON.stringify({ stats: s }) + '\n')
    else this.logger.info(summary)
    await this.terminate()
  }

  #print(e: TrapEvent) {
    const who = e.version === '3' ? `v3 user ${e.user}${e.engineId ? ` engine ${e.engineId}` : ''}` : `v${e.version} community ${e.community}`
    const relayed = e.agentAddress !== e.source.address ? ` for ${e.agentAddress}` : ''
    let what: string = e.kind === 'other' ? (e.trapOid ?? 'notification without snmpTrapOID') : e.kind
    if (e.ifIndex !== undefined) what += ` ifIndex ${e.ifIndex}`
    if (e.adminStatus !== undefined) what += ` admin ${STATUS[e.adminStatus] ?? e.adminStatus}`
    if (e.operStatus !== undefined) what += ` oper ${STATUS[e.operStatus] ?? e.operStatus}`
    this.logger.log(`${localTime(e.at)} ${e.source.address}:${e.source.port}${relayed} [${e.pdu}, ${who}] ${what}`)
    for (const v of e.varbinds) this.logger.log(`    ${v.oid} = ${v.type}: ${v.value}`)
  }
}
