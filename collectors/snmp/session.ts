import { lookup } from 'node:dns/promises'
import { isIP, isIPv6 } from 'node:net'
import snmp, { type Session as RawSession, type User, type Varbind, type SessionOptions } from 'net-snmp'
import type { AuthProtocol, PrivProtocol, SnmpCredentials } from '#collectors/snmp/credentials'
import { SnmpError } from '#collectors/snmp/errors'
import { ensureDesPrivacy } from '#collectors/snmp/des_fallback'

export const DEFAULT_PORT = 161
export const DEFAULT_TIMEOUT_MS = 2000
export const DEFAULT_RETRIES = 1

/** One device as the protocol layer sees it. */
export interface SnmpTarget {
  host: string
  port?: number
  credentials: SnmpCredentials
  /** Per attempt; a request gives up after (retries + 1) × timeoutMs. */
  timeoutMs?: number
  retries?: number
}

export interface EngineInfo {
  /** snmpEngineID in hex, as Net-SNMP prints it without the 0x. */
  id: string
  boots: number | null
  time: number | null
}

// Operators type protocol names the way their device documentation spells them: SHA-256, sha256,
// AES128, aes-256-c. Compared without case, dashes or underscores.
const AUTH_NAMES: Record<string, AuthProtocol> = {
  md5: 'md5',
  sha: 'sha',
  sha1: 'sha',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
}
// Net-SNMP's "AES-256" is the Blumenthal key extension, its "AES-256-C" the Reeder one that Cisco
// uses; the same bare name means the same thing here.
const PRIV_NAMES: Record<string, PrivProtocol> = {
  des: 'des',
  aes: 'aes',
  aes128: 'aes',
  aes256: 'aes256b',
  aes256b: 'aes256b',
  aes256c: 'aes256r',
  aes256r: 'aes256r',
}

function squash(name: string) {
  return name.toLowerCase().replace(/[-_\s]/g, '')
}

export function parseAuthProtocol(name: string): AuthProtocol {
  const found = AUTH_NAMES[squash(name)]
  if (!found) {
    throw new SnmpError('config', `unknown SNMPv3 authentication protocol "${name}" (md5, sha, sha224, sha256, sha384, sha512)`)
  }
  return found
}

export function parsePrivProtocol(name: string): PrivProtocol {
  const squashed = squash(name)
  const found = PRIV_NAMES[squashed]
  if (!found) {
    const hint = squashed.startsWith('aes192') ? '; AES-192 is not supported by this collector' : ''
    throw new SnmpError('config', `unknown SNMPv3 privacy protocol "${name}" (des, aes, aes256, aes256c)${hint}`)
  }
  return found
}

/**
 * Checks credentials before any datagram leaves, so a typo is reported as such rather than as a
 * timeout or a wrong digest. Protocol names are normalised; missing ones default to SHA and AES.
 */
/** SNMPv3 options as an operator types them on a command line (snmp:poll, snmp:traps, demo:network). */
export interface V3Options {
  user?: string
  level?: string
  authProtocol?: string
  authKey?: string
  privProtocol?: string
  privKey?: string
}

const SECURITY_LEVELS = ['noAuthNoPriv', 'authNoPriv', 'authPriv'] as const

/**
 * SNMPv3 credentials from command-line options. The level, in any case, defaults to the most the
 * keys given allow; protocols and keys are checked by normaliseCredentials, as stored ones are.
 */
export function v3CredentialsFrom(options: V3Options): Extract<SnmpCredentials, { version: '3' }> {
  if (!options.user) throw new SnmpError('config', 'SNMPv3 needs a user name')
  const level = options.level ?? (options.privKey ? 'authPriv' : options.authKey ? 'authNoPriv' : 'noAuthNoPriv')
  const matched = SECURITY_LEVELS.find((l) => l.toLowerCase() === level.toLowerCase())
  if (!matched) throw new SnmpError('config', `unknown security level "${level}" (${SECURITY_LEVELS.join(', ')})`)
  return {
    version: '3',
    user: options.user,
    level: matched,
    authProtocol: options.authProtocol as AuthProtocol | undefined,
    authKey: options.authKey,
    privProtocol: options.privProtocol as PrivProtocol | undefined,
    privKey: options.privKey,
  }
}

