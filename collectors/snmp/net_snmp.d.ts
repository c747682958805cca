// The parts of npm net-snmp 3.x that the collectors use (the package ships no types).
declare module 'net-snmp' {
  import type { EventEmitter } from 'node:events'

  export interface Varbind {
    oid: string
    type: number
    value: unknown
  }

  export type Callback<T> = (error: Error | null, result?: T) => void

  export interface SessionOptions {
    port?: number
    retries?: number
    timeout?: number
    backoff?: number
    transport?: 'udp4' | 'udp6'
    version?: number
    idBitsSize?: 16 | 32
    backwardsGetNexts?: boolean
    reportOidMismatchErrors?: boolean
    engineID?: string | Buffer
    context?: string
    /** Bind the session's socket here, e.g. so traps leave from a device's own address. */
    sourceAddress?: string
    sourcePort?: number
    /** Where trap() and inform() send to (port is for requests). */
    trapPort?: number
  }

  export interface User {
    name: string
    level: number
    authProtocol?: number
    authKey?: string
    privProtocol?: number
    privKey?: string
  }

  export interface Session extends EventEmitter {
    get(oids: string[], callback: Callback<Varbind[]>): this
    getBulk(
      oids: string[],
      nonRepeaters: number,
      maxRepetitions: number,
      callback: Callback<Array<Varbind | Varbind[]>>
    ): this
    set(varbinds: Varbind[], callback: Callback<Varbind[]>): this
    trap(typeOrOid: number | string, varbinds: Varbind[], options: { upTime?: number; agentAddr?: string }, callback: (error: Error | null) => void): this
    inform(typeOrOid: number | string, varbinds: Varbind[], options: { upTime?: number }, callback: Callback<Varbind[]>): this
    close(): this
    cancelRequests(error: Error): void
    msgSecurityParameters?: {
      msgAuthoritativeEngineID?: Buffer
      msgAuthoritativeEngineBoots?: number
      msgAuthoritativeEngineTime?: number
    }
    engineTimeBoots: number | null
    getEngineTime(): { engineBoots: number; engineTime: number } | null
  }

  export function createSession(target: string, community: string, options?: SessionOptions): Session
  export interface Rinfo {
    address: string
    family: string
    port: number
    size: number
  }

  /** A received PDU as the agent and receiver hand it over. */
  export interface Pdu {
    type: number
    id?: number
    varbinds: Varbind[]
    /** SNMPv1 Trap-PDU fields. */
    enterprise?: string
    agentAddr?: string
    generic?: number
    specific?: number
    upTime?: number
    /** SNMPv3: hex. */
    contextEngineID?: string
    contextName?: string
    /** With includeAuthentication. */
    community?: string
    user?: string
  }

  export interface Authorizer {
    addCommunity(community: string): void
    addUser(user: User): void
    getCommunities(): string[]
    getUsers(): User[]
  }

  export interface ListenerSocketOptions {
    transport?: 'udp4' | 'udp6'
    address?: string | null
    port?: number
  }

  export interface ListenerOptions extends ListenerSocketOptions {
    disableAuthorization?: boolean
    includeAuthentication?: boolean
    engineID?: string
    sockets?: ListenerSocketOptions[]
    accessControlModelType?: number
  }

  export interface Listener {
    sockets: Record<string, import('node:dgram').Socket>
  }

  export type NotificationCallback = (
    error: (Error & { rinfo?: Rinfo; code?: number }) | null,
    data?: { pdu: Pdu; rinfo: Rinfo } | null
  ) => void

  export interface Receiver {
    listener: Listener
    engine: { engineID: Buffer; engineBoots: number; engineTime: number }
    getAuthorizer(): Authorizer
    close(callback?: (socket: { address: string; family: string; port: number }) => void): void
  }

  export interface MibRequest {
    operation: number
    oid: string
    address: number[]
    instanceNode: { value: unknown; valueType: number; oid: string }
    done(error?: { errorStatus: number; type?: number; value?: unknown }): void
  }

