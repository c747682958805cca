import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { SnmpCredentials } from '#app/devices/snmp_credentials'
import type { SnmpErrorKind } from '#collectors/snmp/errors'
import type { InterfaceSample } from '#collectors/snmp/interfaces'
import type { V3Options } from '#collectors/snmp/session'

/** Exit codes, so scripts can tell "down" from "wrong key" without parsing text. */
const EXIT: Record<SnmpErrorKind, number> = {
  config: 1,
  timeout: 2,
  unreachable: 2,
  auth: 3,
  malformed: 4,
  oversized: 4,
  agent: 4,
  unsupported: 5,
  internal: 5,
}

function formatSpeed(bps: number | null): string {
  if (bps === null) return '-'
  for (const [unit, size] of [
    ['T', 1e12],
    ['G', 1e9],
    ['M', 1e6],
    ['k', 1e3],
  ] as const) {
    if (bps >= size) return `${Number((bps / size).toFixed(bps % size === 0 ? 0 : 1))}${unit}`
  }
  return `${bps}`
}

/**
 * An operator's troubleshooting command, like LibreNMS's device:poll: polls one device once,
 * straight from the shell, without the database, and shows what the collector would see.
 */
export default class SnmpPoll extends BaseCommand {
  static commandName = 'snmp:poll'
  static description =
    'Poll one device\'s interfaces over SNMP once and print them (no database needed). ' +
    'Exit codes: 1 usage, 2 timeout/unreachable, 3 authentication, 4 bad response, 5 unsupported/internal'
  static help = [
    'node ace snmp:poll 10.0.0.1 --community public',
    'node ace snmp:poll router.example:1161 --user noc --auth-protocol sha256 --auth-key … --priv-protocol aes --priv-key … --json',
    'Protocol names are case-insensitive: md5, sha, sha224, sha256, sha384, sha512; des, aes, aes256 (Blumenthal, Net-SNMP "AES-256"), aes256c (Reeder, Cisco).',
  ]
  static options: CommandOptions = { startApp: false }

  @args.string({ description: 'HOST or HOST:PORT ([IPv6]:PORT)' })
  declare target: string

  @flags.string({ description: 'SNMPv2c community' })
  declare community?: string

  @flags.string({ description: 'SNMPv3 user name' })
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

  @flags.boolean({ description: 'One JSON object per interface and line; counters as decimal strings' })
  declare json?: boolean

  @flags.number({ description: 'Milliseconds to wait for each answer (default 2000)' })
  declare timeout?: number

  @flags.number({ description: 'Retransmissions before giving up (default 1)' })
  declare retries?: number

  @flags.array({ description: 'Only these ifIndexes (multi-OID GETs instead of a walk)' })
  declare ifIndex?: string[]