export function normaliseCredentials(input: SnmpCredentials): SnmpCredentials {
  if (input.version === '2c') {
    if (typeof input.community !== 'string' || input.community.length === 0) {
      throw new SnmpError('config', 'SNMPv2c needs a community')
    }
    return { version: '2c', community: input.community }
  }
  if (input.version !== '3') throw new SnmpError('config', `unknown SNMP version "${(input as any).version}"`)
  if (!input.user) throw new SnmpError('config', 'SNMPv3 needs a user name')
  const level = input.level ?? (input.privKey ? 'authPriv' : input.authKey ? 'authNoPriv' : 'noAuthNoPriv')
  if (!['noAuthNoPriv', 'authNoPriv', 'authPriv'].includes(level)) {
    throw new SnmpError('config', `unknown SNMPv3 security level "${level}"`)
  }
  const out: SnmpCredentials = { version: '3', user: input.user, level }
  if (level !== 'noAuthNoPriv') {
    out.authProtocol = parseAuthProtocol(input.authProtocol ?? 'sha')
    // RFC 3414 (11.2) asks for at least 8 characters; Net-SNMP agents refuse shorter ones.
    if (!input.authKey || input.authKey.length < 8) {
      throw new SnmpError('config', `SNMPv3 ${level} needs an authentication key of at least 8 characters`)
    }
    out.authKey = input.authKey
  }
  if (level === 'authPriv') {
    out.privProtocol = parsePrivProtocol(input.privProtocol ?? 'aes')
    if (!input.privKey || input.privKey.length < 8) {
      throw new SnmpError('config', 'SNMPv3 authPriv needs a privacy key of at least 8 characters')
    }
    out.privKey = input.privKey
  }
  return out
}

/** "host", "host:port", "[v6]:port" or a bare IPv6 address. */
export function parseHostPort(text: string, defaultPort = DEFAULT_PORT): { host: string; port: number } {
  const trimmed = text.trim()
  let host = trimmed
  let port = defaultPort
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed)
  if (bracketed) {
    host = bracketed[1]
    if (bracketed[2]) port = Number(bracketed[2])
  } else if (isIPv6(trimmed)) {
    host = trimmed
  } else {
    const colon = trimmed.lastIndexOf(':')
    if (colon !== -1) {
      host = trimmed.slice(0, colon)
      const portText = trimmed.slice(colon + 1)
      if (!/^\d+$/.test(portText)) throw new SnmpError('config', `"${portText}" is not a port number`)
      port = Number(portText)
    }
  }
  if (!host) throw new SnmpError('config', `"${text}" names no host`)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SnmpError('config', `port ${port} is out of range`)
  return { host, port }
}

/** SNMPv3 credentials as net-snmp's sessions, agents and receivers take them. */
export function usmUser(credentials: SnmpCredentials): User {
  const c = normaliseCredentials(credentials)
  if (c.version !== '3') throw new SnmpError('config', 'an SNMPv3 user needs SNMPv3 credentials')
  if (c.privProtocol === 'des') ensureDesPrivacy()
  return {
    name: c.user,
    level: snmp.SecurityLevel[c.level],
    authProtocol: c.authProtocol ? snmp.AuthProtocols[c.authProtocol] : undefined,
    authKey: c.authKey,
    privProtocol: c.privProtocol ? snmp.PrivProtocols[c.privProtocol] : undefined,
    privKey: c.privKey,
  }
}

const USM_RESYNC = new Set(['Not In Time Window', 'Unknown Engine ID'])

/**
 * A net-snmp session to one device, promise-shaped, with errors classified and SNMPv3 engine
 * changes survived.
 *
 * SNMPv3: net-snmp discovers the engine ID, boots and time itself on the first request (checked
 * against Net-SNMP snmpd in tests/functional/snmp/v3.spec.ts). It keeps that state per session, so
 * devices that share one engine ID (cloned configurations) never disturb each other as long as
 * every device has its own session, which the poller guarantees. When a device restarts, its
 * engineBoots moves: up on a normal restart, back to 1 when it lost its persistent state, or its
 * engine ID changes when it is replaced. The agent then answers with a notInTimeWindow or
 * unknownEngineID report (or its messages fall outside our time window); the session is thrown
 * away and the request retried once on a fresh one, which discovers the engine again.
 */