  export interface MibProvider {
    name: string
    type: number
    oid: string
    maxAccess: number
    scalarType?: number
    tableColumns?: Array<{ number: number; name: string; type: number; maxAccess: number }>
    tableIndex?: Array<{ columnName: string; foreign?: string }>
    tableAugments?: string
    handler?: (request: MibRequest) => void
  }

  export interface Mib {
    registerProvider(provider: MibProvider): void
    setScalarValue(name: string, value: unknown): void
    addTableRow(name: string, row: unknown[]): void
    lookup(oid: string): { value: unknown; oid: string } | null
  }

  export interface Agent {
    listener: Listener
    engine: { engineID: Buffer; engineBoots: number; engineTime: number }
    getAuthorizer(): Authorizer
    getMib(): Mib
    close(callback?: (socket: { address: string; family: string; port: number }) => void): void
    /** Internal, used to answer GETBULK as RFC 3416 counts repetitions. */
    addGetNextVarbind(target: Varbind[], startOid: string): { oid: string } | null
    request(socket: unknown, message: { pdu: Pdu & { nonRepeaters: number; maxRepetitions: number } }, rinfo: Rinfo): void
    getBulkRequest(socket: unknown, message: { pdu: Pdu & { nonRepeaters: number; maxRepetitions: number } }, rinfo: Rinfo): void
  }

  export function createReceiver(options: ListenerOptions, callback: NotificationCallback): Receiver
  export function createAgent(options: ListenerOptions, callback: NotificationCallback): Agent
  export function createV3Session(target: string, user: User, options?: SessionOptions): Session
  export function isVarbindError(varbind: Varbind): boolean

  export const Version1: number
  export const Version2c: number
  export const Version3: number
  export const ObjectType: Record<string, number> & Record<number, string>
  export const SecurityLevel: Record<string, number> & Record<number, string>
  export const AuthProtocols: Record<string, number> & Record<number, string>
  export const PrivProtocols: Record<string, number> & Record<number, string>
  export const ErrorStatus: Record<string, number> & Record<number, string>
  export const ResponseInvalidCode: Record<string, number> & Record<number, string>
  export const PduType: Record<string, number> & Record<number, string>
  export const TrapType: Record<string, number> & Record<number, string>
  export const MibProviderType: Record<string, number> & Record<number, string>
  export const MaxAccess: Record<string, number> & Record<number, string>
  export const Encryption: {
    algorithms: Record<
      number,
      {
        KEY_LENGTH: number
        BLOCK_LENGTH: number
        encryptPdu: (...args: any[]) => { encryptedPdu: Buffer; msgPrivacyParameters: Buffer }
        decryptPdu: (...args: any[]) => Buffer
      }
    >
  }
  export const Authentication: {
    passwordToKey(authProtocol: number, password: string, engineID: Buffer): Buffer
    /** digestInMessage must be the view of the message's authentication parameters. */
    isAuthentic(message: Buffer, authProtocol: number, authPassword: string, engineID: Buffer, digestInMessage: Buffer): boolean
  }

  export class ResponseInvalidError extends Error {
    code: number
  }
  export class RequestFailedError extends Error {
    status: number
  }
  export class RequestTimedOutError extends Error {}
  export class RequestInvalidError extends Error {}

  const snmp: {
    createSession: typeof createSession
    createV3Session: typeof createV3Session
    createReceiver: typeof createReceiver
    createAgent: typeof createAgent
    PduType: typeof PduType
    TrapType: typeof TrapType
    MibProviderType: typeof MibProviderType
    MaxAccess: typeof MaxAccess
    isVarbindError: typeof isVarbindError
    Version1: number
    Version2c: number
    Version3: number
    ObjectType: typeof ObjectType
    SecurityLevel: typeof SecurityLevel
    AuthProtocols: typeof AuthProtocols
    PrivProtocols: typeof PrivProtocols
    ErrorStatus: typeof ErrorStatus
    ResponseInvalidCode: typeof ResponseInvalidCode
    Encryption: typeof Encryption
    Authentication: typeof Authentication
    ResponseInvalidError: typeof ResponseInvalidError
    RequestFailedError: typeof RequestFailedError
    RequestTimedOutError: typeof RequestTimedOutError
    RequestInvalidError: typeof RequestInvalidError
  }
  export default snmp
}
