import snmp, { type Pdu, type Receiver, type Rinfo, type User, type Varbind } from 'net-snmp'
import type { SnmpCredentials } from '#collectors/snmp/credentials'
import { closeSockets, guardDatagrams, listenerSockets, whenListening } from '#collectors/snmp/listeners'
import { usmUser } from '#collectors/snmp/session'
import { counter64ToBigInt } from '#collectors/snmp/values'

/**
 * The SNMP notification receiver: traps and informs (SNMPv1, v2c and v3) on a UDP port, decoded
 * into typed events for whoever wants to act faster than the next poll. Built on net-snmp's
 * receiver, which acknowledges informs and does SNMPv3 engine discovery for their senders.
 *
 * Whatever arrives, the receiver keeps running: undecodable datagrams, unknown communities and
 * SNMPv3 authentication failures are counted and reported through onRejected, never thrown, and
 * an exception in the consumer's callback is counted too.
 */

export const DEFAULT_TRAP_PORT = 162
const DEFAULT_RECEIVE_BUFFER = 4 << 20

export type TrapKind = 'linkDown' | 'linkUp' | 'coldStart' | 'warmStart' | 'other'

export interface TrapVarbind {
  oid: string
  /** net-snmp's name for the type: Integer, OctetString, OID, TimeTicks, Counter64… */
  type: string
  /** Numbers as numbers, Counter64 as a decimal string, text as text, other bytes as 0x-hex. */
  value: string | number | null
}

export interface TrapEvent {
  kind: TrapKind
  /** snmpTrapOID.0, or for SNMPv1 the equivalent RFC 3584 builds from generic/specific. */
  trapOid: string | null
  pdu: 'trap' | 'inform' | 'v1trap'
  version: '1' | '2c' | '3'
  /** Where the datagram came from. */
  source: { address: string; port: number }
  /**
   * The agent the notification is about: snmpTrapAddress.0 or the SNMPv1 agent-addr when the
   * sender gave one (a relay, a NAT), otherwise the source address.
   */
  agentAddress: string
  community: string | null
  user: string | null
  /** SNMPv3: the sending engine (contextEngineID), hex as Net-SNMP prints it. */
  engineId: string | null
  /** linkDown/linkUp: the interface, from ifIndex or the index of ifAdminStatus/ifOperStatus. */
  ifIndex?: number
  adminStatus?: number
  operStatus?: number
  /** The sender's sysUpTime.0 in centiseconds. */
  upTime: number | null
  /** When we received it. */
  at: Date
  varbinds: TrapVarbind[]
}

export type TrapRejectionReason =
  | 'malformed'
  | 'unknown_community'
  | 'unknown_user'
  | 'auth_failure'
  | 'decrypt_failure'
  | 'unsupported'
  | 'socket'

export interface TrapRejection {
  reason: TrapRejectionReason
  source: { address: string; port: number } | null
  detail: string
  at: Date
}

export interface TrapReceiverOptions {
  port?: number
  /** Address to listen on (default all IPv4 addresses). */
  address?: string
  transport?: 'udp4' | 'udp6'
  /** Communities accepted from SNMPv1/v2c senders. */
  communities?: string[]
  /** Accept every community (and SNMPv3 noAuthNoPriv from any user), like snmptrapd's disableAuthorization. */
  acceptAnyCommunity?: boolean
  /**
   * SNMPv3 users, with the keys their senders use. A name may appear more than once with different
   * keys (one per device): each datagram is matched to the entry whose key authenticates it.
   */
  users?: SnmpCredentials[]
  /** Our own snmpEngineID (hex), which SNMPv3 inform senders discover; random when absent. */
  engineId?: string
  /**
   * Socket receive buffer asked of the kernel (default 4 MiB; it grants at most net.core.rmem_max).
   * A storm of traps (a power cut brings a thousand links down at once) arrives faster than SNMPv3
   * can be decrypted; what the buffer cannot hold is lost before we see it.
   */
  receiveBufferBytes?: number
  /**
   * Datagrams taken from one source address per second (default: no limit); the rest are dropped
   * before net-snmp decodes them, so a device gone mad or a flood of garbage costs a counter
   * each, not a decode (and for SNMPv3 a digest and a decryption). A device's traps only ask
   * for a poll of it, so the ones dropped lose nothing a poll would not read: onDropped names
   * each source that lost some, for the caller to poll it once.
   */
  perSourcePerSecond?: number
  /** Datagrams taken per second from all sources together (default: no limit), against spoofed floods. */
  perSecond?: number
  onTrap: (event: TrapEvent) => void
  onRejected?: (rejection: TrapRejection) => void
  /** Once a second while datagrams are being dropped: how many, from which sources. */
  onDropped?: (dropped: TrapDrops) => void
}

