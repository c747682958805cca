/**
 * What went wrong when a device was polled, in the words an operator acts on. A poll never throws
 * one of these past the poller: it becomes that device's result, and the other devices carry on.
 *
 * - timeout: no answer in time (for SNMPv2c this is also what a wrong community looks like: agents
 *   drop such requests without a word).
 * - auth: SNMPv3 user, key, protocol or security level refused (or, when the agent answers
 *   discovery but never the encrypted request, a privacy key that does not match).
 * - malformed: the answer could not be decoded or broke the protocol (bad BER, OIDs going
 *   backwards, a Counter64 wider than 64 bits).
 * - oversized: the answer was too big (tooBig) or would not end (more rows than any device has).
 * - unreachable: the address cannot be resolved or no route leads to it.
 * - agent: the agent answered with an SNMP error status (genErr, noAccess…).
 * - config: the credentials are not usable as given (missing key, unknown protocol).
 * - unsupported: this runtime cannot do what the device needs.
 * - internal: a defect on our side; reported on the device rather than crashing the collector.
 */
export type SnmpErrorKind =
  | 'timeout'
  | 'auth'
  | 'malformed'
  | 'oversized'
  | 'unreachable'
  | 'agent'
  | 'config'
  | 'unsupported'
  | 'internal'

export class SnmpError extends Error {
  readonly kind: SnmpErrorKind

  constructor(kind: SnmpErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'SnmpError'
    this.kind = kind
  }

  toJSON() {
    return { kind: this.kind, message: this.message }
  }
}

export function isSnmpError(error: unknown): error is SnmpError {
  return error instanceof SnmpError
}