export class SnmpSession {
  readonly host: string
  readonly port: number
  readonly credentials: SnmpCredentials
  readonly timeoutMs: number
  readonly retries: number
  /** Requests sent (not counting net-snmp's own retransmissions and discovery). */
  requests = 0
  /** Times the SNMPv3 engine had to be discovered again after a reboot or replacement. */
  rediscoveries = 0

  #raw: RawSession | null = null
  #address: string | null = null
  #parseErrors = 0

  constructor(target: SnmpTarget) {
    this.host = target.host
    this.port = target.port ?? DEFAULT_PORT
    this.credentials = normaliseCredentials(target.credentials)
    this.timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.retries = target.retries ?? DEFAULT_RETRIES
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) throw new SnmpError('config', 'timeout must be positive')
    if (!Number.isInteger(this.retries) || this.retries < 0) throw new SnmpError('config', 'retries must be a whole number ≥ 0')
    if (this.credentials.version === '3' && this.credentials.privProtocol === 'des') ensureDesPrivacy()
  }

  get label() {
    return `${this.host}:${this.port}`
  }

  get(oids: string[], signal?: AbortSignal): Promise<Varbind[]> {
    return this.#call((raw, cb) => raw.get(oids, cb), signal)
  }

  /** Non-repeaters come back as single varbinds, each repeater as the array of its repetitions. */
  getBulk(oids: string[], nonRepeaters: number, maxRepetitions: number, signal?: AbortSignal): Promise<Array<Varbind | Varbind[]>> {
    return this.#call((raw, cb) => raw.getBulk(oids, nonRepeaters, maxRepetitions, cb), signal)
  }

  /** The agent's engine as last learned (SNMPv3 only). */
  engine(): EngineInfo | null {
    const raw = this.#raw
    const id = raw?.msgSecurityParameters?.msgAuthoritativeEngineID
    if (!raw || !id || id.length === 0) return null
    const notion = raw.getEngineTime()
    return { id: id.toString('hex'), boots: notion?.engineBoots ?? null, time: notion?.engineTime ?? null }
  }

  close() {
    this.#drop()
  }

  #drop() {
    const raw = this.#raw
    this.#raw = null
    if (raw) {
      try {
        raw.close()
      } catch {
        // Already closed: nothing to release.
      }
    }
  }

  async #open(): Promise<RawSession> {
    if (this.#raw) return this.#raw
    if (!this.#address) this.#address = await this.#resolve()
    const options: SessionOptions = {
      port: this.port,
      retries: this.retries,
      timeout: this.timeoutMs,
      backoff: 1,
      transport: isIPv6(this.#address) ? 'udp6' : 'udp4',
      idBitsSize: 32,
      // Lets net-snmp refuse an agent whose OIDs go backwards instead of walking it in circles.
      backwardsGetNexts: false,
    }
    const c = this.credentials
    const raw =
      c.version === '2c'
        ? snmp.createSession(this.#address, c.community, { ...options, version: snmp.Version2c })
        : snmp.createV3Session(this.#address, usmUser(c), options)
    // net-snmp emits undecodable datagrams as 'error' events; unheard, they would kill the
    // process. Counted instead, so the request's eventual timeout can be called "malformed".
    raw.on('error', () => {
      this.#parseErrors++
    })
    this.#raw = raw
    return raw
  }

  async #resolve(): Promise<string> {
    if (isIP(this.host)) return this.host
    try {
      return (await lookup(this.host)).address
    } catch (error) {
      throw new SnmpError('unreachable', `cannot resolve ${this.host}: ${(error as NodeJS.ErrnoException).code ?? error}`, {
        cause: error,
      })
    }
  }

  /**
   * An aborted signal (the poll's deadline) ends the request in flight at once: the socket is
   * closed, which fails its pending requests, and the signal's reason is what the caller gets.
   */
  async #call<T>(
    send: (raw: RawSession, cb: (error: Error | null, result?: T) => void) => void,
    signal?: AbortSignal
  ): Promise<T> {
    const onAbort = () => this.#drop()
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      return await this.#attempts(send, signal)
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  async #attempts<T>(
    send: (raw: RawSession, cb: (error: Error | null, result?: T) => void) => void,
    signal?: AbortSignal
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted()
      const raw = await this.#open()
      signal?.throwIfAborted()
      const parseErrorsBefore = this.#parseErrors
      this.requests++
      try {
        return await new Promise<T>((resolve, reject) => {
          try {
            send(raw, (error, result) => (error ? reject(error) : resolve(result as T)))
          } catch (error) {
            reject(error)
          }
        })
      } catch (error) {
        signal?.throwIfAborted()
        const { classified, resync } = this.#classify(error, raw, this.#parseErrors > parseErrorsBefore)
        if (resync && attempt === 0) {
          this.#drop()
          this.rediscoveries++
          continue
        }
        if (classified.kind === 'unreachable') this.#address = null
        throw classified
      }
    }
  }

  #classify(error: unknown, raw: RawSession, sawGarbage: boolean): { classified: SnmpError; resync: boolean } {
    const e = error as Error & { code?: unknown; status?: number }
    const where = this.label
    const wrap = (kind: SnmpError['kind'], message: string) => ({
      classified: new SnmpError(kind, message, { cause: error }),
      resync: false,
    })
    if (error instanceof snmp.RequestTimedOutError) {
      const waited = `${this.retries + 1} × ${this.timeoutMs} ms`
      if (sawGarbage) return wrap('malformed', `${where} answered with datagrams that are not SNMP, then nothing valid for ${waited}`)
      const c = this.credentials
      if (c.version === '2c') return wrap('timeout', `no answer from ${where} in ${waited} (down, filtered, or wrong community)`)
      // The agent answered discovery (so it is up and knows the engine), yet never an encrypted
      // request: what snmpd does when it cannot decrypt with the privacy key it holds.
      if (c.level === 'authPriv' && raw.msgSecurityParameters?.msgAuthoritativeEngineID && raw.engineTimeBoots === null) {
        return wrap('auth', `${where} answered engine discovery but not the encrypted request in ${waited}: wrong privacy key or protocol?`)
      }
      return wrap('timeout', `no answer from ${where} in ${waited}`)
    }
    if (error instanceof snmp.ResponseInvalidError) {
      const code = snmp.ResponseInvalidCode[e.code as number] ?? String(e.code)
      if (code === 'EAuthFailure' && USM_RESYNC.has(e.message)) {
        return { classified: new SnmpError('auth', `${where}: ${e.message} even after discovering its engine again`, { cause: error }), resync: true }
      }
      if (code === 'ENotInTimeWindow') {
        return { classified: new SnmpError('auth', `${where}: ${e.message}`, { cause: error }), resync: true }
      }
      if (code === 'EAuthFailure' || code === 'ECouldNotDecrypt') return wrap('auth', `${where} refused SNMPv3 credentials: ${e.message}`)
      return wrap('malformed', `${where} sent an invalid response (${code}): ${e.message}`)
    }
    if (error instanceof snmp.RequestFailedError) {
      if (e.status === snmp.ErrorStatus.TooBig) return wrap('oversized', `${where}: response too big (tooBig)`)
      return wrap('agent', `${where} answered with error status ${e.message}`)
    }
    const code = typeof e?.code === 'string' ? e.code : ''
    if (/^(EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|EHOSTDOWN|ENETDOWN)$/.test(code)) {
      return wrap('unreachable', `${where} is unreachable (${code})`)
    }
    if (code.startsWith('ERR_OSSL')) return wrap('unsupported', `${where}: this runtime's OpenSSL cannot do the requested cipher (${e.message})`)
    return wrap('internal', `${where}: ${e?.message ?? String(error)}`)
  }
}