export interface TrapDrops {
  count: number
  /** Sources past their share, with how many of theirs were dropped (at most MAX_SOURCES of them). */
  sources: Map<string, number>
}

/** Sources told apart per second; past it (a spoofed flood), sources only count against the total. */
const MAX_SOURCES = 4096

export interface TrapReceiverStats {
  received: number
  informs: number
  byKind: Record<TrapKind, number>
  /** Datagrams that are not SNMP, or not a notification we can decode. */
  malformed: number
  unknownCommunity: number
  /** SNMPv3: unknown user, wrong digest, undecryptable, security level below the user's. */
  authFailures: number
  /** PDUs a receiver does not take (a GetRequest other than discovery, a response…). */
  unsupported: number
  /** Exceptions thrown by the onTrap callback (the receiver carries on). */
  callbackErrors: number
  /** Datagrams dropped undecoded: their source, or all sources together, past its share of the second. */
  dropped: number
}

const OID = {
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  snmpTrapOID: '1.3.6.1.6.3.1.1.4.1.0',
  snmpTrapAddress: '1.3.6.1.6.3.18.1.3.0',
  ifIndex: '1.3.6.1.2.1.2.2.1.1.',
  ifAdminStatus: '1.3.6.1.2.1.2.2.1.7.',
  ifOperStatus: '1.3.6.1.2.1.2.2.1.8.',
  usmStats: '1.3.6.1.6.3.15.1.1.',
}
const STANDARD_TRAPS = '1.3.6.1.6.3.1.1.5.'
const KIND_OF: Record<string, TrapKind> = {
  [`${STANDARD_TRAPS}1`]: 'coldStart',
  [`${STANDARD_TRAPS}2`]: 'warmStart',
  [`${STANDARD_TRAPS}3`]: 'linkDown',
  [`${STANDARD_TRAPS}4`]: 'linkUp',
}
const T = snmp.ObjectType