  #fail(kind: SnmpErrorKind, message: string, device?: string) {
    if (this.json) this.logger.log(JSON.stringify({ device: device ?? this.target, error: { kind, message } }))
    this.logger.error(`${kind}: ${message}`)
    this.exitCode = EXIT[kind]
  }

  #credentials(v3CredentialsFrom: (options: V3Options) => SnmpCredentials): SnmpCredentials | string {
    const v3Given = [this.user, this.authKey, this.privKey, this.authProtocol, this.privProtocol, this.level].some((v) => v !== undefined)
    if (this.community !== undefined && v3Given) return 'give either --community (SNMPv2c) or --user and keys (SNMPv3), not both'
    if (this.community !== undefined) return { version: '2c', community: this.community }
    if (!this.user) return 'give --community C for SNMPv2c, or --user U (with --auth-key, --priv-key) for SNMPv3'
    try {
      return v3CredentialsFrom(this)
    } catch (error) {
      return (error as Error).message
    }
  }

  async run() {
    const { SnmpSession, parseHostPort, v3CredentialsFrom } = await import('#collectors/snmp/session')
    const { pollDevice, OPER_STATUS, ADMIN_STATUS } = await import('#collectors/snmp/interfaces')
    const { interfaceSpeed } = await import('#collectors/snmp/rates')
    const { isSnmpError } = await import('#collectors/snmp/errors')

    // `snmp:poll … --json | head` closes our stdout early: that is the reader's choice, not an error.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(this.exitCode ?? 0)
    })
    const credentials = this.#credentials(v3CredentialsFrom)
    if (typeof credentials === 'string') return this.#fail('config', credentials)
    let ifIndexes: number[] | undefined
    if (this.ifIndex?.length) {
      ifIndexes = this.ifIndex.flatMap((v) => v.split(',')).map((v) => Number(v.trim()))
      if (ifIndexes.some((i) => !Number.isInteger(i) || i < 1)) return this.#fail('config', '--if-index takes positive whole numbers')
    }
    let session: InstanceType<typeof SnmpSession>
    try {
      const { host, port } = parseHostPort(this.target)
      session = new SnmpSession({ host, port, credentials, timeoutMs: this.timeout, retries: this.retries })
    } catch (error) {
      if (isSnmpError(error)) return this.#fail(error.kind, error.message)
      throw error
    }
    try {
      const result = await pollDevice(session, session.label, { ifIndexes })
      if (!result.ok) return this.#fail(result.error.kind, result.error.message, session.label)
      const { snapshot } = result
      const rows = [...snapshot.interfaces.values()]
      const status = (table: Record<number, string>, code: number | null) => (code === null ? null : (table[code] ?? String(code)))
      const text = (n: bigint | number | null) => (n === null ? null : n.toString())
      if (this.json) {
        for (const i of rows) {
          this.logger.log(
            JSON.stringify({
              device: session.label,
              polled_at: snapshot.polledAt.toISOString(),
              sys_up_time: snapshot.sysUpTime,
              if_index: i.ifIndex,
              if_name: i.name,
              if_descr: i.descr,
              if_alias: i.alias,
              oper_status: status(OPER_STATUS, i.operStatus),
              admin_status: status(ADMIN_STATUS, i.adminStatus),
              speed_bps: interfaceSpeed(i),
              if_speed: i.speed,
              if_high_speed: i.highSpeed,
              octet_bits: i.octetBits,
              in_octets: text(i.inOctets),
              out_octets: text(i.outOctets),
              in_errors: text(i.inErrors),
              out_errors: text(i.outErrors),
              in_discards: text(i.inDiscards),
              out_discards: text(i.outDiscards),
            })
          )
        }
        return
      }
      this.#printTable(session.label, snapshot.sysUpTime, rows, result, interfaceSpeed, OPER_STATUS, ADMIN_STATUS)
      for (const anomaly of snapshot.anomalies) this.logger.warning(anomaly)
    } finally {
      session.close()
    }
  }

  #printTable(
    label: string,
    sysUpTime: number | null,
    rows: InterfaceSample[],
    result: { values: number; requests: number; durationMs: number; engine: { id: string; boots: number | null } | null },
    speedOf: (i: InterfaceSample) => number | null,
    oper: Record<number, string>,
    admin: Record<number, string>
  ) {
    const uptime = sysUpTime === null ? 'unknown' : `${(sysUpTime / 100 / 86400).toFixed(2)} days`
    const engine = result.engine ? `, engine ${result.engine.id} boots ${result.engine.boots}` : ''
    this.logger.log(
      `${label}: ${rows.length} interfaces, sysUpTime ${uptime}, ${result.values} values in ${result.requests} requests, ` +
        `${Math.round(result.durationMs)} ms${engine}`
    )
    const table = this.ui.table()
    table.head(['ifIndex', 'name', 'oper', 'admin', 'speed', 'in octets', 'out octets', 'in err', 'out err', 'in disc', 'out disc'])
    const show = (v: bigint | number | null) => (v === null ? '-' : v.toString())
    for (const i of rows) {
      const name = i.name || i.descr || ''
      const described = i.descr && i.name && i.descr !== i.name ? `${name} (${i.descr})` : name
      table.row([
        String(i.ifIndex),
        described + (i.octetBits === 32 ? ' [32-bit]' : ''),
        i.operStatus === null ? '-' : (oper[i.operStatus] ?? String(i.operStatus)),
        i.adminStatus === null ? '-' : (admin[i.adminStatus] ?? String(i.adminStatus)),
        formatSpeed(speedOf(i)),
        show(i.inOctets),
        show(i.outOctets),
        show(i.inErrors),
        show(i.outErrors),
        show(i.inDiscards),
        show(i.outDiscards),
      ])
    }
    table.render()
  }
}
