import snmp, { type Varbind } from 'net-snmp'
import { SnmpError } from '#collectors/snmp/errors'

const T = snmp.ObjectType
const TWO_64 = 1n << 64n

/**
 * net-snmp hands a Counter64 over as the raw BER content bytes: a Buffer of 1 to 9 bytes (a
 * leading 0x00 when the top bit is set), so readBigUInt64BE cannot be used and a JS number would
 * lose everything above 2^53. Folded byte by byte into a BigInt instead.
 */
export function counter64ToBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= TWO_64) throw new SnmpError('malformed', `Counter64 ${value} is out of range`)
    return value
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new SnmpError('malformed', `Counter64 ${value} is not a non-negative integer`)
    }
    return BigInt(value)
  }
  if (!(value instanceof Uint8Array)) throw new SnmpError('malformed', 'Counter64 value is not a byte string')
  if (value.length === 0) throw new SnmpError('malformed', 'Counter64 value has no bytes')
  // Some agents pad with more zero bytes than BER needs; they carry no value.
  let start = 0
  while (start < value.length - 1 && value[start] === 0) start++
  if (value.length - start > 8) {
    throw new SnmpError('malformed', `Counter64 value is ${value.length - start} bytes wide, more than 64 bits`)
  }
  let folded = 0n
  for (let i = start; i < value.length; i++) folded = (folded << 8n) | BigInt(value[i])
  return folded
}

export function isException(varbind: Varbind | undefined): boolean {
  return !varbind || varbind.type === T.NoSuchObject || varbind.type === T.NoSuchInstance || varbind.type === T.EndOfMibView
}

const NUMERIC = new Set([T.Integer, T.Counter, T.Gauge, T.TimeTicks])
const utf8 = new TextDecoder('utf-8', { fatal: true })
const big5 = new TextDecoder('big5')
export const MAX_TEXT = 255

/** The reading of one varbind, or null with the reason it could not be read. */
export interface Reading<T> {
  value: T | null
  problem?: string
}

export function readInteger(varbind: Varbind | undefined): Reading<number> {
  if (isException(varbind)) return { value: null }
  if (!NUMERIC.has(varbind!.type) || typeof varbind!.value !== 'number') {
    return { value: null, problem: `${varbind!.oid} has type ${T[varbind!.type] ?? varbind!.type}, expected a number` }
  }
  return { value: varbind!.value }
}

/** A counter of either width as a BigInt, with the width the agent actually used. */
export function readCounter(varbind: Varbind | undefined): Reading<{ count: bigint; bits: 32 | 64 }> {
  if (isException(varbind)) return { value: null }
  const vb = varbind!
  if (vb.type === T.Counter64) return { value: { count: counter64ToBigInt(vb.value), bits: 64 } }
  if ((vb.type === T.Counter || vb.type === T.Gauge) && typeof vb.value === 'number') {
    return { value: { count: BigInt(vb.value), bits: 32 } }
  }
  return { value: null, problem: `${vb.oid} has type ${T[vb.type] ?? vb.type}, expected a counter` }
}

/**
 * DisplayString per RFC 2863 is ASCII, but ifAlias is free text that operators here write in
 * Chinese, sometimes in Big5 on older equipment: UTF-8 first, Big5 if that is not valid UTF-8.
 */
export function readText(varbind: Varbind | undefined): Reading<string> {
  if (isException(varbind)) return { value: null }
  const vb = varbind!
  if (vb.type !== T.OctetString || !(vb.value instanceof Uint8Array)) {
    return { value: null, problem: `${vb.oid} has type ${T[vb.type] ?? vb.type}, expected a string` }
  }
  let bytes = vb.value
  let end = bytes.length
  while (end > 0 && bytes[end - 1] === 0) end--
  bytes = bytes.subarray(0, end)
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    text = big5.decode(bytes)
  }
  if (text.length > MAX_TEXT) {
    return { value: text.slice(0, MAX_TEXT), problem: `${vb.oid} is ${text.length} characters long, cut to ${MAX_TEXT}` }
  }
  return { value: text }
}