function printable(bytes: Buffer): string | null {
  const text = bytes.toString('utf8')
  // Control characters are what the check looks for: text with them is shown as bytes.
  // eslint-disable-next-line no-control-regex
  if (Buffer.from(text, 'utf8').equals(bytes) && !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return text
  return null
}

/** A varbind as JSON can carry it. */
export function describeVarbind(v: Varbind): TrapVarbind {
  const type = T[v.type] ?? String(v.type)
  let value: TrapVarbind['value'] = null
  if (v.type === T.Counter64) {
    try {
      value = counter64ToBigInt(v.value).toString()
    } catch {
      value = Buffer.isBuffer(v.value) ? `0x${v.value.toString('hex')}` : null
    }
  } else if (typeof v.value === 'number' || typeof v.value === 'string') {
    value = v.value
  } else if (typeof v.value === 'bigint') {
    value = v.value.toString()
  } else if (Buffer.isBuffer(v.value)) {
    value = printable(v.value) ?? `0x${v.value.toString('hex')}`
  } else if (typeof v.value === 'boolean') {
    value = v.value ? 1 : 0
  }
  return { oid: v.oid, type, value }
}

function integerOf(v: Varbind | undefined): number | undefined {
  return v && typeof v.value === 'number' && Number.isInteger(v.value) ? v.value : undefined
}

/**
 * Reads a notification PDU. Lenient about order (RFC 3416 puts sysUpTime.0 and snmpTrapOID.0
 * first; some agents do not), strict about types.
 */
export function decodeNotification(
  pdu: Pdu,
  rinfo: { address: string; port: number },
  at: Date = new Date()
): TrapEvent {
  const varbinds = Array.isArray(pdu.varbinds) ? pdu.varbinds : []
  const find = (oid: string) => varbinds.find((v) => v.oid === oid)
  const v1 = pdu.type === snmp.PduType.Trap
  let trapOid: string | null
  let upTime: number | null
  let agentAddress = rinfo.address
  if (v1) {
    const generic = pdu.generic ?? -1
    // RFC 3584 (3.1.2): generic traps 0–5 map onto snmpTraps; enterprise-specific onto enterprise.0.specific.
    trapOid = generic >= 0 && generic <= 5 ? `${STANDARD_TRAPS}${generic + 1}` : pdu.enterprise ? `${pdu.enterprise}.0.${pdu.specific ?? 0}` : null
    upTime = typeof pdu.upTime === 'number' ? pdu.upTime : null
    if (pdu.agentAddr && pdu.agentAddr !== '0.0.0.0') agentAddress = pdu.agentAddr
  } else {
    const trapVb = find(OID.snmpTrapOID)
    trapOid = trapVb && trapVb.type === T.OID && typeof trapVb.value === 'string' ? trapVb.value : null
    const up = find(OID.sysUpTime)
    upTime = up && up.type === T.TimeTicks && typeof up.value === 'number' ? up.value : null
  }
  const relayed = find(OID.snmpTrapAddress)
  if (relayed && relayed.type === T.IpAddress && typeof relayed.value === 'string') agentAddress = relayed.value

  const event: TrapEvent = {
    kind: (trapOid && KIND_OF[trapOid]) || 'other',
    trapOid,
    pdu: v1 ? 'v1trap' : pdu.type === snmp.PduType.InformRequest ? 'inform' : 'trap',
    version: pdu.user !== undefined ? '3' : v1 ? '1' : '2c',
    source: { address: rinfo.address, port: rinfo.port },
    agentAddress,
    community: pdu.community ?? null,
    user: pdu.user ?? null,
    engineId: pdu.contextEngineID ? String(pdu.contextEngineID) : null,
    upTime,
    at,
    varbinds: varbinds.map(describeVarbind),
  }
  if (event.kind === 'linkDown' || event.kind === 'linkUp') {
    const suffix = (prefix: string) => {
      const v = varbinds.find((x) => x.oid.startsWith(prefix))
      return v ? { v, index: Number(v.oid.slice(prefix.length)) } : null
    }
    const index = suffix(OID.ifIndex)
    const admin = suffix(OID.ifAdminStatus)
    const oper = suffix(OID.ifOperStatus)
    const ifIndex = integerOf(index?.v) ?? [index, admin, oper].map((x) => x?.index).find((n) => Number.isInteger(n) && n! > 0)
    if (ifIndex !== undefined && ifIndex > 0) event.ifIndex = ifIndex
    const adminStatus = integerOf(admin?.v)
    const operStatus = integerOf(oper?.v)
    if (adminStatus !== undefined) event.adminStatus = adminStatus
    if (operStatus !== undefined) event.operStatus = operStatus
  }
  return event
}

/** A BER element: its tag and where its contents lie in the buffer. */
function berElement(buf: Buffer, at: number): { tag: number; start: number; end: number } | null {
  if (at + 2 > buf.length) return null
  const tag = buf[at]
  let length = buf[at + 1]
  let start = at + 2
  if (length & 0x80) {
    const bytes = length & 0x7f
    if (bytes === 0 || bytes > 3 || start + bytes > buf.length) return null
    length = 0
    for (let i = 0; i < bytes; i++) length = length * 256 + buf[start + i]
    start += bytes
  }
  const end = start + length
  return end <= buf.length ? { tag, start, end } : null
}

export interface UsmHeader {
  engineId: Buffer
  userName: string
  /** View into the datagram (not a copy): USM digests are checked in place. */
  authParams: Buffer
  authenticated: boolean
}

/**
 * Reads just enough of an SNMPv3 message to know who sent it: the authoritative engine ID, the
 * user name and the authentication parameters (RFC 3412 section 6, RFC 3414 section 2.4). Null
 * for anything else, or anything malformed (net-snmp then reports it in its own words).
 */
export function readUsmHeader(buf: Buffer): UsmHeader | null {
  const message = berElement(buf, 0)
  if (!message || message.tag !== 0x30) return null
  const version = berElement(buf, message.start)
  if (!version || version.tag !== 0x02 || version.end - version.start !== 1 || buf[version.start] !== 3) return null
  const global = berElement(buf, version.end)
  if (!global || global.tag !== 0x30) return null
  let field = berElement(buf, global.start)
  let flags: number | null = null
  for (let i = 0; field && i < 3; i++) {
    if (i === 2 && field.tag === 0x04 && field.end - field.start === 1) flags = buf[field.start]
    field = berElement(buf, field.end)
  }
  if (flags === null) return null
  const security = berElement(buf, global.end)
  if (!security || security.tag !== 0x04) return null
  const usm = berElement(buf, security.start)
  if (!usm || usm.tag !== 0x30) return null
  const engine = berElement(buf, usm.start)
  const boots = engine && berElement(buf, engine.end)
  const time = boots && berElement(buf, boots.end)
  const user = time && berElement(buf, time.end)
  const auth = user && berElement(buf, user.end)
  if (!engine || !user || !auth || engine.tag !== 0x04 || user.tag !== 0x04 || auth.tag !== 0x04) return null
  return {
    engineId: buf.subarray(engine.start, engine.end),
    userName: buf.toString('utf8', user.start, user.end),
    authParams: buf.subarray(auth.start, auth.end),
    authenticated: (flags & 1) === 1,
  }
}

/** Sorts what net-snmp's receiver reports as an error into the reasons an operator acts on. */
export function classifyReceiverError(error: Error & { code?: number }): { reason: TrapRejectionReason; detail: string } {
  const message = error?.message ?? String(error)
  if (error?.name === 'ProcessingError') {
    const inner = (error as { error?: Error }).error
    return { reason: 'malformed', detail: `not a decodable SNMP message${inner?.message ? `: ${inner.message}` : ''}` }
  }
  if (/Local community not found/.test(message)) return { reason: 'unknown_community', detail: 'community not accepted here' }
  if (/Local user not found/.test(message)) return { reason: 'unknown_user', detail: message.replace(/^Local user not found/, 'unknown SNMPv3 user') }
  if (/requires (authentication|privacy) but message does not provide it/.test(message)) return { reason: 'auth_failure', detail: message }
  if (error instanceof snmp.ResponseInvalidError) {
    if (error.code === snmp.ResponseInvalidCode.ECouldNotDecrypt) return { reason: 'decrypt_failure', detail: 'cannot decrypt: wrong privacy key or protocol' }
    if (error.code === snmp.ResponseInvalidCode.EAuthFailure) return { reason: 'auth_failure', detail: 'wrong authentication digest: wrong key or protocol' }
    return { reason: 'malformed', detail: message }
  }
  if (error instanceof snmp.RequestInvalidError) return { reason: 'unsupported', detail: message }
  if (typeof (error as NodeJS.ErrnoException)?.code === 'string') return { reason: 'socket', detail: message }
  return { reason: 'malformed', detail: message }
}

const REPORT_REASONS: Record<string, TrapRejectionReason> = {
  [`${OID.usmStats}1.0`]: 'auth_failure',
  [`${OID.usmStats}2.0`]: 'auth_failure',
  [`${OID.usmStats}3.0`]: 'unknown_user',
  [`${OID.usmStats}5.0`]: 'auth_failure',
  [`${OID.usmStats}6.0`]: 'decrypt_failure',
}

export class TrapReceiver {
  readonly stats: TrapReceiverStats = {
    received: 0,
    informs: 0,
    byKind: { linkDown: 0, linkUp: 0, coldStart: 0, warmStart: 0, other: 0 },
    malformed: 0,
    unknownCommunity: 0,
    authFailures: 0,
    unsupported: 0,
    callbackErrors: 0,
    dropped: 0,
  }
  #receiver: Receiver
  #options: TrapReceiverOptions
  #closed = false
  /**
   * USM keys users by engine and name (RFC 3414); net-snmp by name alone. Devices that send with
   * one user name and keys of their own (as the demo's SNMPv3 devices do) are told apart per
   * datagram by which key authenticates it.
   */
  #usersByName = new Map<string, User[]>()
  #second = { started: 0, total: 0, bySource: new Map<string, number>(), dropped: 0, droppedBy: new Map<string, number>() }
  #tally: NodeJS.Timeout

  private constructor(receiver: Receiver, options: TrapReceiverOptions) {
    this.#receiver = receiver
    this.#options = options
    // The drops of the last second are reported even when the flood stops with it.
    this.#tally = setInterval(() => this.#nextSecond(Date.now()), 1000).unref()
  }

  /** Whether this datagram fits its source's and everyone's share of the current second. */
  #admit(rinfo: Rinfo) {
    const now = Date.now()
    if (now - this.#second.started >= 1000) this.#nextSecond(now)
    const second = this.#second
    const address = rinfo.address
    const known = second.bySource.get(address)
    const fromSource = (known ?? 0) + 1
    if (known !== undefined || second.bySource.size < MAX_SOURCES) second.bySource.set(address, fromSource)
    second.total++
    if (fromSource <= (this.#options.perSourcePerSecond ?? Infinity) && second.total <= (this.#options.perSecond ?? Infinity)) return true
    this.stats.dropped++
    second.dropped++
    if (second.droppedBy.has(address) || second.droppedBy.size < MAX_SOURCES) second.droppedBy.set(address, (second.droppedBy.get(address) ?? 0) + 1)
    return false
  }

  #nextSecond(now: number) {
    const ended = this.#second
    this.#second = { started: now, total: 0, bySource: new Map(), dropped: 0, droppedBy: new Map() }
    if (!ended.dropped) return
    try {
      this.#options.onDropped?.({ count: ended.dropped, sources: ended.droppedBy })
    } catch {
      this.stats.callbackErrors++
    }
  }

  /** Listens and resolves once the port is bound (rejects if it cannot be). */
  static async start(options: TrapReceiverOptions): Promise<TrapReceiver> {
    const port = options.port ?? DEFAULT_TRAP_PORT
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`trap port ${port} is out of range`)
    const users = (options.users ?? []).map(usmUser)
    // Datagrams arrive only once the socket is bound, after `self` is set below.
    let self: TrapReceiver | null = null
    const receiver = snmp.createReceiver(
      {
        port,
        address: options.address ?? null,
        transport: options.transport ?? 'udp4',
        disableAuthorization: options.acceptAnyCommunity ?? false,
        includeAuthentication: true,
        engineID: options.engineId,
      },
      (error, data) => self?.handle(error, data)
    )
    self = new TrapReceiver(receiver, options)
    const authorizer = receiver.getAuthorizer()
    for (const community of options.communities ?? []) authorizer.addCommunity(community)
    for (const user of users) {
      const same = self.#usersByName.get(user.name)
      if (same) same.push(user)
      else self.#usersByName.set(user.name, [user])
    }
    for (const list of self.#usersByName.values()) authorizer.addUser(list[0])
    self.#watchReports()
    guardDatagrams(receiver.listener, {
      before: (msg, rinfo) => {
        if (!self.#admit(rinfo)) return false
        self.#chooseUser(msg)
      },
      onThrow: (error, rinfo) => self.#reject('malformed', `cannot process datagram: ${(error as Error)?.message ?? error}`, rinfo, new Date()),
    })
    try {
      await whenListening(receiver.listener, `cannot receive traps on port ${port}`)
    } catch (error) {
      await self.close()
      throw error
    }
    for (const socket of listenerSockets(receiver.listener)) {
      try {
        socket.setRecvBufferSize(options.receiveBufferBytes ?? DEFAULT_RECEIVE_BUFFER)
      } catch {
        // The kernel keeps its default: smaller bursts only.
      }
    }
    return self
  }

  /** Where it listens (the port is useful when 0 was asked for… which net-snmp does not allow). */
  get address(): { address: string; port: number } {
    const socket = listenerSockets(this.#receiver.listener)[0]
    const a = socket.address()
    return { address: a.address, port: a.port }
  }

  /** The receiver's own engine ID (hex), which SNMPv3 inform senders discover. */
  get engineId(): string {
    return this.#receiver.engine.engineID.toString('hex')
  }

  /** Entry point for what net-snmp's receiver hands over; public for tests of odd inputs. */
  handle(error: (Error & { rinfo?: Rinfo; code?: number }) | null, data?: { pdu: Pdu; rinfo: Rinfo } | null) {
    const at = new Date()
    if (error) {
      const { reason, detail } = classifyReceiverError(error)
      this.#reject(reason, detail, error.rinfo ?? null, at)
      return
    }
    if (!data?.pdu || !data.rinfo) {
      this.#reject('malformed', 'empty notification', null, at)
      return
    }
    let event: TrapEvent
    try {
      event = decodeNotification(data.pdu, data.rinfo, at)
    } catch (decodeError) {
      this.#reject('malformed', `cannot decode notification: ${(decodeError as Error)?.message ?? decodeError}`, data.rinfo, at)
      return
    }
    this.stats.received++
    this.stats.byKind[event.kind]++
    if (event.pdu === 'inform') this.stats.informs++
    try {
      this.#options.onTrap(event)
    } catch {
      this.stats.callbackErrors++
    }
  }

  #reject(reason: TrapRejectionReason, detail: string, rinfo: { address: string; port: number } | null, at: Date) {
    if (reason === 'malformed') this.stats.malformed++
    else if (reason === 'unknown_community') this.stats.unknownCommunity++
    else if (reason === 'unsupported') this.stats.unsupported++
    else if (reason !== 'socket') this.stats.authFailures++
    try {
      this.#options.onRejected?.({ reason, detail, source: rinfo ? { address: rinfo.address, port: rinfo.port } : null, at })
    } catch {
      this.stats.callbackErrors++
    }
  }

  /**
   * net-snmp answers an SNMPv3 inform from an unknown user (or below the user's security level)
   * with a USM report and never calls back, so those failures are seen here, as the report leaves.
   * Reports of unknownEngineID are discovery, which is normal.
   */
  #watchReports() {
    const listener = this.#receiver.listener as unknown as { send: (message: any, rinfo: Rinfo, socket: unknown) => void }
    const send = listener.send.bind(listener)
    listener.send = (message, rinfo, socket) => {
      try {
        if (message?.pdu?.type === snmp.PduType.Report) {
          const oid: string | undefined = message.pdu.varbinds?.[0]?.oid
          const reason = oid ? REPORT_REASONS[oid] : undefined
          if (reason) this.#reject(reason, `SNMPv3 inform refused with a report (${oid})`, rinfo, new Date())
        }
      } catch {
        // Counting must never stop the report from going out.
      }
      send(message, rinfo, socket)
    }
  }

  /** Puts the user whose key authenticates this datagram in the authorizer before net-snmp looks. */
  #chooseUser(msg: Buffer) {
    if (this.#usersByName.size === 0 || msg.length < 2 || msg[0] !== 0x30) return
    let header: UsmHeader | null
    try {
      header = readUsmHeader(msg)
    } catch {
      return
    }
    if (!header) return
    const candidates = this.#usersByName.get(header.userName)
    if (!candidates || candidates.length < 2) return
    let chosen = candidates[0]
    if (header.authenticated) {
      for (const user of candidates) {
        if (user.authProtocol === undefined || !user.authKey) continue
        try {
          if (snmp.Authentication.isAuthentic(msg, user.authProtocol, user.authKey, header.engineId, header.authParams)) {
            chosen = user
            break
          }
        } catch {
          // An odd digest length for this protocol: not this user.
        }
      }
    }
    const authorizer = this.#receiver.getAuthorizer() as unknown as { users: User[] }
    authorizer.users = [...authorizer.users.filter((u) => u.name !== header.userName), chosen]
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve()
    this.#closed = true
    clearInterval(this.#tally)
    return closeSockets(this.#receiver.listener)
  }
}
