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
